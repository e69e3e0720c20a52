package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's route reload as docs/operations.md tells operators to turn it on: the routes loaded from a
 * folder on disk, a changed file replaces its routes, and the per-agency routes made from templates
 * survive the reload.
 */
class RouteReloadTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aChangedRouteFileIsReloadedAndTheAgencyRoutesStay() throws Exception {
        Path routes = Files.createDirectories(gateways.dir().resolve("routes"));
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path p : shipped) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        writeProbe(routes, "v1");
        GatewayFixture fx = gateways.start(Map.of(
                "camel.main.routesIncludePattern", "file:" + routes.toAbsolutePath() + "/*.camel.yaml",
                "camel.main.routesReloadEnabled", "true",
                "camel.main.routesReloadDirectory", routes.toAbsolutePath().toString()));
        ProducerTemplate producer = fx.gateway.context().createProducerTemplate();
        assertThat(producer.requestBody("direct:probe", "", String.class)).isEqualTo("v1");

        writeProbe(routes, "v2");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "v2".equals(producer.requestBody("direct:probe", "", String.class)));
        for (String agency : new String[] {DemoEnvironment.KEY_AGENCY, DemoEnvironment.PASSWORD_AGENCY}) {
            assertThat(fx.gateway.context().getRoute("intake-" + agency)).isNotNull();
            assertThat(fx.gateway.context().getRoute("sftp-writer-" + agency)).isNotNull();
        }
        assertThat(fx.gateway.context().getRoute("enroller")).isNotNull();
    }

    private static void writeProbe(Path routes, String answer) throws IOException {
        Path tmp = routes.resolve("probe.yaml.tmp");
        Files.writeString(tmp, "- route:\n    id: probe\n    from:\n      uri: direct:probe\n      steps:\n"
                + "        - setBody:\n            constant: " + answer + "\n");
        Files.move(tmp, routes.resolve("probe.camel.yaml"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
