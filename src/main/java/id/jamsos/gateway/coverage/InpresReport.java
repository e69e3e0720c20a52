package id.jamsos.gateway.coverage;

import id.jamsos.gateway.ledger.EndReason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The six-monthly report Inpres 2/2021 (optimising the social security programme for workers) asks of
 * regions, as a ready-made workbook with a fixed layout (docs/coverage-reports.md, "Inpres 2/2021"):
 * one sheet, the summary at fixed cells, then the workers by district and by occupation. It leaves the
 * city, so groups under the suppression threshold are always written "&lt;3" (totals never).
 *
 * @param semester "2026-1" (January to June) or "2026-2" (July to December)
 */
public record InpresReport(String semester, YearMonth from, YearMonth to) {

    public static final String SHEET = "Inpres 2-2021";
    /** Row (0-based) of the summary's first figure; section B starts at {@link #DISTRICT_HEADER}. */
    public static final int SUMMARY_FIRST = 6;
    public static final int DISTRICT_HEADER = 16;

    public static InpresReport parse(String semester) {
        String s = semester == null ? "" : semester.trim();
        if (!s.matches("\\d{4}-[12]")) {
            throw new IllegalArgumentException("semester must be yyyy-1 or yyyy-2: " + semester);
        }
        int year = Integer.parseInt(s.substring(0, 4));
        boolean first = s.endsWith("1");
        return new InpresReport(s, YearMonth.of(year, first ? 1 : 7), YearMonth.of(year, first ? 6 : 12));
    }

    public String fileName() {
        return "inpres-2-2021-" + semester + ".xlsx";
    }

    /** Builds and writes it; returns the file. */
    public Path write(CoverageReportBuilder builder, String regionCode, Path dir) throws IOException {
        CoverageReport r = builder.build(from, to, List.of(Dimension.DISTRICT, Dimension.OCCUPATION));
        Map<String, Long> during = builder.coveredDuring(from, to, null);
        Map<String, Long> byDistrict = builder.coveredDuring(from, to, Dimension.DISTRICT);
        Map<String, Long> byOccupation = builder.coveredDuring(from, to, Dimension.OCCUPATION);
        Suppression s = new Suppression(Suppression.DEFAULT);
        return CoverageExports.atomically(dir.resolve(fileName()), out -> {
            try (XSSFWorkbook wb = new XSSFWorkbook()) {
                CoverageExports.Styles st = new CoverageExports.Styles(wb);
                XSSFSheet sh = wb.createSheet(SHEET);
                CoverageExports.title(sh, 0, st, "LAPORAN PELAKSANAAN INPRES NOMOR 2 TAHUN 2021 - JAMINAN SOSIAL"
                        + " KETENAGAKERJAAN / Inpres 2/2021 report");
                CoverageExports.text(sh, 1, "Kode wilayah / region code: " + regionCode);
                CoverageExports.text(sh, 2, "Semester " + (semester.endsWith("1") ? "I" : "II") + " "
                        + from.getYear() + " (" + from + " s.d./to " + to + ")");
                CoverageExports.text(sh, 3, "Dibuat / generated: " + r.generatedAt().atOffset(ZoneOffset.UTC).withNano(0)
                        + "; kelompok < " + s.below() + " ditulis \"" + s.mark() + "\" / groups under " + s.below()
                        + " written \"" + s.mark() + "\"; " + CoverageExports.COMPLEMENT_NOTE);
                CoverageExports.header(sh, 5, st, new String[] {"A. Ringkasan / summary", "Nilai / value"});
                Figures total = r.rangeTotal();
                Object[][] summary = {
                    {"A1 Pekerja ditanggung selama semester / workers covered during the semester", during.get("all")},
                    {"A2 Pekerja ditanggung pada akhir semester / covered in the last month", total.active()},
                    {"A3 Kepesertaan baru / cover started", total.started()},
                    {"A4 Kepesertaan berakhir / cover ended", total.ended()},
                    {"A5 Iuran dibayar daerah (Rp) / contributions of the months covered", total.spent()},
                    {"A6 Pagu anggaran program " + r.budget().programmeId() + " (Rp) / programme budget",
                        r.budget().budget()},
                    {"A7 Klaim dibayar / claims paid", total.claims()},
                    {"A8 Nilai klaim dibayar (Rp) / claims paid, rupiah", total.claimsAmount()},
                };
                for (int i = 0; i < summary.length; i++) {
                    Row x = sh.createRow(SUMMARY_FIRST + i);
                    x.createCell(0).setCellValue((String) summary[i][0]);
                    CoverageExports.number(x, 1, (Long) summary[i][1], i == 4 || i == 5 || i == 7 ? st.money : st.count);
                }
                int row = DISTRICT_HEADER;
                row = section(sh, st, row, "B. Menurut distrik / by district", r, r.table(Dimension.DISTRICT).orElseThrow(),
                        byDistrict, s);
                row = section(sh, st, row + 2, "C. Menurut pekerjaan / by occupation", r,
                        r.table(Dimension.OCCUPATION).orElseThrow(), byOccupation, s);
                row += 2;
                CoverageExports.header(sh, row++, st, new String[] {"D. Berakhir menurut alasan / ended by reason",
                        "Jumlah / count"});
                for (EndReason reason : EndReason.values()) {
                    Row x = sh.createRow(row++);
                    x.createCell(0).setCellValue(reason.text());
                    CoverageExports.number(x, 1, total.ended(reason), st.count);
                }
                sh.setColumnWidth(0, 70 * 256);
                for (int i = 1; i < 8; i++) {
                    sh.setColumnWidth(i, 20 * 256);
                }
                wb.write(out);
            }
        });
    }

