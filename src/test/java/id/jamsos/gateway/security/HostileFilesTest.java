package id.jamsos.gateway.security;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.routes.GatewayExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile files on one agency's inbox are each refused with a clear note while the other agency's
 * files go through; the reports written back carry no runnable formula and no other agency's data.
 */
class HostileFilesTest {

    static final String HOSTILE = DemoEnvironment.KEY_AGENCY;
    static final String OTHER = DemoEnvironment.PASSWORD_AGENCY;

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of());

    @Test
    void unsafeNamesAreRefusedBeforeTheLedgerAndTheOtherAgencyIsServed() throws Exception {
        // A backslash name is read by Camel as a path: it is never taken (checked below).
        Files.writeString(fx.env().inbox(HOSTILE).resolve("miring\\balik.csv"), "NIK,NAMA\n", StandardCharsets.UTF_8);
        List<String> unsafe = List.of("naik..turun.csv", "bel\u0007.csv", "baris\nbaru.csv",
                "\u202Evsc.exe", "p".repeat(220) + ".csv");
        for (String name : unsafe) {
            Files.writeString(fx.env().inbox(HOSTILE).resolve(name), "NIK,NAMA\n", StandardCharsets.UTF_8);
        }
        Path good = fx.dir().resolve("baik.csv");
        SampleWorkers.generate(good, 20, 3L, 0);
        fx.upload(OTHER, good, "baik.csv");

        FileInfo served = fx.awaitFinal(OTHER, "baik.csv", Duration.ofSeconds(60));
        assertThat(served.state()).isEqualTo(FileState.DONE);

        Path failed = fx.env().inbox(HOSTILE).resolve(".failed");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(failed)) {
                // Other tests of this class leave notes of their own here: count only ours.
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".error.txt"))
                        .filter(n -> !n.startsWith("panjang") && !n.startsWith("kolom") && !n.startsWith("bom")
                                && !n.startsWith("gambar")))
                        .hasSize(unsafe.size())
                        .allMatch(n -> n.startsWith("unsafe-name_"))
                        .allMatch(n -> n.chars().noneMatch(c -> c < 0x20 || c == '\\' || c == 0x202E))
                        .allMatch(n -> !n.contains("..") && n.length() < 130);
            }
            // The note is written before its original is moved aside: wait for both.
            for (String name : unsafe) {
                assertThat(failed.resolve(name)).exists();
            }
        });
        // None of them reached the ledger.
        for (String name : unsafe) {
            assertThat(fx.latest(HOSTILE, name)).isEmpty();
        }
        assertThat(fx.env().inbox(HOSTILE).resolve("miring\\balik.csv")).exists();
        assertThat(fx.gateway().ledger().files(HOSTILE, 100)).noneMatch(f -> f.fileName().contains("balik"));
        try (Stream<Path> notes = Files.list(failed)) {
            String note = Files.readString(notes.filter(p -> p.getFileName().toString().startsWith("unsafe-name_"))
                    .findFirst().orElseThrow());
            assertThat(note).contains("FILE_NAME_UNSAFE").contains("ditolak").contains("refused");
        }
    }

    @Test
    void hostileContentIsRefusedWithAClearCodeAndTheOtherAgencyIsServed() throws Exception {
        Path longLine = fx.dir().resolve("panjang.csv");
        Files.writeString(longLine, "NIK,NAMA,TGL_LAHIR,JENIS_KELAMIN\n9271011205900001," + "A".repeat(50_000)
                + ",12/05/1990,L\n", StandardCharsets.UTF_8);
        Path columns = fx.dir().resolve("kolom.csv");
        try (OutputStream out = Files.newOutputStream(columns)) {
            out.write("NIK,NAMA,TGL_LAHIR,JENIS_KELAMIN".getBytes(StandardCharsets.US_ASCII));
            byte[] many = ",X".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
            out.write(many);
            out.write("\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path bomb = zipBomb(fx.dir().resolve("bom.xlsx"));
        Path binary = fx.dir().resolve("gambar.csv");
        byte[] noise = new byte[200_000];
        new Random(8).nextBytes(noise);
        Files.write(binary, noise);

        for (Path p : List.of(longLine, columns, bomb, binary)) {
            fx.upload(HOSTILE, p, p.getFileName().toString());
        }
        Path good = fx.dir().resolve("baik-2.csv");
        SampleWorkers.generate(good, 20, 4L, 0);
        fx.upload(OTHER, good, "baik-2.csv");

        assertThat(fx.awaitFinal(OTHER, "baik-2.csv", Duration.ofSeconds(90)).state()).isEqualTo(FileState.DONE);
        Map<String, String> expected = Map.of("panjang.csv", "FILE_LINE_TOO_LONG", "kolom.csv", "FILE_LINE_TOO_LONG",
                "bom.xlsx", "FILE_XLSX_TOO_EXPANDED", "gambar.csv", "FILE_NOT_CSV");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            FileInfo f = fx.awaitFinal(HOSTILE, e.getKey(), Duration.ofSeconds(90));
            assertThat(f.state()).as(e.getKey()).isEqualTo(FileState.FAILED);
            Path note = fx.env().inbox(HOSTILE).resolve(".failed").resolve(e.getKey() + ".error.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note));
            assertThat(Files.readString(note)).as(e.getKey()).contains(e.getValue()).contains("ditolak");
        }
    }

    @Test
    void reportsNeutraliseFormulasAndCarryOnlyTheAgencysOwnRows() throws Exception {
        // Valid NIKs for the birth dates given; the names are what an attacker would type.
        String csv = "NIK,NAMA,TGL_LAHIR,JENIS_KELAMIN\r\n"
                + "9271011205900001,\"=HYPERLINK(\"\"http://evil.example/x\"\",\"\"klik\"\")\",12/05/1990,L\r\n"
                + "9671024503850123,@SUM(A1:A9),05/03/1985,P\r\n"
                + "9271031708750002,Yohanes Wally,17/08/1975,L\r\n";
        Path formulas = fx.dir().resolve("rumus.csv");
        Files.writeString(formulas, csv, StandardCharsets.UTF_8);
        fx.upload(HOSTILE, formulas, "rumus.csv");
        Path other = fx.dir().resolve("lain.csv");
        SampleWorkers.generate(other, 15, 5L, 3);
        fx.upload(OTHER, other, "lain.csv");
        fx.awaitFinal(HOSTILE, "rumus.csv", Duration.ofSeconds(60));
        fx.awaitFinal(OTHER, "lain.csv", Duration.ofSeconds(60));

        Path results = fx.env().outbox(HOSTILE).resolve("rumus.csv.results.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(results));
        String report = Files.readString(results, StandardCharsets.UTF_8);
        Path rejects = fx.env().outbox(HOSTILE).resolve("rumus.csv.rejects.csv");
        String all = report + (Files.exists(rejects) ? Files.readString(rejects, StandardCharsets.UTF_8) : "");
        for (String line : all.split("\r?\n")) {
            for (String cell : line.split(",")) {
                String c = cell.startsWith("\"") ? cell.substring(1) : cell;
                if (c.matches("=\"\"[0-9]+\"\"\"")) {
                    // The gateway's own formula around digits only: a NIK or KPJ kept as text (CsvCells.digitsAsText).
                    continue;
                }
                assertThat(c).as(line).doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+");
            }
        }
        assertThat(report).contains("HYPERLINK").contains("Yohanes Wally");

        // Nothing of the other agency's file in this agency's outbox, and the reverse.
        List<String> otherLines = Files.readAllLines(other, StandardCharsets.UTF_8);
        List<String> otherNiks = otherLines.stream().skip(1).map(l -> l.split("[,;\t]")[0])
                .filter(n -> n.matches("\\d{16}")).toList();
        assertThat(otherNiks).isNotEmpty();
        try (Stream<Path> mine = Files.list(fx.env().outbox(HOSTILE))) {
            for (Path p : mine.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                assertThat(otherNiks).as(p.toString()).noneMatch(text::contains);
            }
        }
        String theirs = Files.readString(fx.env().outbox(OTHER).resolve("lain.csv.results.csv"), StandardCharsets.UTF_8);
        assertThat(theirs).doesNotContain("9271011205900001").doesNotContain("HYPERLINK");
    }

    /** A workbook whose sheet inflates about 1000:1, as XlsxRefusalTest builds it. */
    static Path zipBomb(Path out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\""
                    + "http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" "
                    + "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                    + "ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\""
                    + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override "
                    + "PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                    + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
                    + "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                    + "Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\""
                    + "http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" "
                    + "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                    + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
                    + "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                    + "Target=\"worksheets/sheet1.xml\"/></Relationships>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>").getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                zip.write(spaces);
            }
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
