package id.jamsos.gateway.notify;

import id.jamsos.gateway.ledger.NotificationLedger;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job's step for notifying workers (routes/retention.camel.yaml, route retention-ledger): the
 * phones of workers with nothing left to be told and the parameters of settled messages, older than
 * {@code jamsos.retention.days}, go ({@link NotificationLedger#purgeBefore}). Runs whether or not notifications
 * are on: consents and phones are kept at intake either way. 0 days or fewer: off, as for file rows.
 */
public final class NotificationRetention {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationRetention.class);

    private final NotificationLedger ledger;
    private final int days;
    private final int batch;
    private final Clock clock;

    public NotificationRetention(NotificationLedger ledger, int days, int batch, Clock clock) {
        if (batch < 1) {
            throw new IllegalArgumentException("jamsos.retention.batchSize must be at least 1, not " + batch);
        }
        this.ledger = ledger;
        this.days = days;
        this.batch = batch;
        this.clock = clock;
    }

    /** One pass; null when retention is off. */
    public NotificationLedger.Purged purge() {
        if (days <= 0) {
            return null;
        }
        NotificationLedger.Purged purged = ledger.purgeBefore(clock.instant().minus(Duration.ofDays(days)), batch);
        if (purged.phones() + purged.params() > 0) {
            LOG.info("retention: {} worker phone(s) and the parameters of {} notification(s) older than {} days removed",
                    purged.phones(), purged.params(), days);
        }
        return purged;
    }
}