    private int section(XSSFSheet sh, CoverageExports.Styles st, int row, String title, CoverageReport r,
                        CoverageReport.Table t, Map<String, Long> during, Suppression s) {
        CoverageExports.header(sh, row++, st, new String[] {title, "Ditanggung selama semester / covered during",
                "Ditanggung akhir semester / covered at the end", "Mulai / started", "Berakhir / ended",
                "Iuran (Rp) / spent", "Klaim / claims", "Klaim (Rp) / claims amount"});
        List<String> groups = t.groups();
        // The count columns (covered during, at the end, started, ended, claims), each adding up to its
        // summary line (A1-A4, A7), and tied to each other in a row (hide).
        long[][] counts = new long[5][groups.size()];
        Figures[] sums = new Figures[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            Figures sum = new Figures();
            for (YearMonth m : r.months()) {
                sum.add(t.get(m, groups.get(g)));
            }
            sums[g] = sum;
            counts[0][g] = during.getOrDefault(groups.get(g), 0L);
            counts[1][g] = t.get(to, groups.get(g)).active();
            counts[2][g] = sum.started();
            counts[3][g] = sum.ended();
            counts[4][g] = sum.claims();
        }
        byte[][] state = hide(counts, s);
        for (int g = 0; g < groups.size(); g++) {
            Row x = sh.createRow(row++);
            x.createCell(0).setCellValue(groups.get(g));
            cell(x, 1, counts[0][g], s.mark(state[0][g]), st.count);
            cell(x, 2, counts[1][g], s.mark(state[1][g]), st.count);
            cell(x, 3, counts[2][g], s.mark(state[2][g]), st.count);
            cell(x, 4, counts[3][g], s.mark(state[3][g]), st.count);
            // The money of a group says what its few workers declared: hidden with the group.
            cell(x, 5, sums[g].spent(), s.mark(state[0][g]), st.money);
            cell(x, 6, counts[4][g], s.mark(state[4][g]), st.count);
            cell(x, 7, sums[g].claimsAmount(), s.mark(state[4][g]), st.money);
        }
        return row;
    }

    /**
     * The state of each count cell ({@code counts[column][group]}: covered during, at the end, started,
     * ended, claims). Each column is made safe against its summary line ({@link Suppression#protect}); and
     * a row's first four columns tie each other (covered during is at least covered at the end and at
     * most that plus the ended: "during 5, ended 3" would put a hidden "at the end" at 2 or more), so when
     * one of them is hidden in a row, its other non-zero ones are hidden too ("x"), and the columns are
     * gone over again until nothing changes.
     */
    static byte[][] hide(long[][] counts, Suppression s) {
        int groups = counts[0].length;
        byte[][] state = new byte[counts.length][groups];
        for (int c = 0; c < counts.length; c++) {
            for (int g = 0; g < groups; g++) {
                state[c][g] = s.hides(counts[c][g]) ? Suppression.SMALL : Suppression.SHOWN;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int c = 0; c < counts.length; c++) {
                changed |= s.protect(counts[c], state[c]);
            }
            for (int g = 0; g < groups; g++) {
                boolean any = false;
                for (int c = 0; c < 4; c++) {
                    any |= state[c][g] != Suppression.SHOWN;
                }
                for (int c = 0; c < 4 && any; c++) {
                    if (state[c][g] == Suppression.SHOWN && counts[c][g] > 0) {
                        state[c][g] = Suppression.SECONDARY;
                        changed = true;
                    }
                }
            }
        }
        return state;
    }

    private static void cell(Row x, int col, long n, String mark, org.apache.poi.ss.usermodel.CellStyle style) {
        if (mark != null) {
            x.createCell(col).setCellValue(mark);
        } else {
            CoverageExports.number(x, col, n, style);
        }
    }
}
