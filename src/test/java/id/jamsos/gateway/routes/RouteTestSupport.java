package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * A route test: one file of routes/ loaded alone in Camel Main, with the gateway's default settings
 * (jamsos-defaults.properties) and the test's own on top. The context is not started before the test
 * has replaced the broker, SFTP and HTTP endpoints with AdviceWith; {@link #start} does it then.
 */
abstract class RouteTestSupport extends CamelMainTestSupport {

    /** The route file under test, from the project root (where Maven runs the tests). */
    protected abstract String routeFile();

    /** Settings of this test that differ from jamsos-defaults.properties. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties properties = jamsosSettings();
        properties.putAll(settings());
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:" + routeFile());
    }

    /** After the advice: the routes as the test changed them. */
    protected void start() {
        context.start();
    }

    /** A ledger of its own for one test: H2 in memory in PostgreSQL mode, migrated as the gateway migrates. */
    static HikariDataSource ledgerDatabase(String name) {
        HikariDataSource dataSource = LedgerDataSource.create("jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 4);
        LedgerMigrations.migrate(dataSource);
        return dataSource;
    }

    /**
     * The jamsos.* defaults only: the camel.* ones would start the HTTP server and the management port,
     * and their routesIncludePattern would load every route file.
     */
    static Properties jamsosSettings() {
        Properties all = new Properties();
        try (InputStream in = RouteTestSupport.class.getResourceAsStream("/jamsos-defaults.properties")) {
            all.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties jamsos = new Properties();
        all.stringPropertyNames().stream().filter(k -> k.startsWith("jamsos."))
                .forEach(k -> jamsos.setProperty(k, all.getProperty(k)));
        return jamsos;
    }
}
