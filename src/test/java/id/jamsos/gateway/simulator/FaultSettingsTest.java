package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {

    @Test
    void failNextIsConsumedInOrderOncePerRequest() {
        FaultSettings f = new FaultSettings().failNext(503, 429);
        assertThat(f.pollForcedStatus()).isEqualTo(503);
        assertThat(f.pollForcedStatus()).isEqualTo(429);
        assertThat(f.pollForcedStatus()).isZero();
    }

    @Test
    void sameSeedGivesSameErrorSequence() {
        assertThat(draws(new FaultSettings().errorRate(0.3).seed(7)))
                .isEqualTo(draws(new FaultSettings().errorRate(0.3).seed(7)));
        List<Boolean> d = draws(new FaultSettings().errorRate(0.3).seed(7));
        long errors = d.stream().filter(b -> b).count();
        assertThat(errors).isBetween(40L, 80L);
    }

    private static List<Boolean> draws(FaultSettings f) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(f.drawError());
        }
        return out;
    }

    @Test
    void zeroRatesNeverFire() {
        FaultSettings f = new FaultSettings();
        for (int i = 0; i < 100; i++) {
            assertThat(f.drawError()).isFalse();
            assertThat(f.drawTimeout()).isFalse();
        }
    }

    @Test
    void applySetsPresentFieldsAndRefusesNonsense() {
        FaultSettings f = new FaultSettings().latencyMs(10);
        f.apply(Map.of("errorRate", 0.5, "rateLimitPerSecond", 20, "failNext", List.of(500)));
        assertThat(f.latencyMs()).isEqualTo(10);
        assertThat(f.errorRate()).isEqualTo(0.5);
        assertThat(f.rateLimitPerSecond()).isEqualTo(20);
        assertThat(f.pendingFailures()).containsExactly(500);

        assertThatThrownBy(() -> f.apply(Map.of("errorRate", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.apply(Map.of("nonsense", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.failNext(42)).isInstanceOf(IllegalArgumentException.class);

        f.apply(Map.of("clear", true, "latencyMs", 3));
        assertThat(f.errorRate()).isZero();
        assertThat(f.pendingFailures()).isEmpty();
        assertThat(f.latencyMs()).isEqualTo(3);
    }
}
