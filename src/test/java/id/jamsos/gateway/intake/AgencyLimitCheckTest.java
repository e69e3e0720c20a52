package id.jamsos.gateway.intake;

import id.jamsos.gateway.config.AgencyLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgencyLimitCheckTest {

    @Test
    void eachLimitRefusesOnlyPastItself() {
        AgencyLimits limits = new AgencyLimits(1_000L, 100L, 50L);
        assertThat(AgencyLimitCheck.size("a.csv", limits, 1_000)).isEmpty();
        assertThat(AgencyLimitCheck.size("a.csv", limits, 1_001)).hasValueSatisfying(e ->
                assertThat(e.code()).isEqualTo("FILE_TOO_LARGE"));
        assertThat(AgencyLimitCheck.rows("a.csv", limits, 10, 90, 40)).isEmpty();
        assertThat(AgencyLimitCheck.rows("a.csv", limits, 11, 90, 0)).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("FILE_DAILY_ROW_LIMIT");
            assertThat(e.messageEn()).contains("11 rows").contains("90 rows").contains("100 rows per 24 hours");
            assertThat(e.messageId()).contains("11 baris").contains("100");
        });
        assertThat(AgencyLimitCheck.rows("a.csv", limits, 11, 0, 40)).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("FILE_OPEN_ROW_LIMIT");
            assertThat(e.messageEn()).contains("11 rows").contains("40 rows are not finished").contains("limit is 50");
        });
        assertThat(AgencyLimitCheck.rows("a.csv", AgencyLimits.NONE, 1_000_000, 1_000_000, 1_000_000)).isEmpty();
        assertThat(AgencyLimitCheck.size("a.csv", AgencyLimits.NONE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void anAgencysOwnLimitWinsOverTheDefault() {
        AgencyLimits own = new AgencyLimits(null, 10L, null);
        AgencyLimits merged = own.orElse(new AgencyLimits(5L, 20L, 30L));
        assertThat(merged).isEqualTo(new AgencyLimits(5L, 10L, 30L));
    }
}
