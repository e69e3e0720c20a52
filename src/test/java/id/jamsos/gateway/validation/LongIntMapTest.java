package id.jamsos.gateway.validation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongIntMapTest {

    @Test
    void behavesLikeAHashMapThroughManyResizes() {
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> reference = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long key = 9_271_000_000_000_000L + random.nextInt(150_000);
            int previous = map.putIfAbsent(key, i, -1);
            Integer expected = reference.putIfAbsent(key, i);
            assertThat(previous).isEqualTo(expected == null ? -1 : expected);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k, -1)).isEqualTo(v));
        assertThat(map.get(1L, -7)).isEqualTo(-7);
        assertThat(map.putIfAbsent(0L, 5, -1)).isEqualTo(-1);
        assertThat(map.get(0L, -1)).isEqualTo(5);
    }

    @Test
    void refusesNegativeKeys() {
        assertThatThrownBy(() -> new LongIntMap().putIfAbsent(-1L, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
