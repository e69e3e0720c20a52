package id.jamsos.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.finance.BudgetPlan;
import id.jamsos.gateway.finance.ContributionStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page rendered on a seeded ledger, without a gateway: what it shows, that whatever an
 * agency or BPJS wrote is shown as text, that its style and script run only under the answer's CSP
 * nonce, and that it asks the ledger the same number of questions however many files there are.
 */
class OpsPageTest {

    static final String HOSTILE_AGENCY = "<script>alert('agency')</script>";
    static final String HOSTILE_FILE = "\"><img src=x onerror=alert(1)>.csv";
    static final String HOSTILE_NOTE = "bad file </td><script>alert(\"note\")</script> NIK 9271014501900001";
    static final String HOSTILE_CLAIM = "CLM-<b onmouseover=alert(2)>2</b>";

    private final SeededStatusLedger ledger = new SeededStatusLedger();
    private final OpsTemplates templates = new OpsTemplates();

    @AfterEach
    void close() {
        ledger.close();
    }

    private String render(List<String> agencies) {
        return templates.render(ledger.page(agencies).statusView(new OperatorSessions.Session("sid", "csrf-token-1")));
    }

    @Test
    void whatAnAgencyOrBpjsWroteIsShownAsTextNeverAsMarkup() {
        Instant t = SeededStatusLedger.NOW;
        ledger.failedFile(HOSTILE_AGENCY, HOSTILE_FILE, t.minusSeconds(600), HOSTILE_NOTE);
        long done = ledger.doneFile("dinsos", "pbi.csv", t.minusSeconds(7200), "sudah terdaftar");
        ledger.claim(HOSTILE_CLAIM, HOSTILE_AGENCY, SeededStatusLedger.kpj(done, 3), false);

        String html = render(List.of("dinsos"));

        // The page's own script is the only one, and nothing hostile became an element or an attribute.
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(1);
        assertThat(html).doesNotContain("<img", "<b ", "<script>alert", "onerror=", "onmouseover=", "</td><script>");
        assertThat(html).contains("<h3>&lt;script&gt;alert(&#39;agency&#39;)&lt;/script&gt;</h3>",
                "<td>&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;.csv</td>",
                "title=\"bad file &lt;/td&gt;&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt; NIK 9271********0001\"",
                "<td>CLM-&lt;b onmouseover&#61;alert(2)&gt;2&lt;/b&gt;</td>",
                "<td>&lt;script&gt;alert(&#39;agency&#39;)&lt;/script&gt;</td>");
        assertThat(html).doesNotContainPattern("\\d{16}");
    }

    @Test
    void theOtherPayerGuardsAlarmIsShownWhileARoundsWorkersAreHeld() {
        java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        OpsPage page = ledger.page(List.of("dinsos"));
        page.showOtherPayerGuard(held::get);
        OperatorSessions.Session session = new OperatorSessions.Session("sid", "csrf-token-1");
        assertThat(templates.render(page.statusView(session))).doesNotContain("other-payer-held");

        held.set(7);
        String html = templates.render(page.statusView(session));
        assertThat(html).contains("<p class=\"warn\" id=\"other-payer-held\">Pembayar lain ditahan / other payer held:"
                + " BPJS reports 7 covered worker(s) of the last round paid by another payer");
    }

    /** Only the page's own files from the jar are placed unescaped; everything else goes through the escaper. */
    @Test
    void theTemplatesPlaceOnlyTheJarsStyleAndScriptUnescaped() throws IOException {
        for (String template : List.of("status", "login", "workers")) {
            String text = resource("/ops/" + template + ".mustache");
            List<String> raw = new ArrayList<>();
            Matcher m = Pattern.compile("\\{\\{\\{\\s*([^}]*?)\\s*}}}|\\{\\{&\\s*([^}]*?)\\s*}}").matcher(text);
            while (m.find()) {
                raw.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            assertThat(raw).as(template).isSubsetOf("style", "script").contains("style");
            // A value inside a script or style element, or an unquoted attribute, is not safe even escaped.
            assertThat(text).as(template).doesNotContainPattern("<script[^>]*>(?!\\{\\{\\{script}}})")
                    .doesNotContainPattern("<style[^>]*>(?!\\{\\{\\{style}}})")
                    .doesNotContainPattern("=\\{\\{");
        }
    }

    @Test
    void theStyleAndScriptRunUnderTheAnswersNonceAndEveryAnswerHasItsOwn() throws Exception {
        OpsPage page = ledger.page(List.of("dinsos"));
        List<String> nonces = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            exchange.getMessage().setBody(page.statusView(new OperatorSessions.Session("sid", "csrf-token-1")));
            page.answer(exchange);
            String csp = exchange.getMessage().getHeader("Content-Security-Policy", String.class);
            Matcher m = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/]+)'; style-src 'nonce-\\1'").matcher(csp);
            assertThat(m.find()).as(csp).isTrue();
            String html = exchange.getMessage().getBody(String.class);
            assertThat(html).contains("<style nonce=\"" + m.group(1) + "\">", "<script nonce=\"" + m.group(1) + "\">",
                    "<meta name=\"jamsos-csrf\" content=\"csrf-token-1\">");
            assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'");
            assertThat(exchange.getMessage().getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
            nonces.add(m.group(1));
        }
        assertThat(nonces.get(0)).isNotEqualTo(nonces.get(1));

