package id.jamsos.gateway.audit;

import id.jamsos.gateway.ledger.AuditLedger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's two timers (routes/audit.camel.yaml, routes/retention.camel.yaml): the leader's daily
 * {@link #verify()} of the whole chain, and retention, which removes entries older than
 * {@code jamsos.retention.auditMonths} and keeps the rest verifiable ({@link AuditLedger#purgeBefore}).
 *
 * <p>Each verify logs the chain's head (last seq and hash) at INFO: those lines, in a log kept apart from
 * the database, are the witness against a rollback of both tables to an earlier state, which the HMAC
 * alone cannot show (docs/security.md). Meters: {@code jamsos.audit.chain.broken} (0 or 1: the last verify
 * found a break) and {@code jamsos.audit.verified.entries}.
 */
public final class AuditJob {

    private static final Logger LOG = LoggerFactory.getLogger(AuditJob.class);

    private final AuditLedger ledger;
    private final int months;
    private final int batch;
    private final Clock clock;
    private volatile AuditLedger.Verification last;

    /** @param months entries kept, in calendar months (UTC); 0 keeps them all */
    public AuditJob(AuditLedger ledger, int months, int batch, Clock clock, MeterRegistry meters) {
        if (months < 0) {
            throw new IllegalArgumentException("jamsos.retention.auditMonths must be 0 or more, not " + months);
        }
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.months = months;
        this.batch = batch;
        this.clock = Objects.requireNonNull(clock, "clock");
        Gauge.builder("jamsos.audit.chain.broken", this, j -> j.last == null || j.last.ok() ? 0 : 1)
                .description("1 when the last audit verify found an altered, missing or misplaced entry").register(meters);
        Gauge.builder("jamsos.audit.verified.entries", this, j -> j.last == null ? 0 : j.last.checked())
                .description("Entries the last audit verify checked").register(meters);
    }

    /** The leader's daily step: walks the chain, logs and remembers the result. */
    public AuditLedger.Verification verify() {
        AuditLedger.Verification v = ledger.verify();
        last = v;
        if (v.ok()) {
            LOG.info("audit verify: OK, {} entries (seq {} to {}), head hash {}", v.checked(), v.anchorSeq() + 1,
                    v.lastSeq(), v.lastHash());
        } else {
            LOG.error("audit verify: the chain does not hold at seq {}: {}; {} entries before it hold. See"
                    + " docs/audit.md", v.firstBroken(), v.problem(), v.checked());
        }
        return v;
    }

    /** Up unless the last verify found a break: the status page's and /observe/health's detail. */
    public boolean intact() {
        AuditLedger.Verification v = last;
        return v == null || v.ok();
    }

    public Optional<AuditLedger.Verification> lastVerify() {
        return Optional.ofNullable(last);
    }

    /** Entries recorded before this are removed by retention. */
    public Instant cutoff() {
        return clock.instant().atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    /** The retention route's step: the entries removed, or -1 when retention of the trail is off. */
    public long purge() {
        if (months == 0) {
            return -1;
        }
        long removed = ledger.purgeBefore(cutoff(), batch);
        if (removed > 0) {
            LOG.info("retention: {} audit entries recorded before {} removed; the trail starts after them and still"
                    + " verifies", removed, cutoff());
        }
        return removed;
    }
}
