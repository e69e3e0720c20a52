package id.jamsos.gateway.retention;

import id.jamsos.gateway.ledger.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /** This process's last run, if any. */
    public Optional<Retention.Result> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** The filter of one agency's archive folders: which archived files are old enough to delete. */
    public <T> GenericFileFilter<T> archiveFilter(String agencyId) {
        return new ArchiveFilter<>(agencyId, retention, this::cutoff);
    }
}
