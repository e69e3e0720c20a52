package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.config.ConfigException;
import id.jamsos.gateway.intake.FileChecksum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies changes to agencies.yaml while the gateway runs: adds, removes and rebuilds the per-agency
 * routes ({@code intake-<id>}, {@code sftp-writer-<id>}, {@code archive-retention-<id>-*}) and swaps
 * the registry that claims, statements and the status page read.
 *
 * <p>The file is checked by content (SHA-256) every interval rather than through a file-system watch:
 * Kubernetes updates a mounted ConfigMap by swapping a symlink in the folder, editors save by writing a
 * new file and renaming it, and network file systems send no events at all; reading a small file every
 * few seconds sees all of these the same way. A file that does not load keeps the running set and
 * logs every problem once, until the file changes again.
 */
public final class AgencyReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgencyReloader.class);

    private final CamelContext context;
    private final Path agenciesFile;
    private final Function<String, String> env;
    private final AgencyRegistryHolder agencies;
    private final Path workDir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jamsos-agency-reload");
        t.setDaemon(true);
        return t;
    });
    /** Checksum of the content last looked at, loaded or not; null before the first check. */
    private String lastSeen;

    AgencyReloader(CamelContext context, Path agenciesFile, Function<String, String> env,
                   AgencyRegistryHolder agencies, Path workDir) {
        this.context = context;
        this.agenciesFile = agenciesFile;
        this.env = env;
        this.agencies = agencies;
        this.workDir = workDir;
    }

    /** Checks the file every {@code interval} from now on. */
    static AgencyReloader start(CamelContext context, Path agenciesFile, Function<String, String> env,
                                AgencyRegistryHolder agencies, Path workDir, Duration interval) {
        AgencyReloader reloader = new AgencyReloader(context, agenciesFile, env, agencies, workDir);
        reloader.timer.scheduleWithFixedDelay(reloader::checkQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("watching {} for agency changes every {} ms", agenciesFile, interval.toMillis());
        return reloader;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException | Error e) {
            // An escaping exception would cancel the schedule, and with it every later reload.
            LOG.error("checking {} for agency changes failed: {}", agenciesFile, e.toString());
        }
    }

    /** Loads the file if its content changed since the last check, and applies it. */
    synchronized void check() {
        String seen = checksum();
        if (seen.equals(lastSeen)) {
            return;
        }
        boolean first = lastSeen == null;
        lastSeen = seen;
        AgencyRegistry next;
        try {
            next = AgencyRegistry.load(agenciesFile, env);
        } catch (ConfigException e) {
            LOG.error("{} changed but cannot be used; the {} running agencies stay as they are. {}", agenciesFile,
                    agencies.get().enabledAgencies().size(), e.getMessage());
            audit("not loaded: the file cannot be read as agencies", AuditEvent.FAILED);
            return;
        }
        // The same refusals as at start (run): a reload must not weaken what start would refuse.
        List<String> unsafe = SftpSettingsCheck.problems(next);
        if (!unsafe.isEmpty()) {
            LOG.error("{} changed but cannot be used; the {} running agencies stay as they are. {} problem(s): {}",
                    agenciesFile, agencies.get().enabledAgencies().size(), unsafe.size(), String.join("; ", unsafe));
            audit("not loaded: " + unsafe.size() + " unsafe SFTP setting(s)", AuditEvent.REFUSED);
            return;
        }
        SftpSettingsCheck.warnings(next).forEach(w -> LOG.warn("configuration: {}", w));
        apply(next, first);
    }

    /**
     * A reload in the audit trail (docs/audit.md), found in the registry when it happens: this class is
     * made before Camel's beans, by the gateway's start. Not the reasons' text: it may quote the file.
     */
    private void audit(String detail, String outcome) {
        AuditTrail trail = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        if (trail != null) {
            trail.record(new AuditEvent(AuditEvent.SYSTEM, "agency-reloader", "", "CONFIG_RELOAD",
                    agenciesFile.getFileName().toString(), detail, "", outcome));
        }
    }

    private String checksum() {
        if (!Files.isRegularFile(agenciesFile)) {
            return "missing";
        }
        try {
            return FileChecksum.sha256(agenciesFile);
        } catch (IOException e) {
            return "unreadable: " + e.getClass().getSimpleName();
        }
    }

    /** {@code first}: the check right after start, which normally finds the file the gateway started with. */
    private void apply(AgencyRegistry next, boolean first) {
        AgencyChanges changes = AgencyChanges.between(agencies.get(), next);
        // The registry first: a new agency's first file may already need its name.
        agencies.set(next);
        if (changes.isEmpty()) {
            if (!first) {
                LOG.info("{} reloaded: no change to the agencies' routes", agenciesFile);
            }
            return;
        }
        LOG.info("{} reloaded: {}", agenciesFile, changes);
        audit(changes.toString(), AuditEvent.OK);
        for (Agency agency : changes.removed()) {
            removeRoutes(agency.id());
        }
        for (Agency agency : changes.replaced()) {
            if (removeRoutes(agency.id())) {
                addRoutes(agency);
            }
        }
        for (Agency agency : changes.added()) {
            addRoutes(agency);
        }
    }

    /** Stops (gracefully: a file being read is finished first) and removes the routes of an agency. */
    private boolean removeRoutes(String agencyId) {
        List<String> routeIds = new ArrayList<>(AgencyRoutes.archiveRouteIds(agencyId));
        // Intake before writer: the intake hands its replies to the writer.
        routeIds.add(AgencyRoutes.intakeRouteId(agencyId));
        routeIds.add(AgencyRoutes.confirmationsRouteId(agencyId));
        routeIds.add(AgencyRoutes.writerRouteId(agencyId));
        for (String routeId : routeIds) {
            try {
                if (context.getRoute(routeId) != null) {
                    context.getRouteController().stopRoute(routeId);
                    context.removeRoute(routeId);
                }
            } catch (Exception e) {
                LOG.error("agency {}: route {} could not be removed: {}", agencyId, routeId, safe(e));
                return false;
            }
        }
        try {
            AgencyRoutes.forget(context, agencyId);
        } catch (Exception e) {
            LOG.error("agency {}: its SFTP component could not be removed: {}", agencyId, safe(e));
            return false;
        }
        LOG.info("agency {}: routes removed", agencyId);
        return true;
    }

    private void addRoutes(Agency agency) {
        try {
            AgencyRoutes.add(context, agency, workDir);
            LOG.info("agency {}: routes added, polling {}:{}/{}", agency.id(), agency.host(), agency.port(),
                    agency.inbox());
        } catch (Exception e) {
            LOG.error("agency {}: routes could not be added: {}", agency.id(), safe(e));
            // Leave nothing half made: without its writer an intake cannot reply.
            removeRoutes(agency.id());
        }
    }

    /** Endpoint URIs in Camel's messages may carry a password parameter. */
    private static String safe(Exception e) {
        return e.getClass().getSimpleName() + ": " + URISupport.sanitizeUri(String.valueOf(e.getMessage()));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
