package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLStreamException;

/**
 * An OpenDocument spreadsheet ({@code .ods}, LibreOffice's own format, common in government offices):
 * the first table of {@code content.xml}, pulled row by row by {@link OdsRows}. An .ods holds its text in
 * the cells themselves (no shared strings part) and its number and date values as attributes, so
 * nothing but one row is ever held, whatever the file's size or its declared repeats.
 *
 * <p>Read like an .xlsx ({@link XlsxValidatedFile}): twice, once to find the header, count the rows and
 * check that the whole table reads, then row by row for the caller, so a file is refused completely or not
 * at all. A number cell in the NIK column is judged by {@link NumericNik} on its exact value, as in an
 * .xlsx. Row numbers are those LibreOffice shows, blank and repeated rows counted.
 *
 * <p>The zip is opened with the JDK's {@link ZipFile} (no POI: an .ods is no OOXML package), with the
 * limits POI's {@code ZipSecureFile} sets for an .xlsx: {@code content.xml} may not inflate past
 * {@link XlsxValidatedFile#MAX_ENTRY_BYTES}, nor, once past {@link #GRACE_BYTES}, to more than
 * 1 / {@link XlsxValidatedFile#MIN_INFLATE_RATIO} times its compressed size; either refuses the file
 * with {@link FileRefusals#XLSX_TOO_EXPANDED}. Nothing else of the package is read (styles, settings,
 * pictures).
 */
final class OdsValidatedFile implements ValidatedFile {

    /** The media type an OpenDocument spreadsheet's {@code mimetype} entry holds. */
    static final String MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet";
    /** The ratio is checked once this much is inflated (as POI's {@code ZipArchiveThresholdInputStream} does). */
    static final long GRACE_BYTES = 100 * 1024;

    private final ZipFile zip;
    private final InputStream content;
    private final OdsRows rows;
    private final int headerRow;
    private final int nikColumn;
    private final RowValidator validator;
    private final List<String> warnings;
    private final SheetRows.Row row = new SheetRows.Row();
    /** Copies of {@link #row} still to hand out (a repeated row), and the number of the next one. */
    private int copiesLeft;
    private int copyNumber;
    private ValidatedRow next;
    private boolean ended;

    private OdsValidatedFile(ZipFile zip, InputStream content, OdsRows rows, HeaderSearch header,
                             RowValidator validator, List<String> warnings) {
        this.zip = zip;
        this.content = content;
        this.rows = rows;
        this.headerRow = header.headerRow();
        this.nikColumn = header.layoutOrNull().indexOf(Column.NIK);
        this.validator = validator;
        this.warnings = warnings;
    }

