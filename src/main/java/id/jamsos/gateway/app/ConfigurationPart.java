package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * What the parts of {@link GatewayConfiguration} share: the agencies, the ledger's pool, the
 * personal-data keys, the clock, the JSON mapper and what Camel closes on stop. The parts exist only
 * to keep each configuration class under 32 {@code @BindToRegistry} methods (see
 * {@link EnrollerConfiguration}); this class has none, so Camel's scan of a part finds only the part's own.
 */
abstract class ConfigurationPart {

    final AgencyRegistryHolder agencies;
    final DataSource dataSource;
    final PersonalDataCipher pii;
    final Clock clock;
    final ObjectMapper json = Json.mapper();
    final ClosedOnStop closedOnStop;

    ConfigurationPart(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                      ClosedOnStop closedOnStop) {
        this.agencies = agencies;
        this.dataSource = dataSource;
        this.pii = pii;
        this.clock = clock;
        this.closedOnStop = closedOnStop;
    }

    /** A setting by name from Camel's properties component, for the helpers shared with the commands. */
    static Function<String, String> settings(CamelContext context) {
        return k -> context.getPropertiesComponent().resolveProperty(k).map(String::trim).orElse("");
    }
}
