package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.finance.Arrears;
import id.jamsos.gateway.finance.ArrearsWatch;
import id.jamsos.gateway.finance.FinanceNotice;
import id.jamsos.gateway.finance.FinanceNotices;
import id.jamsos.gateway.finance.LapseCheck;
import id.jamsos.gateway.finance.PaymentDesk;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/lapse.camel.yaml alone, against the BPJS simulator over loopback HTTP and an H2 ledger: three
 * workers enrolled at BPJS and in the ledger in March 2025; the gateway's own books show April to June
 * unpaid past due on 16 July. When BPJS has lapsed the cohort (March paid, April to June not), the round
 * asks each worker's status (two pages of two and one), ends their cover LAPSED with March, the last
 * month paid; statements stop billing them, finance gets COVERAGE_ENDED valid against its schema, the
 * counter and the account show the lapse. When the city paid BPJS on time, BPJS keeps them active and
 * the gateway ends nobody, whatever its own books say. The timer is replaced by direct:; the call is the
 * route's own, with its breaker, retries and signature.
 */
class LapseRouteTest extends RouteTestSupport {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final String REGION = "9671";
    private static final Instant ENROLLED = Instant.parse("2025-03-10T01:00:00Z");

    /** One simulator for the class (the route's settings are read before a test's fields are made); reset per test. */
    private static final BpjsSimulator sim = BpjsSimulator.start(SimulatorConfig.defaults());
    private final HikariDataSource ledgerDb = ledgerDatabase("lapse-route");
    private final MutableClock clock = new MutableClock(LocalDate.parse("2025-07-16").atTime(10, 0).atZone(WIT).toInstant());
    private final Ledger ledger = new Ledger(ledgerDb, Clock.fixed(ENROLLED, ZoneOffset.UTC));
    private final CoverageLedger coverage = new CoverageLedger(ledgerDb, clock, CoverageLedger.DEFAULT_ZONE);
    private final PaymentLedger payments = new PaymentLedger(ledgerDb);
    private final PaymentDesk desk = new PaymentDesk(payments, new FinanceLedger(ledgerDb), LapseRouteBeans.programme2025(), REGION,
            1_000_000L, 15, CoverageLedger.DEFAULT_ZONE, clock);
    private final ArrearsWatch watch = new ArrearsWatch(desk::arrears, clock, Duration.ZERO);
    private final id.jamsos.gateway.ledger.OtherPayerLedger otherPayers =
            new id.jamsos.gateway.ledger.OtherPayerLedger(ledgerDb, clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> kpjs = new ArrayList<>();

    @Override
    protected String routeFile() {
        return "routes/lapse.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.lapse.enabled", "true", "jamsos.bpjs.url", sim.baseUrl(),
                "jamsos.lapse.maxRequestsPerSecond", "0", "jamsos.lapse.retryDelayMs", "10",
                "jamsos.lapse.pageSize", "2", "jamsos.bpjs.requestTimeoutMs", "3000");
    }


    @Override
    protected void bindToRegistry(Registry registry) {
        LapseRouteBeans.bindBpjsCall(registry, sim.config());
        registry.bind("lapseCheck", new LapseCheck(watch::current, coverage, Json.mapper(), 2, Duration.ofHours(24),
                clock, meters).auditTo(audited::add).otherPayersTo(otherPayers, REGION));
    }

    /** What the lapse check recorded in the audit trail: one entry per round of BPJS look-ups. */
    private final java.util.List<id.jamsos.gateway.audit.AuditEvent> audited =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void resetBpjs() {
        sim.reset();
    }

    @AfterEach
    void close() {
        ledgerDb.close();
    }

    @AfterAll
    static void stopBpjs() {
        sim.close();
    }

    // ---------------------------------------------------------------- the set-up

    /** The simulator's calendar at 10:00 WIT of that day (the signature clock stays real). */
    private void bpjsAt(String date) {
        sim.setNow(LocalDate.parse(date).atTime(10, 0).atZone(WIT).toInstant());
    }