    static ValidatedFile open(Path file, String fileName, ValidationSettings settings)
            throws FileRejectedException, IOException {
        FilePrescan.checkSize(file, fileName, settings);
        checkMagic(file, fileName);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw damaged(fileName);
        }
        InputStream content = null;
        OdsRows rows = null;
        try {
            ZipEntry entry = contentEntry(zip, fileName);
            HeaderSearch header = new HeaderSearch(fileName);
            try (InputStream first = limited(zip, entry, fileName);
                 OdsRows scan = new OdsRows(first, settings.maxLineChars())) {
                SheetRows.Row r = new SheetRows.Row();
                while (scan.next(r)) {
                    if (r.chars > settings.maxLineChars()) {
                        throw FileRefusals.cellTooLong(fileName, r.number, settings.maxLineChars());
                    }
                    List<String> cells = XlsxValidatedFile.plainCells(r, -1);
                    header.offer(r.number, cells);
                    // Copies of a repeated row: offered one by one while the header is sought (at most
                    // HeaderSearch.MAX_HEADER_SEARCH rows), then counted without a loop.
                    long copies = r.repeated - 1L;
                    while (copies > 0 && !header.headerFound()) {
                        header.offer(r.number + r.repeated - (int) copies, cells);
                        copies--;
                    }
                    if (copies > 0) {
                        header.addDataRows(copies);
                    }
                }
            }
            if (header.dataRows() > settings.maxRows()) {
                throw FileRefusals.tooManyRows(fileName, header.dataRows(), settings.maxRows());
            }
            HeaderLayout layout = header.finish();
            content = limited(zip, entry, fileName);
            rows = new OdsRows(content, settings.maxLineChars());
            return new OdsValidatedFile(zip, content, rows, header,
                    new RowValidator(layout, settings, header.dataRows()), List.copyOf(header.warnings()));
        } catch (FileRejectedException e) {
            closeQuietly(zip, content, rows);
            throw e;
        } catch (XMLStreamException | IOException | RuntimeException e) {
            closeQuietly(zip, content, rows);
            if (expanded(e)) {
                throw FileRefusals.odsTooExpanded(fileName);
            }
            throw damaged(fileName);
        }
    }

    /** Whether the limits stopped the reading: StAX hands the stream's exception on wrapped, or as its "nested" one. */
    private static boolean expanded(Throwable e) {
        for (Throwable t = e; t != null; ) {
            if (t instanceof Expanded) {
                return true;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof XMLStreamException x) {
                next = x.getNestedException();
            }
            t = next == t ? null : next;
        }
        return false;
    }

    /** A zip is what an .ods must be; an old .xls or a CSV renamed is told as such. */
    private static void checkMagic(Path file, String fileName) throws FileRejectedException, IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n == 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
                && (head[3] & 0xFF) == 0xE0) {
            throw FileRefusals.notOds(fileName, "isinya buku kerja Excel lama (.xls)", "it is an old Excel workbook (.xls)");
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw FileRefusals.notOds(fileName, "bukan berkas ZIP; mungkin CSV atau teks yang diganti namanya",
                    "not a ZIP file; perhaps a CSV or text file renamed");
        }
    }

    /**
     * The {@code content.xml} entry of a spreadsheet: the {@code mimetype} entry, when there is one, must
     * name a spreadsheet (a text document or an .xlsx renamed is told as such). An encrypted file (saved
     * with a password) has a content.xml that is no XML: refused as damaged when read.
     */
    private static ZipEntry contentEntry(ZipFile zip, String fileName) throws FileRejectedException, IOException {
        ZipEntry mime = zip.getEntry("mimetype");
        if (mime != null) {
            String type;
            try (InputStream in = zip.getInputStream(mime)) {
                type = new String(in.readNBytes(200), StandardCharsets.US_ASCII).strip();
            }
            if (!MEDIA_TYPE.equals(type)) {
                throw FileRefusals.notOds(fileName, "isinya dokumen lain, bukan lembar kerja (" + printable(type) + ")",
                        "it holds another kind of document, not a spreadsheet (" + printable(type) + ")");
            }
        }
        ZipEntry content = zip.getEntry("content.xml");
        if (content == null) {
            if (zip.getEntry("[Content_Types].xml") != null) {
                throw FileRefusals.notOds(fileName, "isinya buku kerja Excel .xlsx; ganti akhiran namanya menjadi .xlsx",
                        "it is an Excel .xlsx workbook; rename it to .xlsx");
            }
            throw damaged(fileName);
        }
        if (zip.getEntry("META-INF/manifest.xml") != null && encrypted(zip, fileName)) {
            throw FileRefusals.notOds(fileName, "dilindungi kata sandi; simpan ulang tanpa kata sandi",
                    "it is protected with a password; save it again without the password");
        }
        return content;
    }

    /** The manifest names encryption data (a file saved with a password); read within the package-part limit. */
    private static boolean encrypted(ZipFile zip, String fileName) throws IOException {
        ZipEntry manifest = zip.getEntry("META-INF/manifest.xml");
        byte[] buf = new byte[64 * 1024];
        String carry = "";
        long total = 0;
        try (InputStream in = new Limited(zip.getInputStream(manifest), manifest.getCompressedSize())) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                String chunk = carry + new String(buf, 0, n, StandardCharsets.UTF_8);
                if (chunk.contains("encryption-data")) {
                    return true;
                }
                carry = chunk.substring(Math.max(0, chunk.length() - 20));
                if (total > (4L << 20)) {
                    return false; // no manifest is this large; content.xml will tell
                }
            }
        }
        return false;
    }

    private static String printable(String type) {
        String s = type.replaceAll("[^A-Za-z0-9./+-]", "?");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    private static InputStream limited(ZipFile zip, ZipEntry entry, String fileName) throws IOException {
        return new Limited(zip.getInputStream(entry), entry.getCompressedSize());
    }

    /** Thrown (wrapped in an UncheckedIOException by StAX, or as is) when content.xml inflates too far. */
    static final class Expanded extends IOException {
        Expanded() {
            super("Zip bomb: content.xml inflates too far");
        }
    }

    /** Counts inflated bytes and stops at the limits POI's ZipSecureFile sets for an .xlsx. */
    static final class Limited extends FilterInputStream {
        private final long compressed;
        private long inflated;

        Limited(InputStream in, long compressed) {
            super(in);
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            if (s > 0) {
                count(s);
            }
            return s;
        }

        private void count(long n) throws Expanded {
            inflated += n;
            if (inflated > XlsxValidatedFile.MAX_ENTRY_BYTES) {
                throw new Expanded();
            }
            if (inflated > GRACE_BYTES && compressed >= 0
                    && (double) compressed / inflated < XlsxValidatedFile.MIN_INFLATE_RATIO) {
                throw new Expanded();
            }
        }
    }

    private static FileRejectedException damaged(String fileName) {
        return FileRefusals.notOds(fileName, "isinya rusak atau bukan lembar kerja OpenDocument",
                "its content is damaged or it is not an OpenDocument spreadsheet");
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && !ended) {
                if (copiesLeft == 0) {
                    if (!rows.next(row)) {
                        ended = true;
                        break;
                    }
                    copiesLeft = row.repeated;
                    copyNumber = row.number;
                }
                int number = copyNumber++;
                copiesLeft--;
                if (number <= headerRow) {
                    continue;
                }
                List<String> cells = XlsxValidatedFile.plainCells(row, nikColumn);
                RowRejection nikDamage = null;
                if (nikColumn >= 0 && nikColumn < cells.size() && row.numeric.get(nikColumn)) {
                    NumericNik.Reading nik = NumericNik.read(cells.get(nikColumn));
                    cells.set(nikColumn, nik.shown());
                    nikDamage = nik.damage();
                }
                next = validator.validate(number, cells, nikDamage);
            }
        } catch (XMLStreamException | UncheckedIOException e) {
            throw new UncheckedIOException(new IOException("content.xml unreadable: " + e.getClass().getSimpleName()));
        }
        return next != null;
    }

    @Override
    public ValidatedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ValidatedRow r = next;
        next = null;
        return r;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public long rowsAtMost() {
        return validator.expectedRows;
    }

    /** "ods": a spreadsheet has no text encoding of its own to report. */
    @Override
    public String encoding() {
        return "ods";
    }

    @Override
    public char separator() {
        return '\0';
    }

    @Override
    public void close() {
        closeQuietly(zip, content, rows);
    }

    private static void closeQuietly(ZipFile zip, InputStream content, OdsRows rows) {
        if (rows != null) {
            rows.close();
        }
        try {
            if (content != null) {
                content.close();
            }
            zip.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}
