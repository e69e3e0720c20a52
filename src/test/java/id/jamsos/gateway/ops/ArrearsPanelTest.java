package id.jamsos.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status page's section "Invoices, payments and arrears": one line per month, the month in arrears
 * marked, the alarm shown; no section at all when the gateway keeps no account.
 */
class ArrearsPanelTest {

    private static StatusView page(StatusView.Arrears arrears) {
        return new StatusView("nonce", null, "", "", "2026-06-16 09:00:00", false, List.of(), null, null, null, null,
                arrears, null);
    }

    @Test
    void theAccountIsShownMonthByMonthWithTheAlarm() {
        String html = new OpsTemplates().render(page(new StatusView.Arrears(
                List.of(new StatusView.Stat("1", "months in arrears")),
                "Tunggakan / arrears: 1 bulan <b>",
                List.of(new StatusView.AccountMonth("2026-04", "50,400", "50,400", "50,400", "0", "2026-05-15", "", false),
                        new StatusView.AccountMonth("2026-05", "-", "50,400", "0", "50,400 (expected)", "2026-06-15",
                                "stage 1", true)))));
        assertThat(html).contains("<section id=\"arrears\">");
        assertThat(html).contains("<tr data-month=\"2026-04\"><td>2026-04</td>");
        assertThat(html).contains("<tr class=\"warn\" data-month=\"2026-05\"><td>2026-05</td><td class=\"num\">-</td>");
        assertThat(html).contains("<td>stage 1</td>");
        assertThat(html).contains("data-arrears=\"alarm\">Tunggakan / arrears: 1 bulan &lt;b&gt;</p>");
    }

    @Test
    void noAccountNoSection() {
        assertThat(new OpsTemplates().render(page(null))).doesNotContain("id=\"arrears\"");
    }
}
