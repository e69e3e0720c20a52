package id.jamsos.gateway.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryHistoryTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:30Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void countsPerMinuteAndForgetsMinutesOlderThanTheRing() {
        DeliveryHistory h = new DeliveryHistory(clock, 3);
        h.record(false);
        h.record(true);
        List<DeliveryHistory.Minute> minutes = h.lastMinutes();
        assertThat(minutes).hasSize(3);
        assertThat(minutes.get(2).requests()).isEqualTo(2);
        assertThat(minutes.get(2).errors()).isEqualTo(1);

        now.set(now.get().plusSeconds(60));
        assertThat(h.lastMinutes().get(1).requests()).isEqualTo(2);
        assertThat(h.lastMinutes().get(2).requests()).isZero();

        now.set(now.get().plusSeconds(180));
        assertThat(h.lastMinutes()).allSatisfy(m -> assertThat(m.requests()).isZero());
        h.record(false);
        assertThat(h.lastMinutes().get(2).requests()).isEqualTo(1);
    }
}
