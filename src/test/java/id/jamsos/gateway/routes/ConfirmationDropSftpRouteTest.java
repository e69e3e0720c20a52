package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.AgencySftpComponent;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.embedded.EmbeddedSftpServer;
import id.jamsos.gateway.intake.SftpConnectionWatch;
import id.jamsos.gateway.intake.UnsafeNameFilter;
import id.jamsos.gateway.intake.UnstorableEntries;
import id.jamsos.gateway.ledger.LedgerIdempotentRepository;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.ops.HostKeyAlarm;
import id.jamsos.gateway.proof.ConfirmationDrop;
import id.jamsos.gateway.proof.DeliveryConfirmations;
import id.jamsos.gateway.proof.ProofFixture;
import id.jamsos.gateway.proof.ProofPrinter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/agency-intake.camel.yaml's agency-confirmations and agency-sftp-writer templates, made for one agency
 * as app/AgencyRoutes makes them, against the project's in-process MINA SSHD SFTP server with the agency's own
 * login (AgencySftpComponent, strict known_hosts): a confirmation file dropped in inbox/konfirmasi/ is read
 * with the portal's checks (DeliveryConfirmations over a seeded H2 ledger, ProofFixture), its good rows
 * recorded, a result file written to the outbox naming file, row and field of each refused row in both
 * languages, and the file archived in konfirmasi/.done; a file refused as a whole is answered and archived in
 * konfirmasi/.failed; a worker list in the inbox itself is not this route's.
 */
class ConfirmationDropSftpRouteTest extends RouteTestSupport {

    private static final String AGENCY = "dinsos";
    private static final String PASSWORD = "pw-dinsos-konfirmasi";
    private static final Instant PRINTED = Instant.parse("2026-04-01T02:00:00Z");
    private static final Instant CONFIRMED = Instant.parse("2026-04-20T02:00:00Z");
    private static final Path ROOT = tempRoot();

    private final ProofFixture fixture = new ProofFixture();
    private final ProofLedger ledger = new ProofLedger(fixture.dataSource, fixture.pii, Clock.fixed(PRINTED, ZoneOffset.UTC));
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private EmbeddedSftpServer server;

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("confirmation-drop");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String routeFile() {
        return "routes/agency-intake.camel.yaml";
    }