    private String enrollAtBpjs(String nik) throws Exception {
        EnrollmentRequest req = new EnrollmentRequest("enroll-" + nik, nik, "Pekerja " + nik.substring(12), "1990-07-05",
                "P", "Sorong", null, null, null, "081234567890", "nelayan", 1_000_000L, List.of("JKK", "JKM"), REGION);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/bpjstk/v1/peserta"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(req)));
        SimulatorConfig c = sim.config();
        BpjsSignature.headers(c.consId(), c.secret(), c.userKey(), Instant.now().getEpochSecond()).forEach(b::header);
        JsonNode answer = json.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(answer.at("/metaData/code").asText()).as(answer.toString()).isEqualTo("200");
        return answer.at("/response/kpj").asText();
    }

    /** Three workers enrolled at BPJS on 10 March 2025 and recorded in the ledger under BPJS's KPJs. */
    private void enrollThree() throws Exception {
        bpjsAt("2025-03-10");
        long file = ledger.registerFile("AG1", "maret.csv", "e".repeat(64), ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int row = 1; row <= 3; row++) {
            String nik = String.format("967103010190%04d", row);
            String kpj = enrollAtBpjs(nik);
            kpjs.add(kpj);
            rows.add(new LedgerRow(file, row, nik, "Pekerja " + row, RowState.PENDING, List.of(), "key-" + row, null,
                    null));
            outcomes.add(new RowOutcome(file, row, RowState.ENROLLED, kpj, null, "AG1", "Sorong Timur"));
        }
        ledger.insertRows(file, rows);
        ledger.completeIntake(file, 3, 0);
        ledger.recordOutcomes(outcomes);
        // The gateway knows of March's payment only; April to June are unpaid past due in its books.
        payments.recordPayment(new PaymentLedger.NewPayment("SP2D-0001", "APBD_KOTA", LocalDate.parse("2025-04-10"),
                YearMonth.parse("2025-03"), 3 * 16_800L, null), "test", ENROLLED);
    }

    private void startRoutes() throws Exception {
        AdviceWith.adviceWith(context, "lapse-check", false, a -> a.replaceFromWith("direct:lapse-check"));
        super.start();
    }

    private long bpjsRequests() {
        return sim.stats().totalRequests();
    }

    private int coveredIn(String month) {
        AtomicInteger n = new AtomicInteger();
        new FinanceLedger(ledgerDb).forEachWorkerCoveredIn(YearMonth.parse(month), null, w -> n.incrementAndGet());
        return n.get();
    }

