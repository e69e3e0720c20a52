package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The programme year read from settings: sources, budgets, who pays for which agency, and the errors. */
class ProgrammeTest {

    private static Map<String, String> sorong() {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.programme.id", "2024");
        s.put("jamsos.programme.firstMonth", "2024-03");
        s.put("jamsos.programme.lastMonth", "2024-12");
        s.put("jamsos.programme.sources", "APBD_KOTA, OTSUS");
        s.put("jamsos.programme.defaultSource", "APBD_KOTA");
        s.put("jamsos.programme.source.APBD_KOTA.budget", "1_700_000_000");
        s.put("jamsos.programme.source.APBD_KOTA.account", "5.1.02.01.001");
        s.put("jamsos.programme.source.OTSUS.name", "Dana Otonomi Khusus");
        s.put("jamsos.programme.source.OTSUS.budget", "500000000");
        s.put("jamsos.programme.source.OTSUS.account", "5.1.02.01.009");
        s.put("jamsos.programme.source.OTSUS.agencies", "distrik-malaimsimsa, dinas-perikanan");
        return s;
    }

    @Test
    void theSourcesAddUpToTheBudgetAndPayForTheirAgencies() {
        Programme p = Programme.from(sorong()::get);
        assertThat(p.budget()).isEqualTo(2_200_000_000L);
        assertThat(p.months()).isEqualTo(10);
        assertThat(p.includes(YearMonth.of(2024, 2))).isFalse();
        assertThat(p.includes(YearMonth.of(2024, 12))).isTrue();
        assertThat(p.sourceOf("dinas-perikanan")).isEqualTo("OTSUS");
        assertThat(p.sourceOf("dinas-sosial")).isEqualTo("APBD_KOTA");
        assertThat(p.source("OTSUS").name()).isEqualTo("Dana Otonomi Khusus");
        assertThat(p.source("APBD_KOTA").name()).isEqualTo("APBD_KOTA");
    }

    @Test
    void aBadSettingIsNamed() {
        Map<String, String> s = sorong();
        s.put("jamsos.programme.source.OTSUS.budget", "500.000.000,00");
        assertThatThrownBy(() -> Programme.from(s::get)).hasMessageContaining("jamsos.programme.source.OTSUS.budget");
        s.put("jamsos.programme.source.OTSUS.budget", "1");
        s.put("jamsos.programme.source.APBD_KOTA.agencies", "dinas-perikanan");
        assertThatThrownBy(() -> Programme.from(s::get)).hasMessageContaining("two funding sources");
        s.remove("jamsos.programme.source.APBD_KOTA.agencies");
        s.put("jamsos.programme.lastMonth", "2023-12");
        assertThatThrownBy(() -> Programme.from(s::get)).hasMessageContaining("before firstMonth");
        s.put("jamsos.programme.lastMonth", "2024-12");
        s.put("jamsos.programme.defaultSource", "DBH");
        assertThatThrownBy(() -> Programme.from(s::get)).hasMessageContaining("defaultSource");
    }
}