        Exchange login = new DefaultExchange(new DefaultCamelContext());
        login.getMessage().setBody(page.loginView("failed=1"));
        page.answer(login);
        assertThat(login.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(login.getMessage().getBody(String.class)).contains("Login failed.", "name=\"token\"")
                .doesNotContain("jamsos-csrf");
    }

    @Test
    void thePageShowsEachFilesCountsTheAgenciesWithoutFilesClaimsAndTheBudget() {
        Instant t = SeededStatusLedger.NOW;
        long purged = ledger.doneFile("dinsos", "pbi-2026-01.csv", t.minusSeconds(86_400L * 40), "already a member");
        ledger.purgeFinished();
        long done = ledger.doneFile("dinsos", "pbi-2026-02.csv", t.minusSeconds(7200), "sudah terdaftar");
        long processing = ledger.processingFile("dinsos", "pbi-2026-03.csv", t.minusSeconds(3600), 20);
        // A row another payer covers is decided and counted in its own column, so the columns add up to the total.
        ledger.ledger.recordOutcomes(List.of(new id.jamsos.gateway.ledger.RowOutcome(processing, 5,
                id.jamsos.gateway.ledger.RowState.OTHER_PAYER, SeededStatusLedger.kpj(processing, 5),
                "sudah dibayar pihak lain", "dinsos", null)));
        ledger.hostKeys.watch("nelayan", "sftp.example", 22, "/etc/ssh/known_hosts");
        ledger.hostKeys.refused("nelayan", "polling");
        ledger.claim("CLM-1", "dinsos", SeededStatusLedger.kpj(done, 3), true);
        ledger.claim("CLM-2", null, SeededStatusLedger.kpj(done, 4), false);

        String html = render(List.of("dinsos", "nelayan", "kosong"));

        assertThat(html).containsPattern(row(done, "DONE", "8", 2, 0, 3, 2, 1, 0, 0) + "<td>done</td><td><button class=\"replay\""
                + " data-file-id=\"" + done + "\" data-parked=\"1\">Replay parked rows</button></td></tr>");
        assertThat(html).containsPattern(row(purged, "DONE", "8", 2, 0, 3, 2, 1, 0, 0)
                + "<td><span class=\"purged\"[^>]*>rows purged 2026-03-15 12:00:00</span></td><td></td></tr>");
        assertThat(html).containsPattern(row(processing, "PROCESSING", "20", 2, 15, 2, 0, 0, 0, 1)
                + "<td><progress max=\"18\" value=\"3\" title=\"16%\"></progress> 16%</td><td></td></tr>");
        assertThat(html).contains("Retention: rows of 1 finished files deleted (their counts are kept), latest"
                + " 2026-03-15 12:00:00.");
        assertThat(html).containsPattern("<h3>kosong</h3>\\s*<p class=\"muted\">No files yet.</p>");
        assertThat(html).containsPattern("<h3>nelayan</h3>\\s*<p class=\"warn\" data-host-key=\"nelayan\">SFTP host key"
                + " changed: sftp.example:22 does not match known_hosts /etc/ssh/known_hosts.[^<]*</p>\\s*"
                + "<p class=\"muted\">No files yet.</p>");
        assertThat(html).contains("<p class=\"warn\" id=\"outbox\">1 claim(s) waiting in the outbox to be sent to finance</p>",
                "<td>CLM-1</td><td>JKM</td><td>" + SeededStatusLedger.kpj(done, 3) + "</td><td class=\"num\">42,000,000</td>"
                        + "<td>dinsos</td><td>2026-03-15 11:59:00</td><td>2026-03-15 12:00:00</td></tr>",
                "<td>(review)</td><td>2026-03-15 11:58:00</td><td><span class=\"warn\">not yet</span></td></tr>");
        assertThat(html).contains("<span class=\"badge up\" data-check=\"ledger\">ledger: UP</span>",
                "<td data-queue=\"jamsos.enrollment\">unknown</td>", "id=\"logout\"");

        // The budget plan on this month's statement's cohort: its workers and what they cost a month.
        ContributionStatement.Totals march = ledger.statements.cohort(YearMonth.of(2026, 3), null).totals();
        BudgetPlan expected = ledger.budget.plan();
        assertThat(expected.workers()).isEqualTo(march.workers()).isEqualTo(8);
        assertThat(expected.costPerMonth()).isEqualTo(march.total());
        // Rp 100,000 does not pay for March: the money ran out after February.
        assertThat(expected.runsOutAfter()).isEqualTo(YearMonth.of(2026, 2));
        assertThat(html).contains("<div class=\"value\">8</div><div class=\"label\">workers covered</div>",
                String.format(java.util.Locale.ROOT, "<div class=\"value\">%,d</div><div class=\"label\">due per month (Rp)",
                        march.total()),
                "<div class=\"value\">2026-02</div><div class=\"label\">runs out after</div>",
                "<p class=\"warn\" data-budget=\"runs-out\">" + expected.warning().replace("'", "&#39;") + "</p>");
    }

