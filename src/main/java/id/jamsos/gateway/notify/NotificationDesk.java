package id.jamsos.gateway.notify;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.Due;
import id.jamsos.gateway.nik.PhoneMask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification route's steps that touch the ledger (routes/notifications.camel.yaml): take due messages,
 * record what the provider said, and decide after a failure: again later, SMS instead, or failed. Logs name
 * the notification's id and event key, never the phone, the name or a NIK.
 */
public final class NotificationDesk {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDesk.class);

    private final NotificationLedger ledger;
    private final int batch;
    private final int maxAttempts;
    private final Duration retryBase;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private volatile MeterRegistry meters;

    /**
     * @param batch       notifications taken per round
     * @param maxAttempts rounds a notification is tried on one channel before WhatsApp falls back to SMS, or SMS
     *                    fails for good (each round retries transient failures itself first)
     * @param retryBase   wait before the next round after a round's transient failure, doubling per attempt
     */
    public NotificationDesk(NotificationLedger ledger, int batch, int maxAttempts, Duration retryBase) {
        this.ledger = ledger;
        this.batch = batch;
        this.maxAttempts = maxAttempts;
        this.retryBase = retryBase;
    }

    /** Counts outcomes as jamsos_notifications_total{channel,outcome}. */
    public void meters(MeterRegistry registry) {
        this.meters = registry;
    }

    /** The due notifications, read (each is claimed right before its call). */
    public List<Due> due() {
        NotificationLedger.Round round = ledger.dueRound(batch);
        if (round.unreadable() > 0) {
            // Ids only: notify list --state FAILED shows them with their reason.
            LOG.warn("{} notification(s) could not be read (a key missing from jamsos.pii.keys, damaged data, or"
                    + " parameters removed by retention): FAILED, not sent; the round goes on (notify list --state"
                    + " FAILED)", round.unreadable());
            count("none", "unreadable", round.unreadable());
        }
        return round.due();
    }

    /** Takes the notification for sending (SENDING, committed): false when it is not to be sent any more. */
    public boolean claim(@ExchangeProperty(Headers.NOTIFICATION) Due due) {
        return ledger.claim(due);
    }

    /** WhatsApp accepted the message: its wamid recorded. */
    public void sentOnWhatsApp(@ExchangeProperty(Headers.NOTIFICATION) Due due, String messageId) {
        ledger.sent(due.id(), NotificationLedger.WHATSAPP, messageId);
        count(NotificationLedger.WHATSAPP, "sent");
    }

    /** The SMS gateway accepted the message. */
    public void sentBySms(@ExchangeProperty(Headers.NOTIFICATION) Due due, String messageId) {
        ledger.sent(due.id(), NotificationLedger.SMS, messageId);
        count(NotificationLedger.SMS, "sent");
    }

    /**
     * A 5xx, a 429 or no answer, after the route's own retries: another round later (backing off), or, after
     * {@code maxAttempts} rounds, SMS instead of WhatsApp, FAILED for SMS.
     */
    public void transientFailure(@ExchangeProperty(Headers.NOTIFICATION) Due due, Exchange exchange) {
        // The exception Camel caught, from the exchange: the failure handler's one source for it.
        String error = error(exchange);
        if (due.attempt() < maxAttempts) {
            Duration wait = retryBase.multipliedBy(1L << Math.min(10, due.attempt() - 1));
            LOG.warn("notification {} ({}) on {} failed, attempt {}: {}; again in {} s", due.id(), due.eventKey(),
                    due.channel(), due.attempt(), error, wait.toSeconds());
            ledger.retryLater(due.id(), error, wait);
            count(due.channel(), "retry");
        } else {
            permanentFailure(due, exchange);
        }
    }

    /** WhatsApp said no for good (not a WhatsApp user, a refused template): SMS; an SMS refused: FAILED. */
    public void permanentFailure(@ExchangeProperty(Headers.NOTIFICATION) Due due, Exchange exchange) {
        String error = error(exchange);
        if (NotificationLedger.WHATSAPP.equals(due.channel())) {
            LOG.info("notification {} ({}): WhatsApp cannot carry it ({}); falling back to SMS", due.id(),
                    due.eventKey(), error);
            ledger.fallBackToSms(due.id(), error);
            count(NotificationLedger.WHATSAPP, "fallback");
        } else {
            LOG.warn("notification {} ({}) failed by SMS too: {}", due.id(), due.eventKey(), error);
            ledger.failed(due.id(), error);
            count(NotificationLedger.SMS, "failed");
        }
    }

    /**
     * What may have reached the worker without a record of it: the answer lost after the request was sent
     * (598, a read timeout), a 5xx other than 503/429, a failure after the provider's 2xx (the ledger failed
     * to record the send, an answer without a message id), a bug. Whether the worker got it is not known, so
     * it is never sent again by itself: UNCERTAIN now, for the status webhook or an operator. If the ledger
     * cannot take even that, the row stays SENDING and the scan makes it UNCERTAIN after
     * jamsos.notify.sendingTimeoutSeconds.
     */
    public void unknownOutcome(@ExchangeProperty(Headers.NOTIFICATION) Due due, Exchange exchange) {
        String error = error(exchange);
        LOG.error("notification {} ({}): outcome unknown, left for an operator: {}", due == null ? -1 : due.id(),
                due == null ? "-" : due.eventKey(), error);
        count(due == null ? "unknown" : due.channel(), "unknown");
        if (due != null) {
            try {
                ledger.uncertain(due.id(), "delivery unknown: " + error);
            } catch (RuntimeException e) {
                LOG.error("notification {}: cannot mark it UNCERTAIN now ({}); the scan will", due.id(), e.getMessage());
            }
        }
    }

    private static String error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e == null) {
            e = exchange.getException();
        }
        if (e == null) {
            return "unknown error";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // An http producer's failure names the URI it called: the SMS gateway's query carries the pass key,
        // the number and the text. Never into a log or the ledger.
        m = m.replaceAll("\\?[^\\s]*", "?…");
        // The provider's own text may quote the number ("nomor 6281... tidak aktif"): cut before it is logged
        // or stored (review finding 6).
        m = PhoneMask.scrub(m);
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    private void count(String channel, String outcome) {
        count(channel, outcome, 1);
    }

    private void count(String channel, String outcome, int n) {
        MeterRegistry registry = meters;
        if (registry != null) {
            outcomes.computeIfAbsent(channel + "|" + outcome, k -> Counter.builder("jamsos.notifications")
                    .description("Worker notifications by channel and outcome").tag("channel", channel)
                    .tag("outcome", outcome).register(registry)).increment(n);
        }
    }
}
