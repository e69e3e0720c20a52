package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.portal.PasswordHash;
import id.jamsos.gateway.support.PortalForms;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker's story over HTTP on the whole gateway (issue 18): /ops/workers and /ops/api/workers ask for
 * the operator's login, show the NIK masked unless {@code full=true}, and audit every look-up and every
 * full view (the {@code auditTrail} bean, today {@link LoggedAuditTrail}, read from its logger);
 * /portal/workers shows a clerk of agency A the worker A enrolled, corrected and claimed for, and a
 * clerk of agency B "not found", exactly as for a NIK nobody has.
 */
class WorkerLookupHttpTest {

    static final String TOKEN = "test-operator-token-w0rk3r";
    static final String AGENCY_A = DemoEnvironment.KEY_AGENCY;
    static final String AGENCY_B = DemoEnvironment.PASSWORD_AGENCY;
    static final String PASSWORD_A = "kata-sandi-klerk-A";
    static final String PASSWORD_B = "kata-sandi-klerk-B";
    static final String NIK = "9271014501900001";
    static final String MASKED = "9271********0001";
    static final String KPJ = "05K40081234";

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static Gateway gateway;
    static OpsHttp ops;
    static String portal;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    static final List<String> AUDIT = new CopyOnWriteArrayList<>();
    static final List<String> VIEWS = new CopyOnWriteArrayList<>();
    static AbstractAppender appender;

