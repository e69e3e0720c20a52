package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.registry.RegistryAnswers;
import id.jamsos.gateway.registry.RegistryCredentials;
import id.jamsos.gateway.registry.RegistryFailures;
import id.jamsos.gateway.registry.RegistryRequests;
import id.jamsos.gateway.registry.RegistryUsage;
import java.time.Clock;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * The population registry's beans (routes/registry.camel.yaml, docs/registry-api.md): the request
 * writer with the access agreement's credentials, the answer reader, the failure sorting of the circuit
 * breaker's fallback and the usage record. A part of {@link GatewayConfiguration} of its own (see
 * {@link EnrollerConfiguration} for why the parts). Every bean is lazy and opens nothing: with
 * jamsos.registry.enabled=false (the default) Camel still makes them when it builds the routes, which
 * then do not start, so nothing is called and nothing counted.
 *
 * <p>The circuit breaker is not a bean here: it is configured in the route itself. A second
 * {@code CircuitBreaker} in the registry would make the enroller's beans, which take theirs by type,
 * ambiguous.
 */
public final class RegistryConfiguration extends ConfigurationPart {

    RegistryConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
            ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    /** The password is jamsos.registry.password, from JAMSOS_REGISTRY_PASSWORD; never printed. */
    @BindToRegistry(value = "registryRequests", lazy = true)
    public RegistryRequests registryRequests(@PropertyInject("jamsos.registry.userId") String userId,
            @PropertyInject("jamsos.registry.password") String password,
            @PropertyInject("jamsos.registry.ipUser") String ipUser,
            @PropertyInject("jamsos.registry.threshold") int threshold) {
        return new RegistryRequests(json, new RegistryCredentials(userId.trim(), password.trim(), ipUser.trim()),
                threshold);
    }

    @BindToRegistry(value = "registryAnswers", lazy = true)
    public RegistryAnswers registryAnswers(@PropertyInject("jamsos.registry.threshold") int threshold) {
        return new RegistryAnswers(json, threshold);
    }

    @BindToRegistry(value = "registryFailures", lazy = true)
    public RegistryFailures registryFailures() {
        return new RegistryFailures();
    }

    @BindToRegistry(value = "registryUsageLedger", lazy = true)
    public RegistryUsageLedger registryUsageLedger() {
        return new RegistryUsageLedger(dataSource);
    }

    @BindToRegistry(value = "registryUsage", lazy = true)
    public RegistryUsage registryUsage(RegistryUsageLedger ledger, @PropertyInject("jamsos.finance.zone") String zone) {
        return new RegistryUsage(ledger, clock, ZoneId.of(zone.trim()));
    }
}
