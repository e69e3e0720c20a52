package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.registry.RegistryAnswers;
import id.jamsos.gateway.registry.RegistryCredentials;
import id.jamsos.gateway.registry.RegistryFailures;
import id.jamsos.gateway.registry.RegistryRequests;
import id.jamsos.gateway.registry.RegistryUsage;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * routes/registry.camel.yaml with the defaults (jamsos.registry.enabled=false, no credentials), as every
 * gateway without an access agreement loads it: its routes are built but do not start, so nothing is
 * called or counted, and a caller asking anyway is told at once that no one listens.
 */
class RegistryRouteDisabledTest extends RouteTestSupport {

    private final HikariDataSource ledgerDb = ledgerDatabase("registry-disabled");
    private final RegistryUsageLedger usage = new RegistryUsageLedger(ledgerDb);

    @Override
    protected String routeFile() {
        return "routes/registry.camel.yaml";
    }

    /** The beans as RegistryConfiguration makes them from the defaults: empty credentials, threshold 80. */
    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("registryRequests", new RegistryRequests(Json.mapper(), new RegistryCredentials("", "", ""), 80));
        registry.bind("registryAnswers", new RegistryAnswers(Json.mapper(), 80));
        registry.bind("registryFailures", new RegistryFailures());
        registry.bind("registryUsage", new RegistryUsage(usage, Clock.systemUTC(), ZoneId.of("Asia/Jayapura")));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
    }

    @Test
    void offByDefaultTheRoutesStayStoppedAndNothingIsCalledOrCounted() {
        start();

        assertThat(context.getRouteController().getRouteStatus("registry-verify")).isEqualTo(ServiceStatus.Stopped);
        assertThat(context.getRouteController().getRouteStatus("registry-call")).isEqualTo(ServiceStatus.Stopped);
        // block=false: a direct endpoint waits 30 s for a consumer by default.
        assertThatThrownBy(() -> template.requestBody("direct:registry-verify?block=false", "anything"))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(DirectConsumerNotAvailableException.class);
        assertThat(usage.between(YearMonth.of(2000, 1), YearMonth.of(2100, 12))).isEmpty();
    }

    @AfterEach
    void closeLedger() {
        ledgerDb.close();
    }
}
