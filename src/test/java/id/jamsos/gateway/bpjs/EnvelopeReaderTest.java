package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.core.type.TypeReference;
import id.jamsos.gateway.app.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A GET's answer as the http producer hands it over: only HTTP 200 with metaData 200 and a response is one. */
class EnvelopeReaderTest {

    static final EnvelopeReader<Membership> READER = new EnvelopeReader<>("GET /bpjstk/v1/peserta/nik/x",
            Json.mapper(), new TypeReference<>() {
            });
    static final String OK = "{\"code\":\"200\",\"message\":\"OK\"}";
    static final String MEMBER = "{\"nik\":\"9271014505900001\",\"kpj\":\"05K40081234\",\"status\":\"AKTIF\"}";

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSoundAnswerIsItsResponse() {
        assertThat(READER.response(bytes("{\"metaData\":" + OK + ",\"response\":" + MEMBER + "}"), 200).kpj())
                .isEqualTo("05K40081234");
    }

    @Test
    void aStatusOrACodeOtherThan200OrNoResponseIsAFailedCallNamingThem() {
        assertThatThrownBy(() -> READER.response(bytes("{\"metaData\":{\"code\":\"503\",\"message\":\"sibuk\"}}"), 503))
                .isInstanceOf(BpjsCallException.class)
                .hasMessage("GET /bpjstk/v1/peserta/nik/x: HTTP 503, metaData 503 sibuk");
        // A business refusal comes with HTTP 200.
        assertThatThrownBy(() -> READER.response(bytes("{\"metaData\":{\"code\":\"201\",\"message\":\"tidak ada\"},"
                + "\"response\":null}"), 200))
                .isInstanceOf(BpjsCallException.class).hasMessageEndingWith("HTTP 200, metaData 201 tidak ada");
        assertThatThrownBy(() -> READER.response(bytes("{\"metaData\":" + OK + "}"), 200))
                .isInstanceOf(BpjsCallException.class).hasMessageEndingWith("HTTP 200, metaData 200 OK");
        assertThatThrownBy(() -> READER.response(bytes("{\"metaData\":" + OK + ",\"response\":" + MEMBER + "}"), 202))
                .isInstanceOf(BpjsCallException.class).hasMessageContaining("HTTP 202");
    }

    @Test
    void noBodyOrNoJsonIsNoReadableEnvelope() {
        for (byte[] body : new byte[][] {null, new byte[0], bytes("<html>Bad Gateway</html>")}) {
            assertThatThrownBy(() -> READER.response(body, 502))
                    .isInstanceOf(BpjsCallException.class)
                    .hasMessage("GET /bpjstk/v1/peserta/nik/x: HTTP 502 with no readable envelope");
        }
    }

    @Test
    void aKeySentTwiceIsRefusedAndNamedWithoutTheAnswersValues() {
        assertThatThrownBy(() -> READER.response(bytes("{\"metaData\":" + OK + ",\"response\":" + MEMBER
                + ",\"response\":{\"kpj\":\"99999999999\"}}"), 200))
                .isInstanceOf(BpjsCallException.class)
                .hasMessageContaining("a key sent twice (Duplicate field 'response')")
                .hasMessageNotContaining("9271014505900001")
                .hasMessageNotContaining("99999999999");
    }

    @Test
    void aFailureOnTheWayIsNamedAsSuchAndATlsOneSaysWhereToLook() {
        assertThat(BpjsCallException.describe("GET /x", new java.net.ConnectException("Connection refused")))
                .isEqualTo("GET /x: endpoint unreachable: java.net.ConnectException: Connection refused");
        assertThat(BpjsCallException.describe("GET /x", new javax.net.ssl.SSLHandshakeException("PKIX")))
                .startsWith("GET /x: TLS with the endpoint failed").contains("jamsos.bpjs.tls.*");
        assertThat(BpjsCallException.describe("GET /x", new BpjsCallException("GET /x: HTTP 503, metaData 503 sibuk", null)))
                .isEqualTo("GET /x: HTTP 503, metaData 503 sibuk");
        // Not the endpoint's: the ledger's or the broker's failure stays as it is.
        assertThat(BpjsCallException.describe("GET /x", new IllegalStateException("ledger down")))
                .isEqualTo("java.lang.IllegalStateException: ledger down");
    }
}
