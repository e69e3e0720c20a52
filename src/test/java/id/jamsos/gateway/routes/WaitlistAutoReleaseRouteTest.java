package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.cluster.TaskLock;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ops.WaitlistAutoRelease;
import id.jamsos.gateway.ops.WaitlistRelease;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * routes/waitlist.camel.yaml alone, on an H2 ledger: a programme of April to June 2026 whose budget
 * carries three workers for the three months and one more for one month; three are covered from April,
 * a fourth row waits WAITLISTED (in May it needs May and June). A death in April, its claim paid in May,
 * frees two workers' months: the next round of the route releases the row to the enrollment queue without a command, once; while another process holds
 * the release lock, nothing is released here; under WARN nothing is released. The timer is replaced by
 * direct:, the broker by a mock.
 */
class WaitlistAutoReleaseRouteTest extends RouteTestSupport {

    /** The workers were enrolled in April; the rounds run in May. */
    private static final Instant ENROLLED = Instant.parse("2026-04-10T01:00:00Z");
    private static final Instant NOW = Instant.parse("2026-05-10T01:00:00Z");
    private static final long MONTH = 16_800L;

    private final HikariDataSource ledgerDb = ledgerDatabase("waitlist-release");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final PersonalDataCipher pii = PersonalDataCipher.forTests();
    private final Ledger ledger = new Ledger(ledgerDb, Clock.fixed(ENROLLED, ZoneOffset.UTC), pii);
    private final CoverageLedger coverage = new CoverageLedger(ledgerDb, clock, CoverageLedger.DEFAULT_ZONE);
    private final BudgetPlanner planner = new BudgetPlanner(programme(), new BudgetLedger(ledgerDb, pii, clock),
            1_000_000L, CoverageLedger.DEFAULT_ZONE, clock);
    private final List<String> kpjs = new ArrayList<>();
    private long fileId;

    @Override
    protected String routeFile() {
        return "routes/waitlist.camel.yaml";
    }

    private static Programme programme() {
        return Programme.from(Map.of("jamsos.programme.id", "2026", "jamsos.programme.firstMonth", "2026-04",
                "jamsos.programme.lastMonth", "2026-06", "jamsos.programme.sources", "APBD_KOTA",
                "jamsos.programme.defaultSource", "APBD_KOTA", "jamsos.programme.source.APBD_KOTA.name", "APBD Kota",
                "jamsos.programme.source.APBD_KOTA.budget", String.valueOf(3 * 3 * MONTH + MONTH),
                "jamsos.programme.source.APBD_KOTA.account", "5.1.02.01.001")::get);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("waitlistAutoRelease", autoRelease(OverBudgetPolicy.WAITLIST));
    }

    /** As PaymentsConfiguration makes it: jobs to direct:waitlist-job, the release lock on the ledger. */
    private WaitlistAutoRelease autoRelease(OverBudgetPolicy policy) {
        return new WaitlistAutoRelease(new WaitlistRelease(planner, pii, Json.mapper(),
                (file, agency, sealedJob) -> template.sendBodyAndHeaders("direct:waitlist-job", ExchangePattern.InOnly,
                        sealedJob, Map.of(Headers.FILE_ID, file, Headers.AGENCY_ID, agency)),
                25, new TaskLock(ledgerDb, WaitlistRelease.LOCK, 60_000)), policy);
    }

    @AfterEach
    void closeLedger() {
        ledgerDb.close();
    }

    /** Three workers covered from April, and row 4 waitlisted with its stored request. */
    private void threeCoveredOneWaiting() throws Exception {
        fileId = ledger.registerFile("AG1", "april.csv", "e".repeat(64), ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int row = 1; row <= 4; row++) {
            rows.add(new LedgerRow(fileId, row, String.format("9271%012d", row), "Pekerja " + row,
                    row < 4 ? RowState.PENDING : RowState.WAITLISTED, List.of(), "key-" + row, null, null, 1_000_000L,
                    null));
            if (row < 4) {
                String kpj = String.format("05K4%07d", row);
                kpjs.add(kpj);
                outcomes.add(new RowOutcome(fileId, row, RowState.ENROLLED, kpj, null, "AG1", "Sorong Timur"));
            }
        }
        ledger.insertRows(fileId, rows);
        EnrollmentJob.Item waiting = new EnrollmentJob.Item(4, "Sorong Timur", new EnrollmentRequest("ref-4",
                String.format("9271%012d", 4), "Pekerja 4", "1990-07-05", "P", "Sorong", null, null, "Sorong Timur", null,
                "nelayan", 1_000_000L, List.of("JKK", "JKM"), "9671"));
        new OpsQueries(ledgerDb, pii).storeItems(fileId, Map.of(4, Json.mapper().writeValueAsString(waiting)));
        ledger.completeIntake(fileId, 4, 0);
        ledger.recordOutcomes(outcomes);
    }

