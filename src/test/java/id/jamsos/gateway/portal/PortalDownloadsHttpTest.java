package id.jamsos.gateway.portal;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.ReportSettings;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.intake.FileChecksum;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.report.CsvCells;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.support.PortalForms;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The portal's downloads and preview over HTTP on the whole gateway (no browser): the workbook of a file
 * built on request and opened with POI (NIK and KPJ text cells, the rows of the ledger), the CSV in a
 * {@code ;}-separated agency's own format, the kept versions of a file's reports listed and each
 * downloadable with the changes note naming the rows that changed, 404 for all of it to another agency's
 * clerk; and the preview marking a NIK the agency has enrolled, one another agency covers (without naming
 * it), and a file the agency sent before.
 */
class PortalDownloadsHttpTest {

    static final String AGENCY_A = DemoEnvironment.KEY_AGENCY;
    static final String AGENCY_B = DemoEnvironment.PASSWORD_AGENCY;
    static final String PASSWORD_A = "kata-sandi-klerk-A";
    static final String PASSWORD_B = "kata-sandi-klerk-B";
    static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static Gateway gateway;
    static String base;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static Path csv;
    static List<CSVRecord> workers;
    static long fileA;
    static long fileB;
    static GatewayProperties props;

    @BeforeAll
    static void start() throws Exception {
        DemoEnvironment env = gateways.startEnvironment();
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, String> settings = new HashMap<>();
        settings.put("jamsos.portal.enabled", "true");
        settings.put("jamsos.portal.host", "127.0.0.1");
        settings.put("jamsos.portal.port", String.valueOf(port));
        props = env.gatewayProperties(settings);
        ReportSettings semicolon = new ReportSettings(EnumSet.of(ReportSettings.Format.CSV), ';', StandardCharsets.UTF_8);
        AgencyRegistry agencies = AgencyRegistry.of(env.agencies().agencies().stream()
                        .map(a -> a.id().equals(AGENCY_B) ? a.withReports(semicolon) : a).toList())
                .withPortals(Map.of(
                        AGENCY_A, new AgencyPortal("distrik@sorongkota.test", List.of(new AgencyPortal.User("klerk-a",
                                PasswordHash.of(PASSWORD_A.toCharArray(), 10_000)))),
                        AGENCY_B, new AgencyPortal("dinsos@sorongkota.test", List.of(new AgencyPortal.User("klerk-b",
                                PasswordHash.of(PASSWORD_B.toCharArray(), 10_000))))));
        gateway = gateways.startGateway(props, agencies);

        csv = gateways.dir().resolve("pekerja-april.csv");
        SampleWorkers.generate(csv, 6, 21L, 0);
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        workers = CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text)).getRecords();

        Ledger ledger = gateway.ledger();
        // Agency A received these very bytes as pekerja-april.csv: its first worker enrolled, its second
        // parked and enrolled at a replay (reports version 2), a third row rejected.
        fileA = ledger.registerFile(AGENCY_A, "pekerja-april.csv", FileChecksum.sha256(csv), Instant.now()).fileId();
        ledger.insertRows(fileA, List.of(row(fileA, 2, workers.get(0), RowState.PENDING),
                row(fileA, 3, workers.get(1), RowState.PENDING),
                new LedgerRow(fileA, 4, "96711028049588", "Tanpa Nama", RowState.REJECTED,
                        List.of(new RowRejection("NIK", "NIK_LENGTH", "NIK harus 16 angka", "NIK must be 16 digits")),
                        null, null, null)));
        ledger.completeIntake(fileA, 3, 1);
        ledger.recordOutcomes(List.of(new RowOutcome(fileA, 2, RowState.ENROLLED, "05K40081234", null, AGENCY_A,
                        "Sorong Timur"),
                new RowOutcome(fileA, 3, RowState.PARKED, null, "timeout", AGENCY_A, "Sorong Timur")));
        writeReports(fileA);
        assertThat(ledger.resetParkedToPending(fileA)).isEqualTo(1);
        ledger.recordOutcomes(List.of(new RowOutcome(fileA, 3, RowState.ENROLLED, "05K40089999", null, AGENCY_A,
                "Sorong Timur")));
        writeReports(fileA);

        // Agency A is enrolling the fifth worker from another file just now.
        long inFlight = ledger.registerFile(AGENCY_A, "pekerja-mei.csv", "a".repeat(64), Instant.now()).fileId();
        ledger.insertRows(inFlight, List.of(row(inFlight, 2, workers.get(4), RowState.PENDING)));

        // Agency B (reports ';'-separated) enrolled the third worker of the same sheet in a file of its own.
        fileB = ledger.registerFile(AGENCY_B, "dinsos-mei.csv", "b".repeat(64), Instant.now()).fileId();
        ledger.insertRows(fileB, List.of(row(fileB, 2, workers.get(2), RowState.PENDING)));
        ledger.completeIntake(fileB, 1, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(fileB, 2, RowState.ENROLLED, "05K40087777", null, AGENCY_B,
                "Sorong")));
        writeReports(fileB);
    }

    private static LedgerRow row(long fileId, int rowNo, CSVRecord worker, RowState state) {
        return new LedgerRow(fileId, rowNo, worker.get("NIK"), worker.get("NAMA"), state, List.of(), "k" + fileId + "-"
                + rowNo, null, null, 1_000_000L, LocalDate.parse(worker.get("TGL_LAHIR"), DMY));
    }

    /** As the enroller does once a file is decided: routes/reports.camel.yaml writes its reports. */
    private static void writeReports(long fileId) {
        assertThat(gateway.ledger().tryStartReporting(fileId)).isTrue();
        gateway.context().createProducerTemplate().sendBodyAndHeader("direct:file-reports", null,
                "JamsosReportsDue", fileId);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                gateway.ledger().file(fileId).orElseThrow().state() == FileState.DONE);
    }

    @Test
    void theWorkbookIsBuiltOnRequestWithNikAndKpjAsTextCells() throws Exception {
        String cookie = login("klerk-a", PASSWORD_A);
        HttpResponse<byte[]> xlsx = getBytes(cookie, "/portal/files/" + fileA + "/report.xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow()).startsWith(PortalDownloads.XLSX);
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"pekerja-april.csv.report.v2.xlsx\"");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet results = wb.getSheet("hasil-results");
            assertThat(results.getLastRowNum()).isEqualTo(3);
            for (int i = 1; i <= 2; i++) {
                Row r = results.getRow(i);
                assertThat(r.getCell(1).getCellType()).isEqualTo(CellType.STRING);
                assertThat(r.getCell(1).getCellStyle().getDataFormatString()).isEqualTo("@");
                assertThat(r.getCell(1).getStringCellValue()).isEqualTo(workers.get(i - 1).get("NIK"));
                assertThat(r.getCell(3).getStringCellValue()).isEqualTo("TERDAFTAR/ENROLLED");
                assertThat(r.getCell(4).getCellType()).isEqualTo(CellType.STRING);
            }
            assertThat(results.getRow(1).getCell(4).getStringCellValue()).isEqualTo("05K40081234");
            assertThat(results.getRow(3).getCell(3).getStringCellValue()).isEqualTo("DITOLAK/REJECTED");
            assertThat(wb.getSheet("ditolak-rejects").getLastRowNum()).isEqualTo(1);
        }
    }

    @Test
    void theCsvIsInTheAgencysOwnSeparator() throws Exception {
        String cookie = login("klerk-b", PASSWORD_B);
        HttpResponse<byte[]> results = getBytes(cookie, "/portal/files/" + fileB + "/results.csv");
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(results.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/csv; charset=utf-8");
        String text = new String(results.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFbaris/row;nik;nama/name;status;");
        List<CSVRecord> lines = CSVFormat.RFC4180.builder().setDelimiter(';').get()
                .parse(new StringReader(text.substring(1))).getRecords();
        assertThat(lines).hasSize(2);
        assertThat(CsvCells.textOf(lines.get(1).get(1))).isEqualTo(workers.get(2).get("NIK"));
        assertThat(CsvCells.textOf(lines.get(1).get(4))).isEqualTo("05K40087777");
    }

    @Test
    void theVersionsAreListedAndEachIsDownloadableWithItsChangesNote() throws Exception {
        String cookie = login("klerk-a", PASSWORD_A);
        String page = get(cookie, "/portal/files/" + fileA).body();
        assertThat(page).contains("id=\"versions\"", "data-version=\"2\"", "data-version=\"1\"",
                "/portal/files/" + fileA + "/versions/2/changes.txt")
                .doesNotContain("/versions/1/changes.txt");

        HttpResponse<String> v1 = get(cookie, "/portal/files/" + fileA + "/versions/1/results.csv");
        assertThat(v1.statusCode()).isEqualTo(200);
        assertThat(v1.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"pekerja-april.csv.results.csv\"");
        List<CSVRecord> then = CSVFormat.RFC4180.parse(new StringReader(v1.body().substring(1))).getRecords();
        assertThat(then).hasSize(4);
        assertThat(CsvCells.textOf(then.get(2).get(1))).isEqualTo(workers.get(1).get("NIK"));
        assertThat(then.get(2).get(3)).isEqualTo("DITAHAN/PARKED");
        HttpResponse<String> v2 = get(cookie, "/portal/files/" + fileA + "/versions/2/results.csv");
        assertThat(CSVFormat.RFC4180.parse(new StringReader(v2.body().substring(1))).getRecords().get(2).get(3))
                .isEqualTo("TERDAFTAR/ENROLLED");

        HttpResponse<String> note = get(cookie, "/portal/files/" + fileA + "/versions/2/changes.txt");
        assertThat(note.statusCode()).isEqualTo(200);
        assertThat(note.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename=\"pekerja-april.csv.changes.v2.txt\"");
        assertThat(note.body()).contains("Baris yang berubah status / Rows whose state changed: 1",
                "baris/row 3, NIK " + NikMask.mask(workers.get(1).get("NIK")) + ": DITAHAN/PARKED -> TERDAFTAR/ENROLLED")
                .doesNotContain(workers.get(1).get("NIK"));

        HttpResponse<byte[]> xlsx = getBytes(cookie, "/portal/files/" + fileA + "/versions/1/report.xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(wb.getSheet("hasil-results").getRow(2).getCell(3).getStringCellValue()).isEqualTo("DITAHAN/PARKED");
        }
        for (String missing : List.of("/versions/1/changes.txt", "/versions/3/results.csv", "/versions/0/results.csv",
                "/versions/x/results.csv", "/versions/1/other.csv")) {
            assertThat(get(cookie, "/portal/files/" + fileA + missing).statusCode()).as(missing).isEqualTo(404);
        }
    }

    @Test
    void aDownloadThatFailsHalfWayLeavesNoTemporaryFileBehind() throws Exception {
        // Agency A's decided file whose row can no longer be read (its NIK's ciphertext damaged): each report
        // fails after its temporary file was made; that file held NIKs and names, and must not stay.
        Ledger ledger = gateway.ledger();
        long broken = ledger.registerFile(AGENCY_A, "rusak.csv", "c".repeat(64), Instant.now()).fileId();
        ledger.insertRows(broken, List.of(new LedgerRow(broken, 2, "9271010101900123", "Worker Rusak",
                RowState.PENDING, List.of(), "k-rusak", null, null, 1_000_000L, LocalDate.of(1990, 1, 1))));
        ledger.completeIntake(broken, 1, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(broken, 2, RowState.ENROLLED, "05K40086666", null, AGENCY_A,
                "Sorong")));
        writeReports(broken);
        try (com.zaxxer.hikari.HikariDataSource ds = id.jamsos.gateway.ledger.LedgerDataSource.create(
                props.get("jamsos.ledger.url"), props.get("jamsos.ledger.user", "sa"),
                props.get("jamsos.ledger.password", ""), 1);
             java.sql.Connection c = ds.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE file_row SET nik_enc = ? WHERE file_id = ?")) {
            ps.setString(1, "v1:rusak-tidak-terbaca");
            ps.setLong(2, broken);
            assertThat(ps.executeUpdate()).isOne();
        }
        Path work = Path.of(props.get("jamsos.work.dir"));
        String prefix = "file-" + broken + "-";
        String cookie = login("klerk-a", PASSWORD_A);

        for (String path : List.of("/results.csv", "/rejects.csv", "/report.xlsx")) {
            HttpResponse<String> answer = get(cookie, "/portal/files/" + broken + path);
            assertThat(answer.statusCode()).as(path).isGreaterThanOrEqualTo(500);
            assertThat(answer.body()).as(path).doesNotContain("9271010101900123", "Worker Rusak");
        }

        try (java.util.stream.Stream<Path> files = Files.walk(work)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList())
                    .as("temporary report files of file %d under %s", broken, work).isEmpty();
        }
    }

    @Test
    void anotherAgencysFileIs404ForEveryDownload() throws Exception {
        String cookie = login("klerk-b", PASSWORD_B);
        for (String path : List.of("/report.xlsx", "/results.csv", "/versions/1/results.csv",
                "/versions/1/report.xlsx", "/versions/2/changes.txt")) {
            HttpResponse<String> answer = get(cookie, "/portal/files/" + fileA + path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("pekerja-april.csv");
        }
    }

    @Test
    void thePreviewMarksNiksTheLedgerKnowsAndAFileSentBefore() throws Exception {
        String cookieA = login("klerk-a", PASSWORD_A);
        String pageA = upload(cookieA, "ulang-april.csv");
        assertThat(pageA).contains("data-row=\"2\" data-mark=\"ALREADY_ENROLLED\"",
                "data-row=\"3\" data-mark=\"ALREADY_ENROLLED\"", "sudah terdaftar dan ditanggung instansi ini",
                // Row 4 is agency B's worker: said to be enrolled elsewhere, nothing more.
                "data-row=\"4\" data-mark=\"ENROLLED_BY_OTHER_AGENCY\"", "sudah terdaftar oleh instansi lain",
                "already enrolled by another agency", "id=\"duplicate\"", "pekerja-april.csv (#" + fileA + ")",
                // Row 6 is on its way from A's other file: named, as it is A's own.
                "data-row=\"6\" data-mark=\"IN_PROGRESS\"", "sedang didaftarkan dari berkas pekerja-mei.csv");
        // The validator's counts stand (the ledger may change before the intake decides): four of the six
        // accepted rows are marked, and the file can still be submitted.
        assertThat(pageA).contains("<span id=\"accepted\">6</span>", "<span id=\"rejected\">0</span>",
                "<span id=\"marked-rows\">4</span>", "id=\"submit\"");
        assertThat(pageA).doesNotContain("dinsos-mei.csv", "05K40087777", AGENCY_B).doesNotContainPattern("\\d{16}");

        String cookieB = login("klerk-b", PASSWORD_B);
        String pageB = upload(cookieB, "ulang-april.csv");
        assertThat(pageB).contains("data-row=\"2\" data-mark=\"ENROLLED_BY_OTHER_AGENCY\"",
                "data-row=\"4\" data-mark=\"ALREADY_ENROLLED\"").doesNotContain("id=\"duplicate\"",
                "pekerja-april.csv", "05K40081234", AGENCY_A);
        // Nothing of A's file in flight, nor of the fifth row, which no one has enrolled.
        assertThat(pageB).doesNotContainPattern("data-row=\"[56]\" data-mark").doesNotContain("pekerja-mei.csv");
    }

    private static String login(String user, String password) throws Exception {
        return PortalForms.login(http, base, user, password);
    }

    private static String upload(String cookie, String name) throws Exception {
        return PortalForms.upload(http, base, cookie, PortalForms.csrf(http, base, cookie), name, Files.readAllBytes(csv));
    }

    private static HttpResponse<String> get(String cookie, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(String cookie, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofByteArray());
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

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
