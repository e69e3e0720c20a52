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
    void sizedUpFrontKeysAreFoundWhetherPendingOrInTheTable() {
        // No growth: new keys wait in batches of LongIntMap.BATCH before entering the table, and
        // repeats are asked for both while they wait and after.
        LongIntMap map = new LongIntMap(50_000);
        Map<Long, Integer> reference = new HashMap<>();
        Random random = new Random(9);
        for (int i = 0; i < 50_000; i++) {
            long key = i % 7 == 0 && i > 0 ? 9_271_000_000_000_000L + random.nextInt(i) * 31L
                    : 9_271_000_000_000_000L + i * 31L;
            Integer expected = reference.putIfAbsent(key, i);
            assertThat(map.putIfAbsent(key, i, -1)).as("key %d at %d", key, i).isEqualTo(expected == null ? -1 : expected);
            long probe = 9_271_000_000_000_000L + random.nextInt(i + 1) * 31L;
            assertThat(map.get(probe, -1)).isEqualTo(reference.getOrDefault(probe, -1));
        }
        assertThat(map.size()).isEqualTo(reference.size());
        assertThat(map.get(9_271_000_000_000_001L, -3)).isEqualTo(-3);
    }

    @Test
    void widensThePositionFieldWhenTheEntriesOutgrowIt() {
        // 4 position bits hold 15 entries; the 16th makes the table switch to 31-bit positions.
        LongIntMap map = new LongIntMap(4, 4);
        for (int i = 0; i < 1_000; i++) {
            assertThat(map.putIfAbsent(7_371_015_601_920_003L + i * 1_000_003L, i, -1)).isEqualTo(-1);
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(map.get(7_371_015_601_920_003L + i * 1_000_003L, -1)).isEqualTo(i);
            assertThat(map.putIfAbsent(7_371_015_601_920_003L + i * 1_000_003L, -5, -1)).isEqualTo(i);
        }
        assertThat(map.size()).isEqualTo(1_000);
    }

    @Test
    void keysThatShareSlotsAndFingerprintsStayApart() {
        // Keys 2^56 apart have the same low bits and, multiplied by an odd constant, collide often.
        LongIntMap map = new LongIntMap(16);
        Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            long key = (i % 100) + ((long) (i / 100) << 56) % Long.MAX_VALUE;
            key = Math.abs(key);
            Integer expected = reference.putIfAbsent(key, i);
            assertThat(map.putIfAbsent(key, i, -1)).isEqualTo(expected == null ? -1 : expected);
        }
        reference.forEach((k, v) -> assertThat(map.get(k, -1)).isEqualTo(v));
    }

    @Test
    void refusesNegativeKeys() {
        assertThatThrownBy(() -> new LongIntMap().putIfAbsent(-1L, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
