package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.coverage.CoverageExports;
import id.jamsos.gateway.coverage.CoverageReport;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.coverage.InpresReport;
import id.jamsos.gateway.coverage.Suppression;
import id.jamsos.gateway.finance.Programme;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Coverage reports as files (docs/coverage-reports.md): per month and district, village, occupation,
 * sex, age band, target decile, funding source and agency, the workers covered, started and ended (by
 * reason), paid claims and the money spent against the budget; as XLSX and CSV with SVG charts, and the
 * six-monthly Inpres 2/2021 workbook. Counts only: no NIK or name is read.
 */
@Command(name = "coverage-report", mixinStandardHelpOptions = true,
        description = "Coverage report files (XLSX, CSV, SVG) and the Inpres 2/2021 report / laporan cakupan"
                + " kepesertaan. See docs/coverage-reports.md.")
public final class CoverageReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--from", description = "First month, yyyy-MM (required unless --inpres).")
    String from;

    @Option(names = "--to", description = "Last month, yyyy-MM (default: --from).")
    String to;

    @Option(names = "--by", split = ",", description = "Dimensions, comma-separated (default: all): "
            + "distrik,kelurahan,pekerjaan,jenis_kelamin,kelompok_umur,desil,sumber_dana,instansi"
            + " (English names district, village, occupation, sex, age, decile, funding_source, agency too).")
    List<String> by;

    @Option(names = "--out", required = true, description = "Folder the files are written to (made if missing).")
    Path out;

    @Option(names = "--format", split = ",", defaultValue = "xlsx,csv",
            description = "xlsx, csv or both (default: ${DEFAULT-VALUE}); the SVG charts come with either.")
    List<String> formats;

    @Option(names = "--inpres", description = "Also write the six-monthly Inpres 2/2021 report of this semester,"
            + " e.g. 2026-1 (January-June) or 2026-2.")
    String inpres;

    @Option(names = "--suppress-below", defaultValue = "3", description = "Counts from 1 to N-1 in a group are"
            + " written \"<N\" (default: ${DEFAULT-VALUE}; 0 for the city's internal copy). Totals never.")
    int suppressBelow;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InpresReport semester;
        YearMonth first;
        YearMonth last;
        List<Dimension> dimensions;
        Suppression suppression;
        try {
            semester = inpres == null ? null : InpresReport.parse(inpres);
            if (from == null && semester == null) {
                throw new IllegalArgumentException("--from or --inpres is required");
            }
            first = from == null ? null : YearMonth.parse(from.trim());
            last = to == null ? first : YearMonth.parse(to.trim());
            dimensions = by == null ? List.of(Dimension.values())
                    : by.stream().filter(s -> !s.isBlank()).map(Dimension::parse).distinct().toList();
            for (String f : formats) {
                if (!List.of("xlsx", "csv").contains(f.trim().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("--format is xlsx or csv: " + f);
                }
            }
            suppression = new Suppression(suppressBelow);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            err.println("Perintah tidak sah / invalid arguments: " + e.getMessage());
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("coverage-report", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
        if (refused != null) {
            return refused;
        }
        List<Path> written = new ArrayList<>();
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            CoverageReportBuilder builder = builder(ds, props);
            if (first != null) {
                CoverageReport r;
                try {
                    r = builder.build(first, last, dimensions);
                } catch (IllegalArgumentException e) {
                    err.println("Rentang bulan tidak sah / invalid range: " + e.getMessage());
                    err.flush();
                    return ExitCodes.CONFIGURATION;
                }
                List<String> f = formats.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
                if (f.contains("xlsx")) {
                    written.add(CoverageExports.writeXlsx(r, out, suppression));
                }
                if (f.contains("csv")) {
                    written.add(CoverageExports.writeCsv(r, out, suppression));
                }
                written.addAll(CoverageExports.writeCharts(r, out, suppression));
                CoverageReport.Budget b = r.budget();
                o.printf("Cakupan / coverage %s..%s: %,d pekerja aktif / active in %s, iuran / spent Rp %,d"
                                + " dari pagu / of budget Rp %,d (%s)%n", r.from(), r.to(), r.totals().get(r.to()).active(),
                        r.to(), b.spent(), b.budget(), b.programmeId());
            }
            if (semester != null) {
                written.add(semester.write(builder, props.get("jamsos.regionCode", ""), out));
            }
        }
        for (Path p : written) {
            o.println(p.toAbsolutePath());
        }
        o.flush();
        return 0;
    }

    /** The builder on the configured programme, default income and zone. */
    public static CoverageReportBuilder builder(javax.sql.DataSource ds, GatewayProperties props) {
        return new CoverageReportBuilder(ds, Programme.from(props::get), props.getLong("jamsos.defaultIncome"),
                ZoneId.of(props.get("jamsos.finance.zone")), Clock.systemUTC());
    }
}
