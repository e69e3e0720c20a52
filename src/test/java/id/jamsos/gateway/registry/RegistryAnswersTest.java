package id.jamsos.gateway.registry;

import id.jamsos.gateway.app.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The answer reader's edges, and the request that never prints a whole NIK or the password. */
class RegistryAnswersTest {

    private final RegistryAnswers answers = new RegistryAnswers(Json.mapper(), 80);

    private static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bareJudgementsReadAsFullOrNoScore() {
        RegistryAnswer a = answers.read(200, body("{\"content\":[{\"NAMA_LGKP\":\"Sesuai\",\"TGL_LHR\":\"Tidak Sesuai\","
                + "\"EKTP_STATUS\":\"BELUM REKAM\"}]}"));

        assertThat(a.verdict().fields()).containsEntry(RegistryField.FULL_NAME, new RegistryVerdict.FieldVerdict(true, 100))
                .containsEntry(RegistryField.BIRTH_DATE, new RegistryVerdict.FieldVerdict(false, 0));
        assertThat(a.verdict().ektpRecorded()).isFalse();
    }

    @Test
    void refusalsAreAnswersThrownOnlyPastTheBreaker() {
        RegistryAnswer login = answers.read(200, body("{\"content\":[{\"RESPON\":\"Login Gagal\"}]}"));
        assertThat(login.isRefusal()).isTrue();
        assertThatThrownBy(() -> answers.verdict(login)).isInstanceOf(RegistryRefusedException.class)
                .hasMessageContaining("Login Gagal");
        assertThat(answers.read(403, body("")).refusal()).isEqualTo("HTTP 403");
        // A refusal that says "tidak ditemukan" of the user is the gateway's, not the worker's "not found".
        assertThat(answers.read(200, body("{\"content\":[{\"RESPON\":\"Login Gagal, user tidak ditemukan\"}]}"))
                .isRefusal()).isTrue();
        assertThat(answers.read(200, body("{\"content\":[{\"RESPON\":\"Data Tidak Ditemukan\"}]}")).isRefusal())
                .isFalse();
    }

    @Test
    void whatIsNotTheRegistrysAnswerIsSortedForTheRetries() {
        assertThatThrownBy(() -> answers.read(503, body("<html>"))).isInstanceOf(RegistryTransientException.class);
        assertThatThrownBy(() -> answers.read(200, body("<html>"))).isInstanceOf(RegistryTransientException.class);
        assertThatThrownBy(() -> answers.read(200, body("{\"content\":[]}"))).isInstanceOf(RegistryTransientException.class);
        assertThatThrownBy(() -> answers.read(404, body("{}"))).isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(RegistryTransientException.class);
        assertThatThrownBy(() -> answers.read(200, body("{\"content\":[{\"RESPON\":\"Layanan ditutup\"}]}")))
                .isInstanceOf(RegistryUnavailableException.class).isNotInstanceOf(RegistryTransientException.class);
        assertThatThrownBy(() -> answers.read(200, body("{\"content\":[{\"RESPON\":\"Kuota akses habis\"}]}")))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void anAnswerAboutTheWorkerInUnknownWordsIsAnUnreadableVerdictNotAFailure() {
        for (String content : List.of("{\"RESPON\":\"Data Tidak Valid, Hubungi Dinas Dukcapil (kode 17)\"}",
                "{\"NAMA_LGKP\":\"Cocok sebagian\",\"EKTP_STATUS\":\"SUDAH REKAM\"}",
                "{\"EKTP_STATUS\":\"SUDAH REKAM\"}")) {
            RegistryAnswer a = answers.read(200, body("{\"content\":[" + content + "]}"));
            assertThat(a.isRefusal()).as(content).isFalse();
            assertThat(a.verdict().kind()).as(content).isEqualTo(RegistryVerdict.Kind.UNREADABLE);
            assertThat(RegistryOutcome.of(a.verdict())).isEqualTo(RegistryOutcome.UNREADABLE);
        }
    }

    @Test
    void neitherTheRequestNorTheCredentialsPrintWhatTheyHold() throws Exception {
        RegistryRequest request = new RegistryRequest("9271010101800001", "AGUSTINUS KAMBU", LocalDate.of(1980, 1, 1),
                "SORONG", 'L', RegistryPurpose.ENROLLMENT_CHECK, "dinsos", "file 1 row 2");
        RegistryCredentials credentials = new RegistryCredentials("JAMSOS", "pass-word-value", "10.0.0.1");

        assertThat(request.toString()).doesNotContain("9271010101800001").doesNotContain("KAMBU");
        assertThat(credentials.toString()).doesNotContain("pass-word-value");
        String body = new RegistryRequests(Json.mapper(), credentials, 80).body(request);
        assertThat(body).contains("\"TGL_LHR\":\"01-01-1980\"", "\"JENIS_KLMIN\":\"LAKI-LAKI\"", "\"TRESHOLD\":80");
    }
}
