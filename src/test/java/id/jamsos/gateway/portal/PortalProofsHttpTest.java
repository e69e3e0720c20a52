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
    static DemoEnvironment env;
    static String base;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        env = gateways.startEnvironment();
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
                new String[] {"9671104501900013", "Ruth Kambu", "05K40000013", "Remu Utara"},
                new String[] {"9671104501900014", "Daud Mayor", "05K40000014", "REMU UTARA "},
                new String[] {"9671104501900015", "Naomi Rumbiak", "05K40000015", null}));
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

    @Test
    void aClerkMarksTheirPrintedBatchHandedToTheVillageAndPrintsTheWorkersWithoutAVillage() throws Exception {
        String cookie = login("klerk-b", PASSWORD_B);
        String page = get(cookie, "/portal/proofs").body();
        // One line for the village however it was typed, one for the worker whose village was never recorded.
        assertThat(page).containsOnlyOnce("<td>Remu Utara</td><td>2</td>")
                .contains("<tr class=\"no-village\"><td>Sorong Timur</td><td>Tanpa kelurahan / No village recorded</td><td>1</td>",
                        "name=\"novillage\" value=\"1\"");
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([A-Za-z0-9_-]+)\".*", "$1");
        ProofLedger proofs = gateway.context().getRegistry().lookupByNameAndType("proofLedger", ProofLedger.class);

        HttpResponse<byte[]> remu = postBytes(cookie, "/portal/proofs/pdf", "csrf=" + csrf
                + "&district=Sorong+Timur&kelurahan=Remu+Utara");
        assertThat(remu.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> nowhere = postBytes(cookie, "/portal/proofs/pdf", "csrf=" + csrf
                + "&district=Sorong+Timur&kelurahan=&novillage=1");
        assertThat(nowhere.statusCode()).isEqualTo(200);
        try (PDDocument doc = Loader.loadPDF(nowhere.body())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Naomi Rumbiak", "Tanpa kelurahan")
                    .doesNotContain("Ruth Kambu", "Daud Mayor");
        }
        List<ProofLedger.Batch> printed = proofs.batches(AGENCY_B, 10);
        assertThat(printed).extracting(ProofLedger.Batch::kelurahan, ProofLedger.Batch::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, 1),
                        org.assertj.core.groups.Tuple.tuple("Remu Utara", 2));
        long batch = printed.get(1).id();
        String listed = get(cookie, "/portal/proofs").body();
        assertThat(listed).contains("action=\"/portal/proofs/handed\"", "name=\"batch\" value=\"" + batch + "\"",
                "Serahkan ke kelurahan");

        String today = LocalDate.now(ZoneId.of("Asia/Jayapura")).toString();
        // Without the form token: refused, nothing moves.
        assertThat(post(cookie, "/portal/proofs/handed", "batch=" + batch + "&note=Sekretaris").statusCode())
                .isEqualTo(403);
        // Another agency's clerk: as a batch that does not exist.
        String cookieA = login("klerk-a", PASSWORD_A);
        String csrfA = get(cookieA, "/portal/proofs").body()
                .replaceAll("(?s).*name=\"csrf\" value=\"([A-Za-z0-9_-]+)\".*", "$1");
        assertThat(post(cookieA, "/portal/proofs/handed", "csrf=" + csrfA + "&batch=" + batch + "&note=x").statusCode())
                .isEqualTo(404);
        // No note, a day in the future: refused with the reason.
        HttpResponse<String> noNote = post(cookie, "/portal/proofs/handed", "csrf=" + csrf + "&batch=" + batch + "&note=");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(noNote.body()).contains("Tulis siapa di kelurahan");
        HttpResponse<String> future = post(cookie, "/portal/proofs/handed", "csrf=" + csrf + "&batch=" + batch
                + "&date=" + LocalDate.parse(today).plusDays(2) + "&note=Sekretaris");
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.body()).contains("belum terjadi", "is in the future");
        assertThat(proofs.batch(batch).orElseThrow().handedOn()).isNull();

        HttpResponse<String> handed = post(cookie, "/portal/proofs/handed", "csrf=" + csrf + "&batch=" + batch
                + "&date=" + today + "&note=" + URLEncoder.encode("Sekretaris Kelurahan Remu Utara", StandardCharsets.UTF_8));
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(200);
        assertThat(handed.body()).contains("Batch " + batch + " diserahkan ke kelurahan " + today + ": 2 bukti",
                "handed to the village " + today + ": 2 proofs");
        // The same effect as `proof-of-cover handed`: the batch's day and note, its proofs HANDED_TO_VILLAGE.
        ProofLedger.Batch after = proofs.batch(batch).orElseThrow();
        assertThat(after.handedOn()).isEqualTo(LocalDate.parse(today));
        assertThat(after.handedNote()).isEqualTo("Sekretaris Kelurahan Remu Utara");
        assertThat(proofs.latest(AGENCY_B, "05K40000013")).get().extracting(ProofLedger.Latest::state)
                .isEqualTo(ProofLedger.State.HANDED_TO_VILLAGE);
        // Handed: the line shows the day and no longer the button; the other batch keeps its button.
        assertThat(handed.body()).doesNotContain("name=\"batch\" value=\"" + batch + "\"")
                .contains("name=\"batch\" value=\"" + printed.get(0).id() + "\"");
        // Audited like the other portal actions.
        id.jamsos.gateway.ledger.AuditLedger trail = gateway.context().getRegistry()
                .lookupByNameAndType("auditLedger", id.jamsos.gateway.ledger.AuditLedger.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> trail.read(1, 1_000).stream()
                .anyMatch(e -> e.action().equals("PROOF_HANDED") && "klerk-b".equals(e.actor())
                        && AGENCY_B.equals(e.agency())));

        // The same form sent again (a re-POST, a hand-made one): refused, what was recorded stays, no second
        // PROOF_HANDED. Correcting is the operator's `proof-of-cover handed`.
        HttpResponse<String> again = post(cookie, "/portal/proofs/handed", "csrf=" + csrf + "&batch=" + batch
                + "&date=" + LocalDate.parse(today).minusDays(1) + "&note=Orang+lain");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("Batch " + batch + " sudah diserahkan ke kelurahan " + today,
                "Batch " + batch + " was already handed to the village " + today);
        ProofLedger.Batch kept = proofs.batch(batch).orElseThrow();
        assertThat(kept.handedOn()).isEqualTo(LocalDate.parse(today));
        assertThat(kept.handedNote()).isEqualTo("Sekretaris Kelurahan Remu Utara");
        // The portal audits in the request (LedgerAuditTrail): a second PROOF_HANDED would be there by now.
        assertThat(trail.read(1, 1_000)).filteredOn(e -> e.action().equals("PROOF_HANDED") && AGENCY_B.equals(e.agency()))
                .hasSize(1);
    }

    @Test
    void theWholeGatewayAnswersAConfirmationDroppedInTheAgencysKonfirmasiFolder() throws Exception {
        // The gateway's own confirmations route for the agency (app/AgencyRoutes) over the demo's SFTP server.
        assertThat(gateway.context().getRoute("confirmations-" + AGENCY_B)).isNotNull();
        String today = LocalDate.now(ZoneId.of("Asia/Jayapura")).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        java.nio.file.Path folder = env.inbox(AGENCY_B).resolve("konfirmasi");
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Path part = folder.resolve("terima_remu.csv.part");
        // A KPJ of the other agency: refused as unknown, named by row and field in the answer.
        java.nio.file.Files.writeString(part, "KPJ;TANGGAL_TERIMA;PENERIMA\n05K40000011;" + today + ";Yosina\n",
                StandardCharsets.UTF_8);
        java.nio.file.Files.move(part, folder.resolve("terima_remu.csv"));
        java.nio.file.Path result = env.outbox(AGENCY_B).resolve("terima_remu.csv.hasil.txt");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(result));
        assertThat(java.nio.file.Files.readString(result, StandardCharsets.UTF_8)).contains(
                "DITOLAK / REFUSED    terima_remu.csv baris/row 2 KPJ: KPJ 05K40000011 tidak dikenal untuk instansi ini"
                        + " / KPJ 05K40000011 is unknown to this agency");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !java.nio.file.Files.exists(folder.resolve("terima_remu.csv")));
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
