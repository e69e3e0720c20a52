package id.jamsos.gateway.routes;

import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.enrollment.EndpointFailures;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.simulator.SimulatorConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.spi.Registry;

/**
 * What routes/lapse.camel.yaml's tests (LapseRouteTest, PayerRoundRouteTest) bind alike: the 2025 programme
 * and the signed BPJS call on the simulator, with the round as leader.
 */
final class LapseRouteBeans {

    private LapseRouteBeans() {
    }

    /** Programme 2025 (March to December), one source: the city's budget. */
    static Programme programme2025() {
        return Programme.from(Map.of("jamsos.programme.id", "2025", "jamsos.programme.firstMonth", "2025-03",
                "jamsos.programme.lastMonth", "2025-12", "jamsos.programme.sources", "APBD_KOTA",
                "jamsos.programme.defaultSource", "APBD_KOTA", "jamsos.programme.source.APBD_KOTA.name", "APBD Kota",
                "jamsos.programme.source.APBD_KOTA.budget", "2200000000",
                "jamsos.programme.source.APBD_KOTA.account", "5.1.02.01.001")::get);
    }

    /**
     * The leader policy and the BPJS call's beans on the simulator {@code c}: the gateway's breaker settings in
     * spirit, wide enough that the tests' retried 503s do not open it.
     */
    static void bindBpjsCall(Registry registry, SimulatorConfig c) {
        registry.bind("intakeLeadership", new RouteTestSupport.AlwaysLeader());
        registry.bind("http", BpjsHttp.component(null));
        registry.bind("bpjsSigner", new RequestSigner(c.consId(), c.secret(), c.userKey(), Clock.systemUTC()));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("bpjsCircuitBreaker", CircuitBreaker.of("bpjs-endpoint", CircuitBreakerConfig.custom()
                .slidingWindowSize(50).minimumNumberOfCalls(50).recordException(EndpointFailures::endpointFailed)
                .build()));
    }
}