    /** For the route configurations the templates name (confirmation-errors, writer-errors). */
    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.intake.pollDelayMs", "200", "jamsos.intake.readLockCheckIntervalMs", "100",
                "jamsos.intake.readLockMinAgeMs", "200", "jamsos.reports.uploadRetries", "0",
                "jamsos.work.dir", ROOT.resolve("work").toString());
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind(HostKeyAlarm.BEAN, new HostKeyAlarm(new SimpleMeterRegistry(), Clock.systemUTC()));
        registry.bind("uploadRetries", (org.apache.camel.Processor) e -> { });
        // The gateway's: the intake's processed keys in the ledger database (GatewayConfiguration).
        registry.bind("intakeIdempotentRepository", new LedgerIdempotentRepository(fixture.dataSource, "intake"));
        AuditTrail trail = audited::add;
        registry.bind("confirmationDrop", new ConfirmationDrop(new DeliveryConfirmations(ledger,
                ZoneId.of("Asia/Jayapura"), Clock.fixed(CONFIRMED, ZoneOffset.UTC)), trail));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        fixture.close();
    }

    /** The server, the agency's login and its writer and confirmations routes, as app/AgencyRoutes adds them. */
    private Path startAgency() throws Exception {
        Path dir = Files.createTempDirectory(ROOT, "sftp");
        server = EmbeddedSftpServer.start(dir.resolve("root"), 0, dir.resolve("host.key"));
        server.addPasswordUser(AGENCY, PASSWORD);
        Path knownHosts = dir.resolve("known_hosts");
        server.writeKnownHosts(knownHosts);
        context.addComponent("sftp-" + AGENCY, new AgencySftpComponent(AGENCY, PASSWORD, null, knownHosts, true));
        Path home = server.homeOf(AGENCY);
        Files.createDirectories(home.resolve("inbox/konfirmasi"));
        Files.createDirectories(home.resolve("outbox"));
        Map<String, Object> common = Map.of("agencyId", AGENCY, "host", "127.0.0.1", "port", String.valueOf(server.port()),
                "inbox", "inbox");
        Map<String, Object> writer = new java.util.HashMap<>(common);
        writer.put("outbox", "outbox");
        TemplatedRouteBuilder.builder(context, "agency-sftp-writer").routeId("sftp-writer-" + AGENCY)
                .parameters(writer).add();
        HostKeyAlarm alarm = context.getRegistry().lookupByNameAndType(HostKeyAlarm.BEAN, HostKeyAlarm.class);
        alarm.watch(AGENCY, "127.0.0.1", server.port(), knownHosts.toString());
        UnstorableEntries entries = new UnstorableEntries(AGENCY, new UnsafeNameFilter(), (note, text) -> { });
        TemplatedRouteBuilder.builder(context, "agency-confirmations").routeId("confirmations-" + AGENCY)
                .parameters(common)
                .bean("confirmationEntries", UnstorableEntries.class, entries)
                .bean("sftpConnectionWatch", SftpConnectionWatch.class, new SftpConnectionWatch(context, AGENCY, alarm, entries))
                .add();
        start();
        return home;
    }

    /** As an upload tool drops a file: under a temporary name, then renamed. */
    private static void drop(Path folder, String name, String content) throws IOException {
        Path part = folder.resolve(name + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aConfirmationDroppedOverSftpIsRecordedAnsweredRowByRowAndArchived() throws Exception {
        // Klasaman's two dinsos workers printed on 2026-04-01.
        new ProofPrinter(ledger, fixture.settings(), Clock.fixed(PRINTED, ZoneOffset.UTC))
                .print("Sorong Timur", "Klasaman", AGENCY, "command:test", new ByteArrayOutputStream());
        Path home = startAgency();
        Path konfirmasi = home.resolve("inbox/konfirmasi");
        // A worker list in the inbox itself is the intake's, never this route's.
        Files.writeString(home.resolve("inbox/pekerja.csv"), "NIK;NAMA\n", StandardCharsets.UTF_8);

        drop(konfirmasi, "terima_klasaman.csv", "KPJ;TANGGAL_TERIMA;PENERIMA;KETERANGAN\n"
                + ProofFixture.YOSINA.kpj() + ";05/04/2026;Yosina Mambrasar;diterima sendiri\n"
                + ProofFixture.LUKASZ.kpj() + ";30/04/2026;Istri;\n"
                + ProofFixture.MARKUS.kpj() + ";05/04/2026;Markus Wanma;\n");
        drop(konfirmasi, "terima_salah.csv", "NIK;NAMA\n1;2\n");

        Path outbox = home.resolve("outbox");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> names(outbox)
                .containsAll(List.of("terima_klasaman.csv.hasil.txt", "terima_salah.csv.hasil.txt")));

        String result = Files.readString(outbox.resolve("terima_klasaman.csv.hasil.txt"), StandardCharsets.UTF_8);
        assertThat(result).contains("Diterima tercatat / delivered recorded: 1; baris ditolak / rows refused: 2",
                "DITERIMA / ACCEPTED  terima_klasaman.csv baris/row 2: Diterima 2026-04-05 oleh Yosina Mambrasar",
                "DITOLAK / REFUSED    terima_klasaman.csv baris/row 3 TANGGAL_TERIMA: Tanggal 2026-04-30 belum terjadi"
                        + " / Date 2026-04-30 is in the future",
                "DITOLAK / REFUSED    terima_klasaman.csv baris/row 4 KPJ: KPJ " + ProofFixture.MARKUS.kpj()
                        + " tidak dikenal untuk instansi ini / KPJ " + ProofFixture.MARKUS.kpj()
                        + " is unknown to this agency");
        assertThat(Files.readString(outbox.resolve("terima_salah.csv.hasil.txt"), StandardCharsets.UTF_8))
                .contains("DITOLAK / REFUSED    terima_salah.csv: Kolom wajib tidak ada", "Required columns missing");

        // The good row is recorded as the portal's upload records it, with where it came from.
        assertThat(ledger.latest(AGENCY, ProofFixture.YOSINA.kpj())).get().extracting(ProofLedger.Latest::state)
                .isEqualTo(ProofLedger.State.DELIVERED);
        assertThat(ledger.latest(AGENCY, ProofFixture.LUKASZ.kpj())).get().extracting(ProofLedger.Latest::state)
                .isEqualTo(ProofLedger.State.PRINTED);
        assertThat(ledger.steps(List.of(ProofFixture.YOSINA.kpj()), AGENCY)).singleElement()
                .extracting(ProofLedger.Step::confirmedBy)
                .isEqualTo("sftp:" + AGENCY + " file:terima_klasaman.csv row:2");

        // Archived: the read one in .done, the one refused whole in .failed; nothing left to read again.
        await().atMost(Duration.ofSeconds(20)).until(() -> !names(konfirmasi).contains("terima_klasaman.csv")
                && !names(konfirmasi).contains("terima_salah.csv"));
        assertThat(names(konfirmasi.resolve(".done"))).singleElement().asString().endsWith("-terima_klasaman.csv");
        assertThat(names(konfirmasi.resolve(".failed"))).singleElement().asString().endsWith("-terima_salah.csv");
        assertThat(names(home.resolve("inbox"))).contains("pekerja.csv");
        // Audited as the portal's upload is.
        assertThat(audited).extracting(AuditEvent::action, AuditEvent::agency)
                .contains(org.assertj.core.groups.Tuple.tuple("PROOF_CONFIRM", AGENCY));
    }

    @Test
    void aConfirmationThatCannotBeArchivedIsAppliedAndAnsweredOnceNotAtEveryPoll() throws Exception {
        new ProofPrinter(ledger, fixture.settings(), Clock.fixed(PRINTED, ZoneOffset.UTC))
                .print("Sorong Timur", "Klasaman", AGENCY, "command:test", new ByteArrayOutputStream());
        Path home = startAgency();
        Path konfirmasi = home.resolve("inbox/konfirmasi");
        // A file where the archive folder should be: every move to .done fails, and the file stays in konfirmasi/.
        Files.writeString(konfirmasi.resolve(".done"), "not a folder", StandardCharsets.UTF_8);

        drop(konfirmasi, "terima_klasaman.csv", "KPJ;TANGGAL_TERIMA;PENERIMA\n"
                + ProofFixture.YOSINA.kpj() + ";05/04/2026;Yosina Mambrasar\n");
        Path outbox = home.resolve("outbox");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> names(outbox).contains("terima_klasaman.csv.hasil.txt"));
        // A later file is answered only after polls that listed the first one, still there, again.
        drop(konfirmasi, "terima_lagi.csv", "KPJ;TANGGAL_TERIMA;PENERIMA\n"
                + ProofFixture.LUKASZ.kpj() + ";06/04/2026;Istri\n");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> names(outbox).contains("terima_lagi.csv.hasil.txt"));

        assertThat(names(konfirmasi)).contains("terima_klasaman.csv", "terima_lagi.csv");
        // Read once: one audit row each, and the first answer stands (not "already recorded").
        assertThat(audited).extracting(AuditEvent::action).containsExactly("PROOF_CONFIRM", "PROOF_CONFIRM");
        assertThat(Files.readString(outbox.resolve("terima_klasaman.csv.hasil.txt"), StandardCharsets.UTF_8))
                .contains("Diterima 2026-04-05 oleh Yosina Mambrasar").doesNotContain("Already recorded");
        assertThat(ledger.steps(List.of(ProofFixture.YOSINA.kpj()), AGENCY)).singleElement()
                .extracting(ProofLedger.Step::confirmedBy)
                .isEqualTo("sftp:" + AGENCY + " file:terima_klasaman.csv row:2");
    }
}
