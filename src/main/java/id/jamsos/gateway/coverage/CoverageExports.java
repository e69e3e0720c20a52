package id.jamsos.gateway.coverage;

import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.report.CsvCells;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The coverage report's files: a workbook (a summary sheet with a chart of the workers covered per
 * month and the budget, then one sheet per dimension), one long CSV table, and SVG charts. Each file is
 * written beside its final name and moved into place, so a reader never opens half a report.
 *
 * <p>Counts only, as {@link CoverageReport} holds: the group labels are districts, villages, trades,
 * bands, deciles, sources and agency ids. Small groups are written as {@link Suppression} says.
 */
public final class CoverageExports {

    /** The CSV's columns (docs/coverage-reports.md): machine-read, so English keys. */
    public static final List<String> CSV_COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("dimension", "month", "group", "active", "started", "ended"));
        for (EndReason r : EndReason.values()) {
            c.add("ended_" + r.name());
        }
        c.addAll(List.of("claims_paid", "claims_amount", "spent"));
        CSV_COLUMNS = List.copyOf(c);
    }

    /** The summary sheet's line on the complementary mark (docs/coverage-reports.md "Small groups"). */
    static final String COMPLEMENT_NOTE = "\"" + Suppression.COMPLEMENT + "\": disembunyikan agar kelompok kecil tidak"
            + " dapat dihitung dari jumlah / hidden so that a small group cannot be worked out from the total";

    /** The group name of the total lines, in the CSV and the sheets. */
    public static final String TOTAL = "JUMLAH / TOTAL";

    private CoverageExports() {
    }

    /** coverage-2026-01_2026-06 */
    public static String baseName(CoverageReport r) {
        return "coverage-" + r.from() + "_" + r.to();
    }

    // ---------------------------------------------------------------- CSV

    /** One long table: a line per dimension, month and group, then the month's total (dimension "total"). */
    public static Path writeCsv(CoverageReport r, Path dir, Suppression s) throws IOException {
        Path target = dir.resolve(baseName(r) + ".csv");
        return atomically(target, out -> {
            try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                w.write(String.join(",", CSV_COLUMNS));
                w.write("\r\n");
                for (CoverageReport.Table t : r.tables()) {
                    HiddenCells hidden = HiddenCells.of(t, r.months(), s);
                    for (YearMonth m : r.months()) {
                        for (String g : t.groups()) {
                            Figures f = t.get(m, g);
                            if (f.active() + f.started() + f.ended() + f.claims() > 0) {
                                w.write(csvLine(t.dimension().key(), m, g, f, c -> hidden.mark(m, g, c)));
                            }
                        }
                    }
                }
                for (YearMonth m : r.months()) {
                    w.write(csvLine("total", m, TOTAL, r.totals().get(m), SHOWN));
                }
            }
        });
    }

    private static String csvLine(String dimension, YearMonth m, String group, Figures f, IntFunction<String> s) {
        List<String> cells = new ArrayList<>();
        cells.add(dimension);
        cells.add(m.toString());
        cells.add(quote(CsvCells.neutralize(group)));
        for (Object v : values(f, s)) {
            cells.add(v.toString());
        }
        return String.join(",", cells) + "\r\n";
    }

    /** Every cell shown: the total lines. */
    static final IntFunction<String> SHOWN = c -> null;

    /**
     * The figures after the group label, in {@link #CSV_COLUMNS} order: a Long, or the mark {@code hidden}
     * gives for the count column ({@link HiddenCells}); the money follows its count.
     */
    static List<Object> values(Figures f, IntFunction<String> hidden) {
        long[] counts = HiddenCells.counts(f);
        List<Object> v = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            String mark = hidden.apply(c);
            v.add(mark != null ? mark : counts[c]);
        }
        String claims = hidden.apply(HiddenCells.CLAIMS);
        v.add(claims != null ? claims : f.claimsAmount());
        String active = hidden.apply(HiddenCells.ACTIVE);
        v.add(active != null ? active : f.spent());
        return v;
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }

    // ---------------------------------------------------------------- XLSX

    public static Path writeXlsx(CoverageReport r, Path dir, Suppression s) throws IOException {
        Path target = dir.resolve(baseName(r) + ".xlsx");
        return atomically(target, out -> {
            try (XSSFWorkbook wb = new XSSFWorkbook()) {
                Styles st = new Styles(wb);
                XSSFSheet sum = wb.createSheet("Ringkasan - Summary");
                int row = 0;
                title(sum, row++, st, "Laporan cakupan kepesertaan / coverage report " + r.from() + " s.d./to " + r.to());
                text(sum, row++, "Dibuat / generated: " + r.generatedAt().atOffset(ZoneOffset.UTC).withNano(0));
                text(sum, row++, s.below() > 1
                        ? "Kelompok kurang dari " + s.below() + " ditulis \"" + s.mark() + "\" / groups under " + s.below()
                        + " are written \"" + s.mark() + "\"; " + COMPLEMENT_NOTE + " (docs/coverage-reports.md)"
                        : "Tanpa penyamaran kelompok kecil / small groups not suppressed (internal use)");
                row++;
                String[] head = {"Bulan / month", "Aktif / active", "Mulai / started", "Berhenti / ended",
                        "Klaim dibayar / claims paid", "Klaim (Rp) / claims amount", "Iuran (Rp) / spent"};
                header(sum, row++, st, head);
                int firstData = row;
                for (YearMonth m : r.months()) {
                    Figures f = r.totals().get(m);
                    Row x = sum.createRow(row++);
                    x.createCell(0).setCellValue(m.toString());
                    number(x, 1, f.active(), st.count);
                    number(x, 2, f.started(), st.count);
                    number(x, 3, f.ended(), st.count);
                    number(x, 4, f.claims(), st.count);
                    number(x, 5, f.claimsAmount(), st.money);
                    number(x, 6, f.spent(), st.money);
                }
                int lastData = row - 1;
                Figures total = r.rangeTotal();
                Row tr = sum.createRow(row++);
                tr.createCell(0).setCellValue(TOTAL);
                number(tr, 1, total.active(), st.count);
                number(tr, 2, total.started(), st.count);
                number(tr, 3, total.ended(), st.count);
                number(tr, 4, total.claims(), st.count);
                number(tr, 5, total.claimsAmount(), st.money);
                number(tr, 6, total.spent(), st.money);
                row++;
                header(sum, row++, st, new String[] {"Anggaran / budget " + r.budget().programmeId(),
                        "Pagu (Rp) / budget", "Iuran periode ini (Rp) / spent in range", "% pagu / % of budget"});
                for (CoverageReport.SourceBudget b : r.budget().sources()) {
                    budgetRow(sum.createRow(row++), b.code() + " (" + b.name() + ")", b.budget(), b.spent(), st);
                }
                budgetRow(sum.createRow(row++), TOTAL, r.budget().budget(), r.budget().spent(), st);
                for (int i = 0; i < head.length; i++) {
                    sum.setColumnWidth(i, (i == 0 ? 34 : 22) * 256);
                }
                chart(sum, firstData, lastData, row + 1, "Pekerja aktif per bulan / active workers per month");

                for (CoverageReport.Table t : r.tables()) {
                    dimensionSheet(wb, st, t, r, s);
                }
                wb.write(out);
            }
        });
    }

    private static void dimensionSheet(XSSFWorkbook wb, Styles st, CoverageReport.Table t, CoverageReport r,
                                       Suppression s) {
        XSSFSheet sh = wb.createSheet(t.dimension().key());
        List<String> head = new ArrayList<>(List.of("Bulan / month", t.dimension().title(), "Aktif / active",
                "Mulai / started", "Berhenti / ended"));
        for (EndReason reason : EndReason.values()) {
            head.add("Berhenti: " + reason.text());
        }
        head.addAll(List.of("Klaim dibayar / claims paid", "Klaim (Rp) / claims amount", "Iuran (Rp) / spent"));
        header(sh, 0, st, head.toArray(String[]::new));
        sh.createFreezePane(2, 1);
        int row = 1;
        HiddenCells hidden = HiddenCells.of(t, r.months(), s);
        for (YearMonth m : r.months()) {
            for (String g : t.groups()) {
                Figures f = t.get(m, g);
                if (f.active() + f.started() + f.ended() + f.claims() == 0) {
                    continue;
                }
                Row x = sh.createRow(row++);
                x.createCell(0).setCellValue(m.toString());
                x.createCell(1).setCellValue(g);
                List<Object> v = values(f, c -> hidden.mark(m, g, c));
                for (int i = 0; i < v.size(); i++) {
                    Cell c = x.createCell(i + 2);
                    if (v.get(i) instanceof Long n) {
                        c.setCellValue(n);
                        c.setCellStyle(i >= v.size() - 2 ? st.money : st.count);
                    } else {
                        c.setCellValue(v.get(i).toString());
                    }
                }
            }
            Row x = sh.createRow(row++);
            x.createCell(0).setCellValue(m.toString());
            x.createCell(1).setCellValue(TOTAL);
            List<Object> v = values(r.totals().get(m), SHOWN);
            for (int i = 0; i < v.size(); i++) {
                Cell c = x.createCell(i + 2);
                c.setCellValue((Long) v.get(i));
                c.setCellStyle(i >= v.size() - 2 ? st.moneyBold : st.countBold);
            }
        }
        sh.setColumnWidth(0, 12 * 256);
        sh.setColumnWidth(1, 34 * 256);
        for (int i = 2; i < head.size(); i++) {
            sh.setColumnWidth(i, 18 * 256);
        }
    }

    /** A bar chart of column 1 (active) over the month rows, drawn by the spreadsheet from the cells. */
    private static void chart(XSSFSheet sheet, int firstRow, int lastRow, int atRow, String title) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, atRow, 7, atRow + 20);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        XDDFCategoryAxis months = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis workers = chart.createValueAxis(AxisPosition.LEFT);
        workers.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFDataSource<String> cats = XDDFDataSourcesFactory.fromStringCellRange(sheet,
                new CellRangeAddress(firstRow, lastRow, 0, 0));
        XDDFNumericalDataSource<Double> vals = XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                new CellRangeAddress(firstRow, lastRow, 1, 1));
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, months, workers);
        data.setBarDirection(BarDirection.COL);
        XDDFChartData.Series series = data.addSeries(cats, vals);
        series.setTitle("Aktif / active", null);
        chart.plot(data);
    }

    private static void budgetRow(Row x, String name, long budget, long spent, Styles st) {
        x.createCell(0).setCellValue(name);
        number(x, 1, budget, st.money);
        number(x, 2, spent, st.money);
        Cell pct = x.createCell(3);
        pct.setCellValue(budget == 0 ? 0 : (double) spent / budget);
        pct.setCellStyle(st.percent);
    }

    static void number(Row x, int col, long v, CellStyle style) {
        Cell c = x.createCell(col);
        c.setCellValue(v);
        c.setCellStyle(style);
    }

    static void title(XSSFSheet sh, int row, Styles st, String text) {
        Cell c = sh.createRow(row).createCell(0);
        c.setCellValue(text);
        c.setCellStyle(st.title);
    }

    static void text(XSSFSheet sh, int row, String text) {
        sh.createRow(row).createCell(0).setCellValue(text);
    }

    static void header(XSSFSheet sh, int row, Styles st, String[] columns) {
        Row x = sh.createRow(row);
        for (int i = 0; i < columns.length; i++) {
            Cell c = x.createCell(i);
            c.setCellValue(columns[i]);
            c.setCellStyle(st.header);
        }
    }

    /** The workbook's few styles, made once (a workbook holds at most 64,000). */
    static final class Styles {
        final CellStyle header;
        final CellStyle title;
        final CellStyle count;
        final CellStyle money;
        final CellStyle countBold;
        final CellStyle moneyBold;
        final CellStyle percent;

        Styles(XSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 13);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            title = wb.createCellStyle();
            title.setFont(big);
            count = wb.createCellStyle();
            count.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
            money = wb.createCellStyle();
            money.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
            countBold = wb.createCellStyle();
            countBold.cloneStyleFrom(count);
            countBold.setFont(bold);
            moneyBold = wb.createCellStyle();
            moneyBold.cloneStyleFrom(money);
            moneyBold.setFont(bold);
            percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
        }
    }

    // ---------------------------------------------------------------- charts

    /**
     * Two SVG charts: the workers covered per month, and the first dimension's groups in the last month
     * (groups the suppression hides are shown together as one bar, "lainnya / other").
     */
    public static List<Path> writeCharts(CoverageReport r, Path dir, Suppression s) throws IOException {
        List<Path> out = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (YearMonth m : r.months()) {
            labels.add(m.toString());
            values.add(r.totals().get(m).active());
        }
        out.add(writeText(dir.resolve(baseName(r) + "-active.svg"), SvgChart.bars(
                "Pekerja aktif per bulan / active workers per month",
                "Kepesertaan BPJS Ketenagakerjaan dibayar daerah / city-paid cover, " + r.from() + " s.d./to " + r.to(),
                labels, values, "#2f6f9f")));
        if (!r.tables().isEmpty()) {
            CoverageReport.Table t = r.tables().get(0);
            List<String> groups = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            long hidden = 0;
            // Hidden over every month, as in the sheets: the last month alone could hide other groups.
            HiddenCells cells = HiddenCells.of(t, r.months(), s);
            for (String g : t.groups()) {
                long n = t.get(r.to(), g).active();
                if (cells.hidesActive(r.to(), g)) {
                    hidden += n;
                } else if (n > 0) {
                    groups.add(g);
                    counts.add(n);
                }
            }
            if (hidden > 0) {
                groups.add("lainnya / other (" + s.mark() + ", " + Suppression.COMPLEMENT + ")");
                counts.add(hidden);
            }
            out.add(writeText(dir.resolve(baseName(r) + "-" + t.dimension().key() + ".svg"), SvgChart.bars(
                    "Pekerja aktif menurut " + t.dimension().title().toLowerCase(java.util.Locale.ROOT),
                    "Active workers by " + t.dimension().title().replaceFirst(".*/ ", "") + ", " + r.to(),
                    groups, counts, "#3f8f5f")));
        }
        return out;
    }

    static Path writeText(Path target, String text) throws IOException {
        return atomically(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- files

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Written to a temporary name beside the target, then moved over it. */
    static Path atomically(Path target, Body body) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            body.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** For the status page: the figures of the last month per group of one table, as label → active. */
    public static Map<String, Long> lastMonth(CoverageReport r, CoverageReport.Table t) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        t.groups().forEach(g -> out.put(g, t.get(r.to(), g).active()));
        return out;
    }
}
