package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SamplePerson;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OtherPayerLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Review A #5, through the whole gateway, its broker and the BPJS simulator over loopback HTTP: a row of
 * one agency's file is parked while BPJS answers 503; meanwhile another agency's file enrolls the same
 * person at the city's cost (a period of cover opens). The person then finds a job: from next month an
 * employer pays (the simulator's /sim/payer hook). The parked row, replayed, is answered "already registered"
 * and its membership names the employer: the row ends OTHER_PAYER and the city's open period of the same NIK
 * ends OTHER_PAYER with this month, as the lapse round would end it; finance gets one COVERAGE_ENDED and one
 * COVERED_BY_OTHER_PAYER naming the period, each valid against its schema. BPJS's invoice of next month
 * does not bill the city for the worker (its payer rule), while the membership stays active at BPJS: the
 * gateway does not deactivate it (docs/finance.md, "Workers another payer covers").
 */
class ReplayedOtherPayerTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final String TOKEN = "replay-other-payer-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aReplayedRowFoundPaidByAnotherPayerEndsTheSamePersonsOpenCityCover() throws Exception {
        GatewayFixture fx = gateways.start(GatewayExtension.settings(GatewayExtension.PARK_QUICKLY,
                "jamsos.ops.token", TOKEN, "jamsos.finance.notices.enabled", "true",
                "jamsos.finance.notices.delayMs", "100", "jamsos.finance.notices.intervalMs", "300"));
        BpjsSimulator sim = fx.env.simulator();
        SamplePerson person = SampleWorkers.people(1, 43L, 0).get(0);
        Path sample = gateways.dir().resolve("satu.csv");
        SampleWorkers.generate(sample, 1, 43L, 0);

        // 1. BPJS down: the first agency's row is parked.
        sim.faults().errorRate(1.0).errorStatus(503);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "satu.csv");
        FileInfo parked = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "satu.csv", Duration.ofSeconds(60));
        assertThat(fx.gateway.ledger().rowCounts(parked.id()).get(RowState.PARKED)).isEqualTo(1);

        // 2. BPJS back; another agency's file enrolls the same person at the city's cost.
        sim.faults().errorRate(0.0);
        fx.upload(DemoEnvironment.PASSWORD_AGENCY, sample, "satu.csv");
        FileInfo enrolled = fx.awaitFinal(DemoEnvironment.PASSWORD_AGENCY, "satu.csv", Duration.ofSeconds(60));
        assertThat(fx.gateway.ledger().rowCounts(enrolled.id()).get(RowState.ENROLLED)).isEqualTo(1);
        String kpj = sim.kpjOf(person.nik()).orElseThrow();
        CoverageLedger coverage = fx.gateway.coverage();
        CoveragePeriod open = coverage.openPeriod(kpj).orElseThrow();
        YearMonth thisMonth = open.firstMonth();

        // 3. An employer pays from next month (the simulator's hook); BPJS's calendar moves into that month.
        YearMonth next = thisMonth.plusMonths(1);
        JsonNode changed = simAdmin(sim, "/sim/payer", Map.of("nik", person.nik(), "jenis", "PEMBERI_KERJA",
                "kode", "NPP-77001", "namaPembayar", "PT Sorong Jaya", "dariBulan", next.toString()));
        assertThat(changed.path("changed").asBoolean()).as(changed.toString()).isTrue();
        sim.setNow(next.atDay(5).atTime(10, 0).atZone(WIT).toInstant());

        // 4. The parked row replayed: 208, the look-up names the employer, the row ends OTHER_PAYER.
        OpsHttp ops = new OpsHttp(fx.env.httpPort());
        HttpResponse<String> replay = ops.post("/ops/files/" + parked.id() + "/replay", OpsHttp.bearer(TOKEN), "replay");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> fx.gateway.ledger().rowCounts(parked.id())
                .get(RowState.OTHER_PAYER) == 1);
        List<LedgerRow> rows = new ArrayList<>();
        fx.gateway.ledger().forEachRow(parked.id(), rows::add);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RowState.OTHER_PAYER);
            assertThat(r.kpj()).isEqualTo(kpj);
        });

        // The city's cover of the same NIK (the other file's period) ended OTHER_PAYER with this month.
        CoveragePeriod ended = coverage.periods(kpj).get(0);
        assertThat(ended.id()).isEqualTo(open.id());
        assertThat(ended.open()).isFalse();
        assertThat(ended.endReason()).isEqualTo(EndReason.OTHER_PAYER);
        assertThat(ended.lastMonth()).isEqualTo(thisMonth);
        assertThat(ended.endedBy()).isEqualTo("other-payer:" + next);
        OtherPayerLedger findings = fx.gateway.context().getRegistry().findSingleByType(OtherPayerLedger.class);
        assertThat(findings.ofKpj(kpj)).singleElement().satisfies(f -> {
            assertThat(f.found().periodId()).isEqualTo(open.id());
            assertThat(f.found().fromMonth()).isEqualTo(next);
            assertThat(f.found().fileId()).isEqualTo(parked.id());
        });

        // Finance: one COVERAGE_ENDED (OTHER_PAYER) and one COVERED_BY_OTHER_PAYER naming the period.
        String coveredId = "covered-by-other-payer-file-" + parked.id() + "-row-" + rows.get(0).rowNo();
        String endedId = "coverage-ended-" + open.id() + "-" + thisMonth + "-OTHER_PAYER";
        List<FinanceQueueReader.Received> got;
        try (FinanceQueueReader reader = new FinanceQueueReader(fx.env.broker().brokerUrl(),
                fx.props.get("jamsos.finance.queue"))) {
            got = FinanceMessages.takeUntil(reader, r -> FinanceMessages.count(r, coveredId) > 0
                    && FinanceMessages.count(r, endedId) > 0, Duration.ofSeconds(30), Duration.ofSeconds(1));
        }
        assertThat(FinanceMessages.count(got, coveredId)).isEqualTo(1);
        assertThat(FinanceMessages.count(got, endedId)).isEqualTo(1);
        assertThat(got.stream().filter(r -> "COVERED_BY_OTHER_PAYER".equals(r.messageType()))).hasSize(1);
        JsonNode covered = FinanceMessages.JSON.readTree(got.stream().filter(r -> coveredId.equals(r.messageId()))
                .findFirst().orElseThrow().body());
        assertThat(covered.get("periodId").asLong()).isEqualTo(open.id());
        assertThat(covered.get("fromMonth").asText()).isEqualTo(next.toString());
        assertThat(covered.get("summary").asText()).contains("the city's cover (period #" + open.id() + ") ended");

        // Replayed again: nothing parked is left, nothing more ends or is told.
        HttpResponse<String> again = ops.post("/ops/files/" + parked.id() + "/replay", OpsHttp.bearer(TOKEN), "replay");
        assertThat(again.statusCode()).isIn(200, 409);
        assertThat(findings.ofKpj(kpj)).hasSize(1);

        // BPJS bills the city for this month and not for the next one; the membership stays active there.
        assertThat(invoiceKpjs(sim, thisMonth)).contains(kpj);
        assertThat(invoiceKpjs(sim, next)).doesNotContain(kpj);
        assertThat(memberStatus(sim, kpj)).isEqualTo("AKTIF");
        // The share guard's health detail is there, and UP: a single row is no round (docs/finance.md).
        assertThat(fx.gateway.context().getRegistry().findSingleByType(id.jamsos.gateway.ops.OpsHealth.class).checks())
                .containsEntry(id.jamsos.gateway.ops.OpsHealth.OTHER_PAYER_GUARD, "UP");
        // The operators see it: a badge on the status page, a detail of /ops/ready; no alarm.
        HttpResponse<String> page = ops.get("/ops", OpsHttp.bearer(TOKEN));
        assertThat(page.body()).contains("data-check=\"otherPayerGuard\">otherPayerGuard: UP")
                .doesNotContain("other-payer-held");
        HttpResponse<String> ready = ops.get("/ops/ready", OpsHttp.bearer(TOKEN));
        assertThat(ready.body()).contains("\"otherPayerGuard\":\"UP\"");
        System.out.println("[check] replayed row OTHER_PAYER; period " + open.id() + " ended " + ended.lastMonth()
                + " (" + ended.endedBy() + "); finance told " + FinanceMessages.count(got, coveredId) + "+"
                + FinanceMessages.count(got, endedId));
    }

    private JsonNode simAdmin(BpjsSimulator sim, String path, Map<String, String> body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode signedGet(BpjsSimulator sim, String pathAndQuery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        SimulatorConfig c = sim.config();
        BpjsSignature.headers(c.consId(), c.secret(), c.userKey(), Instant.now().getEpochSecond()).forEach(b::header);
        return JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private List<String> invoiceKpjs(BpjsSimulator sim, YearMonth month) throws Exception {
        JsonNode invoice = signedGet(sim, "/bpjstk/v1/tagihan?periode=" + month + "&kodeWilayah=9671");
        assertThat(invoice.at("/metaData/code").asText()).as(invoice.toString()).isEqualTo("200");
        List<String> kpjs = new ArrayList<>();
        invoice.at("/response/peserta").forEach(p -> kpjs.add(p.get("kpj").asText()));
        return kpjs;
    }

    private String memberStatus(BpjsSimulator sim, String kpj) throws Exception {
        JsonNode status = signedGet(sim, "/bpjstk/v1/peserta/kpj/" + kpj + "/status");
        return status.at("/response/status").asText();
    }
}