    private MockEndpoint startWithMocks() throws Exception {
        threeCoveredOneWaiting();
        AdviceWith.adviceWith(context, "waitlist-auto-release", false,
                a -> a.replaceFromWith("direct:waitlist-release"));
        AdviceWith.adviceWith(context, "waitlist-job", false,
                a -> a.weaveByToUri("activemq:*").replace().to("mock:enrollment"));
        start();
        return getMockEndpoint("mock:enrollment");
    }

    private RowState stateOfRow4() {
        List<RowState> states = new ArrayList<>();
        ledger.forEachRow(fileId, r -> {
            if (r.rowNo() == 4) {
                states.add(r.state());
            }
        });
        return states.get(0);
    }

    @Test
    void aWaitlistedRowIsReleasedOnceAfterADeathFreesMoneyWithoutACommand() throws Exception {
        MockEndpoint queue = startWithMocks();

        template.sendBody("direct:waitlist-release", null);
        assertThat(queue.getReceivedCounter()).as("the budget carries three for two months, not a fourth").isZero();
        assertThat(stateOfRow4()).isEqualTo(RowState.WAITLISTED);

        // A paid JKM claim ends cover with April: May's contribution is freed.
        coverage.end(kpjs.get(0), YearMonth.of(2026, 4), EndReason.DIED, "claim:JKM-1");
        template.sendBody("direct:waitlist-release", null);

        assertThat(queue.getReceivedCounter()).isEqualTo(1);
        Message job = queue.getExchanges().get(0).getMessage();
        assertThat(job.getHeader(Headers.FILE_ID, Long.class)).isEqualTo(fileId);
        assertThat(job.getHeader(Headers.AGENCY_ID)).isEqualTo("AG1");
        JsonNode opened = Json.mapper().readTree(new JobSeal(pii, false).open(job.getBody(String.class)));
        assertThat(opened.at("/items/0/rowNo").asInt()).isEqualTo(4);
        assertThat(opened.at("/items/0/request/refId").asText()).as("the stored request, BPJS's refId").isEqualTo("ref-4");
        assertThat(stateOfRow4()).isEqualTo(RowState.PENDING);

        // Again: nothing waits, nothing is sent twice.
        template.sendBody("direct:waitlist-release", null);
        assertThat(queue.getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void whileAnotherProcessReleasesNothingIsReleasedHere() throws Exception {
        MockEndpoint queue = startWithMocks();
        coverage.end(kpjs.get(0), YearMonth.of(2026, 4), EndReason.DIED, "claim:JKM-1");

        // Another replica (or `budget release`) holds the lock meanwhile.
        new TaskLock(ledgerDb, WaitlistRelease.LOCK, 60_000).runAlone(() -> {
            template.sendBody("direct:waitlist-release", null);
            return null;
        });
        assertThat(queue.getReceivedCounter()).isZero();
        assertThat(stateOfRow4()).isEqualTo(RowState.WAITLISTED);

        template.sendBody("direct:waitlist-release", null);
        assertThat(queue.getReceivedCounter()).isEqualTo(1);
        assertThat(stateOfRow4()).isEqualTo(RowState.PENDING);
    }

    @Test
    void underWarnNothingIsDue() throws Exception {
        startWithMocks();
        coverage.end(kpjs.get(0), YearMonth.of(2026, 4), EndReason.DIED, "claim:JKM-1");

        assertThat(autoRelease(OverBudgetPolicy.WARN).due()).isFalse();
        assertThat(autoRelease(OverBudgetPolicy.WAITLIST).due()).as("the same ledger under WAITLIST").isTrue();
    }
}