    @BeforeAll
    static void start() throws Exception {
        DemoEnvironment env = gateways.startEnvironment();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        portal = "http://127.0.0.1:" + port;
        Map<String, String> settings = new HashMap<>();
        settings.put("jamsos.ops.token", TOKEN);
        settings.put("jamsos.portal.enabled", "true");
        settings.put("jamsos.portal.host", "127.0.0.1");
        settings.put("jamsos.portal.port", String.valueOf(port));
        settings.put("jamsos.portal.publicUrl", portal);
        GatewayProperties props = env.gatewayProperties(settings);
        AgencyRegistry agencies = env.agencies().withPortals(Map.of(
                AGENCY_A, new AgencyPortal(null,
                        List.of(new AgencyPortal.User("klerk-a", PasswordHash.of(PASSWORD_A.toCharArray())))),
                AGENCY_B, new AgencyPortal(null,
                        List.of(new AgencyPortal.User("klerk-b", PasswordHash.of(PASSWORD_B.toCharArray()))))));
        gateway = gateways.startGateway(props, agencies);
        ops = new OpsHttp(env.httpPort());
        try (com.zaxxer.hikari.HikariDataSource ds = id.jamsos.gateway.ledger.LedgerDataSource.create(
                props.get("jamsos.ledger.url"), props.get("jamsos.ledger.user", "sa"), props.get("jamsos.ledger.password", ""), 2)) {
            enrolCorrectAndClaim(ds);
        }

        appender = new AbstractAppender("worker-audit-test", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                // Logins and other actions are audited too (docs/audit.md): only the look-ups are this test's.
                String line = event.getMessage().getFormattedMessage();
                if (line.contains("action=WORKER_")) {
                    AUDIT.add(line);
                }
                if (line.contains("action=PAGE_VIEW")) {
                    VIEWS.add(line);
                }
            }
        };
        appender.start();
        ((org.apache.logging.log4j.core.Logger) LogManager.getLogger(LoggedAuditTrail.LOGGER)).addAppender(appender);
    }

    @AfterAll
    static void detach() {
        if (appender != null) {
            ((org.apache.logging.log4j.core.Logger) LogManager.getLogger(LoggedAuditTrail.LOGGER)).removeAppender(appender);
        }
    }

    @BeforeEach
    void clearAudit() {
        AUDIT.clear();
    }

    /** Agency A enrolls the worker, corrects the name, and BPJS reports a JKK claim on A's name. */
    static void enrolCorrectAndClaim(DataSource ds) {
        Ledger ledger = gateway.ledger();
        Instant now = Instant.now();
        long file = ledger.registerFile(AGENCY_A, "maret.csv", "a".repeat(64), now.minusSeconds(7200)).fileId();
        ledger.insertRows(file, List.of(new LedgerRow(file, 1, NIK, "Worker One", RowState.PENDING, List.of(), "w-1",
                null, null, 1_000_000L, LocalDate.of(1990, 1, 5))));
        ledger.completeIntake(file, 1, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(file, 1, RowState.ENROLLED, KPJ, null, AGENCY_A, "Sorong")));
        long changes = ledger.registerFile(AGENCY_A, "koreksi.csv", "b".repeat(64), now.minusSeconds(3600)).fileId();
        ledger.insertRows(changes, List.of(new LedgerRow(changes, 1, NIK, "Worker One", RowState.PENDING, List.of(),
                "w-2", null, null, null, null, ChangeAction.KOREKSI, "{}")));
        new ChangeLedger(ds, Clock.systemUTC(), ledger.personalData()).apply(List.of(ChangeOutcome.corrected(changes, 1,
                AGENCY_A, KPJ, new ChangeOutcome.Correction("Yohana Worker", null, null, null), "w-2", "200")));
        new FinanceLedger(ds, ledger.personalData()).recordClaim(new ClaimRecord("JKK-HTTP-1", "JKK", KPJ, NIK,
                1_500_000L, AGENCY_A, now.minusSeconds(60), "{}"),
                new ClaimMessage("JKK-HTTP-1", "finance", null, "{}", Map.of()));
    }

    @Test
    void theOperatorsPageAsksForALoginAndShowsTheNikMaskedUnlessTheFullViewIsAskedWhichIsAudited() throws Exception {
        assertThat(ops.send("POST", "/ops/workers", "nik=" + NIK, "Content-Type", FORM).statusCode()).isIn(401, 303);
        assertThat(ops.send("POST", "/ops/api/workers", "{\"nik\":\"" + NIK + "\"}", "Content-Type",
                "application/json").statusCode()).isEqualTo(401);
        assertThat(AUDIT).as("nothing looked up without a login").isEmpty();

        String cookie = ops.login(TOKEN);
        HttpResponse<String> page = opsLookUp(cookie, "nik=" + NIK);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(MASKED, KPJ, "Yohana Worker", "maret.csv", "koreksi.csv",
                "KOREKSI/CORRECT", "JKK-HTTP-1", "Terdaftar di BPJS / enrolled at BPJS")
                .doesNotContain(NIK).contains("href=\"/ops/workers?kpj&#61;" + KPJ + "&amp;full&#61;true\"");
        assertThat(AUDIT).singleElement().satisfies(line -> assertThat(line)
                .contains("OPERATOR ops-session", "action=WORKER_LOOKUP", "subject=nik:" + MASKED).doesNotContain(NIK));

        AUDIT.clear();
        HttpResponse<String> full = ops.send("GET", "/ops/workers?kpj=" + KPJ + "&full=true", null, "Cookie", cookie);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).contains(NIK);
        assertThat(AUDIT).hasSize(2);
        assertThat(AUDIT.get(0)).contains("action=WORKER_LOOKUP", "subject=kpj:" + KPJ);
        assertThat(AUDIT.get(1)).contains("action=WORKER_FULL_NIK", "subject=kpj:" + KPJ, "agency=" + AGENCY_A);

        AUDIT.clear();
        HttpResponse<String> api = ops.get("/ops/api/workers?kpj=" + KPJ, OpsHttp.bearer(TOKEN));
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(api.body());
        assertThat(json.get("nik").asText()).isEqualTo(MASKED);
        assertThat(json.get("events")).extracting(e -> e.get("kind").asText()).contains("FILE_ROW", "ENROLLED",
                "CHANGE", "CLAIM");
        assertThat(AUDIT).singleElement().satisfies(line -> assertThat(line).contains("ops-token"));
        assertThat(apiLookUp("{\"nik\":\"" + NIK + "\",\"full\":true}").body()).contains(NIK);
        assertThat(apiLookUp("{\"nik\":\"" + NIK + "\"}").body()).contains(MASKED).doesNotContain(NIK);
        assertThat(apiLookUp("{\"nik\":\"9271014501900009\"}").statusCode()).isEqualTo(404);
        assertThat(apiLookUp("{\"nik\":\"123\"}").statusCode()).isEqualTo(400);
        assertThat(apiLookUp("nik=" + NIK).statusCode()).as("not JSON").isEqualTo(400);
    }

    @Test
    void anOperatorSignedInByBasicIsToldToLogInRatherThanGivenAFormThatCannotBeSent() throws Exception {
        // Without a session the page has no form token, and a browser's form cannot send the confirmation
        // header: a form shown would answer 403 at every look-up.
        // (Only /ops/workers: a view of /ops by the token is audited once per 15 minutes, which another test
        // of this class counts; status.mustache has the same section.)
        for (String path : List.of("/ops/workers")) {
            HttpResponse<String> page = ops.send("GET", path, null, "Authorization", OpsHttp.basic("operator", TOKEN));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain("action=\"/ops/workers\"")
                    .contains("id=\"login-to-look-up\"").contains("href=\"/ops/login\"");
        }
        String cookie = ops.login(TOKEN);
        assertThat(ops.send("GET", "/ops/workers", null, "Cookie", cookie).body())
                .contains("<form method=\"post\" action=\"/ops/workers\"><input type=\"hidden\" name=\"csrf\"")
                .doesNotContain("login-to-look-up");
    }

    @Test
    void theOperatorsNikNeverTravelsInAUrlNorInALogLine() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        AbstractAppender everything = new AbstractAppender("worker-nik-test", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getLoggerName() + " " + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + event.getThrown()));
            }
        };
        everything.start();
        org.apache.logging.log4j.core.Logger root = (org.apache.logging.log4j.core.Logger) LogManager.getRootLogger();
        root.addAppender(everything);
        List<String> urls = new ArrayList<>();
        try {
            String cookie = ops.login(TOKEN);
            // The form as the page gives it: POST, to a path without a query, with the session's token.
            String form = ops.send("GET", "/ops/workers", null, "Cookie", cookie).body();
            assertThat(form).contains("<form method=\"post\" action=\"/ops/workers\">")
                    .contains("name=\"csrf\" value=\"");
            urls.add("/ops/workers");
            // The status page's look-up form too.
            assertThat(ops.send("GET", "/ops", null, "Cookie", cookie).body())
                    .contains("<form method=\"post\" action=\"/ops/workers\"><input type=\"hidden\" name=\"csrf\"")
                    .doesNotContain("method=\"get\" action=\"/ops/workers\"");
            HttpResponse<String> found = opsLookUp(cookie, "nik=" + NIK);
            assertThat(found.statusCode()).isEqualTo(200);
            // Every address the answer offers (links, the form's action) is free of the NIK.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:href|action)=\"([^\"]*)\"")
                    .matcher(found.body());
            while (m.find()) {
                urls.add(m.group(1));
            }
            assertThat(found.headers().firstValue("Location")).isEmpty();
            // A script asks through JSON; a NIK someone still puts in the URL is refused, not looked up.
            urls.add("/ops/api/workers");
            assertThat(apiLookUp("{\"nik\":\"" + NIK + "\"}").statusCode()).isEqualTo(200);
            AUDIT.clear();
            HttpResponse<String> inUrl = ops.send("GET", "/ops/workers?nik=" + NIK, null, "Cookie", cookie);
            assertThat(inUrl.statusCode()).isEqualTo(400);
            assertThat(inUrl.body()).contains("never in the URL").doesNotContain(MASKED, "Yohana");
            assertThat(ops.get("/ops/api/workers?nik=" + NIK, OpsHttp.bearer(TOKEN)).statusCode()).isEqualTo(400);
            assertThat(AUDIT).as("a NIK in a URL is not looked up").isEmpty();
            // Without the form token (another site's form), refused.
            assertThat(ops.send("POST", "/ops/workers", "nik=" + NIK, "Cookie", cookie, "Content-Type", FORM)
                    .statusCode()).isEqualTo(403);
            assertThat(ops.send("POST", "/ops/api/workers", "{\"nik\":\"" + NIK + "\"}", "Authorization",
                    OpsHttp.bearer(TOKEN), "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        } finally {
            root.removeAppender(everything);
        }
        assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).doesNotContain(NIK));
        assertThat(logged).as("log lines of the look-ups").isNotEmpty()
                .allSatisfy(l -> assertThat(l).doesNotContain(NIK));
    }

    @Test
    void theStatusPagesViewsAreAuditedOncePerSessionNotAtEveryReload() throws Exception {
        String one = ops.login(TOKEN);
        String two = ops.login(TOKEN);
        VIEWS.clear();
        // The page reloads itself every 10 seconds: six reloads of one session, one view of another, and a
        // script's two reads with the bearer token.
        for (int i = 0; i < 6; i++) {
            assertThat(ops.send("GET", "/ops", null, "Cookie", one).statusCode()).isEqualTo(200);
        }
        assertThat(ops.send("GET", "/ops", null, "Cookie", two).statusCode()).isEqualTo(200);
        assertThat(ops.get("/ops", OpsHttp.bearer(TOKEN)).statusCode()).isEqualTo(200);
        assertThat(ops.get("/ops", OpsHttp.bearer(TOKEN)).statusCode()).isEqualTo(200);

        assertThat(VIEWS).hasSize(3).allSatisfy(l -> assertThat(l).contains("action=PAGE_VIEW", "subject=/ops"));
        assertThat(VIEWS.get(0)).contains("OPERATOR ops-session").doesNotContain(one.substring(one.indexOf('=') + 1));
        assertThat(VIEWS.get(1)).contains("OPERATOR ops-session");
        assertThat(VIEWS.get(2)).contains("OPERATOR ops-token", "127.0.0.1");
    }

    static final String FORM = "application/x-www-form-urlencoded";

    /** The operators' look-up form as a browser sends it: the session's token from the page, the fields posted. */
    private static HttpResponse<String> opsLookUp(String cookie, String fields) throws Exception {
        String page = ops.send("GET", "/ops/workers", null, "Cookie", cookie).body();
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        return ops.send("POST", "/ops/workers", "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&"
                + fields, "Cookie", cookie, "Content-Type", FORM);
    }

    /** A script's look-up: JSON in the body, the bearer token. */
    private static HttpResponse<String> apiLookUp(String body) throws Exception {
        return ops.send("POST", "/ops/api/workers", body, "Authorization", OpsHttp.bearer(TOKEN), "Content-Type",
                "application/json");
    }

    @Test
    void aClerkSeesTheirAgencysWorkerAndAnotherAgencyGetsNotFoundAsForNobody() throws Exception {
        assertThat(get("/portal/workers?nik=" + NIK, null).statusCode()).isEqualTo(303);

        String a = login("klerk-a", PASSWORD_A);
        HttpResponse<String> files = get("/portal", a);
        assertThat(files.body()).contains("href=\"/portal/workers\"");
        // A NIK in the URL is not looked up (it would stay in the proxy's log and the browser's history).
        HttpResponse<String> inUrl = get("/portal/workers?nik=" + NIK, a);
        assertThat(inUrl.body()).doesNotContain(MASKED, "Yohana Worker").contains("method=\"post\"");
        assertThat(AUDIT).isEmpty();
        // The form posts it with the session's token; without the token it is refused.
        assertThat(post("/portal/workers", a, "nik=" + NIK).statusCode()).isEqualTo(403);
        HttpResponse<String> found = lookUp(a, "nik=" + NIK);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains(MASKED, KPJ, "Yohana Worker", "maret.csv", "JKK-HTTP-1")
                .doesNotContain(NIK);
        assertThat(AUDIT).singleElement().satisfies(line -> assertThat(line)
                .contains("CLERK klerk-a", "agency=" + AGENCY_A, "action=WORKER_LOOKUP").doesNotContain(NIK));

        String b = login("klerk-b", PASSWORD_B);
        HttpResponse<String> other = lookUp(b, "nik=" + NIK);
        HttpResponse<String> nobody = lookUp(b, "nik=9271014501900009");
        HttpResponse<String> byKpj = get("/portal/workers?kpj=" + KPJ, b);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(byKpj.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("Not found in your agency's data").doesNotContain(MASKED, "Yohana", "maret.csv");
        assertThat(other.body().replaceAll("nonce=\"[^\"]*\"", "").replaceAll("name=\"csrf\" value=\"[^\"]*\"", ""))
                .as("another agency's worker reads as nobody").isEqualTo(nobody.body()
                        .replaceAll("nonce=\"[^\"]*\"", "").replaceAll("name=\"csrf\" value=\"[^\"]*\"", ""));
        assertThat(byKpj.body()).doesNotContain("Yohana", MASKED);
        assertThat(AUDIT).filteredOn(l -> l.contains("CLERK klerk-b")).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("not found"));
    }

    /** The look-up form as a browser sends it: the session's token from the page, the fields posted. */
    private static HttpResponse<String> lookUp(String cookie, String fields) throws Exception {
        String page = get("/portal/workers", cookie).body();
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([A-Za-z0-9_-]+)\".*", "$1");
        return post("/portal/workers", cookie, "csrf=" + csrf + "&" + fields);
    }

    private static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(portal + path)).timeout(Duration.ofSeconds(15))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(portal + path)).timeout(Duration.ofSeconds(15)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String login(String user, String password) throws Exception {
        return PortalForms.login(CLIENT, portal, user, password);
    }
}
