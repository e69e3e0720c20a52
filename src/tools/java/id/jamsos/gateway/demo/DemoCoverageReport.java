package id.jamsos.gateway.demo;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.coverage.CoverageExports;
import id.jamsos.gateway.coverage.CoverageReport;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.coverage.Suppression;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * The demo's coverage report (docs/coverage-reports.md): the last six months up to this one, by every
 * dimension, written as XLSX, CSV and SVG charts under the demo's folder with the running gateway's
 * builder; prints where. Suppression on, as for a report that leaves the city.
 */
final class DemoCoverageReport {

    private DemoCoverageReport() {
    }

    static Path write(Gateway gateway, Path dir, ZoneId zone, PrintStream out) throws Exception {
        CoverageReportBuilder builder = gateway.context().getRegistry()
                .lookupByNameAndType("coverageReportBuilder", CoverageReportBuilder.class);
        YearMonth now = YearMonth.now(zone);
        CoverageReport r = builder.build(now.minusMonths(5), now, List.of(Dimension.values()));
        Path reports = dir.resolve("coverage-reports");
        Suppression s = new Suppression(Suppression.DEFAULT);
        Path xlsx = CoverageExports.writeXlsx(r, reports, s);
        Path csv = CoverageExports.writeCsv(r, reports, s);
        List<Path> charts = CoverageExports.writeCharts(r, reports, s);
        out.printf("coverage report: %s (also %s and %d SVG charts); %,d workers covered in %s%n",
                xlsx.toAbsolutePath(), csv.getFileName(), charts.size(), r.totals().get(now).active(), now);
        return xlsx;
    }
}
