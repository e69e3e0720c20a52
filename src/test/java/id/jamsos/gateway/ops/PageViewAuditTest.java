package id.jamsos.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The status page reloads every 10 seconds: an hour of one operator's open page is 360 views, recorded as
 * four entries (one per quarter hour), a second session's view as its own, none naming the session's id.
 */
class PageViewAuditTest {

    private static final Instant T0 = Instant.parse("2026-12-03T01:00:00Z");

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(T0);

    private Exchange view(String sessionId) {
        Exchange e = new DefaultExchange(context);
        if (sessionId != null) {
            e.setProperty(Headers.OPS_SESSION, new OperatorSessions.Session(sessionId,
                    OperatorSessions.csrfToken(sessionId)));
        }
        return e;
    }

    @Test
    void anHourOfReloadsEvery10SecondsIsFourEntriesPerSession() {
        PageViewAudit views = new PageViewAudit(audited::add, clock, Duration.ofMinutes(15));
        String one = "a".repeat(43);
        for (int s = 0; s < 3600; s += 10) {
            clock.set(T0.plusSeconds(s));
            views.status(view(one));
        }
        assertThat(audited).hasSize(4).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("PAGE_VIEW");
            assertThat(e.actorKind()).isEqualTo(AuditEvent.OPERATOR);
            assertThat(e.actor()).isEqualTo("ops-session");
            assertThat(e.subject()).isEqualTo("/ops");
            assertThat(e.detail()).contains("status page viewed (session ").doesNotContain(one);
        });

        // Another session, and a script with the bearer token, are recorded on their first view.
        views.status(view("b".repeat(43)));
        views.status(view(null));
        views.status(view(null));
        assertThat(audited).hasSize(6);
        assertThat(audited.get(5).actor()).isEqualTo("ops-token");
        assertThat(audited.get(4).detail()).isNotEqualTo(audited.get(0).detail());
    }

    @Test
    void zeroMinutesRecordsNothingAndExpiredEntriesAreDropped() {
        new PageViewAudit(audited::add, clock, Duration.ZERO).status(view("c".repeat(43)));
        assertThat(audited).isEmpty();

        PageViewAudit views = new PageViewAudit(audited::add, clock, Duration.ofMinutes(15));
        for (int i = 0; i <= PageViewAudit.PRUNE_AT; i++) {
            views.status(view("s" + i));
        }
        assertThat(views.remembered()).isEqualTo(PageViewAudit.PRUNE_AT + 1);
        clock.set(T0.plus(Duration.ofMinutes(16)));
        views.status(view("late"));
        assertThat(views.remembered()).as("the expired ones forgotten").isEqualTo(1);
    }
}
