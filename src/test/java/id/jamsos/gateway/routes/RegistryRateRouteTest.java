package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.registry.RegistryAnswers;
import id.jamsos.gateway.registry.RegistryCredentials;
import id.jamsos.gateway.registry.RegistryFailures;
import id.jamsos.gateway.registry.RegistryPurpose;
import id.jamsos.gateway.registry.RegistryRequest;
import id.jamsos.gateway.registry.RegistryRequests;
import id.jamsos.gateway.registry.RegistryUsage;
import id.jamsos.gateway.registry.RegistryVerdict;
import id.jamsos.gateway.simulator.RegistryPopulation;
import id.jamsos.gateway.simulator.RegistrySimulator;
import id.jamsos.gateway.simulator.RegistrySimulatorConfig;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry route's throttle: with jamsos.registry.ratePerSecond=2 against a registry that answers
 * 429 past 3 calls in a second, calls made as fast as the caller can are spread out, and the registry
 * never has to refuse one.
 */
class RegistryRateRouteTest extends RouteTestSupport {

    private final RegistrySimulatorConfig simConfig = RegistrySimulatorConfig.defaults().withSample(0, 42L, 0);
    /** Started on first use: the settings are asked for in the test support's constructor. */
    private RegistrySimulator sim;
    private final HikariDataSource ledgerDb = ledgerDatabase("registry-rate");

    private RegistrySimulator sim() {
        if (sim == null) {
            sim = RegistrySimulator.start(RegistrySimulatorConfig.defaults().withSample(0, 42L, 0));
            sim.faults().rateLimitPerSecond(3);
        }
        return sim;
    }

    @Override
    protected String routeFile() {
        return "routes/registry.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.registry.enabled", "true", "jamsos.registry.url", sim().serviceUrl(),
                "jamsos.registry.ratePerSecond", "2", "jamsos.registry.retries", "0");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("registryRequests", new RegistryRequests(Json.mapper(),
                new RegistryCredentials(simConfig.userId(), simConfig.password(), "10.10.1.20"), 80));
        registry.bind("registryAnswers", new RegistryAnswers(Json.mapper(), 80));
        registry.bind("registryFailures", new RegistryFailures());
        registry.bind("registryUsage", new RegistryUsage(new RegistryUsageLedger(ledgerDb), Clock.systemUTC(),
                ZoneId.of("Asia/Jayapura")));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("http", BpjsHttp.component(null));
    }

    @Test
    void callsAreSpreadToTheAgreedRateAndTheRegistryRefusesNone() {
        start();
        RegistryPopulation.Person p = RegistryPopulation.MATCHING;
        RegistryRequest request = new RegistryRequest(p.nik(), p.fullName(), p.birthDate(), null, 'L',
                RegistryPurpose.ENROLLMENT_CHECK, "dinsos", "rate");

        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            assertThat(template.requestBody("direct:registry-verify", request, RegistryVerdict.class).allMatch()).isTrue();
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        // Six calls at two a second: the third and fifth waited for a permit, two periods in all.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1900);
        assertThat(sim().answers()).containsEntry("MATCH", 6L).doesNotContainKey("HTTP_429");
    }

    @AfterEach
    void closeSimulatorAndLedger() {
        sim().close();
        ledgerDb.close();
    }
}
