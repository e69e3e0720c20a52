package id.jamsos.gateway.demo;

import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.nik.Nik;
import id.jamsos.gateway.validation.LongIntMap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes an agency file as a Kota Sorong district office would send it: Excel's "CSV UTF-8" with
 * {@code ;} separators, dd/mm/yyyy dates, NIKs from Sorong (9271 before the 2022 split, 9671
 * after) and from the provinces its migrants come from. Rows are written as they are made, so a
 * million-row file costs only the set of NIKs used (to keep them unique).
 */
public final class SampleWorkers {

    public static final String[] HEADER = {"NIK", "NAMA", "TEMPAT_LAHIR", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT",
            "KELURAHAN", "DISTRIK", "NO_HP", "PEKERJAAN", "PENGHASILAN"};

    /** The ways a bad row is bad, used in turn. */
    enum Fault { SCIENTIFIC_NIK, SEX_MISMATCH, MISSING_NAME, FUTURE_BIRTH, DUPLICATE_NIK, LETTER_IN_NIK }

    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final LocalDate OLDEST = LocalDate.of(1960, 1, 1);
    private static final LocalDate YOUNGEST = LocalDate.of(2007, 12, 31);

    /** Sorong (old and new province code) dominates; the rest are where its migrants are from. */
    private static final String[] SORONG_PREFIXES = {"9271", "9671"};
    private static final String[] OTHER_PREFIXES = {"9171", "9202", "9105", "8171", "8271", "7371", "7472", "7311",
            "3578", "3374", "5171", "5371", "9404", "9303"};

    private static final String[] SORONG_DISTRICTS = {"Sorong", "Sorong Timur", "Sorong Barat", "Sorong Kepulauan",
            "Sorong Utara", "Sorong Manoi", "Sorong Kota", "Klaurung", "Malaimsimsa", "Maladum Mes"};
    private static final String[] KELURAHAN = {"Klademak", "Kampung Baru", "Remu Utara", "Remu Selatan", "Malaingkedi",
            "Klawasi", "Klasaman", "Malawei", "Rufei", "Klabulu", "Matalamagi", "Klaligi", "Doom Barat", "Doom Timur",
            "Giwu", "Kofkerbu", "Klawuyuk", "Malanu", "Klasabi", "Saoka"};
    private static final String[] STREETS = {"Jl. Basuki Rahmat", "Jl. Ahmad Yani", "Jl. Sam Ratulangi",
            "Jl. Jend. Sudirman", "Jl. Pramuka", "Jl. Kalibobo", "Jl. Frans Kaisiepo", "Jl. Selat Sele",
            "Jl. Victory", "Jl. Yos Sudarso", "Jl. Arfak", "Jl. Kokoda", "Jl. Danau Maninjau"};
    private static final String[] BIRTH_PLACES = {"Sorong", "Sorong", "Sorong", "Manokwari", "Jayapura", "Fakfak",
            "Biak", "Serui", "Teminabuan", "Waisai", "Makassar", "Baubau", "Ambon", "Ternate", "Kaimana", "Ayamaru"};
    private static final String[] OCCUPATIONS = {"nelayan", "pedagang", "tukang ojek", "buruh bangunan", "petani",
            "tukang parkir", "sopir angkot", "penjual pinang", "pengrajin noken", "buruh pelabuhan",
            "motoris speedboat", "pemulung", "penjahit", "tukang kayu", "pedagang sayur"};
    private static final String[] MALE_GIVEN = {"Agustinus", "Yohanes", "Markus", "Marthen", "Yulianus", "Paulus",
            "Petrus", "Lukas", "Obaja", "Yermias", "Frans", "Septinus", "Musa", "Simon", "Budi", "Muhammad", "Ahmad",
            "Rahmat", "Irwan", "Hasanuddin", "Abdul", "Yusuf", "La Ode", "Andi", "Ketut", "Jefri", "Daniel"};
    private static final String[] FEMALE_GIVEN = {"Yosina", "Maria", "Fransina", "Elisabeth", "Naomi", "Ruth",
            "Salomina", "Debora", "Mince", "Nelce", "Yuliana", "Martha", "Siti", "Sri", "Dewi", "Fatimah", "Nur",
            "Wa Ode", "Hasna", "Rosalina", "Agustina", "Ester", "Ni Made", "Merry"};
    private static final String[] FAMILY = {"Kambu", "Mambrasar", "Rumbiak", "Wanma", "Yoku", "Ayamiseba", "Sawaki",
            "Mayor", "Rumere", "Kareth", "Krey", "Mofu", "Rumbewas", "Kafiar", "Korwa", "Msen", "Sroyer", "Imbiri",
            "Malak", "Kalami", "Osok", "Klasibin", "Mobalen", "Sapisa", "Do", "Safkaur", "Fonataba", "Ap", "Sanggenafa",
            "Santoso", "Aminah", "Wahyuni", "Rahman", "Hamid", "Latuconsina", "Pattiasina", "Rumagesan", "Warinussy"};

