package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.Retention;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.StuckPending;
import id.jamsos.gateway.ops.StuckPendingSweep;
import id.jamsos.gateway.retention.RetentionJob;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import id.jamsos.gateway.audit.AuditJob;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/retention.camel.yaml alone: the ledger purge on its timer, and one agency's archive-retention
 * route made from its template, whose SFTP consumer is replaced by a file consumer over a local folder
 * with the template's own listing options (path, filter, delete). The retention job and its archive
 * filter are the real ones, over a private in-memory H2 ledger.
 */
class ArchiveRetentionRouteTest extends RouteTestSupport {

    private static final String AGENCY = "dinsos";
    private static final String ROUTE_ID = "archive-retention-test-done";
    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private static final int DAYS = 90;

    @TempDir
    Path root;

    /** Migrated once for the class (the migrations take most of a test's time); emptied before each test. */
    private static HikariDataSource ledger;

    /** The ledger as the retention job sees it: down while {@link #ledgerDown} is set. */
    private final AtomicBoolean ledgerDown = new AtomicBoolean();
    private final RetentionJob retentionJob;

    ArchiveRetentionRouteTest() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        retentionJob = new RetentionJob(new Retention(downWhen(ledgerDown), clock), DAYS, 5000, clock);
    }

    @BeforeAll
    static void openLedger() {
        ledger = ledgerDatabase("archive-retention-route");
    }

    @AfterAll
    static void closeLedger() {
        ledger.close();
    }

    @BeforeEach
    void emptyLedger() throws Exception {
        try (Connection c = ledger.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM file_row");
            s.executeUpdate("DELETE FROM agency_file");
        }
    }

    private static DataSource downWhen(AtomicBoolean down) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (down.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("ledger down (test)");
                    }
                    try {
                        return method.invoke(ledger, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    protected String routeFile() {
        return "routes/retention.camel.yaml";
    }

    /** For the route configuration its routes name (retention-errors). */
    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.retention.days", String.valueOf(DAYS),
                "jamsos.retention.checkIntervalMs", "100",
                "jamsos.retention.delayMs", "0",
                "jamsos.recovery.checkIntervalMs", "100",
                "jamsos.recovery.delayMs", "0");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("retentionJob", retentionJob);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        registry.bind("auditJob", new AuditJob(new AuditLedger(ledger, PersonalDataCipher.forTests().derivedKey("audit"),
                clock), 60, 5000, clock, new SimpleMeterRegistry()));
        registry.bind("stuckPendingSweep", new StuckPendingSweep(new StuckPending(ledger,
                Clock.fixed(NOW, ZoneOffset.UTC)), Duration.ofMinutes(60), null));
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("notificationRetention", new id.jamsos.gateway.notify.NotificationRetention(
                new id.jamsos.gateway.ledger.NotificationLedger(ledger, PersonalDataCipher.forTests(), clock), DAYS, 5000,
                clock));
    }

    /** The agency's .done archive route, as app/AgencyRoutes adds it, listing {@code root} instead of SFTP. */
    private void addDoneArchiveRoute() throws Exception {
        GenericFileFilter<Object> archiveFilter = retentionJob.archiveFilter(AGENCY);
        TemplatedRouteBuilder.builder(context, "agency-archive-retention").routeId(ROUTE_ID)
                .parameters(Map.of("agencyId", AGENCY, "host", "sftp.invalid", "port", "22", "inbox", "inbox",
                        "folder", ".done"))
                .bean("archiveFilter", GenericFileFilter.class, archiveFilter)
                .add();
        String local = onLocalDisk(ROUTE_ID, Map.of("archiveFilter", archiveFilter), root);
        AdviceWith.adviceWith(context, ROUTE_ID, false, a -> a.replaceFromWith(local));
    }

    @Test
    void oldArchivedFilesAreDeletedAndEverythingElseStays() throws Exception {
        Path done = Files.createDirectories(root.resolve("inbox/.done"));
        Path old = archived(done.resolve("pekerja_2026-01.csv"), NOW.minus(Duration.ofDays(DAYS + 10)));
        Path oldNote = archived(done.resolve("pekerja_2026-02.csv.error.txt"), NOW.minus(Duration.ofDays(DAYS + 5)));
        Path recent = archived(done.resolve("pekerja_2026-11.csv"), NOW.minus(Duration.ofDays(3)));
        // Old by its time (upload tools keep a file's original time) but its rows are still in the ledger.
        Path held = archived(done.resolve("pekerja_lama.csv"), NOW.minus(Duration.ofDays(400)));
        recordInLedger(held.getFileName().toString(), "PROCESSING", NOW.minus(Duration.ofDays(1)));
        // The inbox itself is never listed, however old what waits in it.
        Path waiting = archived(root.resolve("inbox/pekerja_2025-01.csv"), NOW.minus(Duration.ofDays(400)));

        addDoneArchiveRoute();
        NotifyBuilder polled = new NotifyBuilder(context).fromRoute(ROUTE_ID).whenDone(2).create();
        try (LogCapture log = LogCapture.attach()) {
            start();
            assertThat(polled.matches(10, TimeUnit.SECONDS)).as("two archived files taken for deletion").isTrue();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("retention: agency dinsos: deleting 2 files of inbox/.done older than 90 days"));
        }

        // Deleted when each exchange commits, which may come just after it is counted done.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(old).doesNotExist();
            assertThat(oldNote).doesNotExist();
        });
        assertThat(recent).exists();
        assertThat(held).exists();
        assertThat(waiting).exists();
    }

    @Test
    void theLedgerRunPurgesOnlyFilesFinishedBeforeTheCutoff() throws Exception {
        recordInLedger("pekerja_2025-06.csv", "DONE", NOW.minus(Duration.ofDays(DAYS + 1)));
        recordInLedger("pekerja_2026-10.csv", "DONE", NOW.minus(Duration.ofDays(DAYS - 1)));
        AdviceWith.adviceWith(context, "retention-ledger", false, a -> a.replaceFromWith("direct:retention"));
        start();

        template.sendBody("direct:retention", null);

        assertThat(retentionJob.lastRun()).hasValueSatisfying(run -> assertThat(run.files()).isEqualTo(1));
    }

    @Test
    void aFailedPurgeIsLoggedAndHandled() throws Exception {
        AdviceWith.adviceWith(context, "retention-ledger", false, a -> a.replaceFromWith("direct:retention"));
        start();
        ledgerDown.set(true);

        try (LogCapture log = LogCapture.attach()) {
            var done = template.send("direct:retention", e -> { });
            assertThat(done.getException()).isNull();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN")
                    .contains("retention: this run failed, the next one goes on from where it stopped"));
        }
    }

    private static Path archived(Path file, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "NIK;NAMA\n");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** The leader's sweep on its timer: a row left PENDING two hours ago, its job never sent, is parked. */
    @Test
    void theSweepParksRowsWhoseJobNeverLeft() {
        Ledger old = new Ledger(ledger, Clock.fixed(NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC));
        long file = old.registerFile(AGENCY, "pekerja_stuck.csv", "s".repeat(64), NOW.minus(Duration.ofHours(2)))
                .fileId();
        old.insertRows(file, List.of(new LedgerRow(file, 1, "3171010101900001", "Worker 1", RowState.PENDING,
                List.of(), "key-stuck-1", null, null, 1_000_000L, null)));

        start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(old.rowCounts(file).get(RowState.PARKED)).isEqualTo(1));
        assertThat(old.parkedRows(file, 1)).singleElement()
                .satisfies(r -> assertThat(r.lastError()).isEqualTo(StuckPending.REASON));
    }

    private void recordInLedger(String fileName, String state, Instant receivedAt) throws Exception {
        try (Connection c = ledger.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agency_file (agency_id, file_name, checksum, received_at, state) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, AGENCY);
            ps.setString(2, fileName);
            ps.setString(3, UUID.randomUUID().toString().replace("-", ""));
            ps.setTimestamp(4, Timestamp.from(receivedAt));
            ps.setString(5, state);
            ps.executeUpdate();
        }
    }
}
