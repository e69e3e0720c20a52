package id.jamsos.gateway.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.camel.support.RoutePolicySupport;

/**
 * What the route tests ({@code *RouteTest} extending {@code CamelMainTestSupport}) share: the gateway's
 * own defaults for the placeholders a route file reads, and a stand-in for the intake lease.
 */
final class RouteTestBeans {

    private RouteTestBeans() {
    }

    /**
     * The {@code jamsos.*} settings of jamsos-defaults.properties, then {@code overrides} (key, value, ...).
     * The {@code camel.*} ones are left out on purpose: they would make Camel Main load every route file
     * and open the HTTP and management ports, where a route test loads one file and opens nothing.
     */
    static Properties jamsosDefaults(String... overrides) {
        Properties all = new Properties();
        try (InputStream in = RouteTestBeans.class.getResourceAsStream("/jamsos-defaults.properties")) {
            if (in == null) {
                throw new IllegalStateException("jamsos-defaults.properties is not on the test classpath");
            }
            all.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties jamsos = new Properties();
        all.stringPropertyNames().stream().filter(k -> k.startsWith("jamsos.")).forEach(k -> jamsos.put(k, all.get(k)));
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides are key, value pairs");
        }
        for (int i = 0; i < overrides.length; i += 2) {
            jamsos.put(overrides[i], overrides[i + 1]);
        }
        return jamsos;
    }

    /**
     * The intake lease (app/IntakeLeadership) for a test with one process: this one always leads, so the
     * route policy starts and stops nothing. Bound as {@code intakeLeadership}, the name the templates use.
     */
    static final class AlwaysLeader extends RoutePolicySupport {
    }
}
