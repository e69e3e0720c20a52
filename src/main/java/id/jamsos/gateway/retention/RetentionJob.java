package id.jamsos.gateway.retention;

import id.jamsos.gateway.ledger.InvoiceLedger;
import id.jamsos.gateway.ledger.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job (routes/retention.camel.yaml): files finished more than {@code jamsos.retention.days}
 * ago lose their rows in the ledger (their counts stay) and their archived copies on the agency's SFTP
 * server. 0 days or fewer: retention is off, nothing is purged.
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Retention retention;
    private final int days;
    private final int batchRows;
    private final Clock clock;
    private volatile Retention.Result lastRun;
    private InvoiceLedger invoices;
    private int invoiceMonths;
    private ZoneId zone = ZoneOffset.UTC;

    public RetentionJob(Retention retention, int days, int batchRows, Clock clock) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.days = days;
        this.batchRows = batchRows;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (batchRows < 1) {
            throw new IllegalArgumentException("jamsos.retention.batchSize must be at least 1, not " + batchRows);
        }
    }

    public boolean enabled() {
        return days > 0;
    }

    /** What finished before this instant is purged now. */
    public Instant cutoff() {
        return clock.instant().minus(Duration.ofDays(days));
    }

    /** The route's step: purges the ledger and logs what it did; empty when retention is off. */
    public Optional<Retention.Result> purgeLedger() {
        if (!enabled()) {
            return Optional.empty();
        }
        Retention.Result result = retention.purgeFinishedBefore(cutoff(), batchRows);
        lastRun = result;
        if (result.files() > 0 || result.rows() > 0) {
            LOG.info("retention: {} files finished before {} purged, {} of their rows deleted; their counts are kept",
                    result.files(), result.cutoff(), result.rows());
        } else {
            LOG.debug("retention: nothing finished before {} left to purge", result.cutoff());
        }
        return Optional.of(result);
    }

    /**
     * Keeps the stored BPJS invoices (V19) of the last {@code months} months, this one included, in the
     * city's zone; 0 keeps them all. Separate from {@code jamsos.retention.days}: an invoice line holds a
     * masked NIK and a name, and finance may want a budget year and its audit back, not 90 days.
     */
    public RetentionJob keepingInvoices(InvoiceLedger invoices, int months, ZoneId zone) {
        if (months < 0) {
            throw new IllegalArgumentException("jamsos.retention.invoiceMonths must be 0 or more, not " + months);
        }
        this.invoices = Objects.requireNonNull(invoices, "invoices");
        this.invoiceMonths = months;
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /** The route's step: removes the stored invoices of months past keeping; the lines removed, or -1 when off. */
    public long purgeInvoices() {
        if (invoices == null || invoiceMonths == 0) {
            return -1;
        }
        YearMonth firstKept = YearMonth.now(clock.withZone(zone)).minusMonths(invoiceMonths - 1L);
        long removed = invoices.purgeBefore(firstKept, batchRows);
        if (removed > 0) {
            LOG.info("retention: stored BPJS invoices before {} removed ({} lines)", firstKept, removed);
        }
        return removed;
    }

    /** This process's last run, if any. */
    public Optional<Retention.Result> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** The filter of one agency's archive folders: which archived files are old enough to delete. */
    public <T> GenericFileFilter<T> archiveFilter(String agencyId) {
        return new ArchiveFilter<>(agencyId, retention, this::cutoff);
    }
}
