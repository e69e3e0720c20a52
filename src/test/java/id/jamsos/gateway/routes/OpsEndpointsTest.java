package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, readiness, metrics and operator authentication on the callback's port. */
class OpsEndpointsTest {

    static final String TOKEN = "test-operator-token-7c1f";

    private static final java.time.YearMonth THIS_MONTH = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Jayapura"));

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of("jamsos.ops.token", TOKEN,
            "jamsos.ops.loginFailures", "3",
            // Far below what ten workers cost, so the page must warn: the statement's check and the
            // programme's budget plan (a programme year from this month).
            "jamsos.programme.source.APBD_KOTA.budget", "100000",
            "jamsos.programme.firstMonth", THIS_MONTH.toString(),
            "jamsos.programme.lastMonth", THIS_MONTH.plusMonths(11).toString()));
    static OpsHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = new OpsHttp(fx.env().httpPort());
    }

    @Test
    void healthAndReadinessAnswerWithoutCredentials() throws Exception {
        HttpResponse<String> health = http.get("/ops/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));

        HttpResponse<String> ready = http.get("/ops/ready", OpsHttp.bearer(TOKEN));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"", "\"checks\":{\"context\":\"UP\",\"ledger\":\"UP\"}",
                "\"broker\":\"UP\"", "\"endpoint\":\"UP\"");
    }

    /**
     * Probes and the scraper on Camel's management port, apart from the callback's: the status alone
     * to anyone (a request for details is refused), the same answer as /ops on the callback's port,
     * the gateway's own meters beside Camel's, and nothing of it on the port BPJS reaches.
     */
    @Test
    void probesAndMetricsAnswerOnTheManagementPortAndNotOnTheCallbacksPort() throws Exception {
        OpsHttp management = new OpsHttp(fx.env().managementPort());
        HttpResponse<String> live = management.get("/observe/health/live", null);
        HttpResponse<String> ready = management.get("/observe/health/ready", null);
        System.out.println("[ops] management port: live " + live.statusCode() + " " + live.body().strip()
                + ", ready " + ready.statusCode() + " " + ready.body().strip());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body().replaceAll("\\s", "")).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body().replaceAll("\\s", "")).isEqualTo("{\"status\":\"UP\"}");
        assertThat(http.get("/ops/ready", null).statusCode()).as("the callback port's answer agrees").isEqualTo(200);

        for (String ask : List.of("?exposureLevel=full", "?data=true", "?stackTrace=true&exposureLevel=default")) {
            HttpResponse<String> details = management.get("/observe/health/ready" + ask, null);
            assertThat(details.statusCode()).as(ask).isEqualTo(400);
            assertThat(details.body()).as(ask).doesNotContain("ledger", "context", "checks");
        }

        HttpResponse<String> metrics = management.get("/observe/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jamsos_rows{state=\"ENROLLED\"}", "jamsos_claims_published_total",
                "routeId=\"claim-outbox\"");

        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready", "/observe/metrics")) {
            assertThat(http.get(path, null).statusCode()).as("callback port " + path).isEqualTo(404);
        }
    }

    @Test
    void readinessTellsStrangersTheStatusOnlyAndOperatorsWhichPartIsDown() throws Exception {
        HttpResponse<String> anonymous = http.get("/ops/ready", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
        // Credentials in the URL are no credentials: still the status alone.
        assertThat(http.get("/ops/ready?Authorization=Bearer%20" + TOKEN, null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(http.get("/ops/ready", OpsHttp.bearer(TOKEN)).body()).contains("\"checks\":{", "\"ledger\":\"UP\"");
        String cookie = http.login(TOKEN);
        assertThat(http.send("GET", "/ops/ready", null, "Cookie", cookie).body()).contains("\"broker\":\"UP\"");
    }

    @Test
    void credentialsCountOnlyFromTheAuthorizationAndCookieHeadersNeverFromTheUrl() throws Exception {
        assertThat(http.get("/ops/metrics?Authorization=Bearer%20" + TOKEN, null).statusCode()).isEqualTo(401);
        String cookie = http.login(TOKEN);
        assertThat(http.send("GET", "/ops", null, "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(http.get("/ops?Cookie=" + java.net.URLEncoder.encode(cookie, java.nio.charset.StandardCharsets.UTF_8),
                null).statusCode()).isEqualTo(401);
        // Nor from a form field of a POST.
        assertThat(http.send("POST", "/ops/files/1/replay", "Authorization=" + java.net.URLEncoder.encode(
                OpsHttp.bearer(TOKEN), java.nio.charset.StandardCharsets.UTF_8) + "&X-Jamsos-Confirm=replay",
                "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(401);
    }

    @Test
    void aStateChangeNeedsTheRealHeadersNoFormFieldOrQueryParameterMeetsThem() throws Exception {
        String cookie = http.login(TOKEN);
        String csrf = http.csrfToken(cookie);
        String form = "application/x-www-form-urlencoded";
        String replay = "/ops/files/999999/replay";
        // The finding: a same-site form's field, or the action's query, stood in for the header.
        assertThat(http.send("POST", replay + "?X-Jamsos-Confirm=replay&X-Jamsos-CSRF=" + csrf, null,
                "Cookie", cookie).statusCode()).isEqualTo(403);
        assertThat(http.send("POST", replay, "X-Jamsos-Confirm=replay&X-Jamsos-CSRF=" + csrf,
                "Cookie", cookie, "Content-Type", form).statusCode()).isEqualTo(403);
        // A session needs its own token in the header; the confirmation alone is not enough.
        assertThat(http.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay").statusCode())
                .isEqualTo(403);
        assertThat(http.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", csrf + "x").statusCode()).isEqualTo(403);
        assertThat(http.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", http.csrfToken(http.login(TOKEN))).statusCode()).as("another session's token")
                .isEqualTo(403);
        // A browser says where a request comes from; another site is refused even with the headers.
        assertThat(http.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", csrf, "Sec-Fetch-Site", "same-site").statusCode()).isEqualTo(403);
        assertThat(http.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", csrf, "Origin", "http://127.0.0.1:1").statusCode()).isEqualTo(403);
        // The page's own request gets through to the replay (which knows no such file).
        assertThat(http.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", csrf, "Sec-Fetch-Site", "same-origin",
                "Origin", "http://127.0.0.1:" + fx.env().httpPort()).statusCode()).isEqualTo(404);
        // An API client with the secret in Authorization: the confirmation header, never a parameter.
        assertThat(http.send("POST", replay + "?X-Jamsos-Confirm=replay", null,
                "Authorization", OpsHttp.bearer(TOKEN)).statusCode()).isEqualTo(403);
        assertThat(http.post(replay, OpsHttp.bearer(TOKEN), "replay").statusCode()).isEqualTo(404);
    }

    @Test
    void everyAnswerCarriesTheCacheAndSecurityHeaders() throws Exception {
        for (HttpResponse<String> r : List.of(http.get("/ops", OpsHttp.bearer(TOKEN)), http.get("/ops", null),
                http.get("/ops/login", null), http.get("/ops/health", null),
                http.get("/ops/api/files/999999/rows", OpsHttp.bearer(TOKEN)))) {
            assertThat(r.headers().firstValue("Cache-Control")).as(r.uri() + " " + r.statusCode()).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(r.uri().toString()).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(r.uri().toString()).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(r.uri().toString())
                    .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        }
        // Request headers are not echoed back (platform-http would copy them to the answer).
        assertThat(http.send("GET", "/ops/health", null, "X-Echo", "1").headers().firstValue("X-Echo")).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndLogoutEndsTheSessionOnTheServer() throws Exception {
        HttpResponse<String> login = http.send("POST", "/ops/login", "token=" + TOKEN,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .contains("HttpOnly", "SameSite=Strict", "Path=/ops").doesNotContain("Secure"));
        // A token in the URL is no login.
        HttpResponse<String> byUrl = http.send("POST", "/ops/login?token=" + TOKEN, null);
        assertThat(byUrl.headers().firstValue("Set-Cookie")).isEmpty();

        String cookie = http.login(TOKEN);
        String csrf = http.csrfToken(cookie);
        assertThat(http.send("GET", "/ops", null, "Cookie", cookie).body()).contains("id=\"logout\"");
        assertThat(http.send("POST", "/ops/logout", null, "Cookie", cookie, "X-Jamsos-Confirm", "logout")
                .statusCode()).as("logout without the session's token").isEqualTo(403);
        HttpResponse<String> logout = http.send("POST", "/ops/logout", null, "Cookie", cookie,
                "X-Jamsos-Confirm", "logout", "X-Jamsos-CSRF", csrf);
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .startsWith(id.jamsos.gateway.ops.OperatorAuth.COOKIE + "=;").contains("Max-Age=0"));
        // A copy of the cookie kept anywhere is worth nothing now.
        assertThat(http.send("GET", "/ops", null, "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    /**
     * A reverse proxy's one address for every operator: failed guesses from it lock out guessing, never
     * an operator who is logged in. Sent from 127.0.0.2 so that the lock does not touch the other tests.
     */
    @Test
    void aLockedOutAddressStillServesALiveSessionButNoMoreGuesses() throws Exception {
        String cookie = http.login(TOKEN);
        for (int i = 0; i < 3; i++) {
            assertThat(fromOtherAddress("/ops/metrics", "Authorization: Bearer wrong-" + i)).startsWith("HTTP/1.1 401");
        }
        assertThat(fromOtherAddress("/ops/metrics", "Authorization: Bearer wrong-again")).startsWith("HTTP/1.1 429");
        assertThat(fromOtherAddress("/ops/metrics", "Authorization: " + OpsHttp.bearer(TOKEN)))
                .as("the right secret is a guess like any other while locked").startsWith("HTTP/1.1 429");
        assertThat(fromOtherAddress("/ops", "Cookie: " + cookie)).startsWith("HTTP/1.1 200");
        assertThat(fromOtherAddress("/ops/ready", "Cookie: " + cookie)).startsWith("HTTP/1.1 200").contains("\"checks\"");
        // Other addresses are not affected.
        assertThat(http.get("/ops/metrics", OpsHttp.bearer(TOKEN)).statusCode()).isEqualTo(200);
    }

    /** After a restart every browser comes back with a session the gateway forgot: that is no guess. */
    @Test
    void staleSessionCookiesAreNotCountedAsGuesses() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(fromAddress("127.0.0.3", "/ops/metrics", "Cookie: " + id.jamsos.gateway.ops.OperatorAuth.COOKIE
                    + "=forgotten-" + i)).startsWith("HTTP/1.1 401");
        }
        assertThat(fromAddress("127.0.0.3", "/ops/metrics", "Authorization: " + OpsHttp.bearer(TOKEN)))
                .startsWith("HTTP/1.1 200");
    }

    /** A GET over a socket bound to 127.0.0.2 (the JDK client cannot choose its source address). */
    private static String fromOtherAddress(String path, String header) throws Exception {
        return fromAddress("127.0.0.2", path, header);
    }

    private static String fromAddress(String address, String path, String header) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(address, 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", fx.env().httpPort()), 5_000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void metricsNeedTheOperatorSecretAndShowCamelAndGatewayMeters() throws Exception {
        assertThat(http.get("/ops/metrics", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/ops/metrics", null).headers().firstValue("WWW-Authenticate")).isPresent();

        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path sample = fx.dir().resolve("metrics.csv");
        SampleWorkers.generate(sample, 12, 3L, 5);
        fx.upload(agency, sample, "metrics.csv");
        FileInfo file = fx.awaitFinal(agency, "metrics.csv", Duration.ofSeconds(60));
        assertThat(file.state()).isEqualTo(FileState.DONE);

        HttpResponse<String> bearer = http.get("/ops/metrics", OpsHttp.bearer(TOKEN));
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).contains("jamsos_rows{state=\"ENROLLED\"}", "jamsos_enrollment_seconds_count",
                "jamsos_delivery_retries_total", "jamsos_claims_published_total", "jamsos_queue_depth{queue=\"jamsos.enrollment\"}",
                "routeId=\"enroller\"");
        assertThat(bearer.body()).containsPattern("jamsos_deliveries_total\\{outcome=\"decided\"\\} [1-9]");
        assertThat(http.get("/ops/metrics", OpsHttp.basic("operator", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void theFileApiShowsAMalformedNikAsLittleAsAGoodOne() throws Exception {
        // Issue 15: a 10-digit NIK came back as 9271********4507, 8 of its 10 characters.
        String malformed = "9271014507";
        Path file = Files.writeString(fx.dir().resolve("nik-rusak.csv"), "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\r\n"
                + malformed + ";Agustinus Kambu;05/07/1990;L\r\n", StandardCharsets.UTF_8);
        fx.upload(DemoEnvironment.PASSWORD_AGENCY, file, "nik-rusak.csv");
        FileInfo done = fx.awaitFinal(DemoEnvironment.PASSWORD_AGENCY, "nik-rusak.csv", Duration.ofSeconds(60));

        String body = http.get("/ops/api/files/" + done.id() + "/rows", OpsHttp.bearer(TOKEN)).body();
        JsonNode rejected = FinanceMessages.JSON.readTree(body).path("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("nik").asText()).isEqualTo("92**************");
        assertThat(body).doesNotContain("4507");
    }

    @Test
    void theStatusPageAndTheApiRefuseStrangers() throws Exception {
        assertThat(http.get("/ops", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/ops/api/files/1/rows", OpsHttp.basic("admin", TOKEN)).statusCode()).isEqualTo(401);
        assertThat(http.post("/ops/files/1/replay", null, "replay").statusCode()).isEqualTo(401);
        // Authenticated but without the confirmation header a cross-site form cannot send.
        assertThat(http.post("/ops/files/1/replay", OpsHttp.bearer(TOKEN), null).statusCode()).isEqualTo(403);
        HttpResponse<String> page = http.get("/ops", OpsHttp.bearer(TOKEN));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                assertThat(v).contains("default-src 'none'"));
        assertThat(page.body()).contains("<h2>Files</h2>", DemoEnvironment.PASSWORD_AGENCY);
        // The page's own style and script carry the nonce the answer's policy names; nothing else runs.
        java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("script-src 'nonce-([^']+)'")
                .matcher(page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertThat(nonce.find()).isTrue();
        assertThat(page.body()).contains("<style nonce=\"" + nonce.group(1) + "\">",
                "<script nonce=\"" + nonce.group(1) + "\">");
    }

    @Test
    void thePageWarnsWhenTheCohortsYearlyCostExceedsTheBudget() throws Exception {
        java.nio.file.Path sample = fx.dir().resolve("budget.csv");
        id.jamsos.gateway.demo.SampleWorkers.generate(sample, 10, 77L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "budget.csv");
        fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "budget.csv", java.time.Duration.ofSeconds(60));

        String body = http.get("/ops", OpsHttp.bearer(TOKEN)).body();

        // Ten workers cost at least Rp 16,800 a month each: Rp 100,000 does not pay for this month.
        assertThat(body).contains("Contribution budget", ">10</div><div class=\"label\">workers covered",
                "data-budget=\"runs-out\"", "hanya cukup sampai", "lasts only to");
    }
}
