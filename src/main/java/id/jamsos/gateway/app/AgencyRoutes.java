package id.jamsos.gateway.app;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.intake.SftpConnectionWatch;
import id.jamsos.gateway.intake.UnstorableEntries;
import id.jamsos.gateway.intake.UploadWatch;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.ops.HostKeyAlarm;
import id.jamsos.gateway.retention.RetentionJob;
import id.jamsos.gateway.validation.AgencyFileValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.LoggerFactory;

/**
 * Instantiates the per-agency route templates (intake and writer in routes/agency-intake.camel.yaml, and
 * routes/retention.camel.yaml when retention is on) from the registry, each with its agency's beans bound
 * to the templated route only ({@link TemplatedRouteBuilder#bean}), never to the global registry. The
 * agency's SFTP login is its component, {@code sftp-<agency id>} ({@link AgencySftpComponent}), which all
 * its routes share and which goes with them ({@link #forget}).
 */
public final class AgencyRoutes {

    /** The bean (bound by {@link Gateway}) whose settings decide the archive retention routes. */
    public static final String RETENTION_JOB = "retentionJob";
    /** The shared name filter (bound by {@link Gateway}) each agency's {@link UploadWatch} applies first. */
    public static final String UNSAFE_NAME_FILTER = "unsafeNameFilter";
    /** The agency file validator (bound by {@link Gateway}): an upload's part is judged by the intake's rules. */
    public static final String FILE_VALIDATOR = "agencyFileValidator";
    /** The intake's local bean (routes/agency-intake.camel.yaml): filter and completeness check of uploads. */
    static final String UPLOAD_WATCH = "uploadWatch";
    /** The intake's local bean: its SFTP consumer's poll strategy and exception handler. */
    static final String CONNECTION_WATCH = "sftpConnectionWatch";
    /** The confirmations route's local bean (routes/agency-intake.camel.yaml): its name filter. */
    static final String CONFIRMATION_ENTRIES = "confirmationEntries";
    /** The archive retention routes' local bean (routes/retention.camel.yaml): which archived files go. */
    static final String ARCHIVE_FILTER = "archiveFilter";
    /** The archive folders under the inbox that the retention routes clean; never the inbox itself. */
    static final List<String> ARCHIVE_FOLDERS = List.of(".done", ".failed");

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
        Path knownHosts = agency.knownHostsFile() != null ? agency.knownHostsFile()
                : workDir.resolve("known_hosts.unused");
        // The agency's login, written once for all its SFTP endpoints: the templates name the component
        // (sftp-<agency id>:) and give only the server, the folder and what the endpoint does.
        context.addComponent(sftpScheme(agency.id()), new AgencySftpComponent(agency.user(),
                agency.privateKeyFile() == null ? agency.resolvedPassword(System::getenv) : null,
                agency.privateKeyFile(), knownHosts, agency.strictHostKeyChecking()));
        Map<String, Object> common = new HashMap<>();
        common.put("agencyId", agency.id());
        common.put("host", agency.host());
        common.put("port", agency.port());
        common.put("inbox", agency.inbox());
        @SuppressWarnings("unchecked")
        GenericFileFilter<Object> names = context.getRegistry().lookupByNameAndType(UNSAFE_NAME_FILTER,
                GenericFileFilter.class);
        Duration stall = Duration.ofMillis(Long.parseLong(
                context.resolvePropertyPlaceholders("{{jamsos.intake.uploadStallMs}}")));
        AgencyFileValidator validator = context.getRegistry().lookupByNameAndType(FILE_VALIDATOR,
                AgencyFileValidator.class);
        // Entries that cannot be taken at all (a name too long to store, a symbolic link) are filtered out
        // with one note each, before Camel's download would fail the whole poll.
        UnstorableEntries entries = new UnstorableEntries(agency.id(), names, failedNote(context, agency.id()));
        // The intake's poll strategy and exception handler: a refused host key is said in words, not as
        // Camel's generic "Cannot connect/login", and a file the server refuses to let us read goes to the
        // entries above.
        HostKeyAlarm alarm = hostKeyAlarm(context);
        alarm.watch(agency.id(), agency.host(), agency.port(), knownHosts.toString());

