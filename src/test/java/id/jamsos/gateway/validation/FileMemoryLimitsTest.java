package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #14, "one file never takes the gateway down": what one file may make the validator hold is
 * bounded by {@link ValidationSettings#maxSharedStringBytes} and {@link ValidationSettings#maxRows},
 * whatever the file says about itself. (That the bound keeps a gateway at a small heap alive is
 * faults/OneFileMemoryTest.)
 */
class FileMemoryLimitsTest {

    @TempDir
    Path dir;

    private static FileRejectedException refusal(AgencyFileValidator v, Path f) {
        FileRejectedException e = catchThrowableOfType(FileRejectedException.class,
                () -> v.open(f, f.getFileName().toString()).close());
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    @Test
    void aWorkbookWhoseSharedStringsPassTheBudgetIsRefusedAsTooComplexWhateverItsCountSays() throws Exception {
        // 200,000 distinct strings of 2-4 characters: about 2 MB of table, 100 times that of the
        // 4 strings its uniqueCount announces.
        Path f = HostileWorkbooks.sharedStrings(dir.resolve("banyak-teks.xlsx"), 200_000);
        AgencyFileValidator v = new AgencyFileValidator(ValidationSettings.defaults().withMemoryLimits(1 << 20, 1000));

        FileRejectedException e = refusal(v, f);

        assertThat(e.code()).isEqualTo(FileRefusals.TOO_COMPLEX);
        assertThat(e.fileName()).isEqualTo("banyak-teks.xlsx");
        assertThat(e.messageId()).contains("teks yang berbeda").contains("1 MiB")
                .contains("jamsos.validation.maxSharedStringsMib").contains("Tidak ada baris yang diproses");
        assertThat(e.messageEn()).contains("distinct text").contains("1 MiB")
                .contains("jamsos.validation.maxSharedStringsMib").contains("No row was processed");
        // The summary (what the intake and the validate command show) carries the same code.
        assertThat(v.summarize(f, "banyak-teks.xlsx").fileErrorCode()).isEqualTo(FileRefusals.TOO_COMPLEX);
    }

    @Test
    void aWorkbookWhoseRelationshipsPartPassesItsLimitIsRefusedAsTooComplexBeforePoiOpensIt() throws Exception {
        // 40,000 sheets: about 6 MB of relationships, which POI would hold as a DOM. (The memory fuzz
        // found 580,000 of them, a 30 MB file, running a 128 MiB JVM out of heap.)
        Path f = dir.resolve("lembar.xlsx");
        LargeHostileFiles.manySheets(f, 40_000, new java.util.Random(14));
        FileRejectedException e = refusal(new AgencyFileValidator(), f);
        assertThat(e.code()).isEqualTo(FileRefusals.TOO_COMPLEX);
        assertThat(e.messageId()).contains("xl/_rels/workbook.xml.rels").contains("4 MiB").contains("Tidak ada baris");
        assertThat(e.messageEn()).contains("xl/_rels/workbook.xml.rels").contains("4 MiB").contains("No row was processed");
        // The same workbook with a few sheets is read.
        Path few = dir.resolve("sedikit.xlsx");
        LargeHostileFiles.manySheets(few, 3, new java.util.Random(14));
        assertThat(new AgencyFileValidator().summarize(few, "sedikit.xlsx").accepted()).isEqualTo(1);
    }

    @Test
    void aWorkbookOrStylesPartPastTheSettingIsRefusedAsTooComplexBeforePoiOpensIt() throws Exception {
        // POI reads the workbook part (one entry per sheet) whole, as it does the relationships.
        AgencyFileValidator oneMib = new AgencyFileValidator(ValidationSettings.defaults().withMaxPackagePartBytes(1 << 20));
        Path workbook = HostileWorkbooks.padded(dir.resolve("buku.xlsx"), "xl/workbook.xml", null, 1_500_000);
        FileRejectedException e = refusal(oneMib, workbook);
        assertThat(e.code()).isEqualTo(FileRefusals.TOO_COMPLEX);
        assertThat(e.messageId()).contains("xl/workbook.xml").contains("1 MiB")
                .contains("jamsos.validation.maxPackagePartMib").contains("Tidak ada baris yang diproses");
        assertThat(e.messageEn()).contains("xl/workbook.xml").contains("1 MiB")
                .contains("jamsos.validation.maxPackagePartMib").contains("No row was processed");
        // The bound is the setting: at the default 4 MiB the same workbook is read.
        assertThat(new AgencyFileValidator().summarize(workbook, "buku.xlsx").accepted()).isEqualTo(1);

        // The styles part is read streaming (DateStyles) and has a limit of its own; a styles part under
        // a name of its own, given by the content types, is counted too.
        AgencyFileValidator oneMibStyles = new AgencyFileValidator(ValidationSettings.defaults()
                .withMaxStylesPartBytes(1 << 20));
        Path styles = HostileWorkbooks.padded(dir.resolve("gaya.xlsx"), "xl/gaya.xml", STYLES_TYPE, 1_500_000);
        assertThat(refusal(oneMibStyles, styles)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(FileRefusals.TOO_COMPLEX);
            assertThat(r.messageEn()).contains("xl/gaya.xml").contains("1 MiB").contains("cell styles");
            assertThat(r.messageId()).contains("xl/gaya.xml").contains("1 MiB").contains("gaya sel");
        });
        Path usualStyles = HostileWorkbooks.padded(dir.resolve("gaya-biasa.xlsx"), "xl/styles.xml", null, 1_500_000);
        assertThat(refusal(oneMibStyles, usualStyles).messageEn()).contains("xl/styles.xml");
        assertThat(oneMib.summarize(usualStyles, "gaya-biasa.xlsx").accepted())
                .as("the workbook part's limit is not the styles'").isEqualTo(1);
    }

    /**
     * Part names in a package are compared without regard to case (OPC), and POI opens a package whose
     * content types are {@code [content_types].xml}: the check before POI finds them, and the parts
     * they name, whatever the case of the zip's entries.
     */
    @Test
    void theContentTypesAndThePartsTheyNameAreFoundWhateverTheCaseOfTheirNames() throws Exception {
        Path named = HostileWorkbooks.padded(dir.resolve("gaya-nama.xlsx"), "xl/gaya.xml", STYLES_TYPE, 1_500_000);
        Path renamed = rewritten(named, dir.resolve("gaya-huruf.xlsx"), name -> switch (name) {
            case "[Content_Types].xml" -> "[content_types].XML";
            case "xl/gaya.xml" -> "XL/Gaya.xml";
            default -> name;
        }, (name, text) -> text);
        AgencyFileValidator oneMibStyles = new AgencyFileValidator(ValidationSettings.defaults()
                .withMaxStylesPartBytes(1 << 20));
        assertThat(refusal(oneMibStyles, renamed)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(FileRefusals.TOO_COMPLEX);
            assertThat(r.messageEn()).contains("XL/Gaya.xml");
        });
        assertThat(new AgencyFileValidator().summarize(renamed, "gaya-huruf.xlsx").accepted())
                .as("POI opens it: the content types' name is not case-sensitive").isEqualTo(1);
    }

    /**
     * A workbook with tens of thousands of cell formats (as copying between workbooks leaves them) and
     * a styles part far past the 4 MiB that used to refuse it: read, its date cell still a date.
     */
    @Test
    void aHeavilyFormattedWorkbookIsReadWithItsDates() throws Exception {
        Path plain = XlsxFiles.write(dir, "polos.xlsx",
                new Object[] {"NIK", "Nama Lengkap", "Tgl. Lahir", "JK"},
                new Object[] {AgencyFiles.MALE_1990, "Agustinus Kambu", java.time.LocalDate.of(1990, 5, 12), "L"});
        StringBuilder formats = new StringBuilder();
        // Each format its own mix of font, fill and border, as real ones are (identical ones would also
        // compress past the zip-bomb ratio).
        java.util.Random random = new java.util.Random(60_000);
        for (int i = 0; i < 60_000; i++) {
            formats.append("<xf numFmtId=\"").append(i % 2 == 0 ? 4 : 10).append("\" fontId=\"").append(random.nextInt(5000))
                    .append("\" fillId=\"").append(random.nextInt(800)).append("\" borderId=\"").append(random.nextInt(300))
                    .append("\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment indent=\"")
                    .append(random.nextInt(15)).append("\" wrapText=\"1\"/></xf>");
        }
        Path heavy = rewritten(plain, dir.resolve("berformat.xlsx"), name -> name, (name, text) ->
                name.equals("xl/styles.xml") ? text.replace("</cellXfs>", formats + "</cellXfs>") : text);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(heavy.toFile())) {
            assertThat(zip.getEntry("xl/styles.xml").getSize()).as("styles part").isGreaterThan(8L << 20);
        }
        AgencyFiles.Read r = AgencyFiles.read(heavy);
        assertThat(r.row(0).accepted()).as(r.row(0).rejections().toString()).isTrue();
        assertThat(r.row(0).worker().birthDate()).isEqualTo(java.time.LocalDate.of(1990, 5, 12));
    }

    private static final String STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";

    /** A copy of zip {@code in} with its entries renamed and their (UTF-8) text changed. */
    private static Path rewritten(Path in, Path out, java.util.function.UnaryOperator<String> name,
                                  java.util.function.BinaryOperator<String> text) throws Exception {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(in.toFile());
             ZipOutputStream to = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                String content = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                to.putNextEntry(new ZipEntry(name.apply(e.getName())));
                to.write(text.apply(e.getName(), content).getBytes(StandardCharsets.UTF_8));
                to.closeEntry();
            }
        }
        return out;
    }

    @Test
    void theSameWorkbookWithinTheBudgetIsReadToItsLastString() throws Exception {
        Path f = HostileWorkbooks.sharedStrings(dir.resolve("cukup.xlsx"), 200_000);
        FileValidationSummary s = new AgencyFileValidator().summarize(f, "cukup.xlsx");
        assertThat(s.fileErrorCode()).isNull();
        // The row's sex is the last shared string: read right, the row is accepted.
        assertThat(s.accepted()).isEqualTo(1);
    }

    @Test
    void sharedStringsReadAsPoisReadOnlyTableReadThem() throws Exception {
        Path f = dir.resolve("teks.xlsx");
        String sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<si><t>NIK</t></si>"
                + "<si><r><rPr><b/></rPr><t>Agus</t></r><r><t xml:space=\"preserve\">tinus </t></r>"
                + "<rPh sb=\"0\" eb=\"1\"><t>ア</t></rPh></si>"
                + "<si><t>baris_x000D_dua</t></si>"
                + "<si><t/></si><si/>"
                + "<si><t>Yohana &amp; Ö&#x1F600;</t></si>"
                + "<si><t>" + "x".repeat(12_000) + "</t></si>"
                + "</sst>";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.sharedStrings+xml\"/></Types>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            zip.write(sst.getBytes(StandardCharsets.UTF_8));
        }
        try (OPCPackage pkg = OPCPackage.open(f.toFile(), PackageAccess.READ)) {
            ReadOnlySharedStringsTable poi = new ReadOnlySharedStringsTable(pkg, false);
            SharedTexts ours;
            try (InputStream in = pkg.getPartsByContentType(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml").get(0).getInputStream()) {
                ours = SharedTexts.read(in, "teks.xlsx", 1 << 20, 10_000);
            }
            assertThat(ours.size()).isEqualTo(7); // POI's getUniqueCount is the attribute, absent here
            for (int i = 0; i < 6; i++) {
                assertThat(ours.get(i)).as("string " + i).isEqualTo(poi.getItemAt(i).getString());
            }
            // A text past the row limit is kept only to the limit + 1: its row is refused as too long anyway.
            assertThat(ours.get(6)).hasSize(10_001);
            assertThat(ours.charged()).isLessThan(11_000 + 7 * SharedTexts.BYTES_PER_STRING + 100);
            pkg.revert();
        }
    }

    @Test
    void aCsvWithMoreRowsThanTheLimitIsRefusedBeforeAnyRowIsValidated() throws Exception {
        AgencyFileValidator v = new AgencyFileValidator(ValidationSettings.defaults().withMemoryLimits(1 << 20, 3));
        String header = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n";
        String row = HostileWorkbooks.NIK + ";Agustinus Kambu;12/05/1990;L\n";
        Path three = Files.writeString(dir.resolve("tiga.csv"), "DAFTAR PEKERJA\n" + header + row.repeat(3));
        Path four = Files.writeString(dir.resolve("empat.csv"), header + row.repeat(4));

        assertThat(v.summarize(three, "tiga.csv").fileErrorCode()).isNull();
        FileRejectedException e = refusal(v, four);
        assertThat(e.code()).isEqualTo(FileRefusals.TOO_MANY_ROWS);
        assertThat(e.messageId()).contains("4, batas 3").contains("jamsos.validation.maxRows");
        assertThat(e.messageEn()).contains("4, limit 3").contains("split it");
    }

    @Test
    void aWorkbookWithMoreRowsThanTheLimitIsRefusedBeforeAnyRowIsValidated() throws Exception {
        AgencyFileValidator v = new AgencyFileValidator(ValidationSettings.defaults().withMemoryLimits(1 << 20, 2));
        Object[] header = {"NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN"};
        Object[] row = {HostileWorkbooks.NIK, "Agustinus Kambu", "12/05/1990", "L"};
        Path two = XlsxFiles.write(dir, "dua.xlsx", header, row, row);
        Path four = XlsxFiles.write(dir, "empat.xlsx", header, row, row, row, row);

        assertThat(v.summarize(two, "dua.xlsx").rows()).isEqualTo(2);
        FileRejectedException e = refusal(v, four);
        assertThat(e.code()).isEqualTo(FileRefusals.TOO_MANY_ROWS);
        assertThat(e.messageEn()).as("the real count").contains("4, limit 2");
    }
}
