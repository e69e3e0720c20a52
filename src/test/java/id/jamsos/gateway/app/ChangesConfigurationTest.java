package id.jamsos.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.changes.ChangeAnswers;
import id.jamsos.gateway.changes.ChangeRecorder;
import id.jamsos.gateway.changes.ChangeRequests;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The change route's beans as the gateway makes them: GatewayConfiguration first, then
 * ChangesConfiguration taking the ledger, the coverage ledger and the credentials alarm from it. Both
 * pass Camel's bean post-processing (whose sort of a large configuration's methods is fragile: see
 * ChangesConfiguration).
 */
class ChangesConfigurationTest {

    @Test
    void theChangeRoutesBeansAreMadeFromTheGatewaysOwn() throws Exception {
        try (HikariDataSource dataSource = LedgerDataSource.create(
                LedgerDataSource.h2MemUrl("changes-config-" + UUID.randomUUID()), "sa", "", 2)) {
            LedgerMigrations.migrate(dataSource);
            CamelContext context = new DefaultCamelContext();
            try {
                context.getPropertiesComponent().setInitialProperties(
                        Gateway.camelProperties(GatewayProperties.of(Map.of())));
                for (Object part : new GatewayConfiguration(null, dataSource, PersonalDataCipher.forTests(),
                        Clock.systemUTC()).withParts()) {
                    PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(part, "gateway");
                }
                PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(
                        new ChangesConfiguration(dataSource, Clock.systemUTC()), "changes");

                assertThat(context.getRegistry().lookupByNameAndType("changeRecorder", ChangeRecorder.class)).isNotNull();
                assertThat(context.getRegistry().lookupByNameAndType("changeAnswers", ChangeAnswers.class)).isNotNull();
                assertThat(context.getRegistry().lookupByNameAndType("changeRequests", ChangeRequests.class)).isNotNull();
                ChangeLedger changes = context.getRegistry().lookupByNameAndType("changeLedger", ChangeLedger.class);
                assertThat(changes.history("05K40000001")).isEmpty();
            } finally {
                context.stop();
            }
        }
    }
}
