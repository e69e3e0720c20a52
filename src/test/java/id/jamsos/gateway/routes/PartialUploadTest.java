package id.jamsos.gateway.routes;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads that stop part-way (issue 13): a link from Papua pauses for tens of seconds mid-line, an
 * upload dies and leaves half a workbook, a script uploads a file and then its marker. The intake
 * takes a file only once it is whole, and never processes part of one.
 */
class PartialUploadTest {

    private static final String AGENCY = DemoEnvironment.PASSWORD_AGENCY;

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void anUploadThatPausesMidLineLongerThanTheReadLockIsTakenOnlyOnceItIsComplete() throws Exception {
        GatewayFixture fx = gateways.start(Map.of(
                "jamsos.intake.pollDelayMs", "300", "jamsos.intake.readLockMinAgeMs", "1000"));
        Path sample = gateways.dir().resolve("pekerja.csv");
        SampleWorkers.generate(sample, 61, 13L, 0);
        byte[] bytes = Files.readAllBytes(sample);
        int cut = midLine(bytes, 31);
        Path remote = fx.env.inbox(AGENCY).resolve("pekerja.csv");

        try (Sftp sftp = Sftp.open(fx.env); OutputStream out = sftp.put("inbox/pekerja.csv")) {
            out.write(bytes, 0, cut);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(remote) && Files.size(remote) == cut);
            // Four read-lock ages and a dozen polls with the file unchanged and cut in the middle of row 31.
            Thread.sleep(4_000);
            System.out.println("[fault] SFTP upload paused 4 s after " + cut + " of " + bytes.length
                    + " bytes, mid-line; ledger=" + fx.latest(AGENCY, "pekerja.csv").map(FileInfo::state)
                    + " inbox=" + Files.exists(remote));
            assertThat(fx.latest(AGENCY, "pekerja.csv")).as("a cut file is not taken").isEmpty();
            assertThat(remote).exists();
            out.write(bytes, cut, bytes.length - cut);
        }

