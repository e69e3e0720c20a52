package id.jamsos.gateway.portal;

import id.jamsos.gateway.validation.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The template clerks download (GET /portal/template.xlsx): a workbook whose first sheet has the
 * header row of an enrollment file and whose NIK and NO_HP columns are formatted as Text before a
 * clerk types anything (a NIK typed into a number cell loses its 16th digit, and every Papua NIK is
 * beyond what a spreadsheet number holds: docs/validation.md), with TGL_LAHIR as a date; a second
 * sheet says how to fill it in, in both languages. The validator reads only the first sheet.
 */
public final class TemplateWorkbook {

    /** The columns of an enrollment file, in the template's order (change files add AKSI and its columns). */
    public static final List<Column> COLUMNS = List.of(Column.NIK, Column.NAMA, Column.TGL_LAHIR,
            Column.JENIS_KELAMIN, Column.TEMPAT_LAHIR, Column.ALAMAT, Column.KELURAHAN, Column.DISTRIK,
            Column.NO_HP, Column.PEKERJAAN, Column.PENGHASILAN, Column.PERSETUJUAN);

    /** Rows formatted ahead, as a clerk's list would fill them. */
    static final int ROWS = 2_000;

    private TemplateWorkbook() {
    }

    /** What goes into a column, Indonesian then English: the help page and the second sheet say it. */
    public static String[] explain(Column c) {
        return switch (c) {
            case NIK -> new String[] {"16 angka, diketik sebagai Teks", "16 digits, typed as Text"};
            case NAMA -> new String[] {"nama lengkap sesuai KTP, tanpa angka", "full name as on the KTP, no digits"};
            case TGL_LAHIR -> new String[] {"tanggal lahir: dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd atau sel tanggal",
                    "date of birth: dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd or a date cell"};
            case JENIS_KELAMIN -> new String[] {"L atau P (LAKI-LAKI/PEREMPUAN)", "L or P (male/female)"};
            case NO_HP -> new String[] {"nomor HP 08… atau +628…; nomor lain dilewati", "mobile 08… or +628…; others are left out"};
            case PERSETUJUAN -> new String[] {"Y/YA bila pekerja setuju diberi tahu tentang kepesertaannya lewat WhatsApp"
                    + " atau SMS ke NO_HP; T/TIDAK atau kosong: tidak dihubungi",
                    "Y/YA when the worker agreed to be told about their cover by WhatsApp or SMS on NO_HP;"
                    + " T/TIDAK or empty: not contacted"};
            case PENGHASILAN -> new String[] {"penghasilan per bulan dalam rupiah; kosong = nilai baku",
                    "monthly income in whole rupiah; empty = the default"};
            default -> new String[] {"boleh kosong", "may be empty"};
        };
    }

    /**
     * The workbook, built once per process at its first download (POI takes a noticeable moment and memory
     * for its 2,000 formatted rows; the workbook never changes while the gateway runs).
     */
    public static byte[] bytes() {
        return Built.BYTES.clone();
    }

    /**
     * The template's ETag: a browser that has it asks with If-None-Match and gets 304. Taken from what the
     * workbook says (columns, their texts, rows formatted), not from its bytes, which carry the time they
     * were written: every replica of one version gives the same tag, whichever built its copy.
     */
    public static String etag() {
        return Built.ETAG;
    }

    /** Built on first use (the class is loaded then), once, whichever thread comes first. */
    private static final class Built {
        static final byte[] BYTES = build();
        static final String ETAG = "\"" + etagOf() + "\"";

        private static String etagOf() {
            StringBuilder said = new StringBuilder("rows=" + ROWS);
            for (Column c : COLUMNS) {
                said.append('|').append(c.name()).append('|').append(c.required()).append('|')
                        .append(String.join("|", explain(c)));
            }
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(said.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 16);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static byte[] build() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
            CellStyle header = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            header.setFont(bold);
            header.setDataFormat(wb.createDataFormat().getFormat("@"));

            Sheet sheet = wb.createSheet("Pekerja");
            Row head = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Column c = COLUMNS.get(i);
                head.createCell(i).setCellValue(c.name());
                head.getCell(i).setCellStyle(header);
                CellStyle style = c == Column.TGL_LAHIR ? date : text;
                // The column's own format for rows typed past the formatted ones, and the cells themselves:
                // Excel and LibreOffice both apply a cell's format to what is typed into it.
                sheet.setDefaultColumnStyle(i, style);
                sheet.setColumnWidth(i, c == Column.NIK || c == Column.NAMA || c == Column.ALAMAT ? 24 * 256 : 16 * 256);
            }
            for (int r = 1; r <= ROWS; r++) {
                Row row = sheet.createRow(r);
                for (int i = 0; i < COLUMNS.size(); i++) {
                    row.createCell(i).setCellStyle(COLUMNS.get(i) == Column.TGL_LAHIR ? date : text);
                }
            }
            sheet.createFreezePane(0, 1);

            Sheet help = wb.createSheet("Petunjuk - Help");
            Row h = help.createRow(0);
            h.createCell(0).setCellValue("Kolom / Column");
            h.createCell(1).setCellValue("Wajib / Required");
            h.createCell(2).setCellValue("Isian");
            h.createCell(3).setCellValue("Value");
            for (int i = 0; i < COLUMNS.size(); i++) {
                Column c = COLUMNS.get(i);
                Row row = help.createRow(i + 1);
                row.createCell(0).setCellValue(c.name());
                row.createCell(1).setCellValue(c.required() ? "ya / yes" : "tidak / no");
                row.createCell(2).setCellValue(explain(c)[0]);
                row.createCell(3).setCellValue(explain(c)[1]);
            }
            Row last = help.createRow(COLUMNS.size() + 2);
            last.createCell(0).setCellValue("Hanya lembar pertama yang dibaca. / Only the first sheet is read.");
            help.setColumnWidth(2, 60 * 256);
            help.setColumnWidth(3, 60 * 256);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