    private SampleWorkers() {
    }

    /**
     * Writes {@code rows} data rows to {@code out}; every {@code badEveryN}-th row (when above 0) is
     * made bad, rotating through {@link Fault}. The same seed gives the same file on the same day
     * (a future birth date is relative to today).
     */
    public static SampleSummary generate(Path out, int rows, long seed, int badEveryN) throws IOException {
        return generate(out, rows, seed, badEveryN, false);
    }

    /**
     * As {@link #generate(Path, int, long, int)}; with {@code xlsx} an Excel workbook instead, written
     * streaming (SXSSF: a window of 100 rows in memory), every cell text as a careful clerk enters it.
     */
    public static SampleSummary generate(Path out, int rows, long seed, int badEveryN, boolean xlsx) throws IOException {
        return generate(out, rows, seed, badEveryN, xlsx, () -> { });
    }

    /** As above, calling {@code afterEachRow} once per row written (the generate command's progress bar). */
    public static SampleSummary generate(Path out, int rows, long seed, int badEveryN, boolean xlsx,
                                         Runnable afterEachRow) throws IOException {
        return generate(out, rows, seed, badEveryN, xlsx ? "xlsx" : "csv", afterEachRow);
    }

    /** As above, {@code format} csv, xlsx or ods (an OpenDocument spreadsheet, written streaming as LibreOffice lays it out). */
    public static SampleSummary generate(Path out, int rows, long seed, int badEveryN, String format,
                                         Runnable afterEachRow) throws IOException {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative");
        }
        try (RowSink printer = switch (format) {
            case "xlsx" -> new XlsxSink(out);
            case "ods" -> new OdsSink(out);
            default -> new CsvSink(out);
        }) {
            return write(printer, rows, seed, badEveryN, afterEachRow, person -> { });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The people behind the rows {@code generate} writes with the same rows, seed and bad-row rate, as
     * they really are (a bad row's damage is the file's, not theirs): the population registry simulator
     * knows them so. A NIK sent twice (the duplicate fault) is one person, the first. Nothing is written.
     */
    public static java.util.List<SamplePerson> people(int rows, long seed, int badEveryN) {
        java.util.List<SamplePerson> people = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            write(new NoSink(), rows, seed, badEveryN, () -> { }, p -> {
                if (seen.add(p.nik())) {
                    people.add(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return people;
    }

    private static SampleSummary write(RowSink printer, int rows, long seed, int badEveryN, Runnable afterEachRow,
                                       java.util.function.Consumer<SamplePerson> people) throws IOException {
        Random random = new Random(seed);
        LongIntMap used = new LongIntMap(Math.max(16, rows));
        LocalDate today = LocalDate.now();
        int bad = 0;
        String lastGoodNik = null;
        Sex lastGoodSex = null;
        LocalDate lastGoodBirth = null;
        {
            printer.printRecord((Object[]) HEADER);
            for (int i = 1; i <= rows; i++) {
                Fault fault = null;
                if (badEveryN > 0 && i % badEveryN == 0) {
                    fault = Fault.values()[bad % Fault.values().length];
                    if (fault == Fault.DUPLICATE_NIK && lastGoodNik == null) {
                        fault = Fault.LETTER_IN_NIK;
                    }
                    bad++;
                }
                Sex sex = random.nextBoolean() ? Sex.L : Sex.P;
                LocalDate birth = randomDate(random, OLDEST, YOUNGEST);
                String prefix = random.nextInt(10) < 7
                        ? pick(random, SORONG_PREFIXES) : pick(random, OTHER_PREFIXES);
                String nik;
                do {
                    nik = validNik(random, birth, sex, prefix);
                } while (used.putIfAbsent(Long.parseLong(nik), i, -1) != -1);

                String nikCell = nik;
                String sexCell = sexWord(random, sex);
                String birthCell = birth.format(DMY);
                String name = name(random, sex);
                String realName = name;
                if (fault != null) {
                    switch (fault) {
                        case SCIENTIFIC_NIK -> nikCell = String.format(Locale.ROOT, "%.5E", (double) Long.parseLong(nik));
                        case SEX_MISMATCH -> sexCell = sexWord(random, sex == Sex.L ? Sex.P : Sex.L);
                        case MISSING_NAME -> name = "";
                        case FUTURE_BIRTH -> birthCell = today.plusDays(30 + random.nextInt(400)).format(DMY);
                        case DUPLICATE_NIK -> {
                            // The same worker sent twice: only the repetition is wrong.
                            nikCell = lastGoodNik;
                            sexCell = sexWord(random, lastGoodSex);
                            birthCell = lastGoodBirth.format(DMY);
                            name = name(random, lastGoodSex);
                        }
                        case LETTER_IN_NIK -> nikCell = nik.substring(0, 12) + "O" + nik.substring(13);
                    }
                } else {
                    lastGoodNik = nik;
                    lastGoodSex = sex;
                    lastGoodBirth = birth;
                }
                boolean sorong = prefix.endsWith("71") && (prefix.startsWith("92") || prefix.startsWith("96"));
                String birthPlace = sorong ? "Sorong" : pick(random, BIRTH_PLACES);
                if (fault == null) {
                    people.accept(new SamplePerson(nik, name, birthPlace, birth, sex));
                } else if (fault != Fault.DUPLICATE_NIK) {
                    // The person is real; only the row is damaged. A missing name is the clerk's.
                    people.accept(new SamplePerson(nik, realName, birthPlace, birth, sex));
                }
                printer.printRecord(nikCell, name, birthPlace, birthCell, sexCell,
                        address(random), pick(random, KELURAHAN), pick(random, SORONG_DISTRICTS), phone(random),
                        pick(random, OCCUPATIONS), income(random));
                afterEachRow.run();
            }
        }
        return new SampleSummary(rows, rows - bad, bad);
    }

    /** Where generated rows go: a CSV as Excel's "CSV UTF-8" writes it, or an .xlsx sheet. */
    private interface RowSink extends AutoCloseable {
        void printRecord(Object... values) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Rows to nowhere: {@link #people} runs the same draws without a file. */
    private static final class NoSink implements RowSink {
        @Override
        public void printRecord(Object... values) {
        }

        @Override
        public void close() {
        }
    }

    private static final class CsvSink implements RowSink {
        private final CSVPrinter printer;

        CsvSink(Path out) throws IOException {
            CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(';').setRecordSeparator("\r\n").get();
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8),
                    1 << 16);
            w.write('\uFEFF'); // Excel's "CSV UTF-8" starts with a BOM
            printer = new CSVPrinter(w, format);
        }

        @Override
        public void printRecord(Object... values) throws IOException {
            printer.printRecord(values);
        }

        @Override
        public void close() throws IOException {
            printer.close();
        }
    }

    private static final class XlsxSink implements RowSink {
        private final Path out;
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(100);
        private final Sheet sheet;
        private int rowIndex;

        XlsxSink(Path out) {
            this.out = out;
            workbook.setCompressTempFiles(true);
            sheet = workbook.createSheet("Pekerja");
        }

        @Override
        public void printRecord(Object... values) {
            Row row = sheet.createRow(rowIndex++);
            for (int c = 0; c < values.length; c++) {
                String v = String.valueOf(values[c]);
                if (!v.isEmpty()) {
                    row.createCell(c).setCellValue(v);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try (OutputStream os = Files.newOutputStream(out)) {
                workbook.write(os);
            } finally {
                workbook.close();
            }
        }
    }

    /**
     * An .ods written streaming: the stored {@code mimetype} first, the manifest, then {@code content.xml}
     * row by row, every cell a text cell (as a careful clerk types the NIK), and LibreOffice's sheet end
     * (an empty row repeated to row 1,048,576).
     */
    private static final class OdsSink implements RowSink {
        private final java.util.zip.ZipOutputStream zip;
        private final java.io.Writer w;
        private int rowIndex;

        OdsSink(Path out) throws IOException {
            zip = new java.util.zip.ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16));
            byte[] mime = "application/vnd.oasis.opendocument.spreadsheet".getBytes(StandardCharsets.US_ASCII);
            java.util.zip.ZipEntry m = new java.util.zip.ZipEntry("mimetype");
            m.setMethod(java.util.zip.ZipEntry.STORED);
            m.setSize(mime.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(mime);
            m.setCrc(crc.getValue());
            zip.putNextEntry(m);
            zip.write(mime);
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/manifest.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest="
                    + "\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                    + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type="
                    + "\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry"
                    + " manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("content.xml"));
            w = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                    + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                    + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                    + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\">"
                    + "<office:body><office:spreadsheet><table:table table:name=\"Pekerja\">"
                    + "<table:table-column table:number-columns-repeated=\"1024\"/>");
        }

        @Override
        public void printRecord(Object... values) throws IOException {
            rowIndex++;
            w.write("<table:table-row>");
            for (Object value : values) {
                String v = String.valueOf(value);
                if (v.isEmpty()) {
                    w.write("<table:table-cell/>");
                } else {
                    w.write("<table:table-cell office:value-type=\"string\"><text:p>");
                    w.write(v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
                    w.write("</text:p></table:table-cell>");
                }
            }
            w.write("<table:table-cell table:number-columns-repeated=\"" + (1024 - values.length) + "\"/>");
            w.write("</table:table-row>");
        }

        @Override
        public void close() throws IOException {
            try {
                if (rowIndex < 1_048_576) {
                    w.write("<table:table-row table:number-rows-repeated=\"" + (1_048_576 - rowIndex)
                            + "\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>");
                }
                w.write("</table:table></office:spreadsheet></office:body></office:document-content>");
                w.flush();
                zip.closeEntry();
            } finally {
                zip.close();
            }
        }
    }

    /**
     * A NIK that passes every rule for this person: the region's 4 digits, a district 01-10,
     * the birth segment (day + 40 for women) and a serial 0001-9999.
     */
    public static String validNik(Random r, LocalDate birth, Sex sex, String regionPrefix4) {
        if (regionPrefix4 == null || regionPrefix4.length() != 4 || !regionPrefix4.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("region prefix must be 4 digits");
        }
        return regionPrefix4
                + String.format("%02d", 1 + r.nextInt(10))
                + Nik.birthSegment(birth, sex)
                + String.format("%04d", 1 + r.nextInt(9999));
    }

    private static LocalDate randomDate(Random r, LocalDate from, LocalDate to) {
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        return LocalDate.ofEpochDay(from.toEpochDay() + (long) (r.nextDouble() * days));
    }

    private static String name(Random r, Sex sex) {
        String given = pick(r, sex == Sex.L ? MALE_GIVEN : FEMALE_GIVEN);
        return r.nextInt(10) == 0 ? given : given + " " + pick(r, FAMILY);
    }

    private static String sexWord(Random r, Sex sex) {
        return switch (r.nextInt(4)) {
            case 0 -> sex == Sex.L ? "LAKI-LAKI" : "PEREMPUAN";
            default -> sex.name();
        };
    }

    private static String address(Random r) {
        String street = pick(r, STREETS) + " No. " + (1 + r.nextInt(120));
        return switch (r.nextInt(5)) {
            case 0 -> street + ", RT " + String.format("%03d/RW %03d", 1 + r.nextInt(9), 1 + r.nextInt(5));
            case 1 -> "Kompleks Pasar Remu; Blok " + (char) ('A' + r.nextInt(6)); // forces quoting
            default -> street;
        };
    }

    private static String phone(Random r) {
        String rest = String.format("%04d%04d", r.nextInt(10000), r.nextInt(10000));
        return switch (r.nextInt(10)) {
            case 0, 1 -> "";
            case 2 -> "+62 821 " + rest.substring(0, 4) + " " + rest.substring(4);
            case 3 -> "6285" + rest + r.nextInt(10);
            case 4 -> "0951-32" + rest.substring(0, 4); // a Sorong landline: kept out with a warning
            default -> "0812-" + rest.substring(0, 4) + "-" + rest.substring(4);
        };
    }

    private static String income(Random r) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> "";
            case 2 -> "1.000.000";
            case 3 -> "Rp 1.500.000";
            case 4 -> Integer.toString(800_000 + 100_000 * r.nextInt(20));
            default -> "Rp2.500.000,-";
        };
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
