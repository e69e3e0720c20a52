package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page's coverage section on a running gateway with eleven workers enrolled: the chart, this
 * month's count per district, and the download links, which answer operators only with a workbook POI
 * opens, a CSV that parses and the Inpres workbook, none of them naming a worker.
 */
class CoverageStatusPageTest {

    static final String TOKEN = "test-operator-token-coverage-1";
    private static final YearMonth THIS_MONTH = YearMonth.now(ZoneId.of("Asia/Jayapura"));

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of("jamsos.ops.token", TOKEN,
            "jamsos.programme.firstMonth", THIS_MONTH.toString(),
            "jamsos.programme.lastMonth", THIS_MONTH.plusMonths(11).toString()));
    static OpsHttp http;
    static final List<String> niks = new ArrayList<>();

    @BeforeAll
    static void enrol() throws Exception {
        http = new OpsHttp(fx.env().httpPort());
        Path sample = fx.dir().resolve("coverage.csv");
        SampleWorkers.generate(sample, 11, 19L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "coverage.csv");
        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "coverage.csv", Duration.ofSeconds(60));
        niks.addAll(fx.enrolledNiks(file.id()));
    }

    @Test
    void theSectionShowsTheMonthsChartTheDistrictsAndTheDownloads() throws Exception {
        String body = http.get("/ops", OpsHttp.bearer(TOKEN)).body();
        assertThat(body).contains("<section id=\"coverage\">", "data-chart=\"coverage\"",
                ">" + niks.size() + "</div><div class=\"label\">covered in " + THIS_MONTH);
        Matcher districts = Pattern.compile("<tr data-district=\"[^\"]+\"><td>[^<]+</td><td class=\"num\">(\\d+)</td>")
                .matcher(body);
        long sum = 0;
        while (districts.find()) {
            sum += Long.parseLong(districts.group(1));
        }
        assertThat(sum).isEqualTo(niks.size());
        // The engine escapes "=" too (&#61;): a browser reads the same link.
        assertThat(body).contains("href=\"/ops/coverage/report.xlsx?from&#61;" + THIS_MONTH.minusMonths(5)
                + "&amp;to&#61;" + THIS_MONTH + "\"", "href=\"/ops/coverage/inpres.xlsx?semester&#61;");
        for (String nik : niks) {
            assertThat(body).doesNotContain(nik);
        }
    }

    @Test
    void theFilesAnswerOperatorsOnlyAndNameNoWorker() throws Exception {
        String range = "?from=" + THIS_MONTH + "&to=" + THIS_MONTH;
        assertThat(get("/ops/coverage/report.xlsx" + range, null).statusCode()).isEqualTo(401);

        HttpResponse<byte[]> xlsx = get("/ops/coverage/report.xlsx" + range, TOKEN);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"coverage-" + THIS_MONTH + "_" + THIS_MONTH + ".xlsx\"");
        assertThat(xlsx.headers().firstValue("Cache-Control")).hasValue("no-store");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(9);
            assertThat(wb.getSheetAt(0).getRow(5).getCell(1).getNumericCellValue()).isEqualTo(niks.size());
        }

        HttpResponse<byte[]> csv = get("/ops/coverage/report.csv" + range, TOKEN);
        assertThat(csv.statusCode()).isEqualTo(200);
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        List<CSVRecord> lines = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new java.io.StringReader(text)).getRecords();
        assertThat(lines.stream().filter(l -> l.get("dimension").equals("total")).map(l -> l.get("active")))
                .containsExactly(String.valueOf(niks.size()));

        HttpResponse<byte[]> inpres = get("/ops/coverage/inpres.xlsx?semester=" + THIS_MONTH.getYear() + "-"
                + (THIS_MONTH.getMonthValue() <= 6 ? 1 : 2), TOKEN);
        assertThat(inpres.statusCode()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(inpres.body()))) {
            assertThat(wb.getSheet("Inpres 2-2021")).isNotNull();
        }
        assertThat(get("/ops/coverage/inpres.xlsx?semester=2026-3", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/ops/coverage/secrets.txt" + range, TOKEN).statusCode()).isEqualTo(404);
        for (String nik : niks) {
            assertThat(text).doesNotContain(nik);
        }
    }

    private static HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.env().httpPort() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
