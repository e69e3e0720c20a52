package id.jamsos.gateway.ops;

import id.jamsos.gateway.coverage.CoverageExports;
import id.jamsos.gateway.coverage.CoverageReport;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.coverage.InpresReport;
import id.jamsos.gateway.coverage.Suppression;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.Exchange;

/**
 * The coverage report files for operators ({@code GET /ops/coverage/{file}}, routes/ops.camel.yaml):
 * report.xlsx, report.csv and chart.svg of {@code ?from=yyyy-MM&to=yyyy-MM} (every dimension), and
 * inpres.xlsx of {@code ?semester=2026-1}. Made on request in a temporary folder, answered and deleted.
 * Suppressed as the command's files are by default ("&lt;3"), for a file that may be mailed on.
 */
public final class CoverageDownloads {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final CoverageReportBuilder builder;
    private final String regionCode;

    public CoverageDownloads(CoverageReportBuilder builder, String regionCode) {
        this.builder = builder;
        this.regionCode = regionCode;
    }

    /** Takes the Exchange because it writes the HTTP answer (status, type, disposition, bytes). */
    public void download(Exchange exchange) throws IOException {
        String file = exchange.getMessage().getHeader("file", String.class);
        Map<String, List<String>> params = params(exchange);
        Path dir = Files.createTempDirectory("jamsos-coverage-");
        try {
            Path made;
            String type;
            Suppression s = new Suppression(Suppression.DEFAULT);
            if ("inpres.xlsx".equals(file)) {
                InpresReport semester;
                try {
                    semester = InpresReport.parse(first(params, "semester"));
                } catch (IllegalArgumentException e) {
                    throw new OpsHttpException(400, e.getMessage());
                }
                made = semester.write(builder, regionCode, dir);
                type = XLSX;
            } else {
                CoverageReport r = report(params);
                switch (file == null ? "" : file) {
                    case "report.xlsx" -> {
                        made = CoverageExports.writeXlsx(r, dir, s);
                        type = XLSX;
                    }
                    case "report.csv" -> {
                        made = CoverageExports.writeCsv(r, dir, s);
                        type = "text/csv; charset=utf-8";
                    }
                    case "chart.svg" -> {
                        made = CoverageExports.writeCharts(r, dir, s).get(0);
                        type = "image/svg+xml";
                    }
                    default -> throw new OpsHttpException(404, "no coverage file " + file);
                }
            }
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + made.getFileName() + "\"");
            OpsResponses.answer(exchange, 200, type, Files.readAllBytes(made), "Content-Disposition");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private CoverageReport report(Map<String, List<String>> params) {
        try {
            YearMonth from = YearMonth.parse(required(params, "from"));
            String to = first(params, "to");
            return builder.build(from, to == null ? from : YearMonth.parse(to), List.of(Dimension.values()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new OpsHttpException(400, "from and to must be yyyy-MM, at most "
                    + id.jamsos.gateway.coverage.CoverageReportBuilder.MAX_MONTHS + " months: " + e.getMessage());
        }
    }

    /** The request's own query string; a message without a Vert.x request (a test's) has CamelHttpQuery. */
    private static Map<String, List<String>> params(Exchange exchange) {
        HttpServerRequest request = OpsRequest.of(exchange);
        String query = request != null ? request.query() : exchange.getMessage().getHeader(Exchange.HTTP_QUERY,
                String.class);
        return new QueryStringDecoder(query == null ? "" : query, StandardCharsets.UTF_8, false).parameters();
    }

    private static String required(Map<String, List<String>> params, String name) {
        String v = first(params, name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