    private double lapsedCounter() {
        return meters.counter("jamsos.coverage.lapsed").count();
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void aCohortBpjsLapsedAfterThreeUnpaidMonthsEndsLapsedWithTheLastMonthPaid() throws Exception {
        enrollThree();
        sim.markPaid(REGION, YearMonth.of(2025, 3));
        // 16 July: June, the third unpaid month, is past due; BPJS lapses the region at its next request.
        bpjsAt("2025-07-16");
        startRoutes();
        // BPJS could not answer twice: retried through the breaker, and the round goes on.
        sim.faults().failNext(503, 503);
        Arrears.Summary before = desk.arrears();
        assertThat(before.consecutive()).as("April, May, June unpaid past due").isEqualTo(3);
        long asked = bpjsRequests();

        template.sendBody("direct:lapse-check", null);

        assertThat(bpjsRequests() - asked).as("one status call per worker, two of them retried").isEqualTo(5);
        for (String kpj : kpjs) {
            List<CoveragePeriod> periods = coverage.periods(kpj);
            assertThat(periods).hasSize(1);
            CoveragePeriod p = periods.get(0);
            assertThat(p.endReason()).isEqualTo(EndReason.LAPSED);
            assertThat(p.lastMonth()).as("BPJS's last month: the last one paid").isEqualTo(YearMonth.of(2025, 3));
            assertThat(p.endedBy()).isEqualTo("lapse:2025-04");
        }
        // Statements bill the workers covered in a month: March still, April no longer.
        assertThat(coveredIn("2025-03")).isEqualTo(3);
        assertThat(coveredIn("2025-04")).isZero();
        assertThat(coveredIn("2025-07")).isZero();
        assertThat(lapsedCounter()).isEqualTo(3.0);
        Arrears.Summary after = desk.arrears();
        assertThat(after.lapsedWorkers()).isEqualTo(3);
        assertThat(after.lapsedText()).isEqualTo("2025-03: 3");

        // Finance is told as after a death: one COVERAGE_ENDED per period, valid against its schema.
        FinanceNotices notices = new FinanceNotices(desk, coverage, kpj -> ledger.findWorkerByKpj(kpj).map(w -> w.nik()),
                id -> "Dinas " + id, watch, 100, Json.mapper(), clock);
        List<FinanceNotice> ended = notices.pending().stream()
                .filter(n -> n.kind() == FinanceNotice.Kind.COVERAGE_ENDED).toList();
        assertThat(ended).hasSize(3);
        for (FinanceNotice n : ended) {
            JsonNode body = FinanceMessages.JSON.readTree(notices.json(n));
            FinanceMessages.validate(body, n.messageId());
            assertThat(body.get("endReason").asText()).isEqualTo("LAPSED");
            assertThat(body.get("lastMonth").asText()).isEqualTo("2025-03");
            assertThat(body.get("monthsCovered").asInt()).isEqualTo(1);
        }

        // Asked again (a new day): nobody is covered any more, BPJS is not asked.
        clock.set(clock.instant().plus(Duration.ofDays(2)));
        long again = bpjsRequests();
        template.sendBody("direct:lapse-check", null);
        assertThat(bpjsRequests()).isEqualTo(again);
        assertThat(lapsedCounter()).isEqualTo(3.0);
        assertThat(audited).as("the round's look-ups at BPJS, audited once")
                .filteredOn(e -> e.action().equals("BPJS_MEMBER_STATUS")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("asked=3", "lapsed=3"))
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("OK"));
    }

