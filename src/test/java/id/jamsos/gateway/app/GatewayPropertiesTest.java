package id.jamsos.gateway.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "jamsos.bpjs.url=http://bpjs.example:8080\njamsos.bpjs.batchSize=50\n");
        Map<String, String> env = Map.of("JAMSOS_BPJS_BATCHSIZE", "80", "JAMSOS_BPJS_SECRET", "from-env");

        GatewayProperties p = GatewayProperties.load(file, env::get);

        assertThat(p.get("jamsos.bpjs.url")).isEqualTo("http://bpjs.example:8080");
        assertThat(p.getInt("jamsos.bpjs.batchSize")).isEqualTo(80);
        assertThat(p.get("jamsos.bpjs.secret")).isEqualTo("from-env");
        assertThat(p.get("jamsos.queue.enrollment")).isEqualTo("jamsos.enrollment");
    }

    @Test
    void aMissingFileLeavesTheDefaults() throws Exception {
        GatewayProperties p = GatewayProperties.load(dir.resolve("absent.properties"), k -> null);
        assertThat(p.getInt("jamsos.enroller.concurrency")).isEqualTo(4);
    }

    @Test
    void anUnknownKeyIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> GatewayProperties.of(Map.of()).get("jamsos.nope"))
                .hasMessageContaining("jamsos.nope");
    }

    @Test
    void secretsAreRecognisedByName() {
        assertThat(GatewayProperties.isSecret("jamsos.bpjs.secret")).isTrue();
        assertThat(GatewayProperties.isSecret("jamsos.ledger.password")).isTrue();
        assertThat(GatewayProperties.isSecret("jamsos.bpjs.userKey")).isTrue();
        assertThat(GatewayProperties.isSecret("jamsos.bpjs.url")).isFalse();
    }

    @Test
    void envNamesFollowTheKey() {
        assertThat(GatewayProperties.envName("jamsos.bpjs.consId")).isEqualTo("JAMSOS_BPJS_CONSID");
    }
}
