package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.finance.ArrearsWatch;
import id.jamsos.gateway.finance.LapseCheck;
import id.jamsos.gateway.finance.PaymentDesk;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OtherPayerLedger;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.OpsHealth;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly payer round (route payer-check of routes/lapse.camel.yaml) alone, against the BPJS simulator
 * over loopback HTTP and an H2 ledger: three workers enrolled in March 2025, every month paid on time, so the
 * lapse round is never due. A worker whose own contributions they pay from July (the simulator's /sim/payer
 * hook) is found by the payer round of July, on the cron's first firing (the 2nd, 09:00 WIT), and the city's
 * cover ends OTHER_PAYER with June, as the lapse round ends it; the round is not due twice in a month, and is
 * due again in August for those still covered. BPJS's July invoice no longer bills the city for the worker,
 * whose membership stays active at BPJS. A round in which too large a share is paid elsewhere ends none and
 * raises the alarm (the gauge and the otherPayerGuard health detail). The timers are replaced by direct:; the
 * call is the lapse round's own, signed, throttled, behind the breaker.
 */
class PayerRoundRouteTest extends RouteTestSupport {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final String REGION = "9671";
    private static final Instant ENROLLED = Instant.parse("2025-03-10T01:00:00Z");

    private static final BpjsSimulator sim = BpjsSimulator.start(SimulatorConfig.defaults());
    private final HikariDataSource ledgerDb = ledgerDatabase("payer-route");
    private final MutableClock clock = new MutableClock(at("2025-07-01", 10));
    private final Ledger ledger = new Ledger(ledgerDb, Clock.fixed(ENROLLED, ZoneOffset.UTC));
    private final CoverageLedger coverage = new CoverageLedger(ledgerDb, clock, CoverageLedger.DEFAULT_ZONE);
    private final PaymentLedger payments = new PaymentLedger(ledgerDb);
    private final PaymentDesk desk = new PaymentDesk(payments, new FinanceLedger(ledgerDb), LapseRouteBeans.programme2025(), REGION,
            1_000_000L, 15, CoverageLedger.DEFAULT_ZONE, clock);
    private final ArrearsWatch watch = new ArrearsWatch(desk::arrears, clock, Duration.ZERO);
    private final OtherPayerLedger otherPayers = new OtherPayerLedger(ledgerDb, clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<id.jamsos.gateway.audit.AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final LapseCheck lapseCheck = new LapseCheck(watch::current, coverage, Json.mapper(), 2,
            Duration.ofHours(24), clock, meters).auditTo(audited::add).otherPayersTo(otherPayers, REGION)
            .payerRoundsOn(StatementCron.parse("0 9 2 * *", WIT));
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
        return Map.of("jamsos.lapse.enabled", "true", "jamsos.payerCheck.enabled", "true",
                "jamsos.bpjs.url", sim.baseUrl(), "jamsos.lapse.maxRequestsPerSecond", "50",
                "jamsos.lapse.retryDelayMs", "10", "jamsos.lapse.pageSize", "2", "jamsos.bpjs.requestTimeoutMs", "3000");
    }

    private static Instant at(String date, int hour) {
        return LocalDate.parse(date).atTime(hour, 0).atZone(WIT).toInstant();
    }


    @Override
    protected void bindToRegistry(Registry registry) {
        LapseRouteBeans.bindBpjsCall(registry, sim.config());
        registry.bind("lapseCheck", lapseCheck);
    }

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

    private void bpjsAt(String date) {
        sim.setNow(at(date, 10));
    }

    private String enrollAtBpjs(String nik) throws Exception {
        EnrollmentRequest req = new EnrollmentRequest("enroll-" + nik, nik, "Pekerja " + nik.substring(12), "1990-07-05",
                "P", "Sorong", null, null, null, "081234567890", "nelayan", 1_000_000L, List.of("JKK", "JKM"), REGION);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/bpjstk/v1/peserta"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(req)));
        sign(b);
        JsonNode answer = json.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(answer.at("/metaData/code").asText()).as(answer.toString()).isEqualTo("200");
        return answer.at("/response/kpj").asText();
    }

    private static void sign(HttpRequest.Builder b) {
        SimulatorConfig c = sim.config();
        BpjsSignature.headers(c.consId(), c.secret(), c.userKey(), Instant.now().getEpochSecond()).forEach(b::header);
    }

    /** Three workers enrolled on 10 March 2025; March to June paid, at BPJS and in the gateway's books. */
    private void enrollThreePaidOnTime() throws Exception {
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
        for (int m = 3; m <= 6; m++) {
            YearMonth month = YearMonth.of(2025, m);
            sim.markPaid(REGION, month);
            payments.recordPayment(new PaymentLedger.NewPayment("SP2D-000" + m, "APBD_KOTA",
                    month.plusMonths(1).atDay(10), month, 3 * 16_800L, null), "test", ENROLLED);
        }
    }

