package id.jamsos.gateway.finance;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jamsos.statements.cron as cron-utils reads it, in the city's time zone. */
class StatementCronTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");

    @Test
    void theCronFiresWhereClassicCronWould() {
        StatementCron monthly = StatementCron.parse("0 6 1 * *", WIT);
        assertThat(monthly.firstIn(YearMonth.of(2024, 3))).hasValue(YearMonth.of(2024, 3).atDay(1).atTime(6, 0).atZone(WIT));
        StatementCron quarterly = StatementCron.parse("30 7 2 1,4,7,10 *", WIT);
        assertThat(quarterly.firstIn(YearMonth.of(2024, 2))).isEmpty();
        assertThat(quarterly.firstIn(YearMonth.of(2024, 4))).hasValue(YearMonth.of(2024, 4).atDay(2).atTime(7, 30).atZone(WIT));
        // Weekdays only: the first Monday to Friday of June 2024 is Monday the 3rd.
        assertThat(StatementCron.parse("0 8 * * 1-5", WIT).firstIn(YearMonth.of(2024, 6)))
                .hasValue(YearMonth.of(2024, 6).atDay(3).atTime(8, 0).atZone(WIT));
        // Both day fields restricted: either may match (the 15th, or any Monday).
        assertThat(StatementCron.parse("0 6 15 * 1", WIT).firstIn(YearMonth.of(2024, 6)))
                .hasValue(YearMonth.of(2024, 6).atDay(3).atTime(6, 0).atZone(WIT));
        assertThatThrownBy(() -> StatementCron.parse("0 6 1 *", WIT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCronIsReadInTheCitysTimeZone() {
        // 06:00 WIT on 1 March is 21:00 UTC on 29 February.
        StatementCron monthly = StatementCron.parse("0 6 1 * *", WIT);
        assertThat(monthly.firstIn(YearMonth.of(2024, 3)).map(ZonedDateTime::toInstant))
                .hasValue(Instant.parse("2024-02-29T21:00:00Z"));
        assertThat(monthly.nextAfter(Instant.parse("2024-02-29T20:59:00Z").atZone(ZoneId.of("UTC"))).map(ZonedDateTime::toInstant))
                .hasValue(Instant.parse("2024-02-29T21:00:00Z"));
    }
}
