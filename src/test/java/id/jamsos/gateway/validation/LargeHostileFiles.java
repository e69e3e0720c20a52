package id.jamsos.gateway.validation;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Large files shaped to fill a heap, for the memory fuzz (security/MemoryFuzzTest): each written by
 * streaming to disk (a {@link ZipOutputStream} fed part by part, a buffered stream for CSV), never
 * built in memory, with its sizes drawn from the caller's {@link Random} so that a seed gives the same
 * files again. Every workbook and CSV has the ordinary header and one valid worker
 * ({@link HostileWorkbooks#NIK}) so that a file the bounds let through is read to a row count.
 *
 * <p>Each method says what it wrote in the returned text ("2,871,004 shared strings of 2-5 characters"),
 * which the test prints beside how the file ended.
 */
public final class LargeHostileFiles {

    /** The shapes, one method each. */
    public enum Shape {
        XLSX_MANY_SHORT_STRINGS, XLSX_FEW_HUGE_STRINGS, XLSX_INLINE_STRINGS, XLSX_WIDE_ROWS, XLSX_SPARSE_ROWS,
        XLSX_MANY_SHEETS, CSV_DUPLICATE_ROWS, CSV_WIDE_ROWS, CSV_REPEATED_COLUMN, CSV_UTF16, CSV_UNCLOSED_QUOTE
    }

    private static final String HEADER = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN";
    private static final String WORKER = HostileWorkbooks.NIK + ";Agustinus Kambu;12/05/1990;L";
    private static final byte[] LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .getBytes(StandardCharsets.US_ASCII);

    private LargeHostileFiles() {
    }

    /** The file name for {@code shape} (its extension decides how the validator reads it). */
    public static String fileName(int index, Shape shape) {
        String name = shape.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String ext = name.startsWith("xlsx") ? ".xlsx" : ".csv";
        return String.format("%02d-%s%s", index, name.substring(name.indexOf('-') + 1), ext);
    }

    /** Writes {@code shape} to {@code file}; returns what was written. */
    public static String write(Shape shape, Path file, Random random) throws IOException {
        return switch (shape) {
            case XLSX_MANY_SHORT_STRINGS -> manyShortStrings(file, random);
            case XLSX_FEW_HUGE_STRINGS -> fewHugeStrings(file, random);
            case XLSX_INLINE_STRINGS -> inlineStrings(file, random);
            case XLSX_WIDE_ROWS -> wideRows(file, random);
            case XLSX_SPARSE_ROWS -> sparseRows(file, random);
            case XLSX_MANY_SHEETS -> manySheets(file, random);
            case CSV_DUPLICATE_ROWS -> duplicateRows(file, random);
            case CSV_WIDE_ROWS -> csvWideRows(file, random);
            case CSV_REPEATED_COLUMN -> repeatedColumn(file, random);
            case CSV_UTF16 -> utf16(file, random);
            case CSV_UNCLOSED_QUOTE -> unclosedQuote(file, random);
        };
    }

    /** Issue #14's shape: millions of short distinct shared strings (POI's table: about 70 bytes each). */
    static String manyShortStrings(Path file, Random random) throws IOException {
        int strings = 2_000_000 + random.nextInt(2_000_000);
        HostileWorkbooks.sharedStrings(file, strings);
        return String.format("%,d shared strings of 2-5 characters (POI's table would need about %,d MB)",
                strings, strings * 70L / 1_000_000);
    }

    /**
     * A few shared strings of tens of millions of random letters (random, so the part passes the
     * inflate-ratio check), the worker's row pointing at the last one.
     */
    static String fewHugeStrings(Path file, Random random) throws IOException {
        int count = 2 + random.nextInt(3);
        return fewHugeStrings(file, count, 15_000_000 + random.nextInt(15_000_000), random);
    }

    static String fewHugeStrings(Path file, int count, int chars, Random random) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            workbookParts(zip, 1, true);
            put(zip, "xl/worksheets/sheet1.xml", sheetStart()
                    + headerRowInline() + "<row r=\"2\">" + workerCells(2, false)
                    + "<c r=\"D2\" t=\"s\"><v>" + (count - 1) + "</v></c></row>" + sheetEnd());
            OutputStream out = entry(zip, "xl/sharedStrings.xml");
            ascii(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\""
                    + MAIN_NS + "\" count=\"" + count + "\" uniqueCount=\"" + count + "\">");
            for (int i = 0; i < count; i++) {
                ascii(out, "<si><t>");
                randomLetters(out, random, chars);
                ascii(out, "</t></si>");
            }
            ascii(out, "</sst>");
            out.close();
        }
        return String.format("%d shared strings of %,d random letters each (%,d MB of text)",
                count, chars, (long) count * chars / 1_000_000);
    }

    /** Hundreds of thousands of rows whose texts are inline strings: no shared strings part at all. */
    static String inlineStrings(Path file, Random random) throws IOException {
        int rows = 100_000 + random.nextInt(500_000);
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            workbookParts(zip, 1, false);
            OutputStream out = entry(zip, "xl/worksheets/sheet1.xml");
            ascii(out, sheetStart() + headerRowInline());
            for (int r = 2; r < rows + 2; r++) {
                ascii(out, "<row r=\"" + r + "\">" + inline("A", r, nik(r)) + inline("B", r, "Pekerja " + r)
                        + inline("C", r, "12/05/1990") + inline("D", r, "L") + "</row>");
            }
            ascii(out, sheetEnd());
            out.close();
        }
        return String.format("%,d data rows of 4 inline-string cells, distinct NIKs", rows);
    }

    /** Rows of thousands of number cells (Excel's 16,384 columns at most), most past the 256 read. */
    static String wideRows(Path file, Random random) throws IOException {
        int columns = 2_000 + random.nextInt(14_384);
        int rows = (1_000_000 + random.nextInt(2_000_000)) / columns;
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            workbookParts(zip, 1, false);
            OutputStream out = entry(zip, "xl/worksheets/sheet1.xml");
            ascii(out, sheetStart() + headerRowInline());
            StringBuilder row = new StringBuilder();
            for (int r = 2; r < rows + 2; r++) {
                row.setLength(0);
                row.append("<row r=\"").append(r).append("\">").append(workerCells(r, true));
                for (int c = 4; c < columns; c++) {
                    row.append("<c r=\"").append(column(c)).append(r).append("\"><v>").append(c).append("</v></c>");
                }
                ascii(out, row.append("</row>").toString());
            }
            ascii(out, sheetEnd());
            out.close();
        }
        return String.format("%,d data rows of %,d columns (%,d cells)", rows, columns, (long) rows * columns);
    }

    /** A header, the worker, then rows with row numbers far apart up to Excel's last row and past it. */
    static String sparseRows(Path file, Random random) throws IOException {
        int rows = 1_000 + random.nextInt(50_000);
        int step = Math.max(1, 1_048_000 / rows);
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            workbookParts(zip, 1, false);
            OutputStream out = entry(zip, "xl/worksheets/sheet1.xml");
            ascii(out, sheetStart() + headerRowInline());
            long r = 2;
            long last = r;
            for (int i = 0; i < rows; i++) {
                ascii(out, "<row r=\"" + r + "\">" + inline("A", r, nik(i + 2)) + inline("XFD", r, "x") + "</row>");
                last = r;
                r += step + random.nextInt(step);
            }
            // The last row at the largest number a row attribute can hold.
            ascii(out, "<row r=\"" + Integer.MAX_VALUE + "\">" + inline("A", Integer.MAX_VALUE, nik(1))
                    + "</row>" + sheetEnd());
            out.close();
            return String.format("%,d data rows numbered up to %,d and one at %,d, each with a cell in column XFD",
                    rows + 1, last, Integer.MAX_VALUE);
        }
    }

    /**
     * Hundreds of thousands of sheets named in the workbook and its relationships, all of them the one
     * worksheet part (a sheet per part would be refused by POI's limit of 1,000 zip entries).
     */
    static String manySheets(Path file, Random random) throws IOException {
        return manySheets(file, 200_000 + random.nextInt(600_000), random);
    }

    static String manySheets(Path file, int sheets, Random random) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            workbookParts(zip, sheets, false, random);
            put(zip, "xl/worksheets/sheet1.xml", sheetStart() + headerRowInline() + "<row r=\"2\">"
                    + workerCells(2, true) + "</row>" + sheetEnd());
        }
        return String.format("%,d sheets in the workbook and its relationships, all the one worksheet part", sheets);
    }

    /** Hundreds of thousands to millions of rows, nearly all the same worker again. */
    static String duplicateRows(Path file, Random random) throws IOException {
        int rows = 300_000 + random.nextInt(1_700_000);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            byte[] row = (WORKER + "\r\n").getBytes(StandardCharsets.US_ASCII);
            ascii(out, HEADER + "\r\n");
            for (int i = 0; i < rows; i++) {
                out.write(row);
            }
        }
        return String.format("%,d data rows, all the same worker (%,d MB)", rows, Files.size(file) / 1_000_000);
    }

    /** Rows just under the 10,000-character line limit: thousands of cells after the worker's four. */
    static String csvWideRows(Path file, Random random) throws IOException {
        int rows = 500 + random.nextInt(2_500);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ascii(out, HEADER + "\r\n");
            for (int i = 0; i < rows; i++) {
                String start = nik(i + 2) + ";Agustinus Kambu;12/05/1990;L";
                ascii(out, start);
                int room = 9_990 - start.length();
                for (int c = 0; c + 2 <= room; c += 2) {
                    out.write(';');
                    out.write(LETTERS[random.nextInt(LETTERS.length)]);
                }
                ascii(out, "\r\n");
            }
        }
        return String.format("%,d data rows of about 9,990 characters (%,d cells each)", rows, 4 + (9_990 - 44) / 2);
    }

    /** A header naming one unknown column over and over, up to the line limit, and rows filling it. */
    static String repeatedColumn(Path file, Random random) throws IOException {
        int repeats = 300 + random.nextInt(900); // the header stays under the 10,000-character line limit
        int rows = 5_000 + random.nextInt(45_000);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ascii(out, HEADER + ";CATATAN".repeat(repeats) + "\r\n");
            String tail = ";x".repeat(repeats) + "\r\n";
            for (int i = 0; i < rows; i++) {
                ascii(out, nik(i + 2) + ";Agustinus Kambu;12/05/1990;L");
                ascii(out, tail);
            }
        }
        return String.format("a header with CATATAN %,d times, %,d data rows", repeats, rows);
    }

    /** The worker list as Excel's "Unicode Text" writes it: UTF-16, with or without its byte-order mark. */
    static String utf16(Path file, Random random) throws IOException {
        int rows = 100_000 + random.nextInt(300_000);
        boolean bom = random.nextBoolean();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            if (bom) {
                out.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
            }
            out.write((HEADER + "\r\n").getBytes(StandardCharsets.UTF_16LE));
            for (int i = 0; i < rows; i++) {
                out.write((nik(i + 2) + ";Agustinus Kambu;12/05/1990;L\r\n").getBytes(StandardCharsets.UTF_16LE));
            }
        }
        return String.format("UTF-16LE %s a byte-order mark, %,d data rows (%,d MB)", bom ? "with" : "without",
                rows, Files.size(file) / 1_000_000);
    }

    /** A quote opened in the first data row and never closed, then tens of megabytes of rows. */
    static String unclosedQuote(Path file, Random random) throws IOException {
        int rows = 200_000 + random.nextInt(800_000);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ascii(out, HEADER + "\r\n" + HostileWorkbooks.NIK + ";\"Agustinus Kambu;12/05/1990;L\r\n");
            for (int i = 0; i < rows; i++) {
                ascii(out, nik(i + 3) + ";Agustinus Kambu;12/05/1990;L\r\n");
            }
        }
        return String.format("an unclosed quote in row 2, then %,d rows (%,d MB)", rows, Files.size(file) / 1_000_000);
    }

    /**
     * A distinct, valid NIK per row number below 98 million (Papua, born 12-05-1990, male): serial,
     * district and regency count up from 01, as the NIK rules require.
     */
    static String nik(long row) {
        long q = row / 9_999;
        return String.format("92%02d%02d120590%04d", q / 99 % 99 + 1, q % 99 + 1, row % 9_999 + 1);
    }

    // --- the parts of a workbook ---

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static void workbookParts(ZipOutputStream zip, int sheets, boolean sharedStrings) throws IOException {
        workbookParts(zip, sheets, sharedStrings, null);
    }

    /**
     * Every sheet is the one part {@code xl/worksheets/sheet1.xml}. With {@code noise}, each sheet's
     * entries in the workbook and its relationships
     * are followed by a comment of random letters, so that tens of thousands of them stay under the
     * inflate-ratio check (without it they compress more than 100 times and are refused as a zip bomb).
     */
    private static void workbookParts(ZipOutputStream zip, int sheets, boolean sharedStrings, Random noise)
            throws IOException {
        OutputStream types = entry(zip, "[Content_Types].xml");
        ascii(types, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                + ".spreadsheetml.sheet.main+xml\"/>");
        ascii(types, "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
                + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        if (sharedStrings) {
            ascii(types, "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.sharedStrings+xml\"/>");
        }
        ascii(types, "</Types>");
        types.close();
        put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        OutputStream wb = entry(zip, "xl/workbook.xml");
        ascii(wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"" + MAIN_NS
                + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
        for (int s = 1; s <= sheets; s++) {
            ascii(wb, "<sheet name=\"Pekerja" + s + "\" sheetId=\"" + s + "\" r:id=\"rId" + s + "\"/>");
            comment(wb, noise);
        }
        ascii(wb, "</sheets></workbook>");
        wb.close();
        OutputStream rels = entry(zip, "xl/_rels/workbook.xml.rels");
        ascii(rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int s = 1; s <= sheets; s++) {
            ascii(rels, "<Relationship Id=\"rId" + s + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
                    + "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>");
            comment(rels, noise);
        }
        if (sharedStrings) {
            ascii(rels, "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                    + "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        }
        ascii(rels, "</Relationships>");
        rels.close();
    }

    private static void comment(OutputStream out, Random noise) throws IOException {
        if (noise != null) {
            ascii(out, "<!--");
            randomLetters(out, noise, 24);
            ascii(out, "-->");
        }
    }

    private static String sheetStart() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + MAIN_NS
                + "\"><sheetData>";
    }

    private static String sheetEnd() {
        return "</sheetData></worksheet>";
    }

    private static String headerRowInline() {
        return "<row r=\"1\">" + inline("A", 1, "NIK") + inline("B", 1, "NAMA") + inline("C", 1, "TGL_LAHIR")
                + inline("D", 1, "JENIS_KELAMIN") + "</row>";
    }

    /** The worker's NIK, name and birth date, and its sex too when {@code withSex}. */
    private static String workerCells(long row, boolean withSex) {
        return inline("A", row, row == 2 ? HostileWorkbooks.NIK : nik(row)) + inline("B", row, "Agustinus Kambu")
                + inline("C", row, "12/05/1990") + (withSex ? inline("D", row, "L") : "");
    }

    private static String inline(String column, long row, String text) {
        return "<c r=\"" + column + row + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    /** 0 -> A, 25 -> Z, 26 -> AA. */
    static String column(int index) {
        StringBuilder sb = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            sb.append((char) ('A' + (n - 1) % 26));
        }
        return sb.reverse().toString();
    }

    private static void randomLetters(OutputStream out, Random random, int count) throws IOException {
        byte[] chunk = new byte[1 << 16];
        for (int done = 0; done < count; ) {
            int n = Math.min(chunk.length, count - done);
            for (int i = 0; i < n; i++) {
                chunk[i] = LETTERS[random.nextInt(LETTERS.length)];
            }
            out.write(chunk, 0, n);
            done += n;
        }
    }

    private static void ascii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A buffered stream over one new entry; closing it closes the entry, not the zip. */
    private static OutputStream entry(ZipOutputStream zip, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        return new BufferedOutputStream(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
                zip.closeEntry();
            }
        }, 1 << 16);
    }
}
