package id.jamsos.gateway.validation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hand-made .ods files for the tests: the package LibreOffice writes (a stored {@code mimetype} first, the
 * manifest, {@code content.xml}) around table rows given as ODF XML, so a test can declare what LibreOffice
 * writes (repeats, {@code text:s}, annotations) and what only a hostile file would.
 */
final class OdsFiles {

    static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
            + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
            + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
            + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:body><office:spreadsheet>"
            + "<table:table table:name=\"Pekerja\"><table:table-column table:number-columns-repeated=\"1024\"/>";
    static final String TAIL = "</table:table><table:table table:name=\"Catatan\"><table:table-row><table:table-cell>"
            + "<text:p>second sheet, never read</text:p></table:table-cell></table:table-row></table:table>"
            + "</office:spreadsheet></office:body></office:document-content>";

    private OdsFiles() {
    }

    /** A spreadsheet whose first table holds {@code rowsXml}. */
    static Path write(Path dir, String name, String rowsXml) throws IOException {
        return writeContent(dir, name, (HEAD + rowsXml + TAIL).getBytes(StandardCharsets.UTF_8),
                "application/vnd.oasis.opendocument.spreadsheet");
    }

    static Path writeContent(Path dir, String name, byte[] contentXml, String mimetype) throws IOException {
        Path p = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
            if (mimetype != null) {
                byte[] mime = mimetype.getBytes(StandardCharsets.US_ASCII);
                ZipEntry m = new ZipEntry("mimetype");
                m.setMethod(ZipEntry.STORED);
                m.setSize(mime.length);
                CRC32 crc = new CRC32();
                crc.update(mime);
                m.setCrc(crc.getValue());
                zip.putNextEntry(m);
                zip.write(mime);
                zip.closeEntry();
            }
            put(zip, "META-INF/manifest.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
                    + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                    + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + mimetype + "\"/>"
                    + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                    + "</manifest:manifest>").getBytes(StandardCharsets.UTF_8));
            put(zip, "content.xml", contentXml);
        }
        return p;
    }

    /** A row of text cells ({@code null} an empty cell). */
    static String row(String... cells) {
        StringBuilder sb = new StringBuilder("<table:table-row>");
        for (String c : cells) {
            sb.append(c == null ? "<table:table-cell/>" : "<table:table-cell office:value-type=\"string\"><text:p>"
                    + c + "</text:p></table:table-cell>");
        }
        return sb.append("</table:table-row>").toString();
    }

    /** A float cell as LibreOffice writes it: the value, and its display text. */
    static String number(String value) {
        return "<table:table-cell office:value-type=\"float\" office:value=\"" + value + "\"><text:p>" + value
                + "</text:p></table:table-cell>";
    }

    static String text(String value) {
        return "<table:table-cell office:value-type=\"string\"><text:p>" + value + "</text:p></table:table-cell>";
    }

    static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Writes {@code n} bytes of {@code b} to {@code out}. */
    static void repeat(OutputStream out, byte b, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        java.util.Arrays.fill(buf, b);
        for (long left = n; left > 0; left -= buf.length) {
            out.write(buf, 0, (int) Math.min(buf.length, left));
        }
    }
}