        FileInfo file = fx.awaitFinal(AGENCY, "pekerja.csv", Duration.ofSeconds(60));
        Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
        System.out.println("[fault] upload resumed and finished: state=" + file.state() + " rows=" + file.totalRows()
                + " counts=" + counts);
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(file.totalRows()).isEqualTo(61);
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(61);
        assertThat(counts.get(RowState.PENDING)).isZero();
        assertThat(fx.env.inbox(AGENCY).resolve(".done/pekerja.csv")).hasBinaryContent(bytes);
    }

    @Test
    void aCutCsvAndACutWorkbookAreRefusedAsAWholeOnceTheyStallAndOtherFilesGoOn() throws Exception {
        GatewayFixture fx = gateways.start(Map.of(
                "jamsos.intake.uploadStallMs", "3000"));
        Path csv = gateways.dir().resolve("lengkap.csv");
        SampleWorkers.generate(csv, 20, 14L, 0);
        byte[] csvBytes = Files.readAllBytes(csv);
        Path book = gateways.dir().resolve("buku.xlsx");
        SampleWorkers.generate(book, 20, 15L, 0, true);
        byte[] bookBytes = Files.readAllBytes(book);
        Path inbox = fx.env.inbox(AGENCY);
        // Left behind by uploads that died: nothing will ever complete them.
        Files.write(inbox.resolve("putus.csv"), Arrays.copyOf(csvBytes, midLine(csvBytes, 10)));
        Files.write(inbox.resolve("putus.xlsx"), Arrays.copyOf(bookBytes, bookBytes.length * 2 / 3));
        fx.upload(AGENCY, csv, "lengkap.csv");

        assertThat(fx.awaitFinal(AGENCY, "lengkap.csv", Duration.ofSeconds(30)).state()).isEqualTo(FileState.DONE);
        for (String name : new String[] {"putus.csv", "putus.xlsx"}) {
            Path note = inbox.resolve(".failed/" + name + ".error.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note));
            String text = Files.readString(note);
            System.out.println("[fault] " + name + " left cut: " + text.lines().findFirst().orElse(""));
            assertThat(text).contains("FILE_TRUNCATED", "Unggahan berkas tidak selesai", "The upload did not finish",
                    "upload the whole file again");
            // The note is written first; Camel moves the file once the exchange is done.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".failed/" + name)));
            assertThat(inbox.resolve(name)).doesNotExist();
            // FAILED for status and /ops, and not one row of it recorded, let alone sent.
            FileInfo refused = fx.awaitFinal(AGENCY, name, Duration.ofSeconds(10));
            assertThat(refused.state()).isEqualTo(FileState.FAILED);
            assertThat(refused.error()).contains("did not finish");
            assertThat(fx.gateway.ledger().rowCounts(refused.id()).values()).allMatch(n -> n == 0);
        }
    }

    @Test
    void anAgencyWithACompletionMarkerHasItsFileTakenOnlyOnceTheMarkerIsThere() throws Exception {
        GatewayFixture fx = gateways.startAdjusting(Map.of(),
                a -> a.id().equals(AGENCY) ? withMarker(a, ".ok") : a);
        Path sample = gateways.dir().resolve("skrip.csv");
        SampleWorkers.generate(sample, 15, 16L, 0);
        fx.upload(AGENCY, sample, "skrip.csv");
        Path inbox = fx.env.inbox(AGENCY);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("skrip.csv")));
        Thread.sleep(3_000);
        assertThat(fx.latest(AGENCY, "skrip.csv")).as("no marker yet").isEmpty();

        Files.writeString(inbox.resolve("skrip.csv.ok"), "", StandardCharsets.US_ASCII);
        FileInfo file = fx.awaitFinal(AGENCY, "skrip.csv", Duration.ofSeconds(30));
        System.out.println("[fault] marker written after 3 s without it: " + file.state() + " rows=" + file.totalRows());
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(file.totalRows()).isEqualTo(15);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(inbox.resolve("skrip.csv.ok")));

        // A marker that gives the file's SHA-256 (as sha256sum prints it) is checked against the file.
        Path second = gateways.dir().resolve("skrip-2.csv");
        SampleWorkers.generate(second, 12, 19L, 0);
        fx.upload(AGENCY, second, "skrip-2.csv");
        Files.writeString(inbox.resolve("skrip-2.csv.ok"), sha256(second) + "  skrip-2.csv\n");
        FileInfo checked = fx.awaitFinal(AGENCY, "skrip-2.csv", Duration.ofSeconds(30));
        assertThat(checked.state()).isEqualTo(FileState.DONE);
        assertThat(checked.totalRows()).isEqualTo(12);

        String mismatch = refusedByItsMarker(fx, "skrip-3.csv", 20L, own -> "sha256=" + sha256(second) + "\n");
        System.out.println("[fault] marker with another file's SHA-256: " + mismatch.lines().findFirst().orElse(""));
        assertThat(mismatch).contains("FILE_MARKER_MISMATCH", "upload the file again");

        // A manifest: SHA-256 and row count. The count is checked too, after the checksum.
        Path fourth = gateways.dir().resolve("skrip-4.csv");
        SampleWorkers.generate(fourth, 12, 21L, 0);
        fx.upload(AGENCY, fourth, "skrip-4.csv");
        Files.writeString(inbox.resolve("skrip-4.csv.ok"), "sha256=" + sha256(fourth) + "\nrows=12\n");
        assertThat(fx.awaitFinal(AGENCY, "skrip-4.csv", Duration.ofSeconds(30)).state()).isEqualTo(FileState.DONE);

        String count = refusedByItsMarker(fx, "skrip-5.csv", 22L, own -> "sha256=" + sha256(own) + "\r\nrows: 13\r\n");
        System.out.println("[fault] marker says 13 rows, the file has 12: " + count.lines().findFirst().orElse(""));
        assertThat(count).contains("FILE_MARKER_MISMATCH", "12", "13");
    }

    @Test
    void aNameThatComesBackWithOtherBytesIsANewFileWithReportsAndArchiveOfItsOwn() throws Exception {
        GatewayFixture fx = gateways.start(Map.of());
        Path first = gateways.dir().resolve("first.csv");
        SampleWorkers.generate(first, 10, 17L, 0);
        Path second = gateways.dir().resolve("second.csv");
        SampleWorkers.generate(second, 12, 18L, 0);
        fx.upload(AGENCY, first, "bulanan.csv");
        FileInfo one = fx.awaitFinal(AGENCY, "bulanan.csv", Duration.ofSeconds(30));
        Path outbox = fx.env.outbox(AGENCY);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outbox.resolve("bulanan.csv.results.csv")));
        String firstResults = Files.readString(outbox.resolve("bulanan.csv.results.csv"));

        fx.upload(AGENCY, second, "bulanan.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.latest(AGENCY, "bulanan.csv")
                .filter(f -> f.id() != one.id() && f.state() == FileState.DONE).isPresent());
        FileInfo two = fx.latest(AGENCY, "bulanan.csv").orElseThrow();
        String base = "bulanan." + two.id() + ".csv";
        Path note = outbox.resolve(base + ".reupload.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(note)
                && Files.exists(outbox.resolve(base + ".results.csv")));
        System.out.println("[fault] same name, other bytes: file #" + one.id() + " then #" + two.id() + "; note: "
                + Files.readString(note).lines().findFirst().orElse(""));
        assertThat(two.totalRows()).isEqualTo(12);
        assertThat(Files.readString(note)).contains("#" + one.id(), "#" + two.id(), "berkas baru", "new file",
                base + ".results.csv");
        assertThat(Files.readString(outbox.resolve("bulanan.csv.results.csv"))).isEqualTo(firstResults);
        assertThat(fx.env.inbox(AGENCY).resolve(".done/bulanan.csv")).hasBinaryContent(Files.readAllBytes(first));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(fx.env.inbox(AGENCY).resolve(".done/" + base)));
        assertThat(fx.env.inbox(AGENCY).resolve(".done/" + base)).hasBinaryContent(Files.readAllBytes(second));
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    /** The offset a few characters into data line {@code line} (1 = the header). */
    private static int midLine(byte[] bytes, int line) {
        int seen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == line) {
                return i + 8;
            }
        }
        throw new IllegalArgumentException("fewer than " + line + " lines");
    }


    /**
     * Uploads 12 generated rows as {@code name} with the marker {@code marker} gives for the file, and
     * returns the note of its refusal: the file FAILED with no row recorded.
     */
    private String refusedByItsMarker(GatewayFixture fx, String name, long seed, MarkerText marker) throws Exception {
        Path file = gateways.dir().resolve(name);
        SampleWorkers.generate(file, 12, seed, 0);
        fx.upload(AGENCY, file, name);
        Path inbox = fx.env.inbox(AGENCY);
        Files.writeString(inbox.resolve(name + ".ok"), marker.of(file));
        FileInfo refused = fx.awaitFinal(AGENCY, name, Duration.ofSeconds(30));
        Path note = inbox.resolve(".failed/" + name + ".error.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(note));
        assertThat(refused.state()).isEqualTo(FileState.FAILED);
        assertThat(fx.gateway.ledger().rowCounts(refused.id()).values()).allMatch(n -> n == 0);
        return Files.readString(note);
    }

    /** What a script writes in a file's marker. */
    private interface MarkerText {
        String of(Path file) throws Exception;
    }

    private static Agency withMarker(Agency a, String marker) {
        return new Agency(a.id(), a.name(), a.host(), a.port(), a.user(), a.password(), a.passwordEnv(),
                a.privateKeyFile(), a.knownHostsFile(), a.strictHostKeyChecking(), a.inbox(), a.outbox(),
                a.regionCode(), a.district(), a.enabled(), marker);
    }

    /** A plain SFTP client session as an agency's upload tool has one, writing straight to the final name. */
    private record Sftp(Session session, ChannelSftp channel) implements AutoCloseable {

        static Sftp open(DemoEnvironment env) throws Exception {
            Session session = new JSch().getSession(AGENCY, env.sftp().host(), env.sftp().port());
            session.setPassword(DemoEnvironment.DEMO_PASSWORD);
            // The test's own client; the gateway's side checks host keys strictly.
            session.setConfig("StrictHostKeyChecking", "no");
            session.connect(10_000);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(10_000);
            return new Sftp(session, channel);
        }

        OutputStream put(String path) throws Exception {
            return channel.put(path, ChannelSftp.OVERWRITE);
        }

        @Override
        public void close() {
            channel.disconnect();
            session.disconnect();
        }
    }
}
