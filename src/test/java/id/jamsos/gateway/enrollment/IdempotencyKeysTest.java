package id.jamsos.gateway.enrollment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeysTest {

    @Test
    void theSameRowOfTheSameFileAlwaysGetsTheSameKey() {
        assertThat(IdempotencyKeys.of("dinas-sosial", "abc123", 7)).isEqualTo(IdempotencyKeys.of("dinas-sosial", "abc123", 7));
    }

    @Test
    void agencyFileAndRowEachChangeTheKey() {
        String key = IdempotencyKeys.of("dinas-sosial", "abc123", 7);
        assertThat(key).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(IdempotencyKeys.of("distrik-sorong-timur", "abc123", 7)).isNotEqualTo(key);
        assertThat(IdempotencyKeys.of("dinas-sosial", "abc124", 7)).isNotEqualTo(key);
        assertThat(IdempotencyKeys.of("dinas-sosial", "abc123", 8)).isNotEqualTo(key);
    }

    @Test
    void fieldsCannotBleedIntoEachOther() {
        // "a" + "b1" must not collide with "ab" + "1": the separator keeps the parts apart.
        assertThat(IdempotencyKeys.of("a", "b1", 2)).isNotEqualTo(IdempotencyKeys.of("ab", "1", 2));
    }
}
