package id.jamsos.gateway.routes;

import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #14, item 7: files that misbehave. A system error while a file is read gives the agency a
 * fixed note with a reference, never the error itself; the error is in the operator log.
 */
class MisbehavingFilesTest {

    static final String AGENCY = DemoEnvironment.PASSWORD_AGENCY;
    static final String OTHER = DemoEnvironment.KEY_AGENCY;
    /** Three valid rows (NIK agrees with the birth date and sex). */
    static final String HEADER = "NIK,NAMA,TGL_LAHIR,JENIS_KELAMIN\r\n";

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static GatewayFixture fx;
    static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        logs = gateways.closeAfterwards(LogCapture.attach());
        // The other agency has limits of its own in agencies.yaml; this one keeps the defaults.
        fx = gateways.startAdjusting(Map.of("jamsos.intake.maxAttempts", "2"),
                a -> a.id().equals(OTHER) ? a.withLimits(new AgencyLimits(8_000L, 40L, null)) : a);
    }

    private static Connection ledgerConnection() throws Exception {
        return DriverManager.getConnection(fx.props.get("jamsos.ledger.url"), fx.props.get("jamsos.ledger.user", "sa"),
                fx.props.get("jamsos.ledger.password", ""));
    }

    @Test
    void aLedgerFailureGivesTheAgencyAReferenceAndTheOperatorTheError() throws Exception {
        // Rows named Gagalsistem break a CHECK constraint: every attempt to record them fails with an
        // SQL error (H2 23513; PostgreSQL would say 23514), as a ledger in trouble would.
        try (Connection c = ledgerConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE file_row ADD CONSTRAINT jamsos_test_fail CHECK (name IS NULL OR UPPER(name) NOT LIKE"
                    + " '%GAGALSISTEM%')");
        }
        try {
            Path file = gateways.dir().resolve("sistem.csv");
            Files.writeString(file, HEADER + "9271011205900001,Yosef Gagalsistem,12/05/1990,L\r\n"
                    + "9671024503850123,Maria Gagalsistem,05/03/1985,P\r\n", StandardCharsets.UTF_8);
            fx.upload(AGENCY, file, "sistem.csv");
            Path good = gateways.dir().resolve("baik-lain.csv");
            SampleWorkers.generate(good, 10, 21L, 0);
            fx.upload(OTHER, good, "baik-lain.csv");

            FileInfo failed = fx.awaitFinal(AGENCY, "sistem.csv", Duration.ofSeconds(90));
            assertThat(failed.state()).isEqualTo(FileState.FAILED);
            assertThat(fx.awaitFinal(OTHER, "baik-lain.csv", Duration.ofSeconds(90)).state()).isEqualTo(FileState.DONE);

            Path note = fx.env.inbox(AGENCY).resolve(".failed").resolve("sistem.csv.error.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note));
            String text = Files.readString(note, StandardCharsets.UTF_8);
            assertThat(text).contains("sistem.csv").contains("kesalahan sistem").contains("system error")
                    .contains("FILE_SYSTEM_ERROR").contains("#" + failed.id());
            for (String technical : new String[] {"Exception", "SQL", "org.", "java.", "23513", "23514", "jamsos_test_fail",
                    "CHECK", "constraint"}) {
                assertThat(text).as(technical).doesNotContainIgnoringCase(technical);
            }
            Matcher incident = Pattern.compile("insiden/incident ([0-9a-f]{8})").matcher(text);
            assertThat(incident.find()).as(text).isTrue();
            // The operator finds the whole error under that number.
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("incident " + incident.group(1))
                    .containsIgnoringCase("jamsos_test_fail").contains("file=sistem.csv"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("9271011205900001"));
        } finally {
            try (Connection c = ledgerConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE file_row DROP CONSTRAINT jamsos_test_fail");
            }
        }
    }

    @Test
    void aNameTooLongToStoreAndADanglingLinkAreRefusedOnceAndTheInboxIsServed() throws Exception {
        Path inbox = fx.env.inbox(AGENCY);
        // 85 characters, 247 bytes in UTF-8: under the 200-character limit and stored by the server, over what a local file
        // system stores once the gateway adds its suffixes.
        String longName = "\u0E01".repeat(81) + ".csv";
        Files.writeString(inbox.resolve(longName), HEADER + "9271031708750002,Yohanes Wally,17/08/1975,L\r\n",
                StandardCharsets.UTF_8);
        // 229 bytes: Camel can download it, but the names the gateway derives would not fit: refused like
        // any unsafe name, and moved to .failed.
        String storableOnServer = "\u0E02".repeat(75) + ".csv";
        Files.writeString(inbox.resolve(storableOnServer), HEADER + "9271031708750002,Yohanes Wally,17/08/1975,L\r\n",
                StandardCharsets.UTF_8);
        Files.createSymbolicLink(inbox.resolve("hilang.csv"), gateways.dir().resolve("tidak-ada.csv"));
        Path good = gateways.dir().resolve("sesudah.csv");
        SampleWorkers.generate(good, 10, 22L, 0);
        fx.upload(AGENCY, good, "sesudah.csv");

        assertThat(fx.awaitFinal(AGENCY, "sesudah.csv", Duration.ofSeconds(90)).state()).isEqualTo(FileState.DONE);

        Path failed = inbox.resolve(".failed");
        Path linkNote = failed.resolve("hilang.csv.error.txt");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(linkNote).exists();
            try (Stream<Path> notes = Files.list(failed)) {
                assertThat(notes.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("unsafe-name_\u0E01")))
                        .hasSize(1);
            }
            assertThat(failed.resolve(storableOnServer)).exists();
            try (Stream<Path> notes = Files.list(failed)) {
                assertThat(notes.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("unsafe-name_\u0E02")))
                        .singleElement().asString().endsWith(".error.txt");
            }
        });
        assertThat(Files.readString(linkNote, StandardCharsets.UTF_8)).contains("FILE_UNREADABLE").contains("symlink")
                .contains("ditolak").contains("refused").contains("hilang.csv");
        Path longNote;
        try (Stream<Path> notes = Files.list(failed)) {
            longNote = notes.filter(p -> p.getFileName().toString().startsWith("unsafe-name_\u0E01")).findFirst().orElseThrow();
        }
        assertThat(longNote.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(200);
        assertThat(Files.readString(longNote, StandardCharsets.UTF_8)).contains("FILE_NAME_UNSAFE").contains("ditolak")
                .contains("refused").contains("bytes in UTF-8");
        // Never taken, never recorded: they stay where the agency put them.
        assertThat(inbox.resolve(longName)).exists();
        assertThat(Files.isSymbolicLink(inbox.resolve("hilang.csv"))).isTrue();
        assertThat(fx.latest(AGENCY, longName)).isEmpty();
        assertThat(fx.latest(AGENCY, "hilang.csv")).isEmpty();
        assertThat(fx.latest(AGENCY, storableOnServer)).isEmpty();
        assertThat(inbox.resolve(storableOnServer)).doesNotExist();
        // Said once each, and no poll failed over them (Camel's own "Error processing file"). The capture
        // may see one event through more than one logger: compare with a line logged once per file.
        long once = logs.lines().stream().filter(l -> l.contains("file=sesudah.csv") && l.contains("received, sha256"))
                .count();
        assertThat(once).isPositive();
        assertThat(logs.lines().stream().filter(l -> l.contains("UnstorableEntries") && l.contains("hilang.csv")
                && l.contains("refused"))).hasSize((int) once);
        assertThat(logs.lines().stream().filter(l -> l.contains("UnstorableEntries") && l.contains("\u0E01\u0E01\u0E01")
                && l.contains("refused"))).hasSize((int) once);
        assertThat(logs.lines()).noneMatch(l -> l.contains("Error processing file"));
    }

    @Test
    void anEntryTheServerListsButRefusesToOpenIsNotedOnceAndTheInboxIsServed() throws Exception {
        Path inbox = fx.env.inbox(AGENCY);
        String locked = "terkunci.csv";
        // Listed like any file, but opening it answers "permission denied" (a file the agency's login may not
        // read). Before: Camel's download failed, a WARN with the stack at every poll, for ever.
        fx.env.sftp().refuseOpening(locked);
        try {
            Files.writeString(inbox.resolve(locked), HEADER + "9271031708750002,Yohanes Wally,17/08/1975,L\r\n",
                    StandardCharsets.UTF_8);
            Files.setLastModifiedTime(inbox.resolve(locked),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            Path good = gateways.dir().resolve("sesudah-kunci.csv");
            SampleWorkers.generate(good, 10, 23L, 0);
            fx.upload(AGENCY, good, "sesudah-kunci.csv");
            assertThat(fx.awaitFinal(AGENCY, "sesudah-kunci.csv", Duration.ofSeconds(90)).state())
                    .isEqualTo(FileState.DONE);

            Path note = inbox.resolve(".failed").resolve(locked + ".error.txt");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(note));
            String text = Files.readString(note, StandardCharsets.UTF_8);
            assertThat(text).contains(locked).contains("FILE_UNREADABLE").contains("ditolak").contains("refused")
                    .contains("izin").contains("permission");
            for (String technical : new String[] {"Exception", "SSH_FX", "org.", "java.", "jsch"}) {
                assertThat(text).as(technical).doesNotContainIgnoringCase(technical);
            }

            // Later polls pass it by: another file is taken after it, and the entry is neither said again
            // nor failing a poll.
            Path later = gateways.dir().resolve("lebih-lambat.csv");
            SampleWorkers.generate(later, 10, 24L, 0);
            fx.upload(AGENCY, later, "lebih-lambat.csv");
            assertThat(fx.awaitFinal(AGENCY, "lebih-lambat.csv", Duration.ofSeconds(90)).state())
                    .isEqualTo(FileState.DONE);
            Thread.sleep(2_000);
            long once = logs.lines().stream().filter(l -> l.contains("file=sesudah-kunci.csv")
                    && l.contains("received, sha256")).count();
            assertThat(once).isPositive();
            assertThat(logs.lines().stream().filter(l -> l.contains("UnstorableEntries") && l.contains(locked)
                    && l.contains("refused"))).hasSize((int) once);
            assertThat(logs.lines()).noneMatch(l -> l.contains(locked) && l.contains("Error processing file"));
            assertThat(fx.latest(AGENCY, locked)).isEmpty();
            assertThat(inbox.resolve(locked)).exists();

            // Once the agency can let the gateway read it and uploads it again, it is taken like any file.
            fx.env.sftp().allowOpening(locked);
            Files.setLastModifiedTime(inbox.resolve(locked),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            assertThat(fx.awaitFinal(AGENCY, locked, Duration.ofSeconds(90)).state()).isEqualTo(FileState.DONE);
        } finally {
            fx.env.sftp().allowOpening(locked);
        }
    }

    @Test
    void anAgencysLimitsRefuseAWholeFileBeforeAnyRowIsRecorded() throws Exception {
        // OTHER: at most 8,000 bytes a file and 40 rows in 24 hours (another test of this class sends it 10).
        Path large = gateways.dir().resolve("besar.csv");
        SampleWorkers.generate(large, 200, 31L, 0);
        assertThat(Files.size(large)).isGreaterThan(8_000);
        fx.upload(OTHER, large, "besar.csv");
        FileInfo refusedLarge = fx.awaitFinal(OTHER, "besar.csv", Duration.ofSeconds(90));
        assertThat(refusedLarge.state()).isEqualTo(FileState.FAILED);
        assertNoteSays("besar.csv", "FILE_TOO_LARGE", "8000", "batas instansi", "the agency's limit");
        assertThat(fx.gateway.ledger().rowCounts(refusedLarge.id()).values()).allMatch(n -> n == 0);

        Path thirty = gateways.dir().resolve("tiga-puluh.csv");
        SampleWorkers.generate(thirty, 30, 32L, 0);
        fx.upload(OTHER, thirty, "tiga-puluh.csv");
        assertThat(fx.awaitFinal(OTHER, "tiga-puluh.csv", Duration.ofSeconds(90)).state()).isEqualTo(FileState.DONE);

        Path eleven = gateways.dir().resolve("sebelas.csv");
        SampleWorkers.generate(eleven, 11, 33L, 0);
        fx.upload(OTHER, eleven, "sebelas.csv");
        FileInfo refusedRows = fx.awaitFinal(OTHER, "sebelas.csv", Duration.ofSeconds(90));
        assertThat(refusedRows.state()).isEqualTo(FileState.FAILED);
        assertNoteSays("sebelas.csv", "FILE_DAILY_ROW_LIMIT", "berkas ini 11 baris", "this file has 11 rows", "40 rows per 24 hours");
        assertThat(fx.gateway.ledger().rowCounts(refusedRows.id()).getOrDefault(RowState.PENDING, 0)).isZero();
        assertThat(fx.gateway.ledger().rowCounts(refusedRows.id()).values()).allMatch(n -> n == 0);
        // The agency without limits of its own is not held by the other's.
        Path mine = gateways.dir().resolve("milik-sendiri.csv");
        SampleWorkers.generate(mine, 45, 34L, 0);
        fx.upload(AGENCY, mine, "milik-sendiri.csv");
        assertThat(fx.awaitFinal(AGENCY, "milik-sendiri.csv", Duration.ofSeconds(90)).state()).isEqualTo(FileState.DONE);
    }

    private static void assertNoteSays(String file, String... parts) throws Exception {
        Path note = fx.env.inbox(OTHER).resolve(".failed").resolve(file + ".error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note));
        String text = Files.readString(note, StandardCharsets.UTF_8);
        assertThat(text).contains(file).contains("ditolak").contains("refused");
        for (String part : parts) {
            assertThat(text).contains(part);
        }
    }
}
