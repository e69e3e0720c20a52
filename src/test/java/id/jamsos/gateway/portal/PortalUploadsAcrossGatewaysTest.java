package id.jamsos.gateway.portal;

import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PortalUploadLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.TwoGateways;
import id.jamsos.gateway.support.PortalForms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17: the clerks' portal behind a load balancer with two replicas and no affinity. Two gateways share
 * one PostgreSQL ledger, each with its portal on its own port: an upload checked on one is submitted on the
 * other and enrolled; one upload submitted on both at once is taken in once, and both answers lead to the
 * same file; a submit whose process died after its claim is taken over by a replica and finished. Before,
 * the upload sat on the disk of the process that checked it, and every step here failed.
 */
class PortalUploadsAcrossGatewaysTest {

    static final String AGENCY = DemoEnvironment.KEY_AGENCY;
    static final String PASSWORD = "kata-sandi-klerk-A";
    static final String SMALL_FILES = DemoEnvironment.PASSWORD_AGENCY;

    @RegisterExtension
    static final GatewayExtension system = GatewayExtension.onDemand();
    static TwoGateways gateways;
    static String one;
    static String two;
    static PortalUploadLedger uploads;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        int portOne = TwoGateways.freePort();
        int portTwo = TwoGateways.freePort();
        String hash = PasswordHash.of(PASSWORD.toCharArray(), 10_000);
        gateways = system.closeAfterwards(TwoGateways.start(system.dir().resolve("portal-two"),
                Map.of("jamsos.portal.enabled", "true", "jamsos.portal.host", "127.0.0.1",
                        "jamsos.portal.resumeSeconds", "1"),
                Map.of("jamsos.portal.port", String.valueOf(portOne)),
                Map.of("jamsos.portal.port", String.valueOf(portTwo)),
                // The other agency takes files of at most 100 bytes (max_file_bytes): its clerk's submit is refused.
                agencies -> AgencyRegistry.of(agencies.agencies().stream().map(a -> a.id().equals(SMALL_FILES)
                                ? a.withLimits(new AgencyLimits(100L, null, null)) : a).toList())
                        .withPortals(Map.of(AGENCY, new AgencyPortal("distrik@sorongkota.test",
                                List.of(new AgencyPortal.User("klerk-a", hash))), SMALL_FILES,
                                new AgencyPortal("dinsos@sorongkota.test", List.of(new AgencyPortal.User("klerk-b",
                                        hash)))))));
        one = "http://127.0.0.1:" + portOne;
        two = "http://127.0.0.1:" + portTwo;
        uploads = new PortalUploadLedger(gateways.db.dataSource(), LedgerTime.DATABASE);
    }

    @Test
    void anUploadCheckedOnOneGatewayIsSubmittedOnTheOtherAndEnrolled() throws Exception {
        String cookie = login(one);
        Path csv = system.dir().resolve("lintas-replika.csv");
        SampleSummary expected = SampleWorkers.generate(csv, 12, 21L, 4);
        String uploadId = upload(one, cookie, csv);

        HttpResponse<String> submitted = post(two, cookie, "/portal/uploads/" + uploadId + "/submit",
                "csrf=" + csrfOf(two, cookie));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/portal/files/\\d+");
        long fileId = Long.parseLong(location.replaceAll(".*/", ""));
        assertThat(get(one, cookie, location).statusCode()).as("the file's page on either").isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                gateways.one.ledger().file(fileId).orElseThrow().state() == FileState.DONE);
        assertThat(gateways.one.ledger().rowCounts(fileId).get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
        PortalUploadLedger.Upload done = uploads.find(AGENCY, uploadId).orElseThrow();
        assertThat(done.state()).isEqualTo(PortalUploadLedger.State.SUBMITTED);
        assertThat(done.fileId()).isEqualTo(fileId);
        assertThat(uploads.copyContent(uploadId, system.dir().resolve("gone"))).as("bytes deleted").isFalse();

        HttpResponse<String> again = post(one, cookie, "/portal/uploads/" + uploadId + "/submit",
                "csrf=" + csrfOf(one, cookie));
        assertThat(again.headers().firstValue("Location")).as("a later submit: the same file").contains(location);
    }

    @Test
    void aSubmittedFileIsJudgedByTheEligibilityListAsAnSftpFileIs() throws Exception {
        // Policy HOLD and no list imported: every enrollment waits in REVIEW for a person (docs/eligibility.md),
        // whichever gateway takes the file in.
        for (id.jamsos.gateway.app.Gateway g : List.of(gateways.one, gateways.two)) {
            eligibility(g).policy(id.jamsos.gateway.eligibility.EligibilityPolicy.HOLD);
        }
        try {
            String cookie = login(one);
            Path csv = system.dir().resolve("sasaran.csv");
            SampleSummary expected = SampleWorkers.generate(csv, 6, 23L, 0);
            String uploadId = upload(one, cookie, csv);
            HttpResponse<String> submitted = post(two, cookie, "/portal/uploads/" + uploadId + "/submit",
                    "csrf=" + csrfOf(two, cookie));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
            long fileId = Long.parseLong(submitted.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    gateways.one.ledger().rowCounts(fileId).get(RowState.REVIEW) == expected.expectedAccepted());
            assertThat(gateways.one.ledger().rowCounts(fileId).get(RowState.ENROLLED)).as("none sent to BPJS").isZero();
        } finally {
            for (id.jamsos.gateway.app.Gateway g : List.of(gateways.one, gateways.two)) {
                eligibility(g).policy(id.jamsos.gateway.eligibility.EligibilityPolicy.OFF);
            }
        }
    }

    private static id.jamsos.gateway.eligibility.EligibilityCheck eligibility(id.jamsos.gateway.app.Gateway g) {
        return g.context().getRegistry().lookupByNameAndType(id.jamsos.gateway.eligibility.EligibilityCheck.BEAN,
                id.jamsos.gateway.eligibility.EligibilityCheck.class);
    }

    @Test
    void oneUploadSubmittedOnBothGatewaysAtOnceIsTakenInOnce() throws Exception {
        String cookie = login(two);
        Path csv = system.dir().resolve("dua-klik.csv");
        SampleWorkers.generate(csv, 8, 33L, 0);
        String uploadId = upload(two, cookie, csv);
        String csrf = csrfOf(one, cookie);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> locations;
        try {
            CountDownLatch go = new CountDownLatch(1);
            Callable<String> onOne = () -> {
                go.await();
                return submitTo(one, cookie, uploadId, csrf);
            };
            Callable<String> onTwo = () -> {
                go.await();
                return submitTo(two, cookie, uploadId, csrf);
            };
            Future<String> a = threads.submit(onOne);
            Future<String> b = threads.submit(onTwo);
            go.countDown();
            locations = List.of(a.get(), b.get());
        } finally {
            threads.shutdownNow();
        }
        // The second may come while the first registers the file: its answer is the page that waits for it.
        List<String> files = locations.stream().map(l -> follow(cookie, l)).toList();
        assertThat(files.get(0)).matches("/portal/files/\\d+").isEqualTo(files.get(1));
        long fileId = Long.parseLong(files.get(0).replaceAll(".*/", ""));

        OpsQueries queries = gateways.one.context().getRegistry().lookupByNameAndType("opsQueries", OpsQueries.class);
        assertThat(queries.latestFilesOf(AGENCY, 100).stream().filter(f -> f.file().fileName().equals("dua-klik.csv")))
                .as("one file, no duplicate").hasSize(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                gateways.one.ledger().file(fileId).orElseThrow().state() == FileState.DONE);
        assertThat(gateways.one.ledger().rowCounts(fileId).get(RowState.ENROLLED)).isEqualTo(8);
    }

    /**
     * A process claimed the upload and died before its intake (its lease is over at once here): a replica's
     * resume timer takes it over with one conditional UPDATE and takes the file in; the page that waited
     * for it leads to the file.
     */
    @Test
    void aClaimWhoseProcessDiedIsTakenOverAndTheFileTakenIn() throws Exception {
        String cookie = login(one);
        Path csv = system.dir().resolve("setelah-mati.csv");
        SampleWorkers.generate(csv, 6, 44L, 0);
        String uploadId = upload(one, cookie, csv);
        assertThat(uploads.claim(AGENCY, uploadId, "node-that-died", Duration.ZERO)).isTrue();

        HttpResponse<String> waiting = get(two, cookie, "/portal/uploads/" + uploadId);
        if (waiting.statusCode() == 202) {
            assertThat(waiting.headers().firstValue("Refresh")).contains("2; url=/portal/uploads/" + uploadId);
            assertThat(waiting.body()).contains("sedang diterima", "being taken in");
        }
        String file = follow(cookie, "/portal/uploads/" + uploadId);
        long fileId = Long.parseLong(file.replaceAll(".*/", ""));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                gateways.one.ledger().file(fileId).orElseThrow().state() == FileState.DONE);
        assertThat(gateways.one.ledger().rowCounts(fileId).get(RowState.ENROLLED)).isEqualTo(6);
        PortalUploadLedger.Upload done = uploads.find(AGENCY, uploadId).orElseThrow();
        assertThat(done.state()).isEqualTo(PortalUploadLedger.State.SUBMITTED);
        assertThat(done.attempts()).isEqualTo(2);
    }

    /**
     * A file the intake refuses at registration (over the agency's max_file_bytes), as it would refuse it from
     * SFTP: recorded FAILED with its reason, the upload done with, the clerk sent to the file's page.
     */
    @Test
    void aSubmitRefusedAtRegistrationLeadsToTheFailedFile() throws Exception {
        String cookie = login(one, "klerk-b");
        Path csv = system.dir().resolve("terlalu-besar.csv");
        SampleWorkers.generate(csv, 5, 55L, 0);
        String uploadId = upload(one, cookie, csv);

        String location = submitTo(two, cookie, uploadId, csrfOf(two, cookie));
        assertThat(location).matches("/portal/files/\\d+");
        long fileId = Long.parseLong(location.replaceAll(".*/", ""));
        assertThat(gateways.one.ledger().file(fileId).orElseThrow().state()).isEqualTo(FileState.FAILED);
        assertThat(get(two, cookie, location).body()).contains("terlalu-besar.csv");
        assertThat(uploads.find(SMALL_FILES, uploadId).orElseThrow().state())
                .isEqualTo(PortalUploadLedger.State.SUBMITTED);
    }

    /** The template, built once per process, has one ETag on both replicas: a browser's copy is good on either. */
    @Test
    void theTemplateIsRevalidatedWithItsETagOnEitherGateway() throws Exception {
        HttpResponse<String> first = get(one, null, "/portal/template.xlsx");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).contains("private, no-cache");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(two + "/portal/template.xlsx"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);
    }

    private static String submitTo(String base, String cookie, String uploadId, String csrf) throws Exception {
        HttpResponse<String> r = post(base, cookie, "/portal/uploads/" + uploadId + "/submit", "csrf=" + csrf);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return r.headers().firstValue("Location").orElseThrow();
    }

    /** From the status page of an upload to its file's page, as a browser follows its redirects and reloads. */
    private static String follow(String cookie, String location) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!location.startsWith("/portal/uploads/")) {
                return location;
            }
            HttpResponse<String> r = get(one, cookie, location);
            return r.statusCode() == 303 ? r.headers().firstValue("Location").orElseThrow() : null;
        }, l -> l != null && l.startsWith("/portal/files/"));
    }

    private static String login(String base) throws Exception {
        return login(base, "klerk-a");
    }

    private static String login(String base, String user) throws Exception {
        return PortalForms.login(http, base, user, PASSWORD);
    }

    private static String csrfOf(String base, String cookie) throws Exception {
        return PortalForms.csrf(http, base, cookie);
    }

    private static String upload(String base, String cookie, Path file) throws Exception {
        String page = PortalForms.upload(http, base, cookie, csrfOf(base, cookie), file.getFileName().toString(),
                Files.readAllBytes(file));
        String id = page.replaceAll("(?s).*action=\"/portal/uploads/([A-Za-z0-9_-]{22})/submit\".*", "$1");
        assertThat(id).hasSize(22);
        return id;
    }

    private static HttpResponse<String> get(String base, String cookie, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String base, String cookie, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
