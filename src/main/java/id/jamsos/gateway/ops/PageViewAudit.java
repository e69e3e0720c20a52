package id.jamsos.gateway.ops;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;

/**
 * Views of the operators' status page in the audit trail (docs/audit.md, "Page views"), without flooding
 * it: the page reloads itself every 10 seconds, so a view is recorded once per way in (a browser session,
 * or the bearer token from one client address) per page per {@code every} (jamsos.audit.pageViewMinutes,
 * 15): the first view of a session, then one entry per quarter hour it keeps the page open. Enough to
 * answer "who had the status page open, from where, and when", at four entries an hour per operator
 * instead of 360.
 *
 * <p>Remembered per gateway process (in memory): a session whose reloads alternate between two replicas
 * behind a load balancer is recorded up to once per replica per period; a restart records the next view
 * again. A session is named in the detail by a short reference (the first 12 hex digits of its id's
 * SHA-256), never by its id. Takes the {@link Exchange}: the session is an exchange property set by
 * {@code operatorAuth.check}, the client address is read from the request itself.
 */
public final class PageViewAudit {

    /** Entries remembered before the expired ones are dropped (a bound on memory, not on correctness). */
    static final int PRUNE_AT = 10_000;

    private final AuditTrail audit;
    private final Clock clock;
    private final Duration every;
    private final Map<String, Instant> recorded = new ConcurrentHashMap<>();

    /** @param every how long a view stands for the later ones of the same session and page; zero: none recorded */
    public PageViewAudit(AuditTrail audit, Clock clock, Duration every) {
        this.audit = audit;
        this.clock = clock;
        this.every = every;
    }

    /** The status page (GET /ops), after {@code operatorAuth.check}. */
    public void status(Exchange exchange) {
        seen(exchange, "/ops", "status page");
    }

    void seen(Exchange exchange, String page, String what) {
        if (every.isZero() || every.isNegative()) {
            return;
        }
        OperatorSessions.Session session = exchange.getProperty(Headers.OPS_SESSION, OperatorSessions.Session.class);
        String client = OperatorAuth.clientAddress(exchange);
        String way = session != null ? "session " + reference(session.id()) : "token from " + client;
        Instant now = clock.instant();
        boolean[] due = {false};
        recorded.compute(way + " " + page, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(every))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (!due[0]) {
            return;
        }
        if (recorded.size() > PRUNE_AT) {
            recorded.values().removeIf(at -> !now.isBefore(at.plus(every)));
        }
        audit.record(new AuditEvent(AuditEvent.OPERATOR, WorkerPages.actor(exchange), "", "PAGE_VIEW", page,
                what + " viewed (" + way + "; recorded once per " + every.toMinutes() + " min while open)", client));
    }

    /** How many ways in are remembered now (tests). */
    int remembered() {
        return recorded.size();
    }

    private static String reference(String sessionId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(StandardCharsets.US_ASCII))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
