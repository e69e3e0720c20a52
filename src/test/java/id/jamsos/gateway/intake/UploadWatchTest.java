package id.jamsos.gateway.intake;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.support.MutableClock;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.XlsxFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What counts as a whole upload, and how long a cut one waits before it is refused. */
class UploadWatchTest {

    private static final String HEADER = "NIK;NAMA;TGL_LAHIR\r\n";
    private static final String ROW = "9271014505900001;Yohana Kambu;05/05/1990\r\n";
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aCsvIsWholeOnlyWhenItsLastLineEndsWithALineBreak() throws Exception {
        assertThat(UploadWatch.missingEnd(write("crlf.csv", HEADER + ROW), "crlf.csv")).isNull();
        assertThat(UploadWatch.missingEnd(write("lf.csv", (HEADER + ROW).replace("\r", "")), "lf.csv")).isNull();
        assertThat(UploadWatch.missingEnd(write("mac.txt", (HEADER + ROW).replace("\n", "")), "mac.txt")).isNull();
        String cut = HEADER + ROW.substring(0, 20);
        assertThat(UploadWatch.missingEnd(write("cut.csv", cut), "cut.csv")).isEqualTo(UploadWatch.Missing.LINE_END);
        // Excel's "Unicode Text" is UTF-16LE: a line ends 0D 00 0A 00.
        Path utf16 = dir.resolve("utf16.txt");
        Files.write(utf16, ("\uFEFF" + HEADER + ROW).getBytes(StandardCharsets.UTF_16LE));
        assertThat(UploadWatch.missingEnd(utf16, "utf16.txt")).isNull();
        Files.write(utf16, ("\uFEFF" + HEADER + ROW.substring(0, 20)).getBytes(StandardCharsets.UTF_16LE));
        assertThat(UploadWatch.missingEnd(utf16, "utf16.txt")).isEqualTo(UploadWatch.Missing.LINE_END);
        // Nothing written yet is not a cut file: the validator answers FILE_NO_ROWS.
        assertThat(UploadWatch.missingEnd(write("empty.csv", ""), "empty.csv")).isNull();
    }

    @Test
    void aWorkbookIsWholeOnlyWithItsZipDirectory() throws Exception {
        Path book = XlsxFiles.write(dir, "pekerja.xlsx", new Object[] {"NIK", "NAMA"},
                new Object[] {"9271014505900001", "Yohana Kambu"});
        assertThat(UploadWatch.missingEnd(book, "pekerja.xlsx")).isNull();
        byte[] whole = Files.readAllBytes(book);
        for (int keep : new int[] {10, whole.length / 2, whole.length - 10}) {
            Path cut = dir.resolve("cut-" + keep + ".xlsx");
            Files.write(cut, Arrays.copyOf(whole, keep));
            assertThat(UploadWatch.missingEnd(cut, cut.getFileName().toString()))
                    .as("first %d of %d bytes", keep, whole.length).isEqualTo(UploadWatch.Missing.ARCHIVE_END);
        }
        // An ODS is a zip too; a file that never was a zip is for the validator to refuse, not to wait for.
        Path ods = dir.resolve("pekerja.ods");
        Files.write(ods, zip("mimetype", "application/vnd.oasis.opendocument.spreadsheet"));
        assertThat(UploadWatch.missingEnd(ods, "pekerja.ods")).isNull();
        Files.write(ods, Arrays.copyOf(Files.readAllBytes(ods), 40));
        assertThat(UploadWatch.missingEnd(ods, "pekerja.ods")).isEqualTo(UploadWatch.Missing.ARCHIVE_END);
        assertThat(UploadWatch.missingEnd(write("teks.xlsx", "not a workbook"), "teks.xlsx")).isNull();
    }

    @Test
    void aCutFileWaitsUnchangedAndIsRefusedAsTruncatedOnceItHasStalledTooLong() throws Exception {
        MutableClock clock = new MutableClock(T0);
        UploadWatch watch = new UploadWatch("ag", file -> true, new AgencyFileValidator(), Duration.ofMinutes(30), clock);
        Path cut = write("pekerja.csv", HEADER + ROW.substring(0, 20));
        long size = Files.size(cut);
        long modified = T0.toEpochMilli();

        assertThatThrownBy(() -> watch.requireComplete(cut.toString(), "pekerja.csv", size, modified))
                .isInstanceOf(UploadIncompleteException.class);
        // Not downloaded again while it stays as it is...
        assertThat(watch.accept(listed("pekerja.csv", size, modified))).isFalse();
        // ...but at once when the upload goes on.
        assertThat(watch.accept(listed("pekerja.csv", size + 100, modified + 25_000))).isTrue();

        clock.advance(Duration.ofMinutes(30));
        assertThat(watch.accept(listed("pekerja.csv", size, modified))).isTrue();
        assertThatThrownBy(() -> watch.requireComplete(cut.toString(), "pekerja.csv", size, modified))
                .isInstanceOfSatisfying(FileRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("FILE_TRUNCATED");
                    assertThat(e.messageId()).contains("tidak selesai", "unggah ulang seluruh berkas", "30 menit");
                    assertThat(e.messageEn()).contains("did not finish", "upload the whole file again");
                });

        Path whole = write("lengkap.csv", HEADER + ROW);
        watch.requireComplete(whole.toString(), "lengkap.csv", Files.size(whole), modified);
    }

    @Test
    void aPartThatIsRefusedWhateverFollowsDoesNotWaitForItsEnd() throws Exception {
        UploadWatch watch = new UploadWatch("ag", file -> true, new AgencyFileValidator(), Duration.ofMinutes(30),
                new MutableClock(T0));
        byte[] noise = new byte[20_000];
        new java.util.Random(3).nextBytes(noise);
        noise[noise.length - 1] = 'x';
        Path binary = dir.resolve("gambar.csv");
        Files.write(binary, noise);
        // Returns: the intake goes on, and the validator refuses it as FILE_NOT_CSV.
        watch.requireComplete(binary.toString(), "gambar.csv", noise.length, T0.toEpochMilli());
        Path photo = write("foto.jpg", "not a worker list");
        watch.requireComplete(photo.toString(), "foto.jpg", Files.size(photo), T0.toEpochMilli());
    }

    @Test
    void theNameFilterStillDecidesFirst() {
        UploadWatch watch = new UploadWatch("ag", file -> false, new AgencyFileValidator(), Duration.ofMinutes(30), new MutableClock(T0));
        assertThat(watch.accept(listed("pekerja.csv", 10, T0.toEpochMilli()))).isFalse();
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static GenericFile<Object> listed(String name, long size, long modified) {
        GenericFile<Object> f = new GenericFile<>();
        f.setFileNameOnly(name);
        f.setFileName(name);
        f.setRelativeFilePath(name);
        f.setFileLength(size);
        f.setLastModified(modified);
        return f;
    }

    private static byte[] zip(String entry, String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(text.getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("content.xml"));
            z.write("<office:document-content/>".repeat(20).getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        return bytes.toByteArray();
    }
}
