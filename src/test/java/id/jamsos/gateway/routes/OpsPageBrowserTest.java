package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.support.RequiredService;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in a real browser (Debian's chromium and chromium-driver, headless) on the demo
 * environment: log in, see a file's counts, open its parked rows, replay them with confirmation.
 * Screenshots go to target/ops-page-detail.png and target/ops-page.png. Without the browser the test
 * is skipped with the reason, or fails under {@code CI=true} ({@link RequiredService}).
 */
class OpsPageBrowserTest {

    /** Overridable (-Dops.browser.chromium / .chromedriver) for another install, or to see the skip. */
    static final Path CHROMIUM = Path.of(System.getProperty("ops.browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ops.browser.chromedriver", "/usr/bin/chromedriver"));
    static final String TOKEN = "browser-test-token";

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static GatewayFixture fx;
    static WebDriver browser;
    /** Why there is no browser, or null; checked by each test, as a skip here would hide the test. */
    static String noBrowser;

    @BeforeAll
    static void start() throws Exception {
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
        fx = gateways.start(GatewayExtension.settings(GatewayExtension.PARK_QUICKLY, "jamsos.ops.token", TOKEN));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(gateways.dir().resolve("chromium-profile")));
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
    void showsTheFileAndReplaysItsParkedRows() throws Exception {
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path sample = gateways.dir().resolve("dinsos-2026-03.csv");
        SampleSummary expected = SampleWorkers.generate(sample, 60, 21L, 9);
        fx.env.simulator().faults().errorRate(1.0);
        fx.upload(agency, sample, "dinsos-2026-03.csv");
        FileInfo file = fx.awaitFinal(agency, "dinsos-2026-03.csv", Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + fx.env.httpPort();

        browser.get(base + "/ops");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.urlContains("/ops/login"));
        browser.findElement(By.name("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("files")));

        String row = "tr.file[data-file-id='" + file.id() + "']";
        assertThat(count(row, "total")).isEqualTo(String.valueOf(expected.rows()));
        assertThat(count(row, "REJECTED")).isEqualTo(String.valueOf(expected.expectedRejected()));
        assertThat(count(row, "PARKED")).isEqualTo(String.valueOf(expected.expectedAccepted()));
        assertThat(count(row, "ENROLLED")).isEqualTo("0");

        browser.findElement(By.cssSelector(row + " td:nth-child(2)")).click();
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        wait.until(d -> detail.getText().contains("Parked rows (" + expected.expectedAccepted() + ")"));
        assertThat(detail.getText()).contains("Rejected rows (" + expected.expectedRejected() + ")");
        assertThat(detail.getText()).doesNotContainPattern("\\d{16}");
        screenshot("target/ops-page-detail.png");
        detail.findElement(By.cssSelector("button.close")).click();

        fx.env.simulator().faults().errorRate(0.0);
        browser.findElement(By.cssSelector(row + " button.replay")).click();
        wait.until(ExpectedConditions.alertIsPresent());
        assertThat(browser.switchTo().alert().getText()).contains("Replay " + expected.expectedAccepted() + " parked rows");
        browser.switchTo().alert().accept();
        WebElement flash = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));
        assertThat(flash.getText()).contains(expected.expectedAccepted() + " parked rows of file " + file.id() + " queued again");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                fx.gateway.ledger().file(file.id()).orElseThrow().state() == FileState.DONE
                        && fx.gateway.ledger().rowCounts(file.id()).get(RowState.ENROLLED) == expected.expectedAccepted());

        // A paid claim for one of the workers, so the page shows what reaches finance.
        List<String> enrolledNiks = new ArrayList<>();
        fx.gateway.ledger().forEachRow(file.id(), r -> {
            if (r.state() == RowState.ENROLLED && enrolledNiks.isEmpty()) {
                enrolledNiks.add(r.nik());
            }
        });
        fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), fx.env.simulator().jkmClaimFor(enrolledNiks.get(0)));

        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row)));
        assertThat(count(row, "ENROLLED")).isEqualTo(String.valueOf(expected.expectedAccepted()));
        assertThat(count(row, "PARKED")).isEqualTo("0");
        assertThat(browser.findElements(By.cssSelector(row + " button.replay"))).isEmpty();
        assertThat(browser.findElement(By.id("claims")).getText()).contains("JKM");
        assertThat(browser.getPageSource()).doesNotContainPattern("\\d{16}");
        screenshot("target/ops-page.png");
    }

    /**
     * The finding of issue 14: a page on the same site (here 127.0.0.1 on another port: another origin,
     * the same site, so the SameSite=Strict cookie goes along) submits a form to the replay endpoint,
     * with the confirmation and a made-up token as form fields and in the action's query. It replayed
     * the parked rows; now nothing changes in the ledger, and the page's own button still replays.
     * Ends by logging out through the page, so the other test finds the browser logged out.
     */
    @Test
    void aFormOnAnotherPageOfTheSiteCannotReplayButTheButtonStillCan() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = gateways.dir().resolve("csrf-2026-04.csv");
        SampleSummary expected = SampleWorkers.generate(sample, 12, 33L, 2);
        fx.env.simulator().faults().errorRate(1.0);
        fx.upload(agency, sample, "csrf-2026-04.csv");
        FileInfo file = fx.awaitFinal(agency, "csrf-2026-04.csv", Duration.ofSeconds(60));
        assertThat(fx.gateway.ledger().rowCounts(file.id()).get(RowState.PARKED)).isEqualTo(expected.expectedAccepted());
        String base = "http://127.0.0.1:" + fx.env.httpPort();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(base + "/ops");
        if (browser.getCurrentUrl().contains("/ops/login")) {
            browser.findElement(By.name("token")).sendKeys(TOKEN);
            browser.findElement(By.cssSelector("form button[type=submit]")).click();
        }
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("files")));

        String replay = base + "/ops/files/" + file.id() + "/replay";
        String attack = "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\"" + replay
                + "?X-Jamsos-Confirm=replay&amp;X-Jamsos-CSRF=guess\">"
                + "<input type=\"hidden\" name=\"X-Jamsos-Confirm\" value=\"replay\">"
                + "<input type=\"hidden\" name=\"X-Jamsos-CSRF\" value=\"guess\"></form>"
                + "<script>document.getElementById('f').submit();</script></body></html>";
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] body = attack.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        try {
            browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/prize.html");
            // The form went: the browser shows the gateway's answer to it.
            wait.until(d -> d.getCurrentUrl().startsWith(replay)
                    && !d.findElement(By.tagName("body")).getText().isBlank());
            System.out.println("[csrf] same-site form answered: " + browser.findElement(By.tagName("body")).getText());
        } finally {
            attacker.stop(0);
        }
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("queued again");
        assertThat(fx.gateway.ledger().rowCounts(file.id()).get(RowState.PARKED))
                .as("parked rows after the other page's form").isEqualTo(expected.expectedAccepted());
        assertThat(fx.gateway.ledger().rowCounts(file.id()).get(RowState.PENDING)).isZero();

        fx.env.simulator().faults().errorRate(0.0);
        browser.get(base + "/ops");
        String row = "tr.file[data-file-id='" + file.id() + "']";
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + " button.replay"))).click();
        wait.until(ExpectedConditions.alertIsPresent());
        browser.switchTo().alert().accept();
        WebElement flash = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));
        assertThat(flash.getText()).contains(expected.expectedAccepted() + " parked rows of file " + file.id() + " queued again");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                fx.gateway.ledger().rowCounts(file.id()).get(RowState.ENROLLED) == expected.expectedAccepted());

        browser.get(base + "/ops");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        wait.until(ExpectedConditions.urlContains("/ops/login"));
        browser.get(base + "/ops");
        wait.until(ExpectedConditions.urlContains("/ops/login"));
    }

    private String count(String row, String state) {
        return browser.findElement(By.cssSelector(row + " td[data-count='" + state + "']")).getText();
    }

    private void screenshot(String path) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of(path).getParent());
        Files.copy(shot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
    }

}
