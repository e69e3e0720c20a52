package id.jamsos.gateway.ops;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorAuthTest {

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSecretFromBasicAsOperatorOrFromBearer() {
        assertThat(OperatorAuth.presentedSecret(basic("operator:s3cr:et"))).isEqualTo("s3cr:et");
        assertThat(OperatorAuth.presentedSecret("Bearer  abc ")).isEqualTo("abc");
        assertThat(OperatorAuth.presentedSecret("bearer abc")).isEqualTo("abc");
    }

    @Test
    void anyOtherUserOrSchemeIsAWrongSecretNotAnError() {
        assertThat(OperatorAuth.presentedSecret(basic("admin:s3cret"))).isEmpty();
        assertThat(OperatorAuth.presentedSecret("Basic !!!notbase64")).isEmpty();
        assertThat(OperatorAuth.presentedSecret("Digest x")).isEmpty();
        assertThat(OperatorAuth.presentedSecret(null)).isNull();
    }

    @Test
    void findsTheSessionCookieAmongOthers() {
        assertThat(OperatorAuth.cookie("a=1; jamsos_ops=xyz; b=2", OperatorAuth.COOKIE)).isEqualTo("xyz");
        assertThat(OperatorAuth.cookie("a=1", OperatorAuth.COOKIE)).isNull();
    }

    @Test
    void anOriginIsTheSameHostWhenItsHostAndAnyPortMatchWhateverTheScheme() {
        HostAndPort gw = HostAndPort.create("gw.kota.example", 8080);
        assertThat(OperatorAuth.sameHost("http://gw.kota.example:8080", gw)).isTrue();
        assertThat(OperatorAuth.sameHost("https://GW.kota.example", gw)).as("TLS ended at a proxy").isTrue();
        assertThat(OperatorAuth.sameHost("http://gw.kota.example:8081", gw)).isFalse();
        assertThat(OperatorAuth.sameHost("http://evil.kota.example:8080", gw)).isFalse();
        assertThat(OperatorAuth.sameHost("null", gw)).as("an opaque origin (sandboxed frame, file:)").isFalse();
        assertThat(OperatorAuth.sameHost("http://[::1]:8080", HostAndPort.create("[::1]", 8080))).isTrue();
        assertThat(OperatorAuth.sameHost("http://gw.kota.example", null)).isFalse();
    }
}
