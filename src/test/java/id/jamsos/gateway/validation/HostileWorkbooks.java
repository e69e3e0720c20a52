package id.jamsos.gateway.validation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Workbooks shaped to exhaust memory, written by streaming (a {@link ZipOutputStream} fed part by
 * part), so a file of millions of strings never is in the test's own heap.
 *
 * <p>{@link #sharedStrings}: an {@code .xlsx} whose header and one valid worker row are ordinary,
 * and whose shared strings part holds {@code strings} short distinct texts after the four header
 * names, with a {@code uniqueCount} that lies (says 4). That is the shape of issue #14's 145 MB
 * workbook (25 million strings): it passes the size cap and the inflate-ratio check, and POI's
 * read-only table kept one {@code String} per entry.
 */
public final class HostileWorkbooks {

    /** A valid worker: 12-05-1990, male (AgencyFiles.MALE_1990). */
    public static final String NIK = "9271011205900001";

    private HostileWorkbooks() {
    }

    public static Path sharedStrings(Path file, int strings) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
                    </Types>""");
            put(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            put(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="Pekerja" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            put(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
                    </Relationships>""");
            put(zip, "xl/worksheets/sheet1.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
                    <c r="D1" t="s"><v>3</v></c></row>\
                    <row r="2"><c r="A2" t="inlineStr"><is><t>%s</t></is></c><c r="B2" t="inlineStr"><is><t>Agustinus Kambu</t></is></c>\
                    <c r="C2" t="inlineStr"><is><t>12/05/1990</t></is></c><c r="D2" t="s"><v>%d</v></c></row>\
                    </sheetData></worksheet>""".formatted(NIK, 4 + strings - 1));
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            Writer w = new BufferedWriter(new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8), 1 << 16);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
                    + "<si><t>NIK</t></si><si><t>NAMA</t></si><si><t>TGL_LAHIR</t></si><si><t>JENIS_KELAMIN</t></si>");
            for (int i = 0; i < strings - 1; i++) {
                w.write("<si><t>t");
                w.write(Integer.toString(i, 36));
                w.write("</t></si>");
            }
            w.write("<si><t>L</t></si></sst>"); // the worker's sex: the last string, so every one is needed
            w.flush();
            zip.closeEntry();
        }
        return file;
    }

    /**
     * The one-worker workbook of {@link #sharedStrings} with {@code part} padded by an XML comment of
     * {@code bytes} random letters (random, so the zip's inflate-ratio check does not refuse it first).
     * A part it lacks is added, and named in the content types with {@code contentType}: a styles part
     * under a name of its own, say, which POI would find through the content types, not by name.
     */
    public static Path padded(Path file, String part, String contentType, int bytes) throws IOException {
        Path plain = sharedStrings(file.resolveSibling(file.getFileName() + ".plain"), 1);
        java.util.Random random = new java.util.Random(bytes);
        StringBuilder pad = new StringBuilder("<!--");
        for (int i = 0; i < bytes; i++) {
            pad.append((char) ('a' + random.nextInt(26)));
        }
        String padding = pad.append("-->").toString();
        boolean found = false;
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(plain.toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                String text = new String(in.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                if (e.getName().equals(part)) {
                    text = text + padding;
                    found = true;
                } else if (e.getName().equals("[Content_Types].xml") && contentType != null) {
                    text = text.replace("</Types>", "<Override PartName=\"/" + part + "\" ContentType=\"" + contentType
                            + "\"/></Types>");
                }
                put(zip, e.getName(), text);
            }
            if (!found) {
                put(zip, part, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet"
                        + " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>" + padding);
            }
        }
        Files.delete(plain);
        return file;
    }

    /**
     * The same as an OpenDocument spreadsheet: {@code content.xml} with one row of {@code cells}
     * distinct texts after the header and the worker.
     */
    public static Path ods(Path file, int cells) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            byte[] mime = "application/vnd.oasis.opendocument.spreadsheet".getBytes(StandardCharsets.US_ASCII);
            ZipEntry m = new ZipEntry("mimetype");
            m.setMethod(ZipEntry.STORED);
            m.setSize(mime.length);
            CRC32 crc = new CRC32();
            crc.update(mime);
            m.setCrc(crc.getValue());
            zip.putNextEntry(m);
            zip.write(mime);
            zip.closeEntry();
            put(zip, "META-INF/manifest.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">\
                    <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
                    <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
                    </manifest:manifest>""");
            zip.putNextEntry(new ZipEntry("content.xml"));
            Writer w = new BufferedWriter(new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8), 1 << 16);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                    + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                    + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                    + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
                    + "<table:table table:name=\"Pekerja\">");
            w.write(row("NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN"));
            w.write(row(NIK, "Agustinus Kambu", "12/05/1990", "L"));
            w.write("<table:table-row>");
            for (int i = 0; i < cells; i++) {
                w.write("<table:table-cell><text:p>t");
                w.write(Integer.toString(i, 36));
                w.write("</text:p></table:table-cell>");
            }
            w.write("</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>");
            w.flush();
            zip.closeEntry();
        }
        return file;
    }

    private static String row(String... cells) {
        StringBuilder sb = new StringBuilder("<table:table-row>");
        for (String c : cells) {
            sb.append("<table:table-cell><text:p>").append(c).append("</text:p></table:table-cell>");
        }
        return sb.append("</table:table-row>").toString();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** The writer over one entry must not close the zip. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
