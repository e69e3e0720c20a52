package id.jamsos.gateway.ops;

import id.jamsos.gateway.coverage.CoverageReport;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.coverage.Figures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The status page's coverage section: the workers covered in each of the last six months (a chart),
 * this month's figures and districts, and links to the report files (CoverageDownloads). Counted with
 * the coverage report's GROUP BY queries and kept for {@link #KEEP}: at a million workers the queries
 * take seconds, and the page is reloaded far more often than cover changes.
 */
public final class CoverageSection implements Supplier<StatusView.Coverage> {

    static final Duration KEEP = Duration.ofMinutes(10);
    static final int MONTHS = 6;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CoverageReportBuilder builder;
    private final ZoneId zone;
    private final Clock clock;
    private volatile StatusView.Coverage kept;
    private volatile Instant keptAt = Instant.MIN;

    public CoverageSection(CoverageReportBuilder builder, ZoneId zone, Clock clock) {
        this.builder = builder;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public StatusView.Coverage get() {
        Instant now = clock.instant();
        if (kept == null || now.isAfter(keptAt.plus(KEEP))) {
            synchronized (this) {
                if (kept == null || now.isAfter(keptAt.plus(KEEP))) {
                    kept = count(now);
                    keptAt = now;
                }
            }
        }
        return kept;
    }

    private StatusView.Coverage count(Instant now) {
        YearMonth month = YearMonth.from(now.atZone(zone));
        CoverageReport r = builder.build(month.minusMonths(MONTHS - 1), month, List.of(Dimension.DISTRICT));
        List<Long> active = new ArrayList<>();
        r.months().forEach(m -> active.add(r.totals().get(m).active()));
        StatusView.Chart chart = SvgBars.chart("workers covered per month", "workers covered, " + r.from() + " to "
                + r.to(), active, "#2f6f9f", 360, 90);
        Figures f = r.totals().get(month);
        List<StatusView.Stat> stats = List.of(
                new StatusView.Stat(n(f.active()), "covered in " + month),
                new StatusView.Stat(n(f.started()), "started"),
                new StatusView.Stat(n(f.ended()), "ended"),
                new StatusView.Stat(n(f.spent()), "contributions (Rp)"),
                new StatusView.Stat(n(r.budget().spent()), "spent in 6 months (Rp)"),
                new StatusView.Stat(n(r.budget().budget()), "programme " + r.budget().programmeId() + " budget (Rp)"));
        List<StatusView.CoverageLine> districts = new ArrayList<>();
        CoverageReport.Table t = r.table(Dimension.DISTRICT).orElseThrow();
        for (String g : t.groups()) {
            Figures d = t.get(month, g);
            if (d.active() + d.started() + d.ended() > 0) {
                districts.add(new StatusView.CoverageLine(g, n(d.active()), n(d.started()), n(d.ended()), n(d.spent())));
            }
        }
        String range = "from=" + r.from() + "&to=" + r.to();
        String semester = month.getYear() + "-" + (month.getMonthValue() <= 6 ? 1 : 2);
        List<StatusView.Download> downloads = List.of(
                new StatusView.Download("/ops/coverage/report.xlsx?" + range, "XLSX " + r.from() + ".." + r.to()),
                new StatusView.Download("/ops/coverage/report.csv?" + range, "CSV"),
                new StatusView.Download("/ops/coverage/chart.svg?" + range, "SVG chart"),
                new StatusView.Download("/ops/coverage/inpres.xlsx?semester=" + semester,
                        "Inpres 2/2021 " + semester));
        return new StatusView.Coverage(stats, chart, districts, downloads, TIME.format(now.atZone(zone)));
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
