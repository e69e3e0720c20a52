package id.jamsos.gateway.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureCountsTest {

    @Test
    void countsPerKeyAndForgets() {
        FailureCounts counts = new FailureCounts(10);
        assertThat(counts.get("a")).isZero();
        assertThat(counts.increment("a")).isEqualTo(1);
        assertThat(counts.increment("a")).isEqualTo(2);
        assertThat(counts.increment("b")).isEqualTo(1);
        counts.forget("a");
        assertThat(counts.get("a")).isZero();
        assertThat(counts.get("b")).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyTouchedKeysGoBeyondTheCapacity() {
        FailureCounts counts = new FailureCounts(2);
        counts.increment("old");
        counts.increment("mid");
        counts.get("old");
        counts.increment("new");
        assertThat(counts.get("mid")).isZero();
        assertThat(counts.get("old")).isEqualTo(1);
        assertThat(counts.get("new")).isEqualTo(1);
    }
}
