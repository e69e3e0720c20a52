package id.jamsos.gateway.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.MemberStatus;
import id.jamsos.gateway.bpjs.Payer;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading BPJS's membership answer with its {@code pembayar}, and the decision of each row answered 208:
 * an active member another payer pays for ends OTHER_PAYER; the city's own member, an answer without a
 * payer, a non-active membership or "not found" leave the row ENROLLED as BPJS decided it (argued in
 * OtherPayers' class comment).
 */
class OtherPayersTest {

    private static final String REGION = "9671";
    private static final String NIK = "9671034507900001";
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OtherPayers payers = new OtherPayers(Json.mapper(),
            Clock.fixed(Instant.parse("2025-05-31T20:00:00Z"), ZoneOffset.UTC), ZoneId.of("Asia/Jayapura"))
            .meters(meters);
    private final OtherPayers.Ask ask = new OtherPayers.Ask(7, 3, NIK, "05K40081234", REGION, "AG1");

    private static byte[] answer(String response) {
        return ("{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"},\"response\":" + response + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String membership(String status, String pembayar) {
        return "{\"nik\":\"" + NIK + "\",\"kpj\":\"05K40081234\",\"nama\":\"Sari\",\"status\":\"" + status
                + "\",\"tglDaftar\":\"2024-11-02\"" + (pembayar == null ? "" : ",\"pembayar\":" + pembayar) + "}";
    }

    private OtherPayers.Decided decide(OtherPayers.Answer a) {
        List<RowOutcome> outcomes = List.of(
                new RowOutcome(7, 2, RowState.ENROLLED, "05K40080001", null, "AG1", "Sorong"),
                new RowOutcome(7, 3, RowState.ENROLLED, "05K40081234", "BPJS 208: Sudah terdaftar / already registered",
                        "AG1", "Sorong"));
        return payers.decide(new ArrayList<>(List.of(a)), outcomes);
    }

    @Test
    void onlyRowsAnswered208AreLookedUp() {
        EnrollmentRequest req = new EnrollmentRequest("r", NIK, "Sari", "1990-07-05", "P", null, null, null, null, null,
                null, 1_000_000L, List.of("JKK", "JKM"), REGION);
        EnrollmentJob job = new EnrollmentJob(7, "AG1", "f.csv", List.of(new EnrollmentJob.Item(2, "Sorong", req),
                new EnrollmentJob.Item(3, "Sorong", req), new EnrollmentJob.Item(4, "Sorong", req)));
        List<OtherPayers.Ask> asks = payers.asks(List.of(
                new RowOutcome(7, 2, RowState.ENROLLED, "K1", null, "AG1", "Sorong"),
                new RowOutcome(7, 3, RowState.ENROLLED, "K2", "BPJS 208: Sudah terdaftar", "AG1", "Sorong"),
                new RowOutcome(7, 4, RowState.REFUSED, null, "BPJS 411: NIK", "AG1", "Sorong")), job);
        assertThat(asks).singleElement().satisfies(a -> {
            assertThat(a.rowNo()).isEqualTo(3);
            assertThat(a.kpj()).isEqualTo("K2");
            assertThat(a.regionCode()).isEqualTo(REGION);
            assertThat(a.toString()).doesNotContain(NIK);
        });
        assertThat(payers.path(asks.get(0))).isEqualTo("/nik/" + NIK);
    }

    @Test
    void aSelfPayingActiveMemberEndsOtherPayerWithTheBilingualReasonAndAFinding() {
        OtherPayers.Answer a = payers.read(answer(membership("AKTIF",
                "{\"jenis\":\"MANDIRI\",\"kode\":null,\"nama\":null,\"sejak\":\"2024-11\"}")), 200, null, ask);
        assertThat(a.membership().pembayar().kind()).isEqualTo(Payer.MANDIRI);
        OtherPayers.Decided d = decide(a);
        assertThat(d.outcomes().get(0).state()).isEqualTo(RowState.ENROLLED);
        RowOutcome o = d.outcomes().get(1);
        assertThat(o.state()).isEqualTo(RowState.OTHER_PAYER);
        assertThat(o.kpj()).isEqualTo("05K40081234");
        assertThat(o.reason()).isEqualTo("Sudah menjadi peserta aktif BPJS Ketenagakerjaan yang dibayar oleh peserta"
                + " sendiri (mandiri) (KPJ 05K40081234) - tidak didaftarkan atas biaya kota; kirim lagi bila pembayar lain berhenti membayar"
                + " / Already an active BPJS Ketenagakerjaan member paid by the member themselves (self-paying) (KPJ"
                + " 05K40081234); not enrolled at the city's cost; send it again if the other payer stops paying");
        assertThat(o.reason().split(" / ")).hasSize(2);
        assertThat(d.found()).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo("file:7/row:3");
            assertThat(f.nikMasked()).isEqualTo("9671********0001");
            assertThat(f.payerKind()).isEqualTo("MANDIRI");
            // 1 June 2025 in Sorong (UTC+9): the month the city would have started paying.
            assertThat(f.fromMonth()).hasToString("2025-06");
        });
        assertThat(meters.counter("jamsos.enrollment.other.payer", "payer", "MANDIRI").count()).isEqualTo(1.0);
    }

    @Test
    void anotherRegionOrAPayerOfAKindNotKnownYetIsAnotherPayerTheCitysOwnIsNot() {
        assertThat(decide(payers.read(answer(membership("AKTIF",
                "{\"jenis\":\"PEMDA\",\"kode\":\"9101\",\"nama\":\"Pemkab Jayapura\"}")), 200, null, ask))
                .outcomes().get(1).state()).isEqualTo(RowState.OTHER_PAYER);
        OtherPayers.Decided odd = decide(payers.read(answer(membership("AKTIF",
                "{\"jenis\":\"BPU_KOLEKTIF\",\"kode\":\"K-9\",\"nama\":\"Koperasi Nelayan\"}")), 200, null, ask));
        assertThat(odd.outcomes().get(1).state()).isEqualTo(RowState.OTHER_PAYER);
        assertThat(odd.outcomes().get(1).reason()).contains("pembayar lain Koperasi Nelayan (K-9)",
                "another payer Koperasi Nelayan (K-9)");
        assertThat(odd.found().get(0).payerKind()).isEqualTo("BPU_KOLEKTIF");
        OtherPayers.Decided own = decide(payers.read(answer(membership("AKTIF",
                "{\"jenis\":\"PEMDA\",\"kode\":\"9671\",\"nama\":\"Pemkot Sorong\",\"sejak\":\"2024-11\"}")), 200, null, ask));
        assertThat(own.outcomes().get(1).state()).isEqualTo(RowState.ENROLLED);
        assertThat(own.found()).isEmpty();
    }

    @Test
    void aPayerTheAnswerDoesNotNameIsUnknownNotAnotherPayerAndRegionCodesCompareByDigits() {
        // An empty pembayar, a null kind, a PEMDA without its code: who pays is not said; the row stays
        // ENROLLED and is counted unknown (never "someone else" on a guess).
        for (String pembayar : List.of("{}", "{\"jenis\":null,\"kode\":\"9671\"}", "{\"jenis\":\" \"}",
                "{\"jenis\":\"PEMDA\",\"kode\":null,\"nama\":\"Pemkot\"}", "{\"jenis\":\"PEMDA\",\"kode\":\"-\"}")) {
            OtherPayers.Decided d = decide(payers.read(answer(membership("AKTIF", pembayar)), 200, null, ask));
            assertThat(d.outcomes().get(1).state()).as(pembayar).isEqualTo(RowState.ENROLLED);
            assertThat(d.found()).as(pembayar).isEmpty();
        }
        assertThat(meters.counter("jamsos.enrollment.payer.unknown").count()).isEqualTo(5.0);
        // The city's own code written otherwise is still the city.
        for (String kode : List.of("96.71", " 9671 ", "96-71")) {
            OtherPayers.Decided own = decide(payers.read(answer(membership("AKTIF",
                    "{\"jenis\":\"pemda\",\"kode\":\"" + kode + "\"}")), 200, null, ask));
            assertThat(own.outcomes().get(1).state()).as(kode).isEqualTo(RowState.ENROLLED);
        }
        assertThat(new Payer("PEMDA", "96.71", null, null).isRegion("9671")).isTrue();
        // The city under either of its codes (jamsos.regionCode plus jamsos.payerRegionCodes), s13 finding 3.
        assertThat(new Payer("PEMDA", "92.71", null, null).isRegion("9671,92.71")).isTrue();
        assertThat(new Payer("PEMDA", "92.71", null, null).isOtherThan("9671, 9271")).isFalse();
        assertThat(new Payer("PEMDA", "9101", null, null).isOtherThan("9671,9271")).isTrue();
        assertThat(new Payer("PEMDA", "9271", null, null).isRegion("9671,")).isFalse();
        assertThat(new Payer("PEMDA", "9671", null, null).isRegion(" 96.71")).isTrue();
        assertThat(new Payer("PEMDA", "9101", null, null).isOtherThan("9671")).isTrue();
        assertThat(new Payer("PEMDA", null, null, null).isOtherThan("9671")).isFalse();
        assertThat(new Payer(null, "9101", null, null).isOtherThan("9671")).isFalse();
        assertThat(new Payer("MANDIRI", null, null, null).isOtherThan("9671")).isTrue();
    }

    @Test
    void aLookUpThatFailedAfterItsRetriesLeavesThePayerUnknownAndTheRowEnrolled() {
        OtherPayers.Answer failed = payers.unanswered(ask,
                new TransientDeliveryException("membership of row 3: endpoint answered HTTP 503 for " + NIK, 0, null));
        assertThat(failed.membership()).isNull();
        assertThat(failed.problem()).contains("503").doesNotContain(NIK);
        OtherPayers.Decided d = decide(failed);
        assertThat(d.outcomes()).extracting(RowOutcome::state).containsExactly(RowState.ENROLLED, RowState.ENROLLED);
        assertThat(d.found()).isEmpty();
        assertThat(meters.counter("jamsos.enrollment.payer.unknown").count()).isEqualTo(1.0);
    }

    @Test
    void noPayerSaidANonActiveMembershipOrNotFoundKeepTheRowEnrolledAndAreCounted() {
        OtherPayers.Answer noPayer = payers.read(answer(membership("AKTIF", null)), 200, null, ask);
        assertThat(noPayer.membership().pembayar()).isNull();
        assertThat(decide(noPayer).outcomes().get(1).state()).isEqualTo(RowState.ENROLLED);
        OtherPayers.Answer lapsed = payers.read(answer(membership("NONAKTIF",
                "{\"jenis\":\"MANDIRI\"}")), 200, null, ask);
        assertThat(decide(lapsed).outcomes().get(1).state()).isEqualTo(RowState.ENROLLED);
        OtherPayers.Answer notFound = payers.read(("{\"metaData\":{\"code\":\"201\",\"message\":\"Peserta tidak"
                + " ditemukan\"},\"response\":null}").getBytes(StandardCharsets.UTF_8), 200, null, ask);
        assertThat(notFound.membership()).isNull();
        assertThat(decide(notFound).found()).isEmpty();
        assertThat(meters.counter("jamsos.enrollment.payer.unknown").count()).isEqualTo(3.0);
    }

    @Test
    void whatBpjsCouldNotAnswerIsTransientRefusedCredentialsAreNot() {
        assertThatThrownBy(() -> payers.read("busy".getBytes(StandardCharsets.UTF_8), 503, "2", ask))
                .isInstanceOf(TransientDeliveryException.class);
        assertThatThrownBy(() -> payers.read("<html>".getBytes(StandardCharsets.UTF_8), 200, null, ask))
                .isInstanceOf(TransientDeliveryException.class);
        assertThatThrownBy(() -> payers.read(("{\"metaData\":{\"code\":\"401\",\"message\":\"signature\"},"
                + "\"response\":null}").getBytes(StandardCharsets.UTF_8), 401, null, ask))
                .isInstanceOf(CredentialsRefusedException.class);
    }

    @Test
    void theStatusAnswerCarriesThePayerAndAnAnswerWithoutItStillReads() throws Exception {
        TypeReference<Envelope<MemberStatus>> type = new TypeReference<>() {
        };
        MemberStatus with = Json.mapper().readValue(answer("{\"kpj\":\"05K40081234\",\"status\":\"AKTIF\","
                + "\"bulanTerakhir\":null,\"alasan\":null,\"bulanDibayar\":4,\"tunggakanBulan\":0,\"pembayar\":"
                + "{\"jenis\":\"PEMBERI_KERJA\",\"kode\":\"NPP-1\",\"nama\":\"PT Sorong Jaya\",\"sejak\":\"2025-06\"}}"),
                type).response();
        assertThat(with.pembayar()).isEqualTo(new Payer("PEMBERI_KERJA", "NPP-1", "PT Sorong Jaya", "2025-06"));
        assertThat(with.pembayar().isRegion(REGION)).isFalse();
        MemberStatus without = Json.mapper().readValue(answer("{\"kpj\":\"05K40081234\",\"status\":\"AKTIF\"}"), type)
                .response();
        assertThat(without.pembayar()).isNull();
        assertThat(new Payer("pemda", " 9671 ", null, null).isRegion("9671")).isTrue();
        assertThat(new Payer(null, null, null, null).kind()).isEqualTo("UNKNOWN");
    }
}
