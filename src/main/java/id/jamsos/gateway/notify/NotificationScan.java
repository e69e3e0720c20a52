package id.jamsos.gateway.notify;

import id.jamsos.gateway.finance.Arrears;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.Candidate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the events workers are told about and queues their messages (routes/notifications.camel.yaml, route
 * notify-scan): cover that started, cover that ended, and cover at risk while the city's contributions are
 * in arrears. The scan is idempotent: an event already queued is not found again, and the outbox's unique
 * event key stops a second process's scan of the same moment. It also settles rows a crash left in SENDING
 * (UNCERTAIN, {@link NotificationLedger#markUncertain}).
 */
public final class NotificationScan {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationScan.class);

    private final NotificationLedger ledger;
    private final NotificationTemplates templates;
    private final Supplier<Arrears.Summary> arrears;
    private final Clock clock;
    private final int batch;
    private final Duration endedWithin;
    private final int atRiskAfterMonths;
    private final Duration sendingTimeout;

    /**
     * @param arrears           the account's arrears (null, or returning null: not known, no at-risk message)
     * @param batch             events queued at most per kind and round
     * @param endedWithin       an end of cover older than this is not told any more (a gateway that was off)
     * @param atRiskAfterMonths consecutive unpaid months after which covered workers are told (0: never)
     * @param sendingTimeout    a row SENDING longer than this was left by a dead process: UNCERTAIN
     */
    public NotificationScan(NotificationLedger ledger, NotificationTemplates templates, Supplier<Arrears.Summary> arrears,
                            Clock clock, int batch, Duration endedWithin, int atRiskAfterMonths, Duration sendingTimeout) {
        this.ledger = ledger;
        this.templates = templates;
        this.arrears = arrears;
        this.clock = clock;
        this.batch = batch;
        this.endedWithin = endedWithin;
        this.atRiskAfterMonths = atRiskAfterMonths;
        this.sendingTimeout = sendingTimeout;
    }

    /** One round; returns how many messages it queued. */
    public int scan() {
        int uncertain = ledger.markUncertain(sendingTimeout);
        if (uncertain > 0) {
            LOG.warn("{} notification(s) were being sent when a gateway process stopped: marked UNCERTAIN, not sent"
                    + " again (notify list --state UNCERTAIN; docs/notifications.md)", uncertain);
        }
        int queued = queue(ledger.coverStarted(batch), 0);
        queued += queue(ledger.coverEnded(clock.instant().minus(endedWithin), batch), 0);
        Arrears.Summary account = arrears == null ? null : arrears.get();
        if (atRiskAfterMonths > 0 && account != null && account.consecutive() >= atRiskAfterMonths
                && !account.inArrears().isEmpty()) {
            String month = account.inArrears().get(account.inArrears().size() - 1).period().toString();
            queued += queue(ledger.coverAtRisk(month, batch), account.consecutive());
        }
        if (queued > 0) {
            LOG.info("{} notification(s) queued", queued);
        }
        return queued;
    }

    private int queue(List<Candidate> found, int monthsUnpaid) {
        return found.isEmpty() ? 0 : ledger.queue(found.stream().map(c -> templates.of(c, monthsUnpaid)).toList());
    }
}
