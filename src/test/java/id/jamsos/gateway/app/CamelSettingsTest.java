package id.jamsos.gateway.app;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings as Camel holds them, and the beans of GatewayConfiguration taking theirs from there. */
class CamelSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theBpjsUrlLosesItsTrailingSlashesWhereverItWasSet() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "jamsos.bpjs.url=https://file.example/\n");

        assertThat(Gateway.camelProperties(GatewayProperties.load(file, k -> null))
                .getProperty("jamsos.bpjs.url")).isEqualTo("https://file.example");
        // The environment's value is the one Camel holds (GatewayProperties put it there), stripped too.
        assertThat(Gateway.camelProperties(GatewayProperties.load(file,
                Map.of("JAMSOS_BPJS_URL", "https://env.example/bpjs//")::get))
                .getProperty("jamsos.bpjs.url")).isEqualTo("https://env.example/bpjs");
        assertThat(Gateway.camelProperties(GatewayProperties.of(Map.of("jamsos.bpjs.url", "http://127.0.0.1:8089")))
                .getProperty("jamsos.bpjs.url")).isEqualTo("http://127.0.0.1:8089");
    }

    @Test
    void valuesAreTrimmedAsGatewayPropertiesGivesThem() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "jamsos.bpjs.batchSize=50   \n");

        Properties camel = Gateway.camelProperties(GatewayProperties.load(file, k -> null));

        assertThat(camel.getProperty("jamsos.bpjs.batchSize")).isEqualTo("50");
        assertThat(camel.getProperty("jamsos.queue.enrollment")).isEqualTo("jamsos.enrollment");
    }

    @Test
    void aBeanTakesItsSettingsFromCamelsPropertiesComponent() throws Exception {
        CamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setInitialProperties(Gateway.camelProperties(GatewayProperties.of(
                    Map.of("jamsos.breaker.windowCalls", "7", "jamsos.breaker.openSeconds", "11"))));
            for (Object part : new GatewayConfiguration(null, null, PersonalDataCipher.forTests(), Clock.systemUTC())
                    .withParts()) {
                PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(part, "gateway");
            }

            CircuitBreaker breaker = context.getRegistry().lookupByNameAndType("bpjsCircuitBreaker", CircuitBreaker.class);

            assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(7);
            assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(10);
        } finally {
            context.stop();
        }
    }
}
