package id.jamsos.gateway.app;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.intake.SftpConnectionWatch;
import id.jamsos.gateway.ops.HostKeyAlarm;
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
        String knownHosts = (agency.knownHostsFile() != null ? agency.knownHostsFile()
                : workDir.resolve("known_hosts.unused")).toString();
        common.put("knownHostsFile", knownHosts);
        common.put("strictHostKeyChecking", agency.strictHostKeyChecking() ? "yes" : "no");
        common.put("inbox", agency.inbox());
        // The intake's poll strategy and exception handler (the template refers to it by this name):
        // a refused host key is said in words, not as Camel's generic "Cannot connect/login".
        HostKeyAlarm alarm = hostKeyAlarm(context);
        alarm.watch(agency.id(), agency.host(), agency.port(), knownHosts);
        context.getRegistry().bind(watchBean(agency.id()), new SftpConnectionWatch(context, agency.id(), alarm));
        Map<String, Object> writer = new HashMap<>(common);
        writer.put("outbox", agency.outbox());
        // The writer first: an intake failure in the very first poll needs it.
        context.addRouteFromTemplate("sftp-writer-" + agency.id(), "agency-sftp-writer", writer);
        context.addRouteFromTemplate("intake-" + agency.id(), "agency-intake", common);
    }

    /** After the agency's routes were removed: its host-key state is no longer shown. */
    public static void forget(CamelContext context, String agencyId) {
        hostKeyAlarm(context).forget(agencyId);
        context.getRegistry().unbind(watchBean(agencyId));
    }

    static String watchBean(String agencyId) {
        return "sftpConnectionWatch-" + agencyId;
    }

    private static HostKeyAlarm hostKeyAlarm(CamelContext context) {
        HostKeyAlarm alarm = context.getRegistry().lookupByNameAndType(HostKeyAlarm.BEAN, HostKeyAlarm.class);
        if (alarm == null) {
            throw new IllegalStateException("no " + HostKeyAlarm.BEAN + " bound: OpsWiring.install binds it");
        }
        return alarm;
    }
}
