package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import id.jamsos.gateway.cli.FinanceTailCommand;
import id.jamsos.gateway.cli.StatementCommand;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.RowState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import static id.jamsos.gateway.routes.FinanceMessages.JSON;
import static id.jamsos.gateway.routes.FinanceMessages.takeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contribution statements end on the finance queue: the monthly one once, by schedule, and none for
 * a month in which nobody was covered; an on-demand one with the differences against an invoice in
 * which BPJS lost one worker and billed a stranger.
 */
// The scheduled statement is read first: the on-demand test takes everything on the queue.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatementRouteTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.statements.enabled", "true",
            // Fires every minute, so last month's statement is due the moment the gateway starts.
            "jamsos.statements.cron", "* * * * *",
            "jamsos.statements.checkIntervalMs", "300",
            "jamsos.statements.delayMs", "0"));
    static List<String> niks = new ArrayList<>();
    static List<String> kpjs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        FileInfo file = fx.enrollSample(DemoEnvironment.PASSWORD_AGENCY, "iuran.csv", 8, 31L);
        fx.gateway().ledger().forEachRow(file.id(), r -> {
            if (r.state() == RowState.ENROLLED) {
                niks.add(r.nik());
                kpjs.add(r.kpj());
            }
        });
        assertThat(niks).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    @Order(1)
    void lastMonthsStatementIsPublishedOnceBySchedule() throws Exception {
        ZoneId wit = ZoneId.of("Asia/Jayapura");
        String previous = YearMonth.now(wit).minusMonths(1).toString();
        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            // Everyone was enrolled today: last month nobody was covered, so it has no statement,
            // however many checks (every 300 ms) go by.
            var none = takeUntil(finance, g -> false, Duration.ofSeconds(3), Duration.ofMillis(500));
            assertThat(none).noneMatch(r -> previous.equals(r.period()));

            // As if they had been enrolled on the 10th of last month: now its statement is due.
            try (Connection c = DriverManager.getConnection(fx.props().get("jamsos.ledger.url"),
                    fx.props().get("jamsos.ledger.user"), fx.props().get("jamsos.ledger.password", ""));
                 PreparedStatement ps = c.prepareStatement("UPDATE worker SET enrolled_at = ?");
                 PreparedStatement cover = c.prepareStatement("UPDATE coverage_period SET first_month = ?")) {
                ps.setTimestamp(1, Timestamp.from(YearMonth.now(wit).minusMonths(1).atDay(10).atStartOfDay(wit).toInstant()));
                assertThat(ps.executeUpdate()).isEqualTo(niks.size());
                // Cover is what a statement bills: it starts with the month enrolled.
                cover.setString(1, previous);
                assertThat(cover.executeUpdate()).isEqualTo(niks.size());
            }
            var got = takeUntil(finance, g -> g.stream().anyMatch(r -> previous.equals(r.period())),
                    Duration.ofSeconds(20), Duration.ofMillis(1500));
            List<FinanceQueueReader.Received> statements = got.stream().filter(r -> previous.equals(r.period())).toList();
            assertThat(statements).hasSize(1);
            assertThat(statements.get(0).messageType()).isEqualTo("CONTRIBUTION_STATEMENT");
            assertThat(statements.get(0).agencyId()).isEqualTo("all");
            JsonNode body = JSON.readTree(statements.get(0).body());
            assertThat(body.path("invoice").isObject()).isTrue();
            assertThat(body.path("totals").path("workers").asInt()).isEqualTo(niks.size());
        }
    }

    @Test
    @Order(3)
    void theStatementCommandPublishesNothingForAMonthWithoutWorkers() throws Exception {
        String period = "2020-01";
        StringWriter printed = new StringWriter();
        int code = StatementCommand.run(fx.props(), fx.env().agencies(), YearMonth.parse(period), null, true, false,
                new PrintWriter(printed));
        assertThat(code).isZero();
        assertThat(printed.toString()).contains("no contribution statement for 2020-01: no worker was enrolled");
        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            var got = takeUntil(finance, g -> false, Duration.ofSeconds(2), Duration.ofMillis(500));
            assertThat(got).noneMatch(r -> period.equals(r.period()));
        }
    }

    @Test
    @Order(2)
    void anOnDemandStatementListsTheTwoWorkersTheInvoiceGetsWrong() throws Exception {
        fx.env().simulator().dropFromInvoice(niks.get(0));
        fx.env().simulator().addToInvoice("88888888888", "9271016101900001", "Orang Lain", 1_500_000L);
        String period = YearMonth.now(ZoneId.of("Asia/Jayapura")).plusMonths(1).toString();
        StringWriter printed = new StringWriter();

        int code = StatementCommand.run(fx.props(), fx.env().agencies(), YearMonth.parse(period), null, true, false,
                new PrintWriter(printed));

        assertThat(code).isZero();
        assertThat(printed.toString()).contains("ENROLLED_NOT_BILLED").contains("BILLED_NOT_ENROLLED")
                .doesNotContain(niks.get(0)).doesNotContain("9271016101900001");

        // finance-tail browses: it shows the statement and leaves it on the queue.
        StringWriter tail = new StringWriter();
        int tailCode = new CommandLine(new FinanceTailCommand()).setOut(new PrintWriter(tail)).execute(
                "--config", fx.dir().resolve("no-config").toString(), "--broker", fx.env().broker().brokerUrl(),
                "--queue", fx.props().get("jamsos.finance.queue"), "--count", "100", "--timeout", "2");
        assertThat(tailCode).isZero();
        assertThat(tail.toString()).contains("CONTRIBUTION_STATEMENT statement-" + period + "-all-")
                .contains("differences=2");

        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            var got = takeUntil(finance, g -> g.stream().anyMatch(r -> period.equals(r.period())),
                    Duration.ofSeconds(10), Duration.ofMillis(500));
            List<FinanceQueueReader.Received> mine = got.stream().filter(r -> period.equals(r.period())).toList();
            assertThat(mine).hasSize(1);
            JsonNode s = JSON.readTree(mine.get(0).body());
            int n = niks.size();
            JsonNode diffs = s.path("differences");
            assertThat(diffs).hasSize(2);
            long droppedDue = diffs.get(1).path("due").asLong();
            long due = s.path("totals").path("total").asLong();
            assertThat(s.path("totals").path("workers").asInt()).isEqualTo(n);
            assertThat(due).isEqualTo(s.path("totals").path("jkk").asLong() + 6_800L * n);
            assertThat(s.path("invoice").path("workers").asInt()).isEqualTo(n);
            // 1 % of Rp 1,500,000 is Rp 15,000 of JKK, plus Rp 6,800 of JKM.
            assertThat(s.path("invoice").path("total").asLong()).isEqualTo(due - droppedDue + 21_800L);
            assertThat(s.path("difference").asLong()).isEqualTo(droppedDue - 21_800L);
            assertThat(diffs).hasSize(2);
            assertThat(diffs.get(0).path("kind").asText()).isEqualTo("BILLED_NOT_ENROLLED");
            assertThat(diffs.get(0).path("kpj").asText()).isEqualTo("88888888888");
            assertThat(diffs.get(0).path("billed").asLong()).isEqualTo(21_800L);
            assertThat(diffs.get(0).path("nikMasked").asText()).isEqualTo("9271********0001");
            assertThat(diffs.get(1).path("kind").asText()).isEqualTo("ENROLLED_NOT_BILLED");
            assertThat(diffs.get(1).path("kpj").asText()).isEqualTo(kpjs.get(0));
            assertThat(droppedDue).isBetween(16_800L, 213_800L);
            assertThat(diffs.get(1).path("agencyId").asText()).isEqualTo(DemoEnvironment.PASSWORD_AGENCY);
        }
    }
}
