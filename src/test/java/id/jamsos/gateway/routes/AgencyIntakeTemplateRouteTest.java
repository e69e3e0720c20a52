package id.jamsos.gateway.routes;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.intake.MarkerContent;
import id.jamsos.gateway.intake.UnsafeNameFilter;
import id.jamsos.gateway.intake.UploadWatch;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.validation.AgencyFileValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/agency-intake.camel.yaml: one test agency's intake and writer routes made from their templates,
 * with the route configurations they name (error-handling.camel.yaml). The intake's SFTP consumer is
 * replaced by a file consumer over a local inbox with the template's own listing options (its filter,
 * exclusions and the move to .done or .failed); the writer's SFTP upload, the broker and the reports
 * route are mocks. UploadWatch (with UnsafeNameFilter) is the real one; the ledger-backed beans
 * (fileIntake, fileFailures) and the job seal are small fakes that answer as they do.
 */
class AgencyIntakeTemplateRouteTest extends RouteTestSupport {

    private static final String AGENCY = "dinsos";
    private static final String INTAKE = "intake-test-" + AGENCY;
    private static final String WRITER = "sftp-writer-test-" + AGENCY;

    @TempDir
    Path root;

    private final FakeFileIntake fileIntake = new FakeFileIntake();
    private final FakeFileFailures fileFailures = new FakeFileFailures();

    @Override
    protected String routeFile() {
        return "routes/agency-intake.camel.yaml";
    }