        Map<String, Object> writer = new HashMap<>(common);
        writer.put("outbox", agency.outbox());
        // The writer first: an intake failure in the very first poll needs it.
        TemplatedRouteBuilder.builder(context, "agency-sftp-writer").routeId(writerRouteId(agency.id()))
                .parameters(writer).add();
        Map<String, Object> intake = new HashMap<>(common);
        intake.put("checksMarker", String.valueOf(agency.completionMarker() != null));
        if (agency.completionMarker() != null) {
            intake.put("doneFileName", "${file:name}" + agency.completionMarker());
            intake.put("completionMarker", agency.completionMarker());
        }
        // The agency's beans are the route's own (route template local beans): the template names them
        // #uploadWatch and #sftpConnectionWatch, each intake route finds its own agency's, and they leave
        // with the route when a reload removes it. Nothing of an agency is in the global registry.
        TemplatedRouteBuilder.builder(context, "agency-intake").routeId(intakeRouteId(agency.id()))
                .parameters(intake)
                .bean(UPLOAD_WATCH, UploadWatch.class,
                        new UploadWatch(agency.id(), entries, validator, stall, Clock.systemUTC()))
                .bean(CONNECTION_WATCH, SftpConnectionWatch.class,
                        new SftpConnectionWatch(context, agency.id(), alarm, entries))
                .add();
        // Delivery confirmations of printed proofs of cover dropped in the inbox's konfirmasi/ folder.
        // Its own entries filter and connection watch (route-local beans, as the intake's); the same alarm.
        UnstorableEntries confirmationEntries = new UnstorableEntries(agency.id(), names, failedNote(context, agency.id()));
        TemplatedRouteBuilder.builder(context, "agency-confirmations").routeId(confirmationsRouteId(agency.id()))
                .parameters(common)
                .bean(CONFIRMATION_ENTRIES, UnstorableEntries.class, confirmationEntries)
                .bean(CONNECTION_WATCH, SftpConnectionWatch.class,
                        new SftpConnectionWatch(context, agency.id(), alarm, confirmationEntries))
                .add();
        RetentionJob retention = context.getRegistry().lookupByNameAndType(RETENTION_JOB, RetentionJob.class);
        if (retention != null && retention.enabled()) {
            for (String folder : ARCHIVE_FOLDERS) {
                Map<String, Object> archive = new HashMap<>(common);
                archive.put("folder", folder);
                TemplatedRouteBuilder.builder(context, "agency-archive-retention")
                        .routeId(archiveRouteId(agency.id(), folder)).parameters(archive)
                        .bean(ARCHIVE_FILTER, GenericFileFilter.class, retention.archiveFilter(agency.id()))
                        .add();
            }
        }
    }

    /** The ids of an agency's archive retention routes, whether or not they were added. */
    static List<String> archiveRouteIds(String agencyId) {
        return ARCHIVE_FOLDERS.stream().map(folder -> archiveRouteId(agencyId, folder)).toList();
    }

    private static String archiveRouteId(String agencyId, String folder) {
        return "archive-retention-" + agencyId + "-" + folder.substring(1);
    }

    /**
     * After the agency's routes were removed: its host-key state is no longer shown, and its SFTP component
     * goes. Its beans need no unbinding: they were local to its routes and went with them.
     */
    public static void forget(CamelContext context, String agencyId) throws Exception {
        hostKeyAlarm(context).forget(agencyId);
        // Its endpoints first: the writer's (made by its toD) outlive the route in Camel's endpoint registry, and
        // a reload that changed only the password would otherwise find them again, signed in the old way.
        String scheme = sftpScheme(agencyId);
        context.removeEndpoints(scheme + ":*");
        context.removeComponent(scheme);
    }

    /** The scheme of the agency's own SFTP component ({@link AgencySftpComponent}). */
    static String sftpScheme(String agencyId) {
        return "sftp-" + agencyId;
    }

    /**
     * Writes a note to the agency's {@code inbox/.failed} through its writer route, off the polling
     * thread (the writer retries a failed upload for about 30 s; the inbox's poll does not wait for it).
     */
    private static BiConsumer<String, String> failedNote(CamelContext context, String agencyId) {
        return (noteName, text) -> CompletableFuture.runAsync(() -> {
            try (ProducerTemplate producer = context.createProducerTemplate()) {
                producer.sendBodyAndHeaders("direct:sftp-write-" + agencyId, text,
                        Map.of(Exchange.FILE_NAME, noteName, Headers.TARGET, ReportWriter.FAILED));
            } catch (Exception e) {
                LoggerFactory.getLogger(AgencyRoutes.class).warn("agency={}: note {} could not be written: {}",
                        agencyId, noteName, e.toString());
            }
        });
    }

    /** The route ids this class gives an agency's routes. */
    static String intakeRouteId(String agencyId) {
        return "intake-" + agencyId;
    }

    static String confirmationsRouteId(String agencyId) {
        return "confirmations-" + agencyId;
    }

    static String writerRouteId(String agencyId) {
        return "sftp-writer-" + agencyId;
    }

    private static HostKeyAlarm hostKeyAlarm(CamelContext context) {
        HostKeyAlarm alarm = context.getRegistry().lookupByNameAndType(HostKeyAlarm.BEAN, HostKeyAlarm.class);
        if (alarm == null) {
            throw new IllegalStateException("no " + HostKeyAlarm.BEAN + " bound: GatewayConfiguration binds it");
        }
        return alarm;
    }
}
