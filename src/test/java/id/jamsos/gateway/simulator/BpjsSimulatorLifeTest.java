package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's life at the simulator after enrollment, over real HTTP with signed requests:
 * deactivation, data update, membership status, invoices of the members covered in a month,
 * payments and the lapse after three unpaid months, on the simulator's movable calendar.
 */
class BpjsSimulatorLifeTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final String REGION = "9671";
    private static final String NIK_A = "9271014507900001";
    private static final String NIK_B = "9671021203850002";
    private static final String NIK_C = "9671030101900003";
    private static final String NIK_D = "9671030101900004";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private SimulatorConfig config;
    private BpjsSimulator sim;

    @BeforeEach
    void start() {
        config = SimulatorConfig.defaults();
        sim = BpjsSimulator.start(config);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---------------------------------------------------------------- helpers

    /** Moves the simulator's calendar to 10:00 WIT of that day; the signature clock stays real. */
    private void at(String date) {
        sim.setNow(LocalDate.parse(date).atTime(10, 0).atZone(WIT).toInstant());
    }

    private HttpRequest.Builder signed(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        BpjsSignature.headers(config.consId(), config.secret(), config.userKey(), Instant.now().getEpochSecond())
                .forEach(b::header);
        return b;
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(signed(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, Object body) throws Exception {
        return http.send(signed(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(signed(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private String enroll(String nik, long income) throws Exception {
        EnrollmentRequest req = new EnrollmentRequest("enroll-" + nik, nik, "Pekerja " + nik.substring(12), "1990-07-05",
                "P", "Sorong", null, null, null, "081234567890", "nelayan", income, List.of("JKK", "JKM"), REGION);
        JsonNode env = ok(post("/bpjstk/v1/peserta", req));
        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        return env.at("/response/kpj").asText();
    }

    private HttpResponse<String> deactivate(String refId, String kpj, String alasan, String lastMonth) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refId", refId);
        body.put("kpj", kpj);
        body.put("alasan", alasan);
        body.put("bulanTerakhir", lastMonth);
        return post("/bpjstk/v1/peserta/nonaktif", body);
    }

    private HttpResponse<String> pay(String refId, String month, long amount) throws Exception {
        return post("/bpjstk/v1/pembayaran", Map.of("refId", refId, "periode", month, "kodeWilayah", REGION,
                "jumlah", amount, "referensi", "SP2D-" + refId));
    }

    private JsonNode invoice(String month) throws Exception {
        JsonNode env = ok(get("/bpjstk/v1/tagihan?periode=" + month + "&kodeWilayah=" + REGION));
        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        return env.get("response");
    }

    private static List<String> kpjs(JsonNode invoice) {
        List<String> kpjs = new ArrayList<>();
        invoice.get("peserta").forEach(l -> kpjs.add(l.get("kpj").asText()));
        return kpjs;
    }

    private JsonNode status(String kpj, String month) throws Exception {
        return ok(get("/bpjstk/v1/peserta/kpj/" + kpj + "/status?periode=" + month));
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return new ObjectMapper().readTree(r.body()).at("/metaData/code").asText();
    }

    // ---------------------------------------------------------------- deactivation

    @Test
    void deactivationEndsCoverWithItsLastMonthAndARetryGetsTheSameBytes() throws Exception {
        at("2025-03-10");
        String kpj = enroll(NIK_A, 1_000_000L);
        at("2025-05-05");

        HttpResponse<String> first = deactivate("stop-1", kpj, "DIED", "2025-04");
        JsonNode env = ok(first);
        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(env.get("response")).isEqualTo(json.readTree(
                "{\"refId\":\"stop-1\",\"kpj\":\"" + kpj + "\",\"status\":\"NONAKTIF\",\"bulanTerakhir\":\"2025-04\"}"));

        HttpResponse<String> retry = deactivate("stop-1", kpj, "DIED", "2025-04");
        assertThat(retry.body()).as("same refId, same answer byte for byte").isEqualTo(first.body());

        HttpResponse<String> second = deactivate("stop-2", kpj, "MOVED", "2025-05");
        JsonNode again = ok(second);
        assertThat(again.at("/metaData/code").asText()).as("already non-active").isEqualTo("212");
        assertThat(again.at("/metaData/message").asText()).contains("sudah nonaktif").contains("already non-active");
        assertThat(again.at("/response/bulanTerakhir").asText()).as("the month it ended").isEqualTo("2025-04");
        assertThat(deactivate("stop-2", kpj, "MOVED", "2025-05").body()).isEqualTo(second.body());

        JsonNode lookup = ok(get("/bpjstk/v1/peserta/nik/" + NIK_A));
        assertThat(lookup.at("/response/status").asText()).isEqualTo("NONAKTIF");
        assertThat(lookup.at("/response/kpj").asText()).isEqualTo(kpj);
    }

    @Test
    void deactivationOfAnUnknownKpjIs201AndBadFieldsAre412() throws Exception {
        at("2025-03-10");
        String kpj = enroll(NIK_A, 1_000_000L);

        HttpResponse<String> unknown = deactivate("u-1", "05K40081234", "DIED", "2025-03");
        JsonNode env = ok(unknown);
        assertThat(env.at("/metaData/code").asText()).isEqualTo("201");
        assertThat(env.at("/metaData/message").asText()).contains("tidak ditemukan").contains("not found");
        assertThat(env.get("response").isNull()).isTrue();

        assertThat(code(deactivate("b-1", kpj, "DEAD", "2025-03"))).as("unknown reason").isEqualTo("412");
        assertThat(code(deactivate("b-2", kpj, "DIED", "03/2025"))).as("month not yyyy-MM").isEqualTo("412");
        assertThat(code(deactivate("b-3", kpj, "DIED", "2025-01"))).as("before the first month - 1").isEqualTo("412");
        assertThat(code(deactivate("b-4", kpj, "DIED", "2025-05"))).as("more than a month ahead").isEqualTo("412");
        assertThat(code(deactivate(null, kpj, "DIED", "2025-03"))).as("no refId").isEqualTo("412");
        assertThat(code(deactivate("b-5", null, "DIED", "2025-03"))).as("no kpj").isEqualTo("412");
        HttpResponse<String> wrongType = post("/bpjstk/v1/peserta/nonaktif",
                Map.of("refId", "b-6", "kpj", kpj, "alasan", "DIED", "bulanTerakhir", 202503));
        assertThat(code(wrongType)).isEqualTo("412");
        assertThat(json.readTree(wrongType.body()).at("/metaData/message").asText()).contains("bulanTerakhir");
        assertThat(ok(get("/bpjstk/v1/peserta/nik/" + NIK_A)).at("/response/status").asText())
                .as("nothing refused changed the member").isEqualTo("AKTIF");

        // A refusal is not remembered: the corrected request may reuse its refId.
        JsonNode fixed = ok(deactivate("b-3", kpj, "WITHDRAWN", "2025-02"));
        assertThat(fixed.at("/metaData/code").asText()).as("withdrawn at once: last month before the first")
                .isEqualTo("200");
        assertThat(kpjs(invoice("2025-03"))).isEmpty();

        HttpResponse<String> malformed = http.send(signed("/bpjstk/v1/peserta/nonaktif")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kpj\": ")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(get("/bpjstk/v1/peserta/nonaktif").statusCode()).isEqualTo(405);
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                + "/bpjstk/v1/peserta/nonaktif")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- update

    @Test
    void updateChangesOnlyTheFieldsSentAndANewIncomeIsBilledFromThatMonth() throws Exception {
        at("2025-03-10");
        String kpj = enroll(NIK_A, 1_000_000L);
        at("2025-04-10");

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refId", "fix-1");
        body.put("nama", "Yohana Kambu");
        body.put("penghasilan", 2_500_000L);
        body.put("noHp", "081234567890");
        HttpResponse<String> first = put("/bpjstk/v1/peserta/" + kpj, body);
        JsonNode env = ok(first);
        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(env.at("/response/refId").asText()).isEqualTo("fix-1");
        assertThat(env.at("/response/kpj").asText()).isEqualTo(kpj);
        assertThat(env.at("/response/diubah")).as("noHp was already that number")
                .containsExactly(json.readTree("\"nama\""), json.readTree("\"penghasilan\""));
        assertThat(put("/bpjstk/v1/peserta/" + kpj, body).body()).isEqualTo(first.body());

        assertThat(ok(get("/bpjstk/v1/peserta/nik/" + NIK_A)).at("/response/nama").asText()).isEqualTo("Yohana Kambu");
        JsonNode march = invoice("2025-03");
        JsonNode april = invoice("2025-04");
        assertThat(march.at("/peserta/0/iuranJkk").asLong()).as("earlier months keep the old income").isEqualTo(10_000L);
        assertThat(april.at("/peserta/0/iuranJkk").asLong()).isEqualTo(25_000L);
        assertThat(april.at("/peserta/0/nama").asText()).isEqualTo("Yohana Kambu");
        assertThat(april.get("totalIuran").asLong()).isEqualTo(25_000L + 6_800L);

        body.put("refId", "fix-2");
        assertThat(ok(put("/bpjstk/v1/peserta/" + kpj, body)).at("/response/diubah")).as("nothing new").isEmpty();
        assertThat(code(put("/bpjstk/v1/peserta/" + kpj, Map.of("refId", "fix-3", "nik", NIK_B, "nama", "X"))))
                .as("the NIK never changes").isEqualTo("412");
        assertThat(code(put("/bpjstk/v1/peserta/" + kpj, Map.of("refId", "fix-4")))).as("nothing to change")
                .isEqualTo("412");
        assertThat(code(put("/bpjstk/v1/peserta/" + kpj, Map.of("refId", "fix-5", "penghasilan", 1.5))))
                .isEqualTo("412");
        assertThat(code(put("/bpjstk/v1/peserta/" + kpj, Map.of("refId", "fix-6", "tglLahir", "05/07/1990"))))
                .isEqualTo("412");
        assertThat(code(put("/bpjstk/v1/peserta/05K40081234", Map.of("refId", "fix-7", "nama", "X"))))
                .isEqualTo("201");
        assertThat(ok(get("/bpjstk/v1/peserta/nik/" + NIK_A)).at("/response/nik").asText()).isEqualTo(NIK_A);
    }

    // ---------------------------------------------------------------- status and payments

    @Test
    void statusCountsMonthsPaidAndConsecutiveUnpaidMonthsPastDue() throws Exception {
        at("2025-03-10");
        String kpj = enroll(NIK_A, 1_000_000L);

        HttpResponse<String> paid = pay("pay-1", "2025-03", 16_800L);
        JsonNode env = ok(paid);
        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(env.get("response")).isEqualTo(json.readTree(
                "{\"refId\":\"pay-1\",\"periode\":\"2025-03\",\"dibayar\":16800,\"sisa\":0}"));
        assertThat(pay("pay-1", "2025-03", 16_800L).body()).as("a retried payment is not paid twice")
                .isEqualTo(paid.body());

        at("2025-06-20");
        JsonNode s = status(kpj, "2025-06");
        assertThat(s.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(s.at("/response/kpj").asText()).isEqualTo(kpj);
        assertThat(s.at("/response/status").asText()).isEqualTo("AKTIF");
        assertThat(s.at("/response/bulanTerakhir").isNull()).isTrue();
        assertThat(s.at("/response/bulanDibayar").asInt()).isEqualTo(1);
        assertThat(s.at("/response/tunggakanBulan").asInt()).as("April and May are past due, June is not").isEqualTo(2);

        JsonNode part = ok(pay("pay-2", "2025-04", 10_000L));
        assertThat(part.at("/response/dibayar").asLong()).isEqualTo(10_000L);
        assertThat(part.at("/response/sisa").asLong()).isEqualTo(6_800L);
        assertThat(status(kpj, "2025-06").at("/response/bulanDibayar").asInt()).as("not yet in full").isEqualTo(1);
        JsonNode rest = ok(pay("pay-3", "2025-04", 6_800L));
        assertThat(rest.at("/response/dibayar").asLong()).isEqualTo(16_800L);
        assertThat(rest.at("/response/sisa").asLong()).isZero();
        s = status(kpj, "2025-06");
        assertThat(s.at("/response/bulanDibayar").asInt()).isEqualTo(2);
        assertThat(s.at("/response/tunggakanBulan").asInt()).as("May only").isEqualTo(1);
        assertThat(status(kpj, "2025-03").at("/response/tunggakanBulan").asInt()).isZero();

        assertThat(code(get("/bpjstk/v1/peserta/kpj/05K40081234/status?periode=2025-06"))).isEqualTo("201");
        assertThat(get("/bpjstk/v1/peserta/kpj/" + kpj + "/status?periode=June").statusCode()).isEqualTo(400);
        assertThat(code(pay("bad-1", "2025-05", 0))).isEqualTo("412");
        assertThat(code(post("/bpjstk/v1/pembayaran", Map.of("refId", "bad-2", "periode", "2025-05",
                "kodeWilayah", REGION, "jumlah", 100.5, "referensi", "SP2D-1")))).isEqualTo("412");
        assertThat(code(post("/bpjstk/v1/pembayaran", Map.of("refId", "bad-3", "periode", "2025-13",
                "kodeWilayah", REGION, "jumlah", 100, "referensi", "SP2D-1")))).isEqualTo("412");
        assertThat(code(post("/bpjstk/v1/pembayaran", Map.of("refId", "bad-4", "periode", "2025-05",
                "kodeWilayah", "96", "jumlah", 100, "referensi", "SP2D-1")))).isEqualTo("412");
        assertThat(code(post("/bpjstk/v1/pembayaran", Map.of("refId", "bad-5", "periode", "2025-05",
                "kodeWilayah", REGION, "jumlah", 100)))).as("no SP2D reference").isEqualTo("412");
        assertThat(status(kpj, "2025-06").at("/response/tunggakanBulan").asInt()).as("refused payments paid nothing")
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------- invoices

    @Test
    void invoiceListsTheMembersCoveredThatMonthWithDueDateAndNumber() throws Exception {
        at("2025-03-10");
        String a = enroll(NIK_A, 1_000_000L);
        String b = enroll(NIK_B, 3_000_000L);
        at("2025-05-10");
        String c = enroll(NIK_C, 1_000_000L);
        assertThat(ok(deactivate("moved-b", b, "MOVED", "2025-04")).at("/metaData/code").asText()).isEqualTo("200");

        assertThat(kpjs(invoice("2025-02"))).as("before anyone enrolled").isEmpty();
        JsonNode march = invoice("2025-03");
        assertThat(kpjs(march)).containsExactlyInAnyOrder(a, b);
        assertThat(march.get("nomorTagihan").asText()).isEqualTo("TAG/9671/202503");
        assertThat(march.get("jatuhTempo").asText()).as("15th of the next month").isEqualTo("2025-04-15");
        assertThat(march.get("jumlahPeserta").asInt()).isEqualTo(2);
        assertThat(march.get("totalIuran").asLong()).isEqualTo(16_800L + 36_800L);
        assertThat(kpjs(invoice("2025-04"))).containsExactlyInAnyOrder(a, b);
        JsonNode may = invoice("2025-05");
        assertThat(kpjs(may)).as("B after their last month, C from theirs").containsExactlyInAnyOrder(a, c);
        assertThat(may.get("jatuhTempo").asText()).isEqualTo("2025-06-15");
        assertThat(may.get("totalIuran").asLong()).isEqualTo(2 * 16_800L);
        assertThat(invoice("2025-05").get("nomorTagihan").asText()).as("one month, one number")
                .isEqualTo(may.get("nomorTagihan").asText());
    }

    // ---------------------------------------------------------------- lapse

    @Test
    void threeUnpaidMonthsPastDueLapseTheRegionAndItsMembersLeaveLaterInvoices() throws Exception {
        at("2025-03-10");
        String a = enroll(NIK_A, 1_000_000L);
        String b = enroll(NIK_B, 1_000_000L);
        sim.markPaid(REGION, java.time.YearMonth.of(2025, 3));

        at("2025-07-15");
        JsonNode before = status(a, "2025-07");
        assertThat(before.at("/response/status").asText()).as("June is due today, not yet past due").isEqualTo("AKTIF");
        assertThat(before.at("/response/tunggakanBulan").asInt()).isEqualTo(2);
        assertThat(kpjs(invoice("2025-07"))).containsExactlyInAnyOrder(a, b);

        HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"2025-07-16\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(json.readTree(moved.body()).get("today").asText()).isEqualTo("2025-07-16");

        JsonNode after = status(a, "2025-07");
        assertThat(after.at("/response/status").asText()).isEqualTo("NONAKTIF");
        assertThat(after.at("/response/bulanTerakhir").asText()).as("the last month paid").isEqualTo("2025-03");
        assertThat(after.at("/response/alasan").asText()).isEqualTo("LAPSED");
        assertThat(after.at("/response/bulanDibayar").asInt()).isEqualTo(1);
        assertThat(status(b, "2025-07").at("/response/status").asText()).as("every member of the region")
                .isEqualTo("NONAKTIF");
        assertThat(kpjs(invoice("2025-07"))).as("non-active members are not billed").isEmpty();
        assertThat(kpjs(invoice("2025-04"))).as("cover ended with March").isEmpty();
        assertThat(kpjs(invoice("2025-03"))).containsExactlyInAnyOrder(a, b);
        JsonNode stop = ok(deactivate("late-stop", a, "DIED", "2025-06"));
        assertThat(stop.at("/metaData/code").asText()).isEqualTo("212");
        assertThat(stop.at("/response/bulanTerakhir").asText()).isEqualTo("2025-03");
        assertThat(ok(get("/bpjstk/v1/peserta/nik/" + NIK_A)).at("/response/status").asText()).isEqualTo("NONAKTIF");

        // A new registration after the lapse: a new worker, and a lapsed one back under the same KPJ.
        String d = enroll(NIK_D, 1_000_000L);
        JsonNode back = ok(post("/bpjstk/v1/peserta", new EnrollmentRequest("again-a", NIK_A, "Yohana Kambu",
                "1990-07-05", "P", null, null, null, null, null, null, 1_000_000L, null, REGION)));
        assertThat(back.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(back.at("/response/kpj").asText()).isEqualTo(a);
        assertThat(kpjs(invoice("2025-07"))).containsExactlyInAnyOrder(a, d);
        assertThat(kpjs(invoice("2025-05"))).isEmpty();
        assertThat(status(a, "2025-07").at("/response/status").asText()).isEqualTo("AKTIF");
        assertThat(sim.stats().maxTimesAnyNikEnrolled()).as("coming back is not a second enrollment").isEqualTo(1);
    }

    @Test
    void paidMonthsKeepTheRegionCovered() throws Exception {
        at("2025-03-10");
        String a = enroll(NIK_A, 1_000_000L);
        for (String month : List.of("2025-03", "2025-04", "2025-05", "2025-06")) {
            assertThat(ok(pay("p-" + month, month, 16_800L)).at("/response/sisa").asLong()).isZero();
        }
        at("2025-09-01");
        JsonNode s = status(a, "2025-09");
        assertThat(s.at("/response/status").asText()).as("only July is past due and unpaid").isEqualTo("AKTIF");
        assertThat(s.at("/response/bulanDibayar").asInt()).isEqualTo(4);
        assertThat(s.at("/response/tunggakanBulan").asInt()).isEqualTo(1);
        at("2025-10-16");
        assertThat(status(a, "2025-10").at("/response/status").asText()).as("July, August, September unpaid")
                .isEqualTo("NONAKTIF");
        assertThat(status(a, "2025-10").at("/response/bulanTerakhir").asText()).isEqualTo("2025-06");
    }

    // ---------------------------------------------------------------- faults

    @Test
    void faultsApplyToTheNewEndpointsAndARetryAfterATimeoutGetsTheFirstOutcome() throws Exception {
        at("2025-03-10");
        String kpj = enroll(NIK_A, 1_000_000L);

        sim.faults().failNext(503);
        HttpResponse<String> refused = pay("f-pay", "2025-03", 16_800L);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(ok(pay("f-pay", "2025-03", 10_000L)).at("/response/dibayar").asLong())
                .as("the injected error recorded nothing").isEqualTo(10_000L);

        sim.faults().timeoutRate(1.0).timeoutHoldMs(100);
        HttpResponse<String> timedOut = deactivate("f-stop", kpj, "DIED", "2025-03");
        assertThat(timedOut.statusCode()).isEqualTo(504);
        sim.faults().clear();
        JsonNode retry = ok(deactivate("f-stop", kpj, "DIED", "2025-03"));
        assertThat(retry.at("/metaData/code").asText()).as("the work was done; the retry is not 'already non-active'")
                .isEqualTo("200");

        sim.faults().errorRate(1.0).errorStatus(500);
        assertThat(put("/bpjstk/v1/peserta/" + kpj, Map.of("refId", "f-fix", "nama", "Baru")).statusCode())
                .isEqualTo(500);
        assertThat(get("/bpjstk/v1/peserta/kpj/" + kpj + "/status").statusCode()).isEqualTo(500);
        sim.faults().clear();
        assertThat(ok(get("/bpjstk/v1/peserta/nik/" + NIK_A)).at("/response/nama").asText()).isNotEqualTo("Baru");
    }

    // ---------------------------------------------------------------- admin

    @Test
    void adminPaysAMonthAndMovesAndResetsTheCalendar() throws Exception {
        at("2025-03-10");
        enroll(NIK_A, 1_000_000L);
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/payments"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kodeWilayah\":\"9671\",\"periode\":\"2025-03\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(json.readTree(paid.body()).get("dibayar").asLong()).isEqualTo(16_800L);
        JsonNode stats = json.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stats.at("/paidMonths/9671/0").asText()).isEqualTo("2025-03");
        assertThat(stats.get("today").asText()).isEqualTo("2025-03-10");

        HttpResponse<String> advanced = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"advanceDays\": 30}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(advanced.body()).get("today").asText()).isEqualTo("2025-04-09");
        assertThat(json.readTree(advanced.body()).get("zone").asText()).isEqualTo("Asia/Jayapura");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"16/07/2025\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reset\": true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sim.today()).isEqualTo(LocalDate.now(WIT));
    }
}
