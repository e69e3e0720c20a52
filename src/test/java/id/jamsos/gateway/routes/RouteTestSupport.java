package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.RoutePolicySupport;
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

    /**
     * Whether routes/error-handling.camel.yaml is loaded too, for the route configurations the routes
     * under test name: loaded alone, a route whose routeConfigurationId is missing runs without any
     * error handling, and Camel says nothing.
     */
    protected boolean withErrorHandling() {
        return false;
    }

    /** Settings of this test that differ from jamsos-defaults.properties. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** Route configurations of the test's own, standing in for those of error-handling.camel.yaml. */
    protected void routeConfigurations(RouteConfigurationBuilder builder) {
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
        configuration.withRoutesIncludePattern("file:" + routeFile()
                + (withErrorHandling() ? ",file:routes/error-handling.camel.yaml" : ""));
        configuration.addRoutesBuilder(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfigurations(this);
            }
        });
    }

    /** After the advice: the routes as the test changed them. */
    protected void start() {
        context.start();
    }

    /** A ledger of its own for one test: H2 in memory in PostgreSQL mode, migrated as the gateway migrates. */
    static HikariDataSource ledgerDatabase(String name) {
        HikariDataSource dataSource = LedgerDataSource.create(LedgerDataSource.h2MemUrl(name + "-" + UUID.randomUUID()),
                "sa", "", 4);
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
            if (in == null) {
                throw new IllegalStateException("jamsos-defaults.properties is not on the test classpath");
            }
            all.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties jamsos = new Properties();
        all.stringPropertyNames().stream().filter(k -> k.startsWith("jamsos."))
                .forEach(k -> jamsos.setProperty(k, all.getProperty(k)));
        return jamsos;
    }

    /**
     * Options of Camel's remote file consumer that mean the same on a local {@code file:} consumer: which
     * files are listed, taken and left, and what is done with them after. Connection, session and
     * read-lock timing options are not among them (a local folder needs none, and the tests need no wait).
     */
    private static final Set<String> LISTING_OPTIONS = Set.of("delete", "filter", "move", "moveFailed", "preMove",
            "exclude", "include", "antInclude", "antExclude", "excludeExt", "includeExt", "recursive", "minDepth",
            "maxDepth", "sortBy", "readLockMinLength", "idempotent", "idempotentEager", "idempotentKey",
            "idempotentRepository", "doneFileName", "noop", "fileName", "maxMessagesPerPoll", "charset");

    /**
     * A {@code file:} URI in place of the {@code sftp:} one of a route made from an agency template: the
     * remote folder becomes the same relative folder under {@code root}, and the listing options the route
     * gives its consumer are kept, whatever else it sets. So a test of an agency template reads the
     * template's own choice of folder, filter and after-processing, not a copy of it, and does not depend
     * on how the SFTP login is spelt. The local consumer polls at once and every 100 ms, and lists what lies
     * under a folder whose name starts with a dot (.done, .failed), which it would skip otherwise.
     * The route's local beans ({@code #{{archiveFilter}}}) are given in {@code localBeans}, as the test made them.
     */
    protected String onLocalDisk(String routeId, Map<String, Object> localBeans, Path root) {
        RouteDefinition route = context.getRouteDefinition(routeId);
        // The template's own parameters, as this route was made with them; Camel's other placeholders
        // ({{jamsos.*}}) are left for the route to resolve.
        String remoteUri = route.getInput().getEndpointUri();
        Map<String, Object> parameters = route.getTemplateParameters();
        if (parameters != null) {
            for (Map.Entry<String, Object> p : parameters.entrySet()) {
                String value = String.valueOf(p.getValue());
                remoteUri = remoteUri.replace("{{" + p.getKey() + "}}", value).replace("{{?" + p.getKey() + "}}", value);
            }
        }
        // A local bean's unique name exists only while Camel makes the route from its template, and the
        // advice that replaces the consumer resolves the URI outside of that: the same bean instance is
        // bound under its template name instead (one route per test, so the name is free).
        for (Map.Entry<String, Object> bean : localBeans.entrySet()) {
            context.getRegistry().bind(bean.getKey(), bean.getValue());
            remoteUri = remoteUri.replace("#{{" + bean.getKey() + "}}", "#" + bean.getKey());
        }
        int query = remoteUri.indexOf('?');
        String address = query < 0 ? remoteUri : remoteUri.substring(0, query);
        // sftp:host:port/folder or sftp://host:port/folder: the folder is what follows the host's part.
        String afterScheme = address.substring(address.indexOf(':') + 1).replaceFirst("^//", "");
        int slash = afterScheme.indexOf('/');
        String folder = slash < 0 ? "" : afterScheme.substring(slash + 1);
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String option : remoteUri.substring(query + 1).split("&")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                // An optional template parameter not given ({{?doneFileName}}): Camel leaves the option out.
                if (LISTING_OPTIONS.contains(name) && !option.matches("[^=]*=\\{\\{\\?[^}]*}}")) {
                    kept.add(option);
                }
            }
        }
        kept.add("initialDelay=0&delay=100&includeHiddenDirs=true");
        return "file:" + root.toAbsolutePath().resolve(folder) + "?" + String.join("&", kept);
    }

    /**
     * The intake lease (app/IntakeLeadership) for a test with one process: this one always leads, so the
     * route policy starts and stops nothing. Bound as {@code intakeLeadership}, the name the templates use.
     */
    static final class AlwaysLeader extends RoutePolicySupport {
    }
}
