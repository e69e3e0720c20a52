package id.jamsos.gateway.ops;

import java.time.Duration;
import id.jamsos.gateway.support.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryHistoryTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:30Z"));

    @Test
    void countsPerMinuteAndForgetsMinutesOlderThanTheRing() {
        DeliveryHistory h = new DeliveryHistory(clock, 3);
        h.record(false);
        h.record(true);
        List<DeliveryHistory.Minute> minutes = h.lastMinutes();
        assertThat(minutes).hasSize(3);
        assertThat(minutes.get(2).requests()).isEqualTo(2);
        assertThat(minutes.get(2).errors()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(60));
        assertThat(h.lastMinutes().get(1).requests()).isEqualTo(2);
        assertThat(h.lastMinutes().get(2).requests()).isZero();

        clock.advance(Duration.ofSeconds(180));
        assertThat(h.lastMinutes()).allSatisfy(m -> assertThat(m.requests()).isZero());
        h.record(false);
        assertThat(h.lastMinutes().get(2).requests()).isEqualTo(1);
    }
}
