package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Deployment's probes wait long enough for an answer: Kubernetes' default timeout (1 s) would
 * count a full GC, a busy node or the ledger's own 2 s check as a failure, restart a healthy pod or
 * take it out of its Service. And operations.md says what they are.
 */
class DeploymentProbesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    /** LedgerReadyCheck gives the database's isValid this long; readiness must wait longer. */
    private static final int LEDGER_CHECK_SECONDS = 2;

    @Test
    void everyProbeHasATimeoutLongerThanTheChecksItRuns() throws Exception {
        JsonNode deployment = new YAMLMapper().readTree(ROOT.resolve("deploy/kubernetes/deployment.yaml").toFile());
        JsonNode gateway = deployment.at("/spec/template/spec/containers/0");
        String doc = Files.readString(ROOT.resolve("docs/operations.md"), StandardCharsets.UTF_8);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode p = gateway.path(probe);
            assertThat(p.isMissingNode()).as(probe).isFalse();
            int timeout = p.path("timeoutSeconds").asInt(1);
            assertThat(timeout).as(probe + ".timeoutSeconds (1 s when absent)").isGreaterThan(LEDGER_CHECK_SECONDS);
            assertThat(timeout).as(probe + ": an answer is awaited no longer than the probe's period")
                    .isLessThanOrEqualTo(p.path("periodSeconds").asInt(10));
            assertThat(doc).as("operations.md gives " + probe + "'s timeout")
                    .containsPattern("`" + probe + "`[^\\n]*timeoutSeconds: " + timeout);
        }
    }
}