    /** A file's table row up to its progress cell. */
    private static String row(long id, String state, String total, int rejected, int pending, int enrolled, int refused,
                              int parked, int held, int otherPayer) {
        return "<tr class=\"file\" data-file-id=\"" + id + "\" data-state=\"" + state + "\" tabindex=\"0\" title=\"\">"
                + "<td>" + id + "</td><td>[^<]*</td><td>[^<]*</td><td><span class=\"state " + state.toLowerCase()
                + "\">" + state + "</span></td><td class=\"num\" data-count=\"total\">" + total + "</td>"
                + "<td class=\"num\" data-count=\"REJECTED\">" + rejected + "</td>"
                + "<td class=\"num\" data-count=\"PENDING\">" + pending + "</td>"
                + "<td class=\"num\" data-count=\"ENROLLED\">" + enrolled + "</td>"
                + "<td class=\"num\" data-count=\"REFUSED\">" + refused + "</td>"
                + "<td class=\"num\" data-count=\"PARKED\">" + parked + "</td>"
                + "<td class=\"num\" data-count=\"HELD\">" + held + "</td>"
                + "<td class=\"num\" data-count=\"OTHER_PAYER\">" + otherPayer + "</td>";
    }

    /**
     * The page used to ask the ledger once per agency and up to three times per file: with a few hundred
     * files that is a thousand statements per refresh. Now the count is the same for 4 files as for 120.
     */
    @Test
    void thePageAsksTheLedgerAFixedNumberOfQuestionsHoweverManyFilesThereAre() {
        Instant t = SeededStatusLedger.NOW;
        for (int a = 0; a < 2; a++) {
            for (int f = 0; f < 2; f++) {
                ledger.doneFile("agency-" + a, "small-" + f + ".csv", t.minusSeconds(3600L * (f + 1)), "no");
            }
        }
        OpsPage page = ledger.page(List.of("agency-0", "agency-1", "agency-9"));
        ledger.counted.takeCount();
        page.statusView(null);
        int few = ledger.counted.takeCount();

        for (int a = 0; a < 6; a++) {
            for (int f = 0; f < 20; f++) {
                ledger.processingFile("agency-" + a, "large-" + f + ".csv", t.minusSeconds(60L * (f + 1)), 10);
            }
        }
        ledger.counted.takeCount();
        String html = templates.render(page.statusView(null));
        int many = ledger.counted.takeCount();

        assertThat(Pattern.compile("<tr class=\"file\"").matcher(html).results().count())
                .as("15 files shown for each of the six agencies").isEqualTo(6 * OpsPage.FILES_PER_AGENCY);
        System.out.println("[status page] ledger statements: " + few + " with 4 files, " + many + " with 124 files");
        assertThat(many).isEqualTo(few);
        // Health (a connection check, no statement), purged files, files with counts, the outbox,
        // the latest claims; the budget plan's top-ups and one cohort count per programme month so far
        // (three in March, at most twelve in a year).
        assertThat(many).isLessThanOrEqualTo(4 + 1 + 3);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OpsPageTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
