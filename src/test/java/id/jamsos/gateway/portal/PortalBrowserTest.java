package id.jamsos.gateway.portal;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.support.PortalForms;
import id.jamsos.gateway.support.RequiredService;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The clerks' portal in a real browser (Debian's chromium and chromium-driver, headless, found as
 * routes/OpsPageBrowserTest finds them) on the whole gateway with its embedded SFTP server, broker,
 * BPJS simulator and a real SMTP server (GreenMail on a free port): a clerk logs in, uploads a CSV with
 * bad rows, reads the verdict row by row, submits it, sees it enrolled through the simulator, downloads
 * the results; the agency's contact address gets the e-mail; a clerk of another agency sees none of it
 * (404 for its id). Without the browser the test is skipped with the reason, or fails under CI=true.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("ops.browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ops.browser.chromedriver", "/usr/bin/chromedriver"));
    static final String AGENCY_A = DemoEnvironment.KEY_AGENCY;
    static final String AGENCY_B = DemoEnvironment.PASSWORD_AGENCY;
    static final String PASSWORD_A = "kata-sandi-klerk-A";
    static final String PASSWORD_B = "kata-sandi-klerk-B";

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static DemoEnvironment env;
    static Gateway gateway;
    static GreenMail mail;
    static String base;
    static WebDriver browser;
    static Path downloads;
    static String noBrowser;

    @BeforeAll
    static void start() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        gateways.closeAfterwards(mail::stop);
        env = gateways.startEnvironment();
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, String> settings = new HashMap<>();
        settings.put("jamsos.portal.enabled", "true");
        settings.put("jamsos.portal.host", "127.0.0.1");
        settings.put("jamsos.portal.port", String.valueOf(port));
        settings.put("jamsos.portal.publicUrl", base);
        settings.put("jamsos.portal.loginFailures", "3");
        settings.put("jamsos.portal.mail.enabled", "true");
        settings.put("jamsos.portal.mail.host", "127.0.0.1");
        settings.put("jamsos.portal.mail.port", String.valueOf(mail.getSmtp().getPort()));
        settings.put("jamsos.portal.mail.from", "jamsos@sorongkota.test");
        GatewayProperties props = env.gatewayProperties(settings);
        AgencyRegistry agencies = env.agencies().withPortals(Map.of(
                AGENCY_A, new AgencyPortal("distrik@sorongkota.test",
                        List.of(new AgencyPortal.User("klerk-a", PasswordHash.of(PASSWORD_A.toCharArray(), 10_000)))),
                AGENCY_B, new AgencyPortal("dinsos@sorongkota.test",
                        List.of(new AgencyPortal.User("klerk-b", PasswordHash.of(PASSWORD_B.toCharArray(), 10_000))))));
        gateway = gateways.startGateway(props, agencies);

        List<String> missing = new ArrayList<>();
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                missing.add(tool.toString());
            }
        }
        if (!missing.isEmpty()) {
            noBrowser = "no executable " + String.join(" or ", missing) + " here (apt-get install -y chromium"
                    + " chromium-driver; .ci/run does it)";
            return;
        }
        downloads = Files.createDirectories(gateways.dir().resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // A phone's width: the portal is used on one.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=412,900",
                "--user-data-dir=" + Files.createDirectories(gateways.dir().resolve("chromium-profile")));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        gateways.closeAfterwards(browser::quit);
    }

    @BeforeEach
    void browserThere() {
        RequiredService.require(noBrowser);
    }

    @Test
    @Order(1)
    void aClerkUploadsChecksSubmitsAndDownloadsTheResultsAndAnotherAgencySeesNothing() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(base + "/portal");
        wait.until(ExpectedConditions.urlContains("/portal/login"));
        logIn(wait, "klerk-a", PASSWORD_A);
        assertThat(browser.findElement(By.id("who")).getText()).contains("Kantor Distrik Sorong Timur", "klerk-a");

        Path csv = gateways.dir().resolve("pekerja-maret.csv");
        SampleSummary expected = SampleWorkers.generate(csv, 24, 7L, 5);
        assertThat(expected.expectedRejected()).isPositive();
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("check")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("summary")));
        assertThat(browser.findElement(By.id("rows")).getText()).isEqualTo(String.valueOf(expected.rows()));
        assertThat(browser.findElement(By.id("accepted")).getText()).isEqualTo(String.valueOf(expected.expectedAccepted()));
        assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo(String.valueOf(expected.expectedRejected()));
        assertThat(browser.findElements(By.cssSelector("#preview-rows tr.bad"))).hasSize(expected.expectedRejected());
        assertThat(browser.findElements(By.cssSelector("#preview-rows tr.ok"))).hasSize(expected.expectedAccepted());
        assertThat(browser.findElement(By.cssSelector("#preview-rows tr.bad")).getText()).contains("DITOLAK / REJECTED");
        assertThat(browser.getPageSource()).doesNotContainPattern("\\d{16}");
        // Nothing in the ledger yet: a preview is not a submit.
        assertThat(gateway.context().getRegistry().lookupByNameAndType("opsQueries", OpsQueries.class)
                .latestFilesOf(AGENCY_A, 100)).isEmpty();
        screenshot("target/portal-preview.png");

        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.urlMatches("/portal/files/\\d+$"));
        long fileId = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/", ""));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                gateway.ledger().file(fileId).orElseThrow().state() == FileState.DONE);
        FileInfo file = gateway.ledger().file(fileId).orElseThrow();
        assertThat(file.agencyId()).isEqualTo(AGENCY_A);
        assertThat(gateway.ledger().rowCounts(fileId).get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());

        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("downloads")));
        assertThat(browser.findElement(By.id("state")).getText()).contains("Selesai");
        assertThat(browser.findElement(By.id("count-enrolled")).getText()).isEqualTo(String.valueOf(expected.expectedAccepted()));
        assertThat(browser.findElement(By.id("count-rejected")).getText()).isEqualTo(String.valueOf(expected.expectedRejected()));
        assertThat(browser.findElement(By.id("file")).getText()).contains(expected.expectedRejected() + " baris ditolak");
        screenshot("target/portal-file.png");

        browser.findElement(By.id("results")).click();
        Path results = awaitDownload(".results.csv");
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(expected.rows() + 1);
        assertThat(lines.stream().filter(l -> l.contains("TERDAFTAR/ENROLLED"))).hasSize(expected.expectedAccepted());
        assertThat(lines.stream().filter(l -> l.contains("DITOLAK/REJECTED"))).hasSize(expected.expectedRejected());
        // The workbook too, though the agency's outbox gets CSV only: built from the ledger on request.
        browser.findElement(By.id("workbook")).click();
        Path workbook = awaitDownload(".report.xlsx");
        try (java.io.InputStream in = Files.newInputStream(workbook);
             org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            assertThat(wb.getSheet("hasil-results").getLastRowNum()).isEqualTo(expected.rows());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length > 0);
        MimeMessage sent = mail.getReceivedMessages()[0];
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("distrik@sorongkota.test");
        assertThat(sent.getSubject()).contains("#" + fileId);
        String text = GreenMailUtil.getBody(sent);
        assertThat(text).contains(base + "/portal/files/" + fileId, "terdaftar: " + expected.expectedAccepted(),
                "rejected: " + expected.expectedRejected());
        assertThat(text).doesNotContainPattern("\\d{16}");
        System.out.println("[portal] mail to " + sent.getAllRecipients()[0] + ": " + sent.getSubject());

        // The other agency's clerk: not in the list, 404 by id, 404 for its reports.
        browser.findElement(By.cssSelector("#who button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/portal/login"));
        logIn(wait, "klerk-b", PASSWORD_B);
        assertThat(browser.findElement(By.id("files")).getText()).doesNotContain("pekerja-maret.csv");
        assertThat(browser.findElements(By.cssSelector("tr.file[data-file-id='" + fileId + "']"))).isEmpty();
        browser.get(base + "/portal/files/" + fileId);
        assertThat(browser.findElement(By.id("problem")).getText()).contains("Tidak ditemukan");
        assertThat(browser.getPageSource()).doesNotContain("pekerja-maret.csv");
        browser.findElement(By.cssSelector("#who button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/portal/login"));
    }

    /** The reports and the file page by id, over HTTP with clerk B's session: 404, exactly as an unknown id. */
    @Test
    @Order(2)
    void anotherAgencysFileIs404AndPostsNeedTheFormToken() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Path csv = gateways.dir().resolve("a-only.csv");
        SampleWorkers.generate(csv, 5, 11L, 0);
        String cookieA = login(http, "klerk-a", PASSWORD_A);
        String cookieB = login(http, "klerk-b", PASSWORD_B);
        String uploadPage = upload(http, cookieA, csv, csrfOf(http, cookieA));
        String uploadId = uploadPage.replaceAll("(?s).*action=\"/portal/uploads/([A-Za-z0-9_-]{22})/submit\".*", "$1");
        assertThat(uploadId).hasSize(22);

        // B cannot submit A's upload (it is looked for in B's own folder), nor without the token.
        HttpResponse<String> bSubmits = post(http, cookieB, "/portal/uploads/" + uploadId + "/submit",
                "csrf=" + csrfOf(http, cookieB));
        assertThat(bSubmits.statusCode()).isEqualTo(404);
        HttpResponse<String> noToken = post(http, cookieA, "/portal/uploads/" + uploadId + "/submit", "csrf=guess");
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> submitted = post(http, cookieA, "/portal/uploads/" + uploadId + "/submit",
                "csrf=" + csrfOf(http, cookieA));
        assertThat(submitted.statusCode()).isEqualTo(303);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/portal/files/\\d+");
        long fileId = Long.parseLong(location.replaceAll(".*/", ""));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                gateway.ledger().file(fileId).orElseThrow().state() == FileState.DONE);

        assertThat(get(http, cookieA, "/portal/files/" + fileId).statusCode()).isEqualTo(200);
        assertThat(get(http, cookieA, "/portal/files/" + fileId + "/results.csv").statusCode()).isEqualTo(200);
        for (String path : List.of("", "/results.csv", "/rejects.csv")) {
            HttpResponse<String> answer = get(http, cookieB, "/portal/files/" + fileId + path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("a-only.csv");
        }
        assertThat(get(http, cookieB, "/portal/files/999999").statusCode()).isEqualTo(404);
        // The same bytes again: recorded as a duplicate, not enrolled twice.
        String again = upload(http, cookieA, csv, csrfOf(http, cookieA));
        String againId = again.replaceAll("(?s).*action=\"/portal/uploads/([A-Za-z0-9_-]{22})/submit\".*", "$1");
        HttpResponse<String> second = post(http, cookieA, "/portal/uploads/" + againId + "/submit",
                "csrf=" + csrfOf(http, cookieA));
        long secondId = Long.parseLong(second.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
        assertThat(gateway.ledger().file(secondId).orElseThrow().state()).isEqualTo(FileState.DUPLICATE);
        // Nothing of the portal on the callback's port, nothing of /ops on the portal's.
        HttpResponse<String> opsPortal = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + env.httpPort() + "/portal/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opsPortal.statusCode()).isEqualTo(404);
        assertThat(get(http, cookieA, "/ops/health").statusCode()).isEqualTo(404);
    }

    /**
     * Bodies are read before any login check, so only the upload's may be large, and only for a clerk signed
     * in: a 1 MiB text body to the login form is refused with 413, an upload without a session with 401
     * (unread), and one that is not a multipart form with 415.
     */
    @Test
    @Order(2)
    void largeBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        byte[] mib = new byte[1024 * 1024];
        java.util.Arrays.fill(mib, (byte) 'a');
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(mib)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(413);

        String boundary = "----portal" + System.nanoTime();
        byte[] body = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8), new byte[100],
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        for (String cookie : new String[] {null, "jamsos_portal=" + "A".repeat(43)}) {
            // A small file: the answer comes before the body is read, and the connection closes after it.
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/portal/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
        String cookieA = login(http, "klerk-a", PASSWORD_A);
        HttpResponse<String> notMultipart = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/upload"))
                .header("Cookie", cookieA).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notMultipart.statusCode()).isEqualTo(415);
    }

    /** Login forgery: a login form posted from another site is refused, as every other portal form. */
    @Test
    @Order(2)
    void aLoginFromAnotherSiteIsRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String form = "username=klerk-a&password=" + PASSWORD_A;
        HttpResponse<String> fromElsewhere = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromElsewhere.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> sameOrigin = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sameOrigin.statusCode()).isEqualTo(303);
    }

    /** Last: it locks 127.0.0.1 out of the portal for the window. */
    @Test
    @Order(3)
    void failedLoginsAreThrottledPerAddress() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(post(http, null, "/portal/login", "username=klerk-a&password=salah" + i).statusCode());
        }
        // loginFailures=3: three wrong guesses, then refused whatever the password, the right one too.
        assertThat(statuses).containsExactly(303, 303, 303, 429);
        assertThat(post(http, null, "/portal/login", "username=klerk-a&password=" + PASSWORD_A).statusCode())
                .isEqualTo(429);
    }

    private static void logIn(WebDriverWait wait, String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload")));
    }

    private static Path awaitDownload(String suffix) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            }
        }, p -> p != null);
    }

    private static String login(HttpClient http, String user, String password) throws Exception {
        return PortalForms.login(http, base, user, password);
    }

    private static String csrfOf(HttpClient http, String cookie) throws Exception {
        return PortalForms.csrf(http, base, cookie);
    }

    private static String upload(HttpClient http, String cookie, Path file, String csrf) throws Exception {
        return PortalForms.upload(http, base, cookie, csrf, file.getFileName().toString(), Files.readAllBytes(file));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static HttpResponse<String> get(HttpClient http, String cookie, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String cookie, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void screenshot(String path) throws Exception {
        Files.write(Path.of(path), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
