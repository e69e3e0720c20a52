package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * An Excel {@code .xlsx} agency file, read with POI's event API ({@link XSSFReader}, the styles for
 * date cells) and the first worksheet pulled row by row by {@link SheetRows}: no {@code XSSFWorkbook},
 * so a 100,000-row sheet is never all in memory. The shared strings (each distinct text once) are the
 * only part held whole, in {@link SharedTexts} within {@link ValidationSettings#maxSharedStringBytes};
 * the rows are counted against {@link ValidationSettings#maxRows} in the first pass.
 *
 * <p>Like a CSV file, the sheet is read twice: once to find the header and check that the whole
 * sheet can be read, then row by row for the caller, so a file is refused completely or not at all.
 * Row numbers are Excel's own ({@code <row r="...">}), so they match what the clerk sees.
 *
 * <p>POI's zip-bomb guards are set explicitly before every open: a part that inflates more than
 * 1 / {@link #MIN_INFLATE_RATIO} times its compressed size, or beyond {@link #MAX_ENTRY_BYTES},
 * refuses the file with {@link FileRefusals#XLSX_TOO_EXPANDED}. These are JVM-wide POI settings;
 * the gateway is their only user.
 */
final class XlsxValidatedFile implements ValidatedFile {

    /** Compressed / inflated below this (more than 100x expansion) is a zip bomb. POI's default, made explicit. */
    static final double MIN_INFLATE_RATIO = 0.01;
    /**
     * No part of a workbook may inflate past 1 GiB. Excel's largest possible worker list
     * (1,048,576 rows of a dozen cells) has a sheet part of about 0.5 GiB.
     */
    static final long MAX_ENTRY_BYTES = 1L << 30;

    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();

    private final OPCPackage pkg;
    private final InputStream sheet;
    private final SheetRows rows;
    private final int headerRow;
    private final int nikColumn;
    private final RowValidator validator;
    private final List<String> warnings;
    private final SheetRows.Row row = new SheetRows.Row();
    private ValidatedRow next;
    private boolean ended;

    private XlsxValidatedFile(OPCPackage pkg, InputStream sheet, SheetRows rows, HeaderSearch header,
                              RowValidator validator, List<String> warnings) {
        this.pkg = pkg;
        this.sheet = sheet;
        this.rows = rows;
        this.headerRow = header.headerRow();
        this.nikColumn = header.layoutOrNull().indexOf(Column.NIK);
        this.validator = validator;
        this.warnings = warnings;
    }

    static void applyZipLimits() {
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    }

    static ValidatedFile open(Path file, String fileName, ValidationSettings settings)
            throws FileRejectedException, IOException {
        checkBytes(file, fileName, settings);
        checkPackageParts(file, fileName, settings.maxPackagePartBytes(), settings.maxStylesPartBytes());
        applyZipLimits();
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (OLE2NotOfficeXmlFileException e) {
            throw oldOrProtected(fileName);
        } catch (OpenXML4JException | RuntimeException e) {
            throw refusal(fileName, e);
        }
        InputStream sheet = null;
        SheetRows rows = null;
        try {
            XSSFReader reader = new XSSFReader(pkg);
            SharedTexts strings = sharedTexts(pkg, fileName, settings);
            DateStyles styles = dateStyles(pkg);
            boolean date1904 = date1904(reader);

            HeaderSearch header = new HeaderSearch(fileName);
            try (InputStream first = firstSheet(reader, fileName);
                 SheetRows scan = new SheetRows(first, strings, styles, date1904, settings.maxLineChars())) {
                SheetRows.Row r = new SheetRows.Row();
                while (scan.next(r)) {
                    if (r.chars > settings.maxLineChars()) {
                        throw FileRefusals.cellTooLong(fileName, r.number, settings.maxLineChars());
                    }
                    if (!r.blank()) {
                        header.offer(r.number, plainCells(r, -1));
                    }
                }
            }
            // Counted to the end (one reused row in memory), so that the note gives the real number.
            if (header.dataRows() > settings.maxRows()) {
                throw FileRefusals.tooManyRows(fileName, header.dataRows(), settings.maxRows());
            }
            HeaderSearch checked = header;
            HeaderLayout layout = checked.finish();

            sheet = firstSheet(reader, fileName);
            rows = new SheetRows(sheet, strings, styles, date1904, settings.maxLineChars());
            return new XlsxValidatedFile(pkg, sheet, rows, checked, new RowValidator(layout, settings, checked.dataRows()),
                    List.copyOf(checked.warnings()));
        } catch (FileRejectedException e) {
            closeQuietly(pkg, sheet, rows);
            throw e;
        } catch (Exception e) {
            closeQuietly(pkg, sheet, rows);
            throw refusal(fileName, e);
        }
    }

    /** The workbook's shared strings part, read within the memory budget; none when it has no such part. */
    private static SharedTexts sharedTexts(OPCPackage pkg, String fileName, ValidationSettings settings)
            throws Exception {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        if (parts.isEmpty()) {
            return SharedTexts.none();
        }
        try (InputStream in = parts.get(0).getInputStream()) {
            return SharedTexts.read(in, fileName, settings.maxSharedStringBytes(), settings.maxLineChars());
        }
    }

    /**
     * What the sheet reader needs of the styles part (the first of its content type, as POI's
     * {@code XSSFReader.getStylesTable} finds it), read streaming; none when the workbook has none.
     */
    private static DateStyles dateStyles(OPCPackage pkg) throws Exception {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.STYLES.getContentType());
        return parts.isEmpty() ? DateStyles.none() : DateStyles.read(parts.get(0)::getInputStream);
    }

    /** Size, and the first bytes: a zip is what an .xlsx must be. */
    private static void checkBytes(Path file, String fileName, ValidationSettings settings)
            throws FileRejectedException, IOException {
        FilePrescan.checkSize(file, fileName, settings);
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n == 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
                && (head[3] & 0xFF) == 0xE0) {
            throw oldOrProtected(fileName);
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw FileRefusals.notXlsx(fileName, "bukan berkas ZIP; mungkin CSV atau teks yang diganti namanya",
                    "not a ZIP file; perhaps a CSV or text file renamed");
        }
    }

    /**
     * The parts POI holds whole (as a DOM or XMLBeans document) inflated and counted, streaming, before POI
     * opens the file: past {@link ValidationSettings#maxPackagePartBytes} the file is refused as
     * {@link FileRefusals#TOO_COMPLEX}. They are {@code [Content_Types].xml} and the relationships (names
     * fixed by the package format) and the workbook part (one entry per sheet). The styles part, which
     * {@link DateStyles} reads streaming, is held to {@link ValidationSettings#maxStylesPartBytes}, for
     * the time two passes over it take. The workbook and styles parts are counted at their usual names
     * and at whatever names the content types give them, since POI finds them through the content types
     * or relationships, not by name. Every name is matched without regard to case, as the package format
     * (OPC) has it and as POI opens a package: {@code [content_types].xml} is the content types, and a
     * part named {@code /xl/gaya.xml} there is the entry {@code XL/Gaya.xml}. A damaged zip is left to
     * POI, which says what is wrong with it.
     */
    private static void checkPackageParts(Path file, String fileName, long limit, long stylesLimit)
            throws FileRejectedException, IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> types = new ArrayList<>(1);
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                String name = e.getName().toLowerCase(Locale.ROOT);
                if (WHOLE_PARTS.contains(name) || name.endsWith(".rels")) {
                    requireWithin(zip, e, fileName, limit, false);
                } else if (STYLES.equals(name)) {
                    requireWithin(zip, e, fileName, stylesLimit, true);
                }
                if (CONTENT_TYPES.equals(name)) {
                    types.add(e);
                }
            }
            // Only the names the content types give (bounded by their size, counted above), not every
            // entry's: a zip of millions of tiny entries must not become a map of them.
            // Named both ways, a part is held to the workbook's (smaller) limit.
            Map<String, Boolean> named = new HashMap<>();
            for (ZipEntry t : types) {
                for (NamedPart part : partsReadWhole(zip, t)) {
                    String name = part.name().toLowerCase(Locale.ROOT);
                    if (!WHOLE_PARTS.contains(name) && !STYLES.equals(name) && !name.endsWith(".rels")) {
                        named.merge(name, part.styles(), Boolean::logicalAnd);
                    }
                }
            }
            if (named.isEmpty()) {
                return;
            }
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                Boolean styles = named.get(e.getName().toLowerCase(Locale.ROOT));
                if (styles != null) {
                    requireWithin(zip, e, fileName, styles ? stylesLimit : limit, styles);
                }
            }
        } catch (ZipException e) {
            // not readable as a zip here: POI's open refuses it with its own reason
        }
    }

    /** The content types' entry, in lower case: its name is fixed by the package format. */
    private static final String CONTENT_TYPES = "[content_types].xml";
    /** The usual names of the parts POI reads whole, in lower case. */
    private static final Set<String> WHOLE_PARTS = Set.of(CONTENT_TYPES, "xl/workbook.xml");
    /** The styles part's usual name, in lower case. */
    private static final String STYLES = "xl/styles.xml";

    /** A workbook ({@code styles} false) or styles part as the content types name it. */
    private record NamedPart(String name, boolean styles) {
    }

    private static void requireWithin(ZipFile zip, ZipEntry e, String fileName, long limit, boolean styles)
            throws FileRejectedException, IOException {
        byte[] buf = new byte[64 * 1024];
        long inflated = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                inflated += n;
                if (inflated > limit) {
                    throw styles ? FileRefusals.stylesPartTooLarge(fileName, e.getName(), limit)
                            : FileRefusals.packagePartTooLarge(fileName, e.getName(), limit);
                }
            }
        }
    }

    /**
     * The workbook and styles parts as the content types name them ({@code <Override PartName="/xl/wb.xml"
     * ContentType="...sheet.main+xml"/>}), read streaming from a part already counted. Unreadable types
     * give none: POI's open refuses the file.
     */
    private static List<NamedPart> partsReadWhole(ZipFile zip, ZipEntry types) throws IOException {
        List<NamedPart> names = new ArrayList<>();
        try (InputStream in = zip.getInputStream(types)) {
            XMLStreamReader xml = XML.createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && "Override".equals(xml.getLocalName())) {
                        String part = xml.getAttributeValue(null, "PartName");
                        String type = xml.getAttributeValue(null, "ContentType");
                        if (part != null && type != null && (type.endsWith(".main+xml") || type.endsWith(".styles+xml"))) {
                            names.add(new NamedPart(part.startsWith("/") ? part.substring(1) : part,
                                    type.endsWith(".styles+xml")));
                        }
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            return names;
        }
        return names;
    }

    private static FileRejectedException oldOrProtected(String fileName) {
        return FileRefusals.notXlsx(fileName,
                "isinya buku kerja Excel lama (.xls) atau dilindungi kata sandi; hapus kata sandinya",
                "it is an old Excel workbook (.xls) or protected with a password; remove the password");
    }

    /** What went wrong while opening or scanning, told to the clerk. */
    private static FileRejectedException refusal(String fileName, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Zip bomb") || m.contains("potentially malicious"))) {
                return FileRefusals.xlsxTooExpanded(fileName);
            }
            if (t instanceof OLE2NotOfficeXmlFileException) {
                return oldOrProtected(fileName);
            }
        }
        return FileRefusals.notXlsx(fileName, "isinya rusak atau bukan lembar kerja Excel",
                "its content is damaged or it is not an Excel worksheet");
    }

    private static InputStream firstSheet(XSSFReader reader, String fileName) throws Exception {
        Iterator<InputStream> sheets = reader.getSheetsData();
        if (!sheets.hasNext()) {
            throw FileRefusals.noRows(fileName);
        }
        return sheets.next();
    }

    /** workbook.xml's {@code <workbookPr date1904="1"/>}: Mac-era workbooks count days from 1904. */
    private static boolean date1904(XSSFReader reader) throws Exception {
        try (InputStream in = reader.getWorkbookData()) {
            XMLStreamReader xml = XML.createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                        String name = xml.getLocalName();
                        if ("workbookPr".equals(name)) {
                            String v = xml.getAttributeValue(null, "date1904");
                            return "1".equals(v) || "true".equalsIgnoreCase(v);
                        }
                        if ("sheets".equals(name)) {
                            return false;
                        }
                    }
                }
                return false;
            } finally {
                xml.close();
            }
        }
    }

    /** The row's cells as text; number cells as plain digits, except in {@code nikColumn}. */
    static List<String> plainCells(SheetRows.Row r, int nikColumn) {
        List<String> cells = new ArrayList<>(r.cells.size());
        for (int i = 0; i < r.cells.size(); i++) {
            String c = r.cells.get(i);
            cells.add(r.numeric.get(i) && i != nikColumn ? SheetRows.plainNumber(c) : c);
        }
        return cells;
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && !ended) {
                if (!rows.next(row)) {
                    ended = true;
                    break;
                }
                if (row.number <= headerRow || row.blank()) {
                    continue;
                }
                List<String> cells = plainCells(row, nikColumn);
                RowRejection nikDamage = null;
                if (nikColumn >= 0 && nikColumn < cells.size() && row.numeric.get(nikColumn)) {
                    NumericNik.Reading nik = NumericNik.read(cells.get(nikColumn));
                    cells.set(nikColumn, nik.shown());
                    nikDamage = nik.damage();
                }
                next = validator.validate(row.number, cells, nikDamage);
            }
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("worksheet unreadable: " + e.getClass().getSimpleName()));
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

    /** "xlsx": a workbook has no text encoding of its own to report. */
    @Override
    public long rowsAtMost() {
        return validator.expectedRows;
    }

    @Override
    public String encoding() {
        return "xlsx";
    }

    /** No separator in a workbook: {@code '\0'}. */
    @Override
    public char separator() {
        return '\0';
    }

    @Override
    public void close() {
        closeQuietly(pkg, sheet, rows);
    }

    private static void closeQuietly(OPCPackage pkg, InputStream sheet, SheetRows rows) {
        if (rows != null) {
            rows.close();
        }
        if (sheet != null) {
            try {
                sheet.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
        }
        pkg.revert();
    }
}
