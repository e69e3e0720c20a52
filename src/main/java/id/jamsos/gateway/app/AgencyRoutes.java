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
        common.put("authOptions", authOptions(agency));
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

    /**
     * Key authentication when the agency has a key, else its password. RAW() keeps a password's
     * special characters from being read as URI syntax; Camel masks it in logs.
     */
    static String authOptions(Agency agency) {
        if (agency.privateKeyFile() != null) {
            return "privateKeyFile=" + agency.privateKeyFile();
        }
        return "password=RAW(" + agency.resolvedPassword(System::getenv) + ")";
    }
}
