package id.jamsos.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void aClientIsRefusedAfterTooManyFailuresUntilTheWindowEnds() {
        LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(5), 100, clock);
        t.failure("10.0.0.1");
        t.failure("10.0.0.1");
        assertThat(t.blocked("10.0.0.1")).isFalse();
        t.failure("10.0.0.1");
        assertThat(t.blocked("10.0.0.1")).isTrue();
        assertThat(t.blocked("10.0.0.2")).isFalse();
        now.addAndGet(Duration.ofMinutes(5).toMillis());
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
