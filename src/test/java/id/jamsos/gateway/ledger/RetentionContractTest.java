package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The retention job's ledger side: the rows of files finished before the cutoff go, their counts stay,
 * nothing else is touched, and the workers they enrolled still serve claims and statements.
 */
abstract class RetentionContractTest extends LedgerDatabaseContract {

    private static final Instant RECEIVED = Instant.parse("2026-01-10T02:00:00Z");
    private static final Instant REPORTED = Instant.parse("2026-01-10T03:00:00Z");
    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    /** 90 days before NOW: files finished before it are due. */
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(90));
    private static final int BATCH = 7;

    private Ledger ledger;
    private Retention retention;
    private OpsQueries ops;
    private int checksums;

    @Override
    protected void migrated() {
        ledger = ledgerAt(REPORTED);
        retention = new Retention(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        ops = new OpsQueries(db.dataSource());
    }

    private Ledger ledgerAt(Instant now) {
        return new Ledger(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
    }

    /**
     * A file reported at {@code reportedAt} (DONE) whose rows end: 2 rejected, 3 enrolled (workers with
     * an income of Rp 1,500,000), 2 refused, 1 parked (with its stored request).
     */
    private long doneFile(String name, Instant reportedAt) {
        long id = processingFile(name);
        Ledger at = ledgerAt(reportedAt);
        at.recordOutcomes(List.of(
                new RowOutcome(id, 3, RowState.ENROLLED, kpj(id, 3), null, "AG1", "Sorong Timur"),
                new RowOutcome(id, 4, RowState.ENROLLED, kpj(id, 4), null, "AG1", "Sorong Timur"),
                new RowOutcome(id, 5, RowState.ENROLLED, kpj(id, 5), null, "AG1", "Sorong Timur"),
                new RowOutcome(id, 6, RowState.REFUSED, null, "already a member", "AG1", null),
                new RowOutcome(id, 7, RowState.REFUSED, null, "deceased", "AG1", null),
                new RowOutcome(id, 8, RowState.PARKED, null, "503 after 10 attempts", "AG1", null)));
        assertThat(at.tryStartReporting(id)).isTrue();
        at.markReported(id);
        return id;
    }

    /** Registered, 8 rows stored (rows 1-2 rejected, 3-8 pending), intake complete: PROCESSING. */
    private long processingFile(String name) {
        String sum = String.format("%064d", ++checksums);
        long id = ledger.registerFile("AG1", name, sum, RECEIVED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        for (int row = 1; row <= 8; row++) {
            boolean rejected = row <= 2;
            rows.add(new LedgerRow(id, row, nik(id, row), "Pekerja " + row,
                    rejected ? RowState.REJECTED : RowState.PENDING, List.of(), rejected ? null : "key-" + id + "-" + row,
                    null, null, rejected ? null : 1_500_000L, null));
        }
        ledger.insertRows(id, rows);
        ops.storeItems(id, Map.of(8, "{\"rowNo\":8,\"nik\":\"" + nik(id, 8) + "\"}"));
        ledger.completeIntake(id, 8, 2);
        return id;
    }

    private long count(String sql, long param) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long rowsOf(long fileId) throws SQLException {
        return count("SELECT COUNT(*) FROM file_row WHERE file_id = ?", fileId);
    }

    @Test
    void aFileFinishedBeforeTheCutoffLosesItsRowsAndKeepsItsCounts() throws SQLException {
        long id = doneFile("jan.csv", REPORTED);
        ledger.reports().archive().keep(id, 1, "ENROLLED=3", null, new byte[] {1});
        Map<RowState, Integer> before = ledger.rowCounts(id);
        Map<RowState, Long> allBefore = ops.rowCountsAll();
        assertThat(before).containsEntry(RowState.REJECTED, 2).containsEntry(RowState.ENROLLED, 3)
                .containsEntry(RowState.REFUSED, 2).containsEntry(RowState.PARKED, 1).containsEntry(RowState.PENDING, 0);

        Retention.Result result = retention.purgeFinishedBefore(CUTOFF, BATCH);

        assertThat(result.files()).isEqualTo(1);
        assertThat(result.rows()).isEqualTo(8);
        assertThat(rowsOf(id)).isZero();
        assertThat(ledger.rowCounts(id)).isEqualTo(before);
        assertThat(ops.rowCountsAll()).isEqualTo(allBefore);
        FileInfo file = ledger.file(id).orElseThrow();
        assertThat(file.purgedAt()).isEqualTo(NOW);
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(file.totalRows()).isEqualTo(8);
        assertThat(file.rejectedRows()).isEqualTo(2);
        // Nothing of the rows is left to read: no parked item to replay, no row to list.
        assertThat(ops.parkedItems(id)).isEmpty();
        assertThat(ops.rows(id, List.of(RowState.values()), 100)).isEmpty();
        assertThat(ops.filesWithParkedRows()).isEmpty();
        assertThat(ops.purgedFiles()).isEqualTo(new OpsQueries.PurgedFiles(1, NOW));
        // The archived report versions (V29) go with the rows.
        assertThat(ledger.reports().archive().versions(id)).isEmpty();
    }

    @Test
    void filesFinishedAfterTheCutoffAndFilesStillInProgressAreNotTouched() throws SQLException {
        long recent = doneFile("apr.csv", CUTOFF.plusSeconds(1));
        long processing = processingFile("processing.csv");
        long reporting = processingFile("reporting.csv");
        ledger.recordOutcomes(List.of(3, 4, 5, 6, 7, 8).stream()
                .map(row -> new RowOutcome(reporting, row, RowState.REFUSED, null, "no", "AG1", null)).toList());
        assertThat(ledger.tryStartReporting(reporting)).isTrue();
        long receiving = ledger.registerFile("AG1", "receiving.csv", "f".repeat(64), RECEIVED).fileId();
        ledger.insertRows(receiving, TestRows.allPending(receiving, 1, 3));

        Retention.Result result = retention.purgeFinishedBefore(CUTOFF, BATCH);

        assertThat(result.files()).isZero();
        assertThat(result.rows()).isZero();
        for (long id : List.of(recent, processing, reporting)) {
            assertThat(rowsOf(id)).isEqualTo(8);
            assertThat(ledger.file(id).orElseThrow().purgedAt()).isNull();
        }
        assertThat(rowsOf(receiving)).isEqualTo(3);
        assertThat(ledger.rowCounts(processing)).containsEntry(RowState.PENDING, 6);
        assertThat(retention.holdsRowsOf("AG1", "apr.csv")).isTrue();
    }

    @Test
    void failedAndDuplicateFilesArePurgedFromWhenTheyWereReceived() throws SQLException {
        // Failed part-way: two rows were still pending, and they are counted too.
        long failed = processingFile("failed.csv");
        ledger.recordOutcomes(List.of(3, 4, 5, 6).stream()
                .map(row -> new RowOutcome(failed, row, RowState.ENROLLED, kpj(failed, row), null, "AG1", null)).toList());
        ledger.failFile(failed, "the broker refused the jobs");
        long original = doneFile("jan.csv", NOW);
        long duplicate = ledger.registerFile("AG1", "jan-again.csv",
                ledger.file(original).orElseThrow().checksum(), RECEIVED).fileId();
        Map<RowState, Integer> failedBefore = ledger.rowCounts(failed);
        assertThat(failedBefore).containsEntry(RowState.PENDING, 2).containsEntry(RowState.ENROLLED, 4);

        Retention.Result result = retention.purgeFinishedBefore(CUTOFF, BATCH);

        assertThat(result.files()).isEqualTo(2);
        assertThat(result.rows()).isEqualTo(8);
        assertThat(rowsOf(failed)).isZero();
        assertThat(ledger.rowCounts(failed)).isEqualTo(failedBefore);
        assertThat(ledger.file(duplicate).orElseThrow().purgedAt()).isEqualTo(NOW);
        assertThat(ledger.rowCounts(duplicate).values()).containsOnly(0);
        // The original was reported only now: it stays whole.
        assertThat(rowsOf(original)).isEqualTo(8);
    }

    @Test
    void runningAgainChangesNothing() {
        long id = doneFile("jan.csv", REPORTED);
        retention.purgeFinishedBefore(CUTOFF, BATCH);
        Map<RowState, Integer> after = ledger.rowCounts(id);
        Retention later = new Retention(db.dataSource(), Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC));

        Retention.Result again = later.purgeFinishedBefore(CUTOFF.plus(Duration.ofDays(1)), BATCH);

        assertThat(again.files()).isZero();
        assertThat(again.rows()).isZero();
        assertThat(ledger.rowCounts(id)).isEqualTo(after);
        assertThat(ledger.file(id).orElseThrow().purgedAt()).isEqualTo(NOW);
    }

    @Test
    void rowsLeftBehindByAnInterruptedRunAreDeletedByTheNextAndCountedOnce() throws SQLException {
        long id = doneFile("jan.csv", REPORTED);
        Map<RowState, Integer> before = ledger.rowCounts(id);
        retention.purgeFinishedBefore(CUTOFF, BATCH);
        // As if the process died after taking the file and deleting one batch: rows back, purged_at set.
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO file_row (file_id, row_no, state, updated_at)"
                     + " VALUES (?, ?, 'PARKED', CURRENT_TIMESTAMP)")) {
            for (int row = 100; row < 120; row++) {
                ps.setLong(1, id);
                ps.setInt(2, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Counts come from the file while its rows are being deleted.
        assertThat(ledger.rowCounts(id)).isEqualTo(before);

        Retention.Result next = retention.purgeFinishedBefore(CUTOFF, BATCH);

        assertThat(next.files()).isZero();
        assertThat(next.rows()).isEqualTo(20);
        assertThat(rowsOf(id)).isZero();
        assertThat(ledger.rowCounts(id)).isEqualTo(before);
    }

    @Test
    void twoProcessesPurgingAtOnceTakeEachFileOnceAndDeleteEveryRow() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(doneFile("f" + i + ".csv", REPORTED));
        }
        long rowsBefore = ids.size() * 8L;

        List<Retention.Result> results = LedgerContractTest.race(2,
                () -> new Retention(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC)).purgeFinishedBefore(CUTOFF, 3));

        assertThat(results.stream().mapToInt(Retention.Result::files).sum()).isEqualTo(ids.size());
        assertThat(results.stream().mapToLong(Retention.Result::rows).sum()).isEqualTo(rowsBefore);
        for (long id : ids) {
            assertThat(rowsOf(id)).isZero();
            assertThat(ledger.rowCounts(id)).containsEntry(RowState.ENROLLED, 3).containsEntry(RowState.PARKED, 1)
                    .containsEntry(RowState.REJECTED, 2).containsEntry(RowState.REFUSED, 2);
        }
        assertThat(ops.rowCountsAll().get(RowState.ENROLLED)).isEqualTo(3L * ids.size());
    }

    @Test
    void workersOfAPurgedFileStillServeClaimsAndStatements() throws SQLException {
        long id = doneFile("jan.csv", REPORTED);

        retention.purgeFinishedBefore(CUTOFF, BATCH);

        WorkerEnrollment byKpj = ledger.findWorkerByKpj(kpj(id, 4)).orElseThrow();
        assertThat(byKpj.nik()).isEqualTo(nik(id, 4));
        assertThat(byKpj.agencyId()).isEqualTo("AG1");
        assertThat(byKpj.district()).isEqualTo("Sorong Timur");
        assertThat(ledger.findWorkerByNik(nik(id, 5))).hasValueSatisfying(w -> assertThat(w.kpj()).isEqualTo(kpj(id, 5)));
        assertThat(ledger.standingOf(List.of(nik(id, 3)))).containsEntry(nik(id, 3), new NikStanding.Enrolled(kpj(id, 3), "Pekerja 3", null));
        List<CoveredWorker> covered = new ArrayList<>();
        new FinanceLedger(db.dataSource()).forEachWorkerCoveredIn(
                YearMonth.from(NOW.atZone(CoverageLedger.DEFAULT_ZONE)), null, covered::add);
        assertThat(covered).extracting(CoveredWorker::kpj).containsExactly(kpj(id, 3), kpj(id, 4), kpj(id, 5));
        // The declared income moved from the deleted rows to the workers.
        assertThat(covered).extracting(CoveredWorker::monthlyIncome).containsOnly(1_500_000L);
        assertThat(count("SELECT COUNT(*) FROM worker WHERE file_id = ?", id)).isEqualTo(3);
    }

    @Test
    void aPurgedFileHasNothingToReplay() {
        long id = doneFile("jan.csv", REPORTED);
        retention.purgeFinishedBefore(CUTOFF, BATCH);

        assertThat(ledger.resetParkedToPending(id)).isZero();

        assertThat(ledger.file(id).orElseThrow().state()).isEqualTo(FileState.DONE);
        assertThat(ledger.rowCounts(id)).containsEntry(RowState.PARKED, 1).containsEntry(RowState.PENDING, 0);
    }

    @Test
    void aFileBeingReplayedIsNotPurged() throws SQLException {
        long id = doneFile("jan.csv", REPORTED);
        // An operator replays the parked row: the file is back in PROCESSING until it is decided.
        assertThat(ledger.resetParkedToPending(id)).isEqualTo(1);

        assertThat(retention.purgeFinishedBefore(CUTOFF, BATCH).files()).isZero();

        assertThat(rowsOf(id)).isEqualTo(8);
        assertThat(retention.holdsRowsOf("AG1", "jan.csv")).isTrue();
    }

    @Test
    void theArchiveMayGoOnceNoUnpurgedFileOfThatNameIsLeft() {
        doneFile("jan.csv", REPORTED);
        long again = doneFile("jan.csv", NOW);
        assertThat(retention.holdsRowsOf("AG1", "jan.csv")).isTrue();

        retention.purgeFinishedBefore(CUTOFF, BATCH);
        // The later upload of the same name still has its rows.
        assertThat(retention.holdsRowsOf("AG1", "jan.csv")).isTrue();

        retention.purgeFinishedBefore(NOW.plusSeconds(1), BATCH);
        assertThat(ledger.file(again).orElseThrow().purgedAt()).isNotNull();
        assertThat(retention.holdsRowsOf("AG1", "jan.csv")).isFalse();
        assertThat(retention.holdsRowsOf("AG2", "jan.csv")).isFalse();
        assertThat(retention.holdsRowsOf("AG1", "unknown.csv")).isFalse();
    }
}
