package id.jamsos.gateway.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
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
     * Options of Camel's remote file consumer that mean the same on a local {@code file:} consumer: which
     * files are listed, taken and left, and what is done with them after. Connection, session and
     * read-lock timing options are not among them (a local folder needs none, and the tests need no wait).
     */
    private static final Set<String> LISTING_OPTIONS = Set.of("delete", "filter", "move", "moveFailed", "preMove",
            "exclude", "include", "antInclude", "antExclude", "excludeExt", "includeExt", "recursive", "minDepth",
            "maxDepth", "sortBy", "readLockMinLength", "idempotent", "idempotentEager", "idempotentKey",
            "idempotentRepository", "doneFileName", "noop", "fileName", "maxMessagesPerPoll", "charset");

    /**
     * A {@code file:} URI in place of a route's {@code sftp:} one: the remote folder becomes the same
     * relative folder under {@code root}, and the listing options the route gives its consumer are kept,
     * whatever else it sets. So a test of an agency template reads the template's own choice of folder,
     * filter and after-processing, not a copy of it, and does not depend on how the SFTP login is spelt.
     * A local consumer skips what lies under a folder whose name starts with a dot (.done, .failed) unless
     * given {@code includeHiddenDirs=true}, which an SFTP consumer does not need.
     * The route's local beans ({@code #{{archiveFilter}}}) are given in {@code localBeans}, as the test made them.
     */
    static String onLocalDisk(ModelCamelContext context, String routeId, Map<String, Object> localBeans, Path root,
                              String extraOptions) {
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
        if (extraOptions != null && !extraOptions.isEmpty()) {
            kept.add(extraOptions);
        }
        String local = root.toAbsolutePath().resolve(folder).toString();
        return "file:" + local + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    /**
     * The intake lease (app/IntakeLeadership) for a test with one process: this one always leads, so the
     * route policy starts and stops nothing. Bound as {@code intakeLeadership}, the name the templates use.
     */
    static final class AlwaysLeader extends RoutePolicySupport {
    }
}