    @Test
    void aWorkerAnEmployerPaysForFromJuneEndsOtherPayerWithMayAndFinanceIsTold() throws Exception {
        enrollThree();
        for (int month = 3; month <= 6; month++) {
            sim.markPaid(REGION, YearMonth.of(2025, month));
        }
        // The first worker got a job: from June the employer pays, and BPJS's June invoice no longer lists them.
        assertThat(sim.changePayer(kpjs.get(0), "PEMBERI_KERJA", "NPP-7788", "PT Sorong Jaya", YearMonth.of(2025, 6)))
                .isTrue();
        bpjsAt("2025-07-16");
        startRoutes();
        assertThat(desk.arrears().consecutive()).as("the gateway has not recorded the payments").isEqualTo(3);

        template.sendBody("direct:lapse-check", null);

        CoveragePeriod ended = coverage.periods(kpjs.get(0)).get(0);
        assertThat(ended.endReason()).isEqualTo(EndReason.OTHER_PAYER);
        assertThat(ended.lastMonth()).as("the month before the employer's first").isEqualTo(YearMonth.of(2025, 5));
        assertThat(ended.endedBy()).isEqualTo("other-payer:2025-06");
        assertThat(coverage.openPeriod(kpjs.get(1))).isPresent();
        assertThat(coverage.openPeriod(kpjs.get(2))).isPresent();
        // The statements: May still billed for three, June for the two the city still pays.
        assertThat(coveredIn("2025-05")).isEqualTo(3);
        assertThat(coveredIn("2025-06")).isEqualTo(2);
        assertThat(lapsedCounter()).isZero();
        assertThat(meters.counter("jamsos.coverage.other.payer", "payer", "PEMBERI_KERJA").count()).isEqualTo(1.0);

        // Finance: COVERAGE_ENDED (OTHER_PAYER) and COVERED_BY_OTHER_PAYER naming the employer, both valid.
        FinanceNotices notices = new FinanceNotices(desk, coverage, kpj -> ledger.findWorkerByKpj(kpj).map(w -> w.nik()),
                id -> "Dinas " + id, watch, 100, Json.mapper(), clock).otherPayersTo(otherPayers);
        List<FinanceNotice> pending = notices.pending();
        FinanceNotice end = pending.stream().filter(n -> n.kind() == FinanceNotice.Kind.COVERAGE_ENDED).findFirst()
                .orElseThrow();
        JsonNode endBody = FinanceMessages.JSON.readTree(notices.json(end));
        FinanceMessages.validate(endBody, end.messageId());
        assertThat(endBody.get("endReason").asText()).isEqualTo("OTHER_PAYER");
        assertThat(endBody.get("lastMonth").asText()).isEqualTo("2025-05");
        FinanceNotice told = pending.stream().filter(n -> n.kind() == FinanceNotice.Kind.COVERED_BY_OTHER_PAYER)
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                        l -> { assertThat(l).hasSize(1); return l.get(0); }));
        JsonNode body = FinanceMessages.JSON.readTree(notices.json(told));
        FinanceMessages.validate(body, told.messageId());
        assertThat(told.messageId()).isEqualTo("covered-by-other-payer-period-" + ended.id());
        assertThat(body.get("found").asText()).isEqualTo("STATUS_CHECK");
        assertThat(body.get("kpj").asText()).isEqualTo(kpjs.get(0));
        assertThat(body.get("fromMonth").asText()).isEqualTo("2025-06");
        assertThat(body.at("/payer/kind").asText()).isEqualTo("PEMBERI_KERJA");
        assertThat(body.at("/payer/name").asText()).isEqualTo("PT Sorong Jaya");
        assertThat(body.at("/agency/id").asText()).isEqualTo("AG1");
        assertThat(body.get("nikMasked").asText()).isEqualTo("9671********0001");
        notices.sent(told);
        assertThat(otherPayers.unannounced(10)).isEmpty();

        // Asked again (a new day): the worker is no longer the city's, nothing more is ended or told.
        clock.set(clock.instant().plus(Duration.ofDays(2)));
        template.sendBody("direct:lapse-check", null);
        assertThat(coverage.openPeriod(kpjs.get(1))).isPresent();
        assertThat(otherPayers.ofKpj(kpjs.get(0))).hasSize(1);
    }

    @Test
    void whenTooLargeAShareOfTheRoundIsPaidElsewhereNoneIsEndedAndTheAlarmIsRaised() throws Exception {
        enrollThree();
        for (int month = 3; month <= 6; month++) {
            sim.markPaid(REGION, YearMonth.of(2025, month));
        }
        // All three at once "paid by another payer": more than the 5% share and at least three.
        for (String kpj : kpjs) {
            assertThat(sim.changePayer(kpj, "PEMBERI_KERJA", "NPP-7788", "PT Sorong Jaya", YearMonth.of(2025, 6))).isTrue();
        }
        bpjsAt("2025-07-16");
        startRoutes();

        template.sendBody("direct:lapse-check", null);

        for (String kpj : kpjs) {
            assertThat(coverage.openPeriod(kpj)).as("no cover ended on a suspicious round").isPresent();
            assertThat(otherPayers.ofKpj(kpj)).isEmpty();
        }
        assertThat(meters.get("jamsos.lapse.other.payer.held").gauge().value()).isEqualTo(3.0);
        assertThat(meters.counter("jamsos.coverage.other.payer", "payer", "PEMBERI_KERJA").count()).isZero();
    }

    @Test
    void aCohortPaidOnTimeAtBpjsNeverLapsesWhateverTheGatewaysBooksSay() throws Exception {
        enrollThree();
        for (int month = 3; month <= 6; month++) {
            sim.markPaid(REGION, YearMonth.of(2025, month));
        }
        bpjsAt("2025-07-16");
        startRoutes();
        assertThat(desk.arrears().consecutive()).as("the gateway has not recorded the payments").isEqualTo(3);
        long asked = bpjsRequests();

        template.sendBody("direct:lapse-check", null);

        assertThat(bpjsRequests() - asked).as("each covered worker asked once").isEqualTo(3);
        for (String kpj : kpjs) {
            assertThat(coverage.openPeriod(kpj)).as("still covered: BPJS says AKTIF").isPresent();
        }
        assertThat(coveredIn("2025-07")).isEqualTo(3);
        assertThat(lapsedCounter()).isZero();
        assertThat(desk.arrears().lapsedWorkers()).isZero();
    }

    @Test
    void withNoMonthInArrearsBpjsIsNotAsked() throws Exception {
        enrollThree();
        for (int month = 4; month <= 6; month++) {
            sim.markPaid(REGION, YearMonth.of(2025, month));
            payments.recordPayment(new PaymentLedger.NewPayment("SP2D-000" + month, "APBD_KOTA",
                    LocalDate.parse("2025-07-01"), YearMonth.of(2025, month), 3 * 16_800L, null), "test", ENROLLED);
        }
        sim.markPaid(REGION, YearMonth.of(2025, 3));
        bpjsAt("2025-07-16");
        startRoutes();
        long asked = bpjsRequests();

        template.sendBody("direct:lapse-check", null);

        assertThat(bpjsRequests()).isEqualTo(asked);
        assertThat(coveredIn("2025-07")).isEqualTo(3);
    }

    @Test
    void aWorkerThatCannotBeAskedAboutIsCountedUnknownAndTheRoundGoesOnToTheEnd() throws Exception {
        // First in the round (the lowest period id): a worker whose KPJ no status URL may carry.
        long odd = ledger.registerFile("AG1", "odd.csv", "o".repeat(64), ENROLLED).fileId();
        ledger.insertRows(odd, List.of(new LedgerRow(odd, 1, "9671030101909999", "Pekerja Ganjil", RowState.PENDING,
                List.of(), "key-odd", null, null)));
        ledger.completeIntake(odd, 1, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(odd, 1, RowState.ENROLLED, "kpj/odd", null, "AG1",
                "Sorong Timur")));
        enrollThree();
        sim.markPaid(REGION, YearMonth.of(2025, 3));
        bpjsAt("2025-07-16");
        startRoutes();
        long asked = bpjsRequests();

        template.sendBody("direct:lapse-check", null);

        assertThat(bpjsRequests() - asked).as("the three after the odd one asked").isEqualTo(3);
        for (String kpj : kpjs) {
            assertThat(coverage.periods(kpj).get(0).endReason()).isEqualTo(EndReason.LAPSED);
        }
        assertThat(coverage.openPeriod("kpj/odd")).as("not asked, left as is").isPresent();
        assertThat(lapsedCounter()).isEqualTo(3.0);
        assertThat(meters.counter("jamsos.lapse.unreadable").count()).isEqualTo(1.0);
        // The round finished: not due again the same day.
        long again = bpjsRequests();
        template.sendBody("direct:lapse-check", null);
        assertThat(bpjsRequests()).isEqualTo(again);
    }

    @Test
    void bpjsDownStillStopsTheRound() throws Exception {
        enrollThree();
        sim.markPaid(REGION, YearMonth.of(2025, 3));
        bpjsAt("2025-07-16");
        startRoutes();
        // Every attempt for the first worker fails: a first call and jamsos.lapse.retries (3) more.
        sim.faults().failNext(503, 503, 503, 503);
        long asked = bpjsRequests();

        template.sendBody("direct:lapse-check", null);

        assertThat(bpjsRequests() - asked).as("the first worker's four attempts, nobody after").isEqualTo(4);
        assertThat(lapsedCounter()).isZero();
        assertThat(meters.counter("jamsos.lapse.unreadable").count()).isZero();
        // The round did not finish: due again at the next check, which finds BPJS answering.
        template.sendBody("direct:lapse-check", null);
        assertThat(lapsedCounter()).isEqualTo(3.0);
        assertThat(audited).extracting(e -> e.action() + " " + e.outcome())
                .containsExactly("BPJS_MEMBER_STATUS FAILED", "BPJS_MEMBER_STATUS OK");
    }
}
