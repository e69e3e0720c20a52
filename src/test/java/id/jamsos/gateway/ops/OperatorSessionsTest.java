package id.jamsos.gateway.ops;

import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorSessionsTest {

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
    final OperatorSessions sessions = new OperatorSessions(Duration.ofHours(8), 100, clock);

    @Test
    void eachSessionHasItsOwnAntiForgeryTokenUnlikeItsId() {
        OperatorSessions.Session a = sessions.open();
        OperatorSessions.Session b = sessions.open();
        assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrfMatches(a.csrfToken())).isTrue();
        assertThat(a.csrfMatches(b.csrfToken())).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches("")).isFalse();
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrfToken());
    }

    @Test
    void aClosedSessionIsGoneForWhoeverHoldsItsId() {
        OperatorSessions.Session a = sessions.open();
        OperatorSessions.Session b = sessions.open();
        sessions.close(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).contains(b);
        sessions.close(null);
    }

    @Test
    void aSessionEndsWithItsLifetime() {
        OperatorSessions.Session a = sessions.open();
        clock.advance(Duration.ofHours(8).minusMillis(1));
        assertThat(sessions.valid(a.id())).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(sessions.valid(a.id())).isFalse();
    }
}
