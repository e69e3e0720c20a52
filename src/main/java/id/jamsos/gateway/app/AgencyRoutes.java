package id.jamsos.gateway.app;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;

/** Instantiates the per-agency route templates (routes/agency-intake.camel.yaml) from the registry. */
public final class AgencyRoutes {

    private AgencyRoutes() {
    }

    public static void addAll(CamelContext context, AgencyRegistry agencies, Path workDir) throws Exception {
        for (Agency agency : agencies.agencies()) {
            if (agency.enabled()) {
                add(context, agency, workDir);
            }
        }
    }

    public static void add(CamelContext context, Agency agency, Path workDir) throws Exception {
        Map<String, Object> common = new HashMap<>();
        common.put("agencyId", agency.id());
        common.put("host", agency.host());
        common.put("port", agency.port());
        common.put("user", agency.user());
        // Key authentication when the agency has a key, else its password. The YAML route passes
        // it as an endpoint parameter, which Camel encodes itself and masks in logs.
        if (agency.privateKeyFile() != null) {
            common.put("privateKeyFile", agency.privateKeyFile().toString());
        } else {
            common.put("password", agency.resolvedPassword(System::getenv));
        }
        common.put("knownHostsFile", (agency.knownHostsFile() != null ? agency.knownHostsFile()
                : workDir.resolve("known_hosts.unused")).toString());
        common.put("strictHostKeyChecking", agency.strictHostKeyChecking() ? "yes" : "no");
        common.put("inbox", agency.inbox());
        Map<String, Object> writer = new HashMap<>(common);
        writer.put("outbox", agency.outbox());
        // The writer first: an intake failure in the very first poll needs it.
        context.addRouteFromTemplate("sftp-writer-" + agency.id(), "agency-sftp-writer", writer);
        context.addRouteFromTemplate("intake-" + agency.id(), "agency-intake", common);
    }
}
