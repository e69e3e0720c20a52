package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.finance.Arrears;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lapses BPJS made, as the `arrears` command's JSON and the account's text give them. */
class ArrearsLapsedTest {

    @Test
    void lapsedWorkersAreCountedPerLastMonthCovered() {
        Arrears.Summary s = Arrears.of(List.of(), List.of(), Map.of(), m -> 0L, 15, LocalDate.parse("2025-07-16"))
                .withLapsed(Map.of(YearMonth.of(2025, 9), 1L, YearMonth.of(2025, 3), 3L));

        assertThat(s.lapsedWorkers()).isEqualTo(4);
        assertThat(s.lapsedText()).isEqualTo("2025-03: 3, 2025-09: 1");
        Map<String, Object> json = ArrearsCommand.asJson(s);
        assertThat(json.get("lapsedWorkers")).isEqualTo(4L);
        assertThat(json.get("lapsedByLastMonth")).isEqualTo(Map.of("2025-03", 3L, "2025-09", 1L));
    }

    @Test
    void noLapseNoLine() {
        Arrears.Summary s = Arrears.of(List.of(), List.of(), Map.of(), m -> 0L, 15, LocalDate.parse("2025-07-16"));

        assertThat(s.lapsedWorkers()).isZero();
        assertThat(s.lapsedText()).isEmpty();
        assertThat(ArrearsCommand.asJson(s).get("lapsedWorkers")).isEqualTo(0L);
    }
}
