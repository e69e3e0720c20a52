package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.CoverageReportSchedule;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.finance.FinanceSigner;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerProfile;
import jakarta.jms.JMSException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * routes/coverage-report.camel.yaml alone, on a real H2 ledger of three workers: on 2 April (WIT) March's
 * report goes to the finance queue signed, valid against its schema, without a NIK or a name, and is
 * recorded once the broker took it, so the next check sends nothing; a broker failure records nothing.
 * The timer is replaced by direct:, the broker by a mock.
 */
class CoverageReportRouteTest extends RouteTestSupport {

    private static final String FINANCE_QUEUE = "test.finance";
    private static final KeyPair KEYS = FinanceSignature.generate();
    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final HikariDataSource LEDGER = ledgerDatabase("coverage-report-route");
    private static final List<String> NIKS = new ArrayList<>();

    static {
        Instant january = Instant.parse("2026-01-10T01:00:00Z");
        Ledger ledger = new Ledger(LEDGER, Clock.fixed(january, ZoneOffset.UTC), PersonalDataCipher.forTests(), WIT);
        long file = ledger.registerFile("AG1", "jan.csv", "a".repeat(64), january).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String nik = "927101450190000" + i;
            NIKS.add(nik);
            rows.add(new LedgerRow(file, i, nik, "Nama Rahasia " + i, RowState.PENDING, List.of(), "k" + i, null, null,
                    1_000_000L, null));
            outcomes.add(new RowOutcome(file, i, RowState.ENROLLED, "K0000100000" + i, null, "AG1", "Sorong",
                    new WorkerProfile("Klasaman", "nelayan", i == 1 ? "P" : "L", 1980 + i)));
        }
        ledger.insertRows(file, rows);
        ledger.completeIntake(file, 3, 0);
        ledger.recordOutcomes(outcomes);
    }

    private final CoverageReportSchedule schedule = new CoverageReportSchedule(
            new CoverageReportBuilder(LEDGER, new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12),
                    List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", 2_200_000_000L, "5.1", List.of())),
                    "APBD_KOTA"), 1_000_000L, WIT, Clock.fixed(Instant.parse("2026-04-01T23:00:00Z"), ZoneOffset.UTC)),
            LEDGER, StatementCron.parse("0 7 1 * *", WIT), List.of(Dimension.values()), Json.mapper(),
            // 2 April, 08:00 WIT: the cron fired yesterday; March is due.
            Clock.fixed(Instant.parse("2026-04-01T23:00:00Z"), ZoneOffset.UTC));

    @AfterAll
    static void closeLedger() {
        LEDGER.close();
    }

    @Override
    protected String routeFile() {
        return "routes/coverage-report.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.coverageReport.enabled", "true", "jamsos.finance.queue", FINANCE_QUEUE);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("coverageReportSchedule", schedule);
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("financeSigner", new FinanceSigner(new FinanceSignature.Signer(KEYS.getPrivate(), KEYS.getPublic())));
    }

    private MockEndpoint startWithMocks() throws Exception {
        // The queue the route names, once its placeholder is resolved: where jamsos.finance.queue says.
        assertThat(ProcessorDefinitionHelper.filterTypeInOutputs(
                        context.getRouteDefinition("coverage-report-monthly").getOutputs(), ToDefinition.class).stream()
                .map(to -> context.resolvePropertyPlaceholders(to.getUri()))
                .filter(uri -> uri.startsWith("activemq:")).toList()).containsExactly("activemq:queue:" + FINANCE_QUEUE);
        AdviceWith.adviceWith(context, "coverage-report-monthly", false, a -> {
            a.replaceFromWith("direct:coverage-report");
            a.weaveByToUri("activemq:*").replace().to("mock:finance");
        });
        start();
        return getMockEndpoint("mock:finance");
    }

    @Test
    void lastMonthsReportGoesToFinanceSignedOnceAndIsRecorded() throws Exception {
        MockEndpoint finance = startWithMocks();
        finance.whenAnyExchangeReceived(e -> {
            if (brokerDown) {
                throw new JMSException("broker down");
            }
        });
        // The broker down: nothing recorded, the next check sends it.
        brokerDown = true;
        Exchange failed = template.send("direct:coverage-report", e -> { });
        assertThat(failed.getException()).isNull();
        assertThat(schedule.sentAt(YearMonth.of(2026, 3))).isEmpty();
        brokerDown = false;
        finance.reset();
        finance.expectedMessageCount(1);

        template.sendBody("direct:coverage-report", null);
        template.sendBody("direct:coverage-report", null);

        finance.assertIsSatisfied();
        Message sent = finance.getExchanges().get(0).getMessage();
        String body = sent.getBody(String.class);
        assertThat(sent.getHeader("messageType")).isEqualTo("COVERAGE_REPORT");
        assertThat(sent.getHeader("messageId")).isEqualTo("coverage-report-2026-03");
        assertThat(sent.getHeader("period")).isEqualTo("2026-03");
        assertThat(FinanceSignature.verify(List.of(KEYS.getPublic()), "COVERAGE_REPORT", "coverage-report-2026-03", body,
                sent.getHeader(Headers.SIGNATURE, String.class))).isEqualTo(FinanceSignature.Verdict.VALID);
        JsonNode json = Json.mapper().readTree(body);
        FinanceMessages.validate(json, "coverage-report-2026-03");
        assertThat(json.path("total").path("active").asLong()).isEqualTo(3);
        // 3 workers x (JKK Rp 10,000 + JKM Rp 6,800).
        assertThat(json.path("total").path("spent").asLong()).isEqualTo(3 * 16_800L);
        assertThat(json.path("dimensions").path("jenis_kelamin")).hasSize(2);
        for (String nik : NIKS) {
            assertThat(body).doesNotContain(nik).doesNotContain("Nama Rahasia");
        }
        assertThat(schedule.sentAt(YearMonth.of(2026, 3))).isPresent();
    }

    private static volatile boolean brokerDown;
}
