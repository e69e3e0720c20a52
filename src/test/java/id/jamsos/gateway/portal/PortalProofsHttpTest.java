package id.jamsos.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerProfile;
import id.jamsos.gateway.routes.GatewayExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proofs of cover on the portal over HTTP on the whole gateway: a clerk sees only their agency's villages,
 * prints one (a PDF opened with PDFBox, a batch recorded, the print needing the session's token), cannot
 * print another agency's village (404), and uploads a {@code terima_*} file through the upload form whose
 * rows are answered one by one: their own worker's delivery recorded, another agency's KPJ refused.
 */
class PortalProofsHttpTest {

    static final String AGENCY_A = DemoEnvironment.KEY_AGENCY;
    static final String AGENCY_B = DemoEnvironment.PASSWORD_AGENCY;
    static final String PASSWORD_A = "kata-sandi-klerk-A";
    static final String PASSWORD_B = "kata-sandi-klerk-B";

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static Gateway gateway;
    static String base;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        DemoEnvironment env = gateways.startEnvironment();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Map<String, String> settings = new HashMap<>();
        settings.put("jamsos.portal.enabled", "true");
        settings.put("jamsos.portal.host", "127.0.0.1");
        settings.put("jamsos.portal.port", String.valueOf(port));
        GatewayProperties props = env.gatewayProperties(settings);
        AgencyRegistry agencies = AgencyRegistry.of(env.agencies().agencies()).withPortals(Map.of(
                AGENCY_A, new AgencyPortal("distrik@sorongkota.test", List.of(new AgencyPortal.User("klerk-a",
                        PasswordHash.of(PASSWORD_A.toCharArray(), 10_000)))),
                AGENCY_B, new AgencyPortal("dinsos@sorongkota.test", List.of(new AgencyPortal.User("klerk-b",
                        PasswordHash.of(PASSWORD_B.toCharArray(), 10_000))))));
        gateway = gateways.startGateway(props, agencies);
        Ledger ledger = gateway.ledger();
        enrol(ledger, AGENCY_A, "a", List.of(
                new String[] {"9671104501900011", "Yosina Mambrasar", "05K40000011", "Klasaman"},
                new String[] {"9671104501900012", "Markus Wanma", "05K40000012", "Klasaman"}));
        enrol(ledger, AGENCY_B, "b", List.<String[]>of(
                new String[] {"9671104501900013", "Ruth Kambu", "05K40000013", "Remu Utara"}));
    }

    private static void enrol(Ledger ledger, String agency, String sum, List<String[]> workers) {
        long file = ledger.registerFile(agency, agency + ".csv", sum.repeat(64), Instant.now()).fileId();
        List<LedgerRow> rows = new java.util.ArrayList<>();
        List<RowOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            String[] w = workers.get(i);
            rows.add(new LedgerRow(file, i + 2, w[0], w[1], RowState.PENDING, List.of(), agency + i, null, null,
                    1_000_000L, LocalDate.of(1990, 1, 5)));
            outcomes.add(new RowOutcome(file, i + 2, RowState.ENROLLED, w[2], null, agency, "Sorong Timur",
                    new WorkerProfile(w[3], "nelayan", "P", 1990)));
        }
        ledger.insertRows(file, rows);
        ledger.completeIntake(file, rows.size(), 0);
        ledger.recordOutcomes(outcomes);
    }

    @Test
    void aClerkPrintsTheirOwnVillageOnlyAndConfirmsDeliveriesRowByRow() throws Exception {
        String cookie = login("klerk-a", PASSWORD_A);
        String page = get(cookie, "/portal/proofs").body();
        assertThat(page).contains("Klasaman", "Cetak PDF").doesNotContain("Remu Utara");
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([A-Za-z0-9_-]+)\".*", "$1");

        // Without the session's token the print is refused and nothing is recorded.
        assertThat(post(cookie, "/portal/proofs/pdf", "district=Sorong+Timur&kelurahan=Klasaman").statusCode())
                .isEqualTo(403);
        ProofLedger proofs = gateway.context().getRegistry().lookupByNameAndType("proofLedger", ProofLedger.class);
        assertThat(proofs.batches(AGENCY_A, 10)).isEmpty();

        HttpResponse<byte[]> pdf = postBytes(cookie, "/portal/proofs/pdf", "csrf=" + csrf
                + "&district=Sorong+Timur&kelurahan=Klasaman");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Yosina Mambrasar", "Markus Wanma", "05K40000011", "9671********0011")
                    .doesNotContain("Ruth Kambu", "9671104501900011");
        }
        assertThat(proofs.batches(AGENCY_A, 10)).singleElement().satisfies(b -> {
            assertThat(b.count()).isEqualTo(2);
            assertThat(b.printedBy()).isEqualTo("portal:klerk-a");
        });

        // Another agency's village is answered as one that does not exist.
        assertThat(post(cookie, "/portal/proofs/pdf", "csrf=" + csrf + "&district=Sorong+Timur&kelurahan="
                + URLEncoder.encode("Remu Utara", StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);

        String today = LocalDate.now(ZoneId.of("Asia/Jayapura")).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        String answer = upload(cookie, csrf, "terima_klasaman.csv", "KPJ;TANGGAL_TERIMA;PENERIMA;KETERANGAN\n"
                + "05K40000011;" + today + ";Yosina Mambrasar;\n"
                + "05K40000013;" + today + ";Ruth Kambu;\n");
        assertThat(answer).contains("1 diterima tercatat, 1 baris ditolak")
                .containsPattern("data-row=\"2\" data-ok=\"true\"")
                .containsPattern("data-row=\"3\" data-ok=\"false\"")
                .contains("KPJ 05K40000013 tidak dikenal untuk instansi ini", "is unknown to this agency");
        assertThat(proofs.latest(AGENCY_A, "05K40000011")).get().extracting(ProofLedger.Latest::state)
                .isEqualTo(ProofLedger.State.DELIVERED);
        assertThat(proofs.latest(AGENCY_A, "05K40000012")).get().extracting(ProofLedger.Latest::state)
                .isEqualTo(ProofLedger.State.PRINTED);

        // The other agency's clerk sees neither the village nor the batch.
        String pageB = get(login("klerk-b", PASSWORD_B), "/portal/proofs").body();
        assertThat(pageB).contains("Remu Utara").doesNotContain("Klasaman");
    }

    private static String login(String user, String password) throws Exception {
        HttpResponse<String> r = post(null, "/portal/login", "username=" + user + "&password=" + password);
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String upload(String cookie, String csrf, String name, String content) throws Exception {
        String boundary = "----portal" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/upload"))
                .header("Cookie", cookie).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> get(String cookie, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String cookie, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> postBytes(String cookie, String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
