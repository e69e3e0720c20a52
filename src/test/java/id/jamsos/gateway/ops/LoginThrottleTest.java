package id.jamsos.gateway.ops;

import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));

    @Test
    void aClientIsRefusedAfterTooManyFailuresUntilTheWindowEnds() {
        LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(5), 100, clock);
        t.failure("10.0.0.1");
        t.failure("10.0.0.1");
        assertThat(t.blocked("10.0.0.1")).isFalse();
        t.failure("10.0.0.1");
        assertThat(t.blocked("10.0.0.1")).isTrue();
        assertThat(t.blocked("10.0.0.2")).isFalse();
        clock.advance(Duration.ofMillis(Duration.ofMinutes(5).toMillis()));
        assertThat(t.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        LoginThrottle t = new LoginThrottle(2, Duration.ofMinutes(5), 100, clock);
        t.failure("a");
        t.success("a");
        t.failure("a");
        assertThat(t.blocked("a")).isFalse();
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfClients() {
        LoginThrottle t = new LoginThrottle(2, Duration.ofMinutes(5), 50, clock);
        for (int i = 0; i < 10_000; i++) {
            t.failure("client-" + i);
        }
        assertThat(t.remembered()).isEqualTo(50);
    }
}