    /** The simulator's /sim/payer hook: from {@code from} on, {@code jenis} pays for the member. */
    private void payerFrom(String kpj, String jenis, String kode, String nama, YearMonth from) throws Exception {
        Map<String, String> body = new java.util.HashMap<>(Map.of("kpj", kpj, "jenis", jenis, "dariBulan",
                from.toString()));
        if (kode != null) {
            body.put("kode", kode);
        }
        if (nama != null) {
            body.put("namaPembayar", nama);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/payer")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        JsonNode answer = json.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        assertThat(answer.path("changed").asBoolean()).as(answer.toString()).isTrue();
    }

    private JsonNode signedGet(String pathAndQuery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        sign(b);
        return json.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private List<String> invoiceKpjs(YearMonth month) throws Exception {
        JsonNode invoice = signedGet("/bpjstk/v1/tagihan?periode=" + month + "&kodeWilayah=" + REGION);
        assertThat(invoice.at("/metaData/code").asText()).as(invoice.toString()).isEqualTo("200");
        List<String> out = new ArrayList<>();
        invoice.at("/response/peserta").forEach(p -> out.add(p.get("kpj").asText()));
        return out;
    }

    private void startRoutes() throws Exception {
        AdviceWith.adviceWith(context, "lapse-check", false, a -> a.replaceFromWith("direct:lapse-check"));
        AdviceWith.adviceWith(context, "payer-check", false, a -> a.replaceFromWith("direct:payer-check"));
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

    // ---------------------------------------------------------------- the tests

    @Test
    void theMonthlyRoundEndsTheCoverOfAWorkerWhoPaysThemselvesWhileNothingIsInArrears() throws Exception {
        enrollThreePaidOnTime();
        payerFrom(kpjs.get(0), "MANDIRI", null, null, YearMonth.of(2025, 7));
        bpjsAt("2025-07-01");
        startRoutes();
        assertThat(context.getRoute("payer-check").getRoutePolicyList()).as("leader-only")
                .anyMatch(p -> p instanceof AlwaysLeader);
        assertThat(desk.arrears().monthsInArrears()).as("paid on time").isZero();
        assertThat(lapseCheck.due()).as("the lapse round is not due").isNull();

        // 1 July: the cron (the 2nd, 09:00) has not fired this month yet; BPJS is not asked.
        long before = bpjsRequests();
        template.sendBody("direct:payer-check", null);
        assertThat(bpjsRequests()).isEqualTo(before);

        // 2 July, 10:00: the round of July asks about each covered worker, once.
        clock.set(at("2025-07-02", 10));
        bpjsAt("2025-07-02");
        template.sendBody("direct:payer-check", null);
        assertThat(bpjsRequests() - before).as("one status call per covered worker").isEqualTo(3);

        CoveragePeriod ended = coverage.periods(kpjs.get(0)).get(0);
        assertThat(ended.endReason()).isEqualTo(EndReason.OTHER_PAYER);
        assertThat(ended.lastMonth()).as("the month before the member's own first").isEqualTo(YearMonth.of(2025, 6));
        assertThat(ended.endedBy()).isEqualTo("other-payer:2025-07");
        assertThat(coverage.openPeriod(kpjs.get(1))).isPresent();
        assertThat(coverage.openPeriod(kpjs.get(2))).isPresent();
        assertThat(coveredIn("2025-06")).isEqualTo(3);
        assertThat(coveredIn("2025-07")).isEqualTo(2);
        assertThat(otherPayers.ofKpj(kpjs.get(0))).singleElement().satisfies(f -> {
            assertThat(f.found().periodId()).isEqualTo(ended.id());
            assertThat(f.found().payerKind()).isEqualTo("MANDIRI");
            assertThat(f.found().fromMonth()).isEqualTo(YearMonth.of(2025, 7));
        });
        assertThat(meters.counter("jamsos.coverage.other.payer", "payer", "MANDIRI").count()).isEqualTo(1.0);
        assertThat(lapseCheck.otherPayerHeld()).isZero();
        assertThat(audited).filteredOn(e -> e.action().equals("BPJS_MEMBER_STATUS")).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(LapseCheck.PAYER_ROUND))
                .satisfies(e -> assertThat(e.detail()).contains("asked=3", "otherPayer=1"));

        // BPJS bills the city for June and no longer for July; the membership goes on, the member paying.
        assertThat(invoiceKpjs(YearMonth.of(2025, 6))).contains(kpjs.get(0));
        assertThat(invoiceKpjs(YearMonth.of(2025, 7))).doesNotContain(kpjs.get(0)).contains(kpjs.get(1), kpjs.get(2));
        assertThat(signedGet("/bpjstk/v1/peserta/kpj/" + kpjs.get(0) + "/status").at("/response/status").asText())
                .isEqualTo("AKTIF");

        // Later the same month: not due again.
        clock.set(at("2025-07-20", 10));
        long again = bpjsRequests();
        template.sendBody("direct:payer-check", null);
        assertThat(bpjsRequests()).isEqualTo(again);

        // August's round asks about the two the city still covers.
        clock.set(at("2025-08-02", 10));
        bpjsAt("2025-08-02");
        template.sendBody("direct:payer-check", null);
        assertThat(bpjsRequests() - again).isEqualTo(2);
        assertThat(coverage.openPeriod(kpjs.get(1))).isPresent();
    }

    @Test
    void aRoundWithTooLargeAShareOfOtherPayersEndsNoneAndRaisesTheAlarm() throws Exception {
        enrollThreePaidOnTime();
        for (String kpj : kpjs) {
            payerFrom(kpj, "CSR", "GNL-01", "GN Lingkaran", YearMonth.of(2025, 7));
        }
        clock.set(at("2025-07-02", 10));
        bpjsAt("2025-07-02");
        startRoutes();
        DetailCheck guard = new DetailCheck(OpsHealth.OTHER_PAYER_GUARD, () -> lapseCheck.otherPayerHeld() == 0, "held");

        template.sendBody("direct:payer-check", null);

        for (String kpj : kpjs) {
            assertThat(coverage.openPeriod(kpj)).as("held, not ended: %s", kpj).isPresent();
            assertThat(otherPayers.ofKpj(kpj)).isEmpty();
        }
        assertThat(meters.get("jamsos.lapse.other.payer.held").gauge().value()).isEqualTo(3.0);
        assertThat(lapseCheck.otherPayerHeld()).isEqualTo(3);
        assertThat(guard.call().getState().name()).as("the health detail").isEqualTo("DOWN");
    }
}