    /** For the route configurations the templates name (intake-errors, writer-errors). */
    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.reports.uploadRetries", "0");
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        context.withMockEndpointsAndSkip("direct:file-reports");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("intakeIdempotentRepository", MemoryIdempotentRepository.memoryIdempotentRepository());
        registry.bind("fileIntake", fileIntake);
        registry.bind("fileFailures", fileFailures);
        registry.bind("jobSeal", new FakeJobSeal());
        registry.bind("eligibilityCheck", new NoEligibilityCheck());
        registry.bind("hostKeyAlarm", new FakeHostKeyAlarm());
        registry.bind("markerContent", new MarkerContent());
        registry.bind("uploadRetries", (org.apache.camel.Processor) e -> { });
    }

    /** The agency's writer and intake routes, as app/AgencyRoutes adds them, on a local inbox. */
    private void startAgency() throws Exception {
        Map<String, Object> common = Map.of("agencyId", AGENCY, "host", "sftp.invalid", "port", "22",
                "inbox", "inbox");
        Map<String, Object> writer = new HashMap<>(common);
        writer.put("outbox", "outbox");
        TemplatedRouteBuilder.builder(context, "agency-sftp-writer").routeId(WRITER).parameters(writer).add();
        Map<String, Object> intake = new HashMap<>(common);
        intake.put("checksMarker", "false");
        UploadWatch uploadWatch = new UploadWatch(AGENCY, new UnsafeNameFilter(), new AgencyFileValidator(),
                Duration.ofMinutes(30), Clock.systemUTC());
        TemplatedRouteBuilder.builder(context, "agency-intake").routeId(INTAKE).parameters(intake)
                .bean("uploadWatch", UploadWatch.class, uploadWatch)
                // Only the SFTP consumer's poll strategy, which the local consumer below does not take.
                .bean("sftpConnectionWatch", Object.class, new Object())
                .add();

        String inbox = onLocalDisk(INTAKE, Map.of("uploadWatch", uploadWatch), root);
        AdviceWith.adviceWith(context, INTAKE, false, a -> {
            a.replaceFromWith(inbox);
            // What the SFTP consumer's localWorkDirectory gives: a downloaded copy, named by this header,
            // which Camel deletes once the exchange is done (so never the inbox's file itself).
            a.weaveAddFirst().process(e -> {
                Path inboxFile = Path.of(e.getMessage().getHeader(Exchange.FILE_PATH, String.class));
                Path copy = Files.createDirectories(root.resolve("work")).resolve(inboxFile.getFileName());
                Files.copy(inboxFile, copy, StandardCopyOption.REPLACE_EXISTING);
                e.getMessage().setHeader(Exchange.FILE_LOCAL_WORK_PATH, copy.toString());
            });
            a.weaveByToUri("activemq:*").replace().to("mock:enrollment");
        });
        AdviceWith.adviceWith(context, WRITER, false, a -> a.weaveByToUri("sftp*").replace().to("mock:agency-sftp"));
        start();
    }

    private Path upload(String name, String content) throws Exception {
        Path file = Files.createDirectories(root.resolve("inbox")).resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aPolledFileGoesToTheIntakeBeansAndItsJobsToTheQueue() throws Exception {
        MockEndpoint enrollment = getMockEndpoint("mock:enrollment");
        enrollment.expectedBodiesReceived("sealed:1:pekerja.csv:2", "sealed:1:pekerja.csv:4");
        MockEndpoint reports = getMockEndpoint("mock:direct:file-reports");
        reports.expectedHeaderReceived(Headers.REPORTS_DUE, 1L);
        upload("pekerja.csv", "NIK;NAMA\n1;A\n2;B\n3;C\n4;D\n");

        startAgency();

        MockEndpoint.assertIsSatisfied(enrollment, reports);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(root.resolve("inbox/.done/pekerja.csv")).exists());
        assertThat(root.resolve("inbox/pekerja.csv")).doesNotExist();
        assertThat(fileIntake.calls).containsExactly("register pekerja.csv", "queued 2", "queued 4", "finish pekerja.csv");
    }

    @Test
    void aNameWithAPathSeparatorIsNeverTakenNorACutUpload() throws Exception {
        Path unsafe = upload("januari\\pekerja.csv", "NIK;NAMA\n1;A\n");
        // Still being uploaded: its last line has no line end yet.
        Path cut = upload("februari.csv", "NIK;NAMA\n1;A\n2;");
        upload("maret.csv", "NIK;NAMA\n1;A\n");

        startAgency();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(root.resolve("inbox/.done/maret.csv")).exists());
        assertThat(fileIntake.calls).contains("register maret.csv").noneMatch(c -> c.contains("januari"))
                .doesNotContain("register februari.csv");
        assertThat(unsafe).exists();
        assertThat(cut).exists();
        assertThat(root.resolve("inbox/.failed")).doesNotExist();
    }

    @Test
    void aRefusedFileGoesToFailedWithANoteBesideIt() throws Exception {
        fileIntake.refused.add("rusak.csv");
        MockEndpoint agencySftp = getMockEndpoint("mock:agency-sftp");
        agencySftp.expectedMessageCount(1);
        agencySftp.expectedHeaderReceived(Exchange.FILE_NAME, "rusak.csv.error.txt");
        agencySftp.expectedHeaderReceived("JamsosTargetDir", "inbox/.failed");
        getMockEndpoint("mock:enrollment").expectedMessageCount(0);
        upload("rusak.csv", "NIK;NAMA\n1;A\n");

        startAgency();

        agencySftp.assertIsSatisfied();
        assertThat(agencySftp.getExchanges().get(0).getMessage().getBody(String.class))
                .contains("rusak.csv", "file not readable");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(root.resolve("inbox/.failed/rusak.csv")).exists());
        assertThat(root.resolve("inbox/.done/rusak.csv")).doesNotExist();
        getMockEndpoint("mock:enrollment").assertIsSatisfied();
    }

    @Test
    void aPassingFailureLeavesTheFileInTheInboxForTheNextPoll() throws Exception {
        fileIntake.ledgerDown.add("sementara.csv");
        getMockEndpoint("mock:agency-sftp").expectedMessageCount(0);
        Path file = upload("sementara.csv", "NIK;NAMA\n1;A\n");

        startAgency();

        await().atMost(Duration.ofSeconds(10)).until(() -> fileFailures.retried.size() >= 2);
        assertThat(fileFailures.retried).allMatch(m -> m.contains("ledger down"));
        assertThat(file).exists();
        assertThat(root.resolve("inbox/.done/sementara.csv")).doesNotExist();
        assertThat(root.resolve("inbox/.failed/sementara.csv")).doesNotExist();
        getMockEndpoint("mock:agency-sftp").assertIsSatisfied();
    }

    /**
     * The intake's ledger side without a ledger: records what the route asks of it, refuses or fails on
     * the names the test gives, and cuts every file into jobs of two rows. Takes the Exchange where the
     * real FileIntake does (it reads the file's headers and sets the properties the route reads).
     */
    public static final class FakeFileIntake {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final Set<String> refused = ConcurrentHashMap.newKeySet();
        final Set<String> ledgerDown = ConcurrentHashMap.newKeySet();

        public void register(Exchange exchange) throws FileRejectedException {
            String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            calls.add("register " + name);
            if (refused.contains(name)) {
                throw new FileRejectedException(name, "FILE_NOT_READABLE", "berkas tidak terbaca", "file not readable");
            }
            if (ledgerDown.contains(name)) {
                throw new IllegalStateException("ledger down");
            }
            exchange.setProperty("JamsosFileId", 1L);
            exchange.setProperty("JamsosFileName", name);
        }

        public Iterator<EnrollmentJob> jobs(Exchange exchange) throws Exception {
            String name = exchange.getProperty("JamsosFileName", String.class);
            long rows = Files.lines(Path.of(exchange.getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class)))
                    .count() - 1;
            List<EnrollmentJob> jobs = new ArrayList<>();
            for (int first = 1; first <= rows; first += 2) {
                List<EnrollmentJob.Item> items = new ArrayList<>();
                for (int row = first; row < first + 2 && row <= rows; row++) {
                    items.add(new EnrollmentJob.Item(row, "9671", null));
                }
                jobs.add(new EnrollmentJob(1L, AGENCY, name, items));
            }
            return jobs.iterator();
        }

        public void queued(Exchange exchange) {
            calls.add("queued " + exchange.getProperty("JamsosJobLastRow"));
        }

        public void finish(Exchange exchange) {
            calls.add("finish " + exchange.getProperty("JamsosFileName"));
            exchange.getMessage().setHeader(Headers.REPORTS_DUE, 1L);
        }
    }

    /**
     * FileFailures without a ledger: a refusal is permanent, anything else is tried again; the note and
     * the archive folder are set as the real record sets them.
     */
    public static final class FakeFileFailures {

        final List<String> retried = new CopyOnWriteArrayList<>();

        public boolean permanent(Exchange exchange) {
            return exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof FileRejectedException;
        }

        public void retryLater(Exchange exchange) {
            retried.add(String.valueOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage()));
        }

        public void record(Exchange exchange) {
            Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            exchange.setProperty("JamsosArchiveDir", ".failed");
            exchange.getMessage().setBody(name + ": " + error.getMessage());
            exchange.getMessage().setHeader(Exchange.FILE_NAME, name + ".error.txt");
            exchange.getMessage().setHeader("JamsosTarget", "failed");
        }
    }

    /** JobSeal without the ledger's key: the job's file and last row, so each message can be told apart. */
    public static final class FakeJobSeal {

        public String seal(String jobJson) {
            String file = jobJson.replaceAll(".*\"fileName\":\"([^\"]*)\".*", "$1");
            String lastRow = jobJson.replaceAll(".*\"rowNo\":(\\d+).*", "$1");
            String fileId = jobJson.replaceAll(".*\"fileId\":(\\d+).*", "$1");
            return "sealed:" + fileId + ":" + file + ":" + lastRow;
        }
    }

    /** HostKeyAlarm without meters: no host key is ever refused here. */
    public static final class FakeHostKeyAlarm {

        public void connected(String agencyId) {
        }

        public boolean refusedHostKey(Exchange exchange) {
            return false;
        }

        public void uploadRefused(Exchange exchange) {
        }
    }

    /** The intake's eligibility step with policy off: nothing is looked up. */
    public static final class NoEligibilityCheck {
        public id.jamsos.gateway.eligibility.EligibilityScreen forFile() {
            return id.jamsos.gateway.eligibility.EligibilityScreen.off();
        }
    }
}
