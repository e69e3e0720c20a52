package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.enrolled;
import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.NikMask;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the ledger promises, checked the same way on every database it runs on. */
abstract class LedgerContractTest extends LedgerDatabaseContract {

    private static final String SUM_A = "a".repeat(64);
    private static final String SUM_B = "b".repeat(64);
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");

    protected Ledger ledger;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Registers a file, stores the rows {@code rows} makes for its id, and completes its intake. */
    private long processingFile(String agency, String sum, LongFunction<List<LedgerRow>> rows) {
        long id = ledger.registerFile(agency, "workers.csv", sum, T0).fileId();
        List<LedgerRow> own = rows.apply(id);
        ledger.insertRows(id, own);
        int rejected = (int) own.stream().filter(r -> r.state() == RowState.REJECTED).count();
        ledger.completeIntake(id, own.size(), rejected);
        return id;
    }

    // ------------------------------------------------------------ migrations

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        long applied = count("SELECT COUNT(*) FROM flyway_schema_history");
        assertThat(applied).isPositive();

        assertThat(LedgerMigrations.migrateCounting(db.dataSource())).isZero();
        LedgerMigrations.migrate(db.dataSource());

        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(applied);
        assertThat(count("SELECT COUNT(*) FROM agency_file")).isZero();
    }

    // ------------------------------------------------------------ change rows (issue 16)

    @Test
    void aChangeRowKeepsItsActionAndItsJobItemEncryptedAndHoldsItsNik() throws SQLException {
        long id = ledger.registerFile("dinsos", "perubahan.csv", SUM_A, T0).fileId();
        String item = "{\"rowNo\":2,\"action\":\"BERHENTI\",\"nik\":\"" + nik(id, 2) + "\"}";
        ledger.insertRows(id, List.of(
                new LedgerRow(id, 2, nik(id, 2), "Worker 2", RowState.PENDING, List.of(), "key-2", "05K40081234", null,
                        null, null, ChangeAction.BERHENTI, item),
                new LedgerRow(id, 3, "12345", "Worker 3", RowState.REJECTED,
                        List.of(new RowRejection("NIK", "NIK_LENGTH", "NIK harus 16 digit", "NIK must be 16 digits")),
                        null, null, null, null, null, ChangeAction.KOREKSI, null),
                TestRows.pending(id, 4)));

        List<LedgerRow> back = new ArrayList<>();
        ledger.forEachRow(id, back::add);
        assertThat(back).extracting(LedgerRow::action).containsExactly(ChangeAction.BERHENTI,
                ChangeAction.KOREKSI, ChangeAction.DAFTAR);
        // DAFTAR is stored as NULL, as every row from before change files.
        assertThat(count("SELECT COUNT(*) FROM file_row WHERE action IS NULL")).isEqualTo(1);
        assertThat(ledger.storedChange(id, 2)).isEqualTo(item);
        assertThat(ledger.storedChange(id, 4)).isNull();
        assertThat(count("SELECT COUNT(*) FROM file_row WHERE change_json LIKE '%" + nik(id, 2) + "%'")).isZero();
        // The pending change row holds its NIK: another row of it is in flight elsewhere.
        assertThat(ledger.inFlightOf(List.of(nik(id, 2), nik(id, 3), nik(id, 4))))
                .containsOnlyKeys(nik(id, 2), nik(id, 4));
        assertThat(ledger.inFlightOf(List.of(nik(id, 2))).get(nik(id, 2)).rowNo()).isEqualTo(2);
    }

    // ------------------------------------------------------------ files

    @Test
    void aRepeatedFileIsRecordedAsDuplicateOfTheFirst() {
        FileRegistration first = ledger.registerFile("AG1", "jan.csv", SUM_A, T0);
        ledger.completeIntake(first.fileId(), 0, 0);
        FileRegistration again = ledger.registerFile("AG1", "jan-copy.csv", SUM_A.toUpperCase(), T0.plusSeconds(60));

        assertThat(first.duplicate()).isFalse();
        assertThat(first.previousFileId()).isNull();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.fileId()).isNotEqualTo(first.fileId());
        assertThat(again.previousFileId()).isEqualTo(first.fileId());
        assertThat(again.previousFileName()).isEqualTo("jan.csv");
        assertThat(again.previousReceivedAt()).isEqualTo(T0);
        assertThat(ledger.file(again.fileId()).orElseThrow().state()).isEqualTo(FileState.DUPLICATE);

        assertThat(again.resumed()).isFalse();
        // Another agency sending the same bytes is not a duplicate, nor is another file of the same agency.
        assertThat(ledger.registerFile("AG2", "jan.csv", SUM_A, T0).duplicate()).isFalse();
        assertThat(ledger.registerFile("AG1", "feb.csv", SUM_B, T0).duplicate()).isFalse();
        // A third copy still points at the original, not at the second copy.
        assertThat(ledger.registerFile("AG1", "x.csv", SUM_A, T0).previousFileId()).isEqualTo(first.fileId());
    }

    @Test
    void aFailedFileMayBeUploadedAgain() {
        FileRegistration first = ledger.registerFile("AG1", "jan.csv", SUM_A, T0);
        ledger.failFile(first.fileId(), "header missing NIK column");

        FileInfo failed = ledger.file(first.fileId()).orElseThrow();
        assertThat(failed.state()).isEqualTo(FileState.FAILED);
        assertThat(failed.error()).isEqualTo("header missing NIK column");

        FileRegistration retry = ledger.registerFile("AG1", "jan.csv", SUM_A, T0.plusSeconds(600));
        assertThat(retry.duplicate()).isFalse();
        assertThat(retry.resumed()).isFalse();
        assertThat(retry.fileId()).isNotEqualTo(first.fileId());
        ledger.completeIntake(retry.fileId(), 0, 0);
        // ... and the re-upload is now the one later copies repeat.
        FileRegistration copy = ledger.registerFile("AG1", "jan.csv", SUM_A, T0.plusSeconds(900));
        assertThat(copy.duplicate()).isTrue();
        assertThat(copy.previousFileId()).isEqualTo(retry.fileId());
    }

    @Test
    void concurrentRegistrationsOfOneFileYieldOneOriginal() throws Exception {
        List<FileRegistration> results = race(8, () -> ledger.registerFile("AG1", "jan.csv", SUM_A, T0));

        // One registers the file; the others find it still being received and go on with it.
        assertThat(results).filteredOn(r -> !r.resumed()).hasSize(1);
        long original = results.stream().filter(r -> !r.resumed()).findFirst().orElseThrow().fileId();
        assertThat(results).allSatisfy(r -> {
            assertThat(r.duplicate()).isFalse();
            assertThat(r.fileId()).isEqualTo(original);
        });
        assertThat(count("SELECT COUNT(*) FROM agency_file")).isEqualTo(1);
    }

    @Test
    void reportsLeftUnfinishedAreReclaimedOnceAfterTheyGoStale() {
        long id = ledger.registerFile("AG1", "jan.csv", SUM_A, T0).fileId();
        ledger.completeIntake(id, 0, 0);
        assertThat(ledger.tryStartReporting(id)).isTrue();
        // Just started: not stale yet for a cutoff in the past.
        assertThat(ledger.reclaimStaleReporting(java.time.Instant.now().minusSeconds(600), 10)).isEmpty();

        // The writer died: with a cutoff after its start the file is taken again, once.
        java.time.Instant later = java.time.Instant.now().plusSeconds(600);
        assertThat(ledger.reclaimStaleReporting(later, 10)).containsExactly(id);
        assertThat(ledger.reclaimStaleReporting(java.time.Instant.now().minusSeconds(1), 10)).isEmpty();
        ledger.markReported(id);
        assertThat(ledger.reclaimStaleReporting(later.plusSeconds(600), 10)).isEmpty();
    }

    @Test
    void aFileCutOffWhileBeingReceivedIsResumedNotDuplicated() {
        FileRegistration first = ledger.registerFile("AG1", "jan.csv", SUM_A, T0);
        ledger.insertRows(first.fileId(), List.of(
                new LedgerRow(first.fileId(), 2, "9671014505900001", "Yohana", RowState.PENDING, List.of(), "k2", null, null),
                new LedgerRow(first.fileId(), 3, "9671014505900002", "Markus", RowState.REJECTED, List.of(), null, null, null)));

        FileRegistration again = ledger.registerFile("AG1", "jan.csv", SUM_A, T0.plusSeconds(30));

        assertThat(again.resumed()).isTrue();
        assertThat(again.duplicate()).isFalse();
        assertThat(again.fileId()).isEqualTo(first.fileId());
        ExistingRows rows = ledger.existingRows(first.fileId());
        assertThat(rows.present().cardinality()).isEqualTo(2);
        assertThat(rows.pending().get(2)).isTrue();
        assertThat(rows.rejected().get(3)).isTrue();
        assertThat(rows.present().get(4)).isFalse();
    }

    @Test
    void filesAreListedLatestFirst() {
        long a = ledger.registerFile("AG1", "a.csv", SUM_A, T0).fileId();
        long b = ledger.registerFile("AG2", "b.csv", SUM_A, T0.plusSeconds(10)).fileId();
        long c = ledger.registerFile("AG1", "c.csv", SUM_B, T0.plusSeconds(20)).fileId();

        assertThat(ledger.files(null, 10)).extracting(FileInfo::id).containsExactly(c, b, a);
        assertThat(ledger.files("AG1", 10)).extracting(FileInfo::id).containsExactly(c, a);
        assertThat(ledger.files(null, 2)).extracting(FileInfo::id).containsExactly(c, b);
        assertThat(ledger.file(c + 1000)).isEmpty();

        FileInfo info = ledger.file(a).orElseThrow();
        assertThat(info.agencyId()).isEqualTo("AG1");
        assertThat(info.fileName()).isEqualTo("a.csv");
        assertThat(info.checksum()).isEqualTo(SUM_A);
        assertThat(info.state()).isEqualTo(FileState.RECEIVING);
        assertThat(info.receivedAt()).isEqualTo(T0);
        assertThat(info.totalRows()).isNull();
        assertThat(info.reportedAt()).isNull();
    }

    // ------------------------------------------------------------ rows

    @Test
    void insertsAThousandRowsWithTheirReasons() {
        long id = ledger.registerFile("AG1", "jan.csv", SUM_A, T0).fileId();
        ledger.insertRows(id, TestRows.mixed(id, 1_000));
        ledger.completeIntake(id, 1_000, 100);

        FileInfo info = ledger.file(id).orElseThrow();
        assertThat(info.state()).isEqualTo(FileState.PROCESSING);
        assertThat(info.totalRows()).isEqualTo(1_000);
        assertThat(info.rejectedRows()).isEqualTo(100);
        assertThat(ledger.rowCounts(id)).containsEntry(RowState.PENDING, 900).containsEntry(RowState.REJECTED, 100)
                .containsEntry(RowState.ENROLLED, 0).hasSize(RowState.values().length);

        List<LedgerRow> read = new ArrayList<>();
        ledger.forEachRow(id, read::add);
        assertThat(read.get(9)).isEqualTo(TestRows.rejected(id, 10));
        assertThat(read.get(9).reasons()).extracting(RowRejection::code).containsExactly("NIK_LENGTH", "DATE_FORMAT");
        assertThat(read.get(0)).isEqualTo(TestRows.pending(id, 1));
        assertThat(read.get(0).reasons()).isEmpty();
    }

    @Test
    void aBatchWithABadRowStoresNothingAndNamesNoNik() {
        long id = ledger.registerFile("AG1", "jan.csv", SUM_A, T0).fileId();
        List<LedgerRow> rows = new ArrayList<>(TestRows.allPending(id, 1, 5));
        rows.add(TestRows.pending(id, 3)); // same row number twice

        assertThatThrownBy(() -> ledger.insertRows(id, rows))
                .isInstanceOf(LedgerException.class)
                .satisfies(e -> {
                    assertThat(((LedgerException) e).sqlState()).isEqualTo("23505");
                    assertThat(e.getMessage()).doesNotContain(nik(id, 3));
                    assertThat(e.getCause().getMessage()).doesNotContain(nik(id, 3));
                });
        assertThat(ledger.rowCounts(id).get(RowState.PENDING)).isZero();
    }

    @Test
    void aRejectedRowsRawCellsAsLongAsALineAreKeptClipped() {
        // A row refused for its cells quotes them raw: a broken quote can make a "NIK" of a whole line.
        long id = ledger.registerFile("AG1", "jan.csv", SUM_A, T0).fileId();
        String longNik = "9271\u00e9".repeat(2_000);
        String longName = "Yermias \uD83D\uDE00 ".repeat(1_000);
        ledger.insertRows(id, List.of(new LedgerRow(id, 1, longNik, longName, RowState.REJECTED,
                List.of(new RowRejection("NIK", "NIK_LENGTH", "NIK harus 16 digit", "NIK must be 16 digits")),
                null, null, null)));

        List<LedgerRow> read = new ArrayList<>();
        ledger.forEachRow(id, read::add);
        assertThat(read.get(0).nik()).startsWith("9271\u00e9").endsWith("\u2026").hasSizeLessThanOrEqualTo(24);
        assertThat(read.get(0).name()).startsWith("Yermias ").endsWith("\u2026").hasSizeLessThanOrEqualTo(200);
        // Never half a surrogate pair at the cut.
        assertThat(read.get(0).name().chars().filter(c -> Character.isHighSurrogate((char) c)).count())
                .isEqualTo(read.get(0).name().chars().filter(c -> Character.isLowSurrogate((char) c)).count());
    }

    @Test
    void streamsTwentyThousandRowsInRowOrder() {
        long id = ledger.registerFile("AG1", "big.csv", SUM_A, T0).fileId();
        // Inserted out of order, in chunks as the intake does, so order must come from the query.
        for (int chunk = 39; chunk >= 0; chunk--) {
            ledger.insertRows(id, TestRows.allPending(id, chunk * 500 + 1, 500));
        }
        AtomicInteger expected = new AtomicInteger(1);
        ledger.forEachRow(id, row -> {
            assertThat(row.rowNo()).isEqualTo(expected.getAndIncrement());
            assertThat(row.nik()).isEqualTo(nik(id, row.rowNo()));
        });
        assertThat(expected.get() - 1).isEqualTo(20_000);
    }

    @Test
    void anExceptionFromTheRowActionStopsTheStreamAndReleasesTheConnection() {
        long id = processingFile("AG1", SUM_A, f -> TestRows.allPending(f, 1, 50));
        AtomicInteger seen = new AtomicInteger();
        for (int round = 0; round < 15; round++) { // more rounds than the pool has connections
            assertThatThrownBy(() -> ledger.forEachRow(id, row -> {
                if (seen.incrementAndGet() % 10 == 0) {
                    throw new IllegalStateException("report disk full");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("report disk full");
        }
        assertThat(ledger.rowCounts(id).get(RowState.PENDING)).isEqualTo(50);
    }

    // ------------------------------------------------------------ outcomes and reporting

    @Test
    void reportingStartsOnlyWhenNoRowIsPendingAndForExactlyOneCaller() throws Exception {
        long id = processingFile("AG1", SUM_A, f -> TestRows.mixed(f, 20));
        assertThat(ledger.tryStartReporting(id)).isFalse();

        List<RowOutcome> allButLast = new ArrayList<>();
        for (int i = 1; i < 19; i++) {
            if (i % 10 != 0) {
                allButLast.add(enrolled(id, i));
            }
        }
        ledger.recordOutcomes(allButLast);
        assertThat(ledger.tryStartReporting(id)).isFalse();
        assertThat(ledger.file(id).orElseThrow().state()).isEqualTo(FileState.PROCESSING);

        ledger.recordOutcomes(List.of(new RowOutcome(id, 19, RowState.REFUSED, null, "NIK tidak valid", "AG1", null)));
        List<Boolean> winners = race(8, () -> ledger.tryStartReporting(id));

        assertThat(winners).containsOnlyOnce(true).hasSize(8);
        assertThat(ledger.file(id).orElseThrow().state()).isEqualTo(FileState.REPORTING);
        assertThat(ledger.tryStartReporting(id)).isFalse();

        ledger.markReported(id);
        FileInfo done = ledger.file(id).orElseThrow();
        assertThat(done.state()).isEqualTo(FileState.DONE);
        assertThat(done.reportedAt()).isNotNull();
        ledger.markReported(id); // a redelivered "reported" is harmless
        assertThat(ledger.file(id).orElseThrow().reportedAt()).isEqualTo(done.reportedAt());
    }

    @Test
    void reportingNeedsAFileInProcessing() {
        long id = ledger.registerFile("AG1", "jan.csv", SUM_A, T0).fileId();
        assertThat(ledger.tryStartReporting(id)).isFalse(); // still RECEIVING
        assertThatThrownBy(() -> ledger.markReported(id)).isInstanceOf(IllegalStateException.class);
        ledger.completeIntake(id, 0, 0);
        ledger.completeIntake(id, 0, 0); // a repeated completion is harmless
        assertThat(ledger.tryStartReporting(id)).isTrue();
    }

    @Test
    void outcomesAreIdempotentAndMakeWorkers() {
        long id = processingFile("AG1", SUM_A, f -> TestRows.mixed(f, 10));
        List<RowOutcome> outcomes = List.of(
                enrolled(id, 1),
                enrolled(id, 2),
                new RowOutcome(id, 3, RowState.REFUSED, null, "sudah terdaftar di perusahaan lain", "AG1", null),
                new RowOutcome(id, 4, RowState.PARKED, null, "HTTP 503 after 5 attempts", "AG1", null),
                // The rejected row 10 never went to BPJS; an outcome for it must not change it.
                enrolled(id, 10));

        ledger.recordOutcomes(outcomes);
        ledger.recordOutcomes(outcomes);

        assertThat(ledger.rowCounts(id)).containsEntry(RowState.ENROLLED, 2).containsEntry(RowState.REFUSED, 1)
                .containsEntry(RowState.PARKED, 1).containsEntry(RowState.PENDING, 5)
                .containsEntry(RowState.REJECTED, 1);
        WorkerEnrollment w = ledger.findWorkerByNik(nik(id, 1)).orElseThrow();
        assertThat(w).isEqualTo(new WorkerEnrollment(nik(id, 1), kpj(id, 1), "Worker 1", "AG1", "Tambora", id, 1,
                w.enrolledAt()));
        assertThat(ledger.findWorkerByKpj(kpj(id, 2)).orElseThrow().nik()).isEqualTo(nik(id, 2));
        assertThat(ledger.findWorkerByKpj(kpj(id, 10))).isEmpty();
        assertThat(ledger.findWorkerByNik("3171000000000000")).isEmpty();

        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(id, rows::add);
        assertThat(rows.get(0).kpj()).isEqualTo(kpj(id, 1));
        assertThat(rows.get(2).lastError()).isEqualTo("sudah terdaftar di perusahaan lain");
        assertThat(rows.get(3).lastError()).isEqualTo("HTTP 503 after 5 attempts");
        assertThat(rows.get(9).state()).isEqualTo(RowState.REJECTED);
        assertThat(rows.get(9).kpj()).isNull();
    }

    /**
     * The worker keeps the village, trade, sex and birth year their enrollment request named (V35), for
     * reports a year later when the row itself is purged; a worker answered without a request keeps NULLs.
     */
    @Test
    void anEnrolledWorkerKeepsTheProfileItsRequestNamed() throws SQLException {
        long id = processingFile("AG1", SUM_A, f -> TestRows.mixed(f, 3));
        WorkerProfile profile = new WorkerProfile("Klasaman", "nelayan", "P", 1987);
        ledger.recordOutcomes(List.of(
                new RowOutcome(id, 1, RowState.ENROLLED, kpj(id, 1), null, "AG1", "Sorong Timur", profile),
                enrolled(id, 2)));

        try (Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT kelurahan, occupation, sex, birth_year FROM worker WHERE kpj = ?")) {
            ps.setString(1, kpj(id, 1));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(new WorkerProfile(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4, Integer.class))).isEqualTo(profile);
            }
            ps.setString(1, kpj(id, 2));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getObject(4)).isNull();
            }
        }
    }

    // ------------------------------------------------------------ one NIK, one worker, one KPJ

    private static final LocalDate BORN = LocalDate.of(1990, 5, 5);

    /** One row of its own file (file name "workers.csv"), PENDING, naming {@code nik}. */
    private long fileWithRow(String sum, int rowNo, String nik, String name, LocalDate born) {
        return processingFile("AG1", sum, f -> List.of(new LedgerRow(f, rowNo, nik, name, RowState.PENDING, List.of(),
                "key-" + f + "-" + rowNo, null, null, 1_000_000L, born)));
    }

    /**
     * A parked change row (AKSI) keeps its job in change_json, which replay does not rebuild: it is left
     * PARKED, and the file's parked enrollment rows are replayed all the same instead of the whole file
     * being refused for a "missing" request.
     */
    @Test
    void replayTakesAFilesParkedEnrollmentRowsAndLeavesItsParkedChangeRows() {
        long file = ledger.registerFile("AG1", "campur.csv", "d".repeat(64), Instant.parse("2026-05-02T01:00:00Z"))
                .fileId();
        ledger.insertRows(file, List.of(TestRows.pending(file, 1), new LedgerRow(file, 2, TestRows.nik(file, 2),
                "Worker 2", RowState.PENDING, List.of(), "key-" + file + "-2", "K0000000002", null, null, null,
                id.jamsos.gateway.changes.ChangeAction.BERHENTI, "{\"rowNo\":2}")));
        OpsQueries queries = new OpsQueries(db.dataSource());
        queries.storeItems(file, Map.of(1, "{\"rowNo\":1}"));
        ledger.completeIntake(file, 2, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(file, 1, RowState.PARKED, null, "503", "AG1", null),
                new RowOutcome(file, 2, RowState.PARKED, null, "503", "AG1", null)));

        assertThat(queries.parkedItems(file)).extracting(OpsQueries.StoredItem::rowNo).containsExactly(1);
        assertThat(ledger.resetParkedToPending(file)).isEqualTo(1);
        assertThat(ledger.rowCounts(file)).containsEntry(RowState.PENDING, 1).containsEntry(RowState.PARKED, 1);
    }

    private LedgerRow row(long fileId, int rowNo) {
        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(fileId, rows::add);
        return rows.stream().filter(r -> r.rowNo() == rowNo).findFirst().orElseThrow();
    }

    @Test
    void aSecondRowWithOtherDataForAnEnrolledNikIsADataConflictAndTheWorkerKeepsItsFirstEnrollment() {
        long first = processingFile("AG1", SUM_A, f -> TestRows.allPending(f, 1, 3));
        ledger.recordOutcomes(List.of(enrolled(first, 1)));

        long second = ledger.registerFile("AG1", "feb.csv", SUM_B, T0).fileId();
        ledger.insertRows(second, List.of(new LedgerRow(second, 7, nik(first, 1), "Same Person", RowState.PENDING,
                List.of(), "key-again", null, null)));
        ledger.completeIntake(second, 1, 0);
        int turnedAway = ledger.recordOutcomes(List.of(new RowOutcome(second, 7, RowState.ENROLLED, "K-OTHER", null,
                "AG1", null)));

        assertThat(turnedAway).isEqualTo(1);
        WorkerEnrollment w = ledger.findWorkerByNik(nik(first, 1)).orElseThrow();
        assertThat(w.fileId()).isEqualTo(first);
        assertThat(w.kpj()).isEqualTo(kpj(first, 1));
        assertThat(w.name()).isEqualTo("Worker 1");
        assertThat(ledger.findWorkerByKpj("K-OTHER")).isEmpty();
        LedgerRow r = row(second, 7);
        assertThat(r.state()).isEqualTo(RowState.REJECTED);
        assertThat(r.kpj()).isNull();
        assertThat(r.reasons()).singleElement().satisfies(why -> {
            assertThat(why.code()).isEqualTo("DATA_CONFLICT");
            // Both names, masked: a clerk recognises them, a stranger learns nothing.
            assertThat(why.messageEn()).contains("'SA** PE****'", "'WO**** 1'", "KPJ " + kpj(first, 1));
            assertThat(why.messageId()).contains("sudah terdaftar").doesNotContain("Same Person");
        });
        assertThat(ledger.rowCounts(second).get(RowState.ENROLLED)).isZero();
        // Repeating BPJS's answer (a redelivered job) changes nothing.
        assertThat(ledger.recordOutcomes(List.of(new RowOutcome(second, 7, RowState.ENROLLED, "K-OTHER", null,
                "AG1", null)))).isZero();
        assertThat(row(second, 7).reasons()).hasSize(1);
    }

    @Test
    void theSamePersonAnsweredAgainIsAlreadyEnrolledWithTheWorkersKpj() {
        String nik = "9271014505900001";
        long first = fileWithRow(SUM_A, 1, nik, "Yohana Kambu", BORN);
        ledger.recordOutcomes(List.of(new RowOutcome(first, 1, RowState.ENROLLED, "K-1", null, "AG1", null)));
        long second = fileWithRow(SUM_B, 4, nik, "  yohana   KAMBU ", BORN);

        assertThat(ledger.recordOutcomes(List.of(new RowOutcome(second, 4, RowState.ENROLLED, "K-1", null, "AG1", null))))
                .isEqualTo(1);
        LedgerRow r = row(second, 4);
        assertThat(r.state()).isEqualTo(RowState.REJECTED);
        assertThat(r.kpj()).isEqualTo("K-1");
        assertThat(r.reasons()).extracting(RowRejection::code).containsExactly("ALREADY_ENROLLED");
        assertThat(ledger.findWorkerByNik(nik).orElseThrow().fileId()).isEqualTo(first);
    }

    @Test
    void anotherBirthDateOrAnotherKpjForTheSameNameIsStillAConflict() {
        String nik = "9271014505900001";
        long first = fileWithRow(SUM_A, 1, nik, "Yohana Kambu", BORN);
        ledger.recordOutcomes(List.of(new RowOutcome(first, 1, RowState.ENROLLED, "K-1", null, "AG1", null)));
        long second = fileWithRow(SUM_B, 2, nik, "Yohana Kambu", BORN.plusDays(1));
        ledger.recordOutcomes(List.of(new RowOutcome(second, 2, RowState.ENROLLED, "K-1", null, "AG1", null)));
        long third = fileWithRow("c".repeat(64), 3, nik, "Yohana Kambu", BORN);
        ledger.recordOutcomes(List.of(new RowOutcome(third, 3, RowState.ENROLLED, "K-3", null, "AG1", null)));

        assertThat(row(second, 2).reasons()).singleElement().satisfies(why -> {
            assertThat(why.code()).isEqualTo("DATA_CONFLICT");
            assertThat(why.messageEn()).contains("birth date differs");
        });
        assertThat(row(third, 3).reasons()).singleElement().satisfies(why -> {
            assertThat(why.code()).isEqualTo("DATA_CONFLICT");
            assertThat(why.messageEn()).contains("KPJ K-1", "BPJS answered KPJ K-3");
        });
    }

    @Test
    void aKpjThatAlreadyBelongsToAnotherNikIsNeverGivenASecondName() {
        long first = fileWithRow(SUM_A, 1, "9271014505900001", "Yohana Kambu", BORN);
        ledger.recordOutcomes(List.of(new RowOutcome(first, 1, RowState.ENROLLED, "K-1", null, "AG1", null)));
        long second = fileWithRow(SUM_B, 1, "9271010101800002", "Markus Wanma", LocalDate.of(1980, 1, 1));

        ledger.recordOutcomes(List.of(new RowOutcome(second, 1, RowState.ENROLLED, "K-1", null, "AG1", null)));

        assertThat(row(second, 1).state()).isEqualTo(RowState.REJECTED);
        assertThat(row(second, 1).reasons()).extracting(RowRejection::code).containsExactly("DATA_CONFLICT");
        assertThat(ledger.findWorkerByNik("9271010101800002")).isEmpty();
        assertThat(ledger.findWorkerByKpj("K-1").orElseThrow().name()).isEqualTo("Yohana Kambu");
    }

    @Test
    void aNikOnItsWayToBpjsIsHeldByItsRowUntilThatRowIsDecided() {
        String nik = "9271014505900001";
        long first = fileWithRow(SUM_A, 5, nik, "Yohana Kambu", BORN);
        assertThat(ledger.standingOf(List.of(nik, "9999999999999999")))
                .containsOnlyKeys(nik)
                .containsEntry(nik, new NikStanding.InFlight(first, "workers.csv", 5));

        long second = ledger.registerFile("AG2", "lain.csv", SUM_B, T0).fileId();
        List<LedgerRow> again = List.of(new LedgerRow(second, 1, nik, "Yohana Kambu", RowState.PENDING, List.of(),
                "key-second", null, null));
        assertThatThrownBy(() -> ledger.insertRows(second, again)).isInstanceOf(LedgerException.class);

        // Parked, it waits for an operator and lets its NIK go; a replay takes it back.
        ledger.recordOutcomes(List.of(new RowOutcome(first, 5, RowState.PARKED, null, "HTTP 503", "AG1", null)));
        assertThat(ledger.standingOf(List.of(nik))).isEmpty();
        assertThat(ledger.resetParkedToPending(first)).isEqualTo(1);
        assertThat(ledger.standingOf(List.of(nik)).get(nik)).isEqualTo(new NikStanding.InFlight(first, "workers.csv", 5));
        ledger.recordOutcomes(List.of(new RowOutcome(first, 5, RowState.REFUSED, null, "ditolak", "AG1", null)));
        assertThat(ledger.standingOf(List.of(nik))).isEmpty();

        ledger.insertRows(second, again);
        assertThat(ledger.standingOf(List.of(nik)).get(nik)).isEqualTo(new NikStanding.InFlight(second, "lain.csv", 1));
        // A failed file lets its NIKs go: another file may send them.
        ledger.failFile(second, "broken");
        assertThat(ledger.standingOf(List.of(nik))).isEmpty();

        // A parked row replayed while another row holds its NIK goes without holding it.
        long parked = fileWithRow("d".repeat(64), 3, "9271010101800002", "Markus Wanma", BORN);
        ledger.recordOutcomes(List.of(new RowOutcome(parked, 3, RowState.PARKED, null, "HTTP 503", "AG1", null)));
        long holder = fileWithRow("e".repeat(64), 4, "9271010101800002", "Markus Wanma", BORN);
        assertThat(ledger.resetParkedToPending(parked)).isEqualTo(1);
        assertThat(ledger.standingOf(List.of("9271010101800002")).get("9271010101800002"))
                .isEqualTo(new NikStanding.InFlight(holder, "workers.csv", 4));

        long third = fileWithRow("c".repeat(64), 2, nik, "Yohana Kambu", BORN);
        ledger.recordOutcomes(List.of(new RowOutcome(third, 2, RowState.ENROLLED, "K-9", null, "AG1", null)));
        assertThat(ledger.standingOf(List.of(nik)).get(nik)).isEqualTo(new NikStanding.Enrolled("K-9", "Yohana Kambu",
                ledger.birthHash(BORN)));
    }

    @Test
    void ofRowsRacingToEnrolOneNikExactlyOneBecomesTheWorker() throws Exception {
        String nik = "9271014505900001";
        List<Long> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long id = fileWithRow(String.valueOf((char) ('c' + i)).repeat(64), 1, nik, "Yohana Kambu", BORN);
            // A failed file's rows no longer hold the NIK: the only way several can reach BPJS at once.
            ledger.failFile(id, "test");
            files.add(id);
        }
        AtomicInteger next = new AtomicInteger();
        List<Integer> turnedAway = race(8, () -> {
            long id = files.get(next.getAndIncrement());
            return ledger.recordOutcomes(List.of(new RowOutcome(id, 1, RowState.ENROLLED, "K-" + id, null, "AG1", null)));
        });

        long enrolledRows = files.stream().filter(f -> row(f, 1).state() == RowState.ENROLLED).count();
        System.out.println("[race] 8 rows of one NIK answered ENROLLED at once: enrolled=" + enrolledRows
                + " turnedAway=" + turnedAway.stream().mapToInt(Integer::intValue).sum());
        assertThat(enrolledRows).isEqualTo(1);
        assertThat(turnedAway.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        WorkerEnrollment w = ledger.findWorkerByNik(nik).orElseThrow();
        assertThat(row(w.fileId(), 1).state()).isEqualTo(RowState.ENROLLED);
        assertThat(w.kpj()).isEqualTo("K-" + w.fileId());
        assertThat(count("SELECT COUNT(*) FROM worker")).isEqualTo(1);
        for (long f : files) {
            if (f != w.fileId()) {
                assertThat(row(f, 1).reasons()).extracting(RowRejection::code).containsExactly("DATA_CONFLICT");
            }
        }
    }

    @Test
    void standingOfAnswersForManyNiksAtOnce() {
        long id = processingFile("AG1", SUM_A, f -> TestRows.allPending(f, 1, 1_200));
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 1_200; i += 2) {
            outcomes.add(enrolled(id, i));
        }
        ledger.recordOutcomes(outcomes);
        ledger.recordOutcomes(List.of(new RowOutcome(id, 2, RowState.REFUSED, null, "ditolak", "AG1", null)));

        List<String> asked = new ArrayList<>(IntStream.rangeClosed(1, 1_200).mapToObj(i -> nik(id, i)).toList());
        asked.add(nik(id, 1)); // repeated
        asked.add("9999999999999999");
        Map<String, NikStanding> found = ledger.standingOf(asked);

        // 600 enrolled, 599 still pending (row 2 was refused: its NIK is free again).
        assertThat(found).hasSize(1_199)
                .containsEntry(nik(id, 1), new NikStanding.Enrolled(kpj(id, 1), "Worker 1", null))
                .containsEntry(nik(id, 1199), new NikStanding.Enrolled(kpj(id, 1199), "Worker 1199", null))
                .containsEntry(nik(id, 4), new NikStanding.InFlight(id, "workers.csv", 4))
                .doesNotContainKey(nik(id, 2));
        assertThat(ledger.standingOf(List.of())).isEmpty();
    }

    @Test
    void parkedRowsCanBeReplayedAndTheFileReportedAgain() {
        long a = processingFile("AG1", SUM_A, f -> TestRows.allPending(f, 1, 4));
        long b = processingFile("AG1", SUM_B, f -> TestRows.allPending(f, 1, 2));
        ledger.recordOutcomes(List.of(
                new RowOutcome(a, 2, RowState.PARKED, null, "timeout", "AG1", null),
                new RowOutcome(a, 4, RowState.PARKED, null, "timeout", "AG1", null),
                enrolled(a, 1), enrolled(a, 3),
                new RowOutcome(b, 1, RowState.PARKED, null, "timeout", "AG1", null),
                enrolled(b, 2)));
        assertThat(ledger.tryStartReporting(a)).isTrue();
        ledger.markReported(a);

        assertThat(ledger.parkedRows(null, 10)).extracting(LedgerRow::fileId, LedgerRow::rowNo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, 2), org.assertj.core.groups.Tuple.tuple(a, 4),
                        org.assertj.core.groups.Tuple.tuple(b, 1));
        assertThat(ledger.parkedRows(null, 2)).hasSize(2);
        assertThat(ledger.parkedRows(a, 10)).extracting(LedgerRow::rowNo).containsExactly(2, 4);

        assertThat(ledger.resetParkedToPending(a)).isEqualTo(2);
        assertThat(ledger.resetParkedToPending(a)).isZero();
        assertThat(ledger.file(a).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        assertThat(ledger.parkedRows(null, 10)).extracting(LedgerRow::fileId).containsExactly(b);
        assertThat(ledger.tryStartReporting(a)).isFalse();

        ledger.recordOutcomes(List.of(enrolled(a, 2), new RowOutcome(a, 4, RowState.REFUSED, null, "dead", "AG1", null)));
        assertThat(ledger.rowCounts(a)).containsEntry(RowState.ENROLLED, 3).containsEntry(RowState.REFUSED, 1);
        assertThat(ledger.tryStartReporting(a)).isTrue();
    }

    @Test
    void aFinalOutcomeSettlesAParkedRowButAParkedOutcomeDoesNotRepark() {
        long id = processingFile("AG1", SUM_A, f -> TestRows.allPending(f, 1, 2));
        RowOutcome park = new RowOutcome(id, 1, RowState.PARKED, null, "first", "AG1", null);
        ledger.recordOutcomes(List.of(park));
        ledger.recordOutcomes(List.of(new RowOutcome(id, 1, RowState.PARKED, null, "second", "AG1", null)));
        assertThat(ledger.parkedRows(id, 10)).singleElement().extracting(LedgerRow::lastError).isEqualTo("first");

        // A late answer from BPJS for a parked row is still taken.
        ledger.recordOutcomes(List.of(enrolled(id, 1)));
        assertThat(ledger.findWorkerByNik(nik(id, 1))).isPresent();
        assertThat(ledger.parkedRows(id, 10)).isEmpty();
    }

    @Test
    void errorsKeptInTheLedgerHaveNikMasked() {
        long id = processingFile("AG1", SUM_A, f -> TestRows.allPending(f, 1, 1));
        String full = nik(id, 1);
        ledger.recordOutcomes(List.of(new RowOutcome(id, 1, RowState.REFUSED, null, "NIK " + full + " sudah ada",
                "AG1", null)));
        ledger.failFile(id, "cannot report " + full);

        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(id, rows::add);
        assertThat(rows.get(0).lastError()).isEqualTo("NIK " + NikMask.mask(full) + " sudah ada");
        assertThat(ledger.file(id).orElseThrow().error()).doesNotContain(full).contains(NikMask.mask(full));
    }

    // ------------------------------------------------------------ helpers

    /** Runs {@code task} on {@code threads} threads released at the same moment. */
    static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
