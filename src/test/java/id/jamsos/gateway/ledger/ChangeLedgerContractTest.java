package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ReplayChecks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change rows applied (V16): BPJS's answer to a BERHENTI, KOREKSI or PINDAH row ends cover, corrects
 * the worker's stored data or hands the worker over, in one transaction with the row leaving PENDING
 * and a history line whose values are encrypted; a job applied twice changes once.
 */
abstract class ChangeLedgerContractTest extends LedgerDatabaseContract {

    /** 00:30 WIT on 1 April 2026: April's enrollment. */
    private static final Instant ENROLLED = Instant.parse("2026-03-31T15:30:00Z");
    private static final Instant APPLIED = Instant.parse("2026-07-10T02:00:00Z");
    private static final long INCOME = 2_000_000L;

    private Ledger ledger;
    private ChangeLedger changes;
    private CoverageLedger coverage;
    private long enrolFile;
    private long changeFile;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        changes = new ChangeLedger(db.dataSource(), Clock.fixed(APPLIED, ZoneOffset.UTC), PersonalDataCipher.forTests());
        coverage = new CoverageLedger(db.dataSource(), Clock.fixed(APPLIED, ZoneOffset.UTC), CoverageLedger.DEFAULT_ZONE);
    }

    /** Three workers enrolled in April, and a change file naming each of them (rows 1..3, PENDING). */
    @BeforeEach
    void enrolThreeAndReceiveAChangeFile() {
        enrolFile = ledger.registerFile("AG1", "maret.csv", "c".repeat(64), ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            rows.add(new LedgerRow(enrolFile, i, nik(enrolFile, i), "Worker " + i, RowState.PENDING, List.of(),
                    "key-" + enrolFile + "-" + i, null, null, INCOME, LocalDate.of(1990, 1, i)));
        }
        ledger.insertRows(enrolFile, rows);
        ledger.completeIntake(enrolFile, 3, 0);
        ledger.recordOutcomes(List.of(TestRows.enrolled(enrolFile, 1), TestRows.enrolled(enrolFile, 2),
                TestRows.enrolled(enrolFile, 3)));

        changeFile = ledger.registerFile("AG1", "perubahan.csv", "d".repeat(64), APPLIED).fileId();
        List<LedgerRow> changeRows = new ArrayList<>();
        ChangeAction[] actions = {ChangeAction.BERHENTI, ChangeAction.KOREKSI, ChangeAction.PINDAH};
        for (int i = 1; i <= 3; i++) {
            // As the intake stores change rows: the AKSI, and the job item a replay sends again.
            changeRows.add(new LedgerRow(changeFile, i, nik(enrolFile, i), "Worker " + i, RowState.PENDING, List.of(),
                    "chg-" + changeFile + "-" + i, null, null, null, null, actions[i - 1], "{}"));
        }
        ledger.insertRows(changeFile, changeRows);
        ledger.completeIntake(changeFile, 3, 0);
    }

    @Test
    void berhentiEndsCoverWithTheReasonAndMonthAndTheRowIsApplied() throws Exception {
        List<ChangeLedger.Decided> decided = changes.apply(List.of(ChangeOutcome.ended(changeFile, 1, "AG1",
                kpj(enrolFile, 1), EndReason.MOVED, YearMonth.of(2026, 6), "chg-1", "200")));

        assertThat(decided).extracting(ChangeLedger.Decided::state).containsExactly(RowState.APPLIED);
        CoveragePeriod p = coverage.periods(kpj(enrolFile, 1)).get(0);
        assertThat(p.lastMonth()).isEqualTo(YearMonth.of(2026, 6));
        assertThat(p.endReason()).isEqualTo(EndReason.MOVED);
        assertThat(p.endedBy()).isEqualTo(CoverageLedger.rowSource(changeFile, 1));
        assertThat(coverage.coveredIn(YearMonth.of(2026, 7), null)).isEqualTo(2);
        Map<String, Object> row = row(changeFile, 1);
        assertThat(row).containsEntry("state", "APPLIED").containsEntry("attempts", 1)
                .containsEntry("kpj", kpj(enrolFile, 1));
        assertThat(row.get("live_nik_hash")).isNull();
        assertThat((String) row.get("last_error")).contains("2026-06").contains("pindah domisili / moved away");

        List<WorkerChange> history = changes.history(kpj(enrolFile, 1));
        assertThat(history).hasSize(1);
        WorkerChange line = history.get(0);
        assertThat(line.action()).isEqualTo(ChangeAction.BERHENTI);
        assertThat(line.newValues()).containsEntry(ChangeLedger.LAST_MONTH, "2026-06")
                .containsEntry(ChangeLedger.END_REASON, "MOVED");
        assertThat(line.fileId()).isEqualTo(changeFile);
        assertThat(line.rowNo()).isEqualTo(1);
        assertThat(line.bpjsRefId()).isEqualTo("chg-1");
        assertThat(line.bpjsCode()).isEqualTo("200");
        assertThat(line.appliedAt()).isEqualTo(APPLIED);
    }

    @Test
    void koreksiCorrectsTheStoredDataAndKeepsTheOldAndNewValuesEncrypted() throws Exception {
        LocalDate born = LocalDate.of(1991, 2, 3);
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 2, "AG1", kpj(enrolFile, 2),
                new ChangeOutcome.Correction("Yohana Worker", born, 3_500_000L, "081234567890"), "chg-2", "200")));

        assertThat(ledger.findWorkerByKpj(kpj(enrolFile, 2))).hasValueSatisfying(w ->
                assertThat(w.name()).isEqualTo("Yohana Worker"));
        NikStanding.Enrolled standing = (NikStanding.Enrolled) ledger.standingOf(List.of(nik(enrolFile, 2)))
                .get(nik(enrolFile, 2));
        assertThat(standing.birthHash()).isEqualTo(ledger.birthHash(born));
        // The coverage reports' age band reads the corrected year (V35).
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT birth_year FROM worker WHERE kpj = '" + kpj(enrolFile, 2) + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1991);
        }
        // Statements read the corrected income.
        assertThat(new FinanceLedger(db.dataSource()).workersByIncome(YearMonth.of(2026, 7)))
                .extracting(FinanceLedger.IncomeCount::monthlyIncome, FinanceLedger.IncomeCount::workers)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(INCOME, 2L),
                        org.assertj.core.groups.Tuple.tuple(3_500_000L, 1L));
        assertThat(row(changeFile, 2)).containsEntry("state", "APPLIED");

        WorkerChange line = changes.historyOfNik(nik(enrolFile, 2)).get(0);
        assertThat(line.changedFields()).containsExactly("nama", "tglLahir", "penghasilan", "noHp");
        assertThat(line.oldValues()).containsEntry("nama", "Worker 2").containsEntry("penghasilan", "2000000")
                .doesNotContainKeys("tglLahir", "noHp");
        assertThat(line.newValues()).containsEntry("nama", "Yohana Worker").containsEntry("tglLahir", "1991-02-03")
                .containsEntry("penghasilan", "3500000").containsEntry("noHp", "081234567890");
        // At rest the values are ciphertext, bound to their line: copied to another line they do not open.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT old_values, new_values FROM worker_change")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("enc:").doesNotContain("Worker 2");
            assertThat(rs.getString(2)).startsWith("enc:").doesNotContain("Yohana").doesNotContain("0812");
            String oldValues = rs.getString(1);
            assertThatThrownBy(() -> PersonalDataCipher.forTests().decryptText(oldValues,
                    CipherContext.changeOldValues(CoverageLedger.rowSource(changeFile, 3))))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void koreksiOfTheVillageAndTradeMovesTheWorkerInTheCoverageReport() throws Exception {
        // A KOREKSI of KELURAHAN and PEKERJAAN only: no BPJS call, so no refId and no code (the route's
        // profile-correction step); kept as an enrollment keeps them (trimmed, the trade in lower case).
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 1, "AG1", kpj(enrolFile, 1),
                new ChangeOutcome.Correction(null, null, null, null, "Klasaman", "Nelayan"), null, null)));

        assertThat(row(changeFile, 1)).containsEntry("state", "APPLIED");
        id.jamsos.gateway.coverage.CoverageReportBuilder builder = new id.jamsos.gateway.coverage.CoverageReportBuilder(
                db.dataSource(), new id.jamsos.gateway.finance.Programme("2026", YearMonth.of(2026, 1),
                YearMonth.of(2026, 12), List.of(new id.jamsos.gateway.finance.Programme.FundingSource("APBD_KOTA",
                "APBD Kota", 1_000_000_000L, "5.1", List.of())), "APBD_KOTA"), INCOME,
                CoverageLedger.DEFAULT_ZONE, Clock.fixed(APPLIED, ZoneOffset.UTC));
        YearMonth july = YearMonth.of(2026, 7);
        id.jamsos.gateway.coverage.CoverageReport r = builder.build(july, july,
                List.of(id.jamsos.gateway.coverage.Dimension.KELURAHAN, id.jamsos.gateway.coverage.Dimension.OCCUPATION));
        id.jamsos.gateway.coverage.CoverageReport.Table village = r.table(id.jamsos.gateway.coverage.Dimension.KELURAHAN)
                .orElseThrow();
        assertThat(village.get(july, "Klasaman").active()).isEqualTo(1);
        assertThat(village.get(july, id.jamsos.gateway.coverage.Dimension.UNKNOWN).active()).isEqualTo(2);
        assertThat(r.table(id.jamsos.gateway.coverage.Dimension.OCCUPATION).orElseThrow().get(july, "nelayan").active())
                .isEqualTo(1);

        // A second KOREKSI moves the worker on; the history keeps both, the old village beside the new.
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 2, "AG1", kpj(enrolFile, 1),
                new ChangeOutcome.Correction(null, null, null, null, "Remu Utara", null), null, null)));
        r = builder.build(july, july, List.of(id.jamsos.gateway.coverage.Dimension.KELURAHAN));
        village = r.table(id.jamsos.gateway.coverage.Dimension.KELURAHAN).orElseThrow();
        assertThat(village.get(july, "Klasaman").active()).isZero();
        assertThat(village.get(july, "Remu Utara").active()).isEqualTo(1);
        List<WorkerChange> history = changes.history(kpj(enrolFile, 1));
        assertThat(history).hasSize(2);
        assertThat(history.get(0).changedFields()).containsExactly("kelurahan", "pekerjaan");
        assertThat(history.get(0).newValues()).containsEntry("kelurahan", "Klasaman").containsEntry("pekerjaan", "nelayan");
        assertThat(history.get(1).oldValues()).containsEntry("kelurahan", "Klasaman");
        assertThat(history.get(1).newValues()).containsEntry("kelurahan", "Remu Utara");
    }

    @Test
    void koreksiOfTheDistrictMovesTheWorkerToTheOtherDistrictWithTheVillage() throws Exception {
        String worker = kpj(enrolFile, 1);
        assertThat(district(worker)).isEqualTo("Tambora");
        // A worker moved to a village of another district: KELURAHAN and DISTRIK in one KOREKSI, no BPJS call
        // (the route's profile-correction step); the district kept as an enrollment keeps it.
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 1, "AG1", worker,
                new ChangeOutcome.Correction(null, null, null, null, "Remu Utara", null, " Sorong Manoi "), null, null)));

        assertThat(row(changeFile, 1)).containsEntry("state", "APPLIED");
        assertThat(district(worker)).isEqualTo("Sorong Manoi");
        List<WorkerChange> history = changes.history(worker);
        assertThat(history).singleElement().satisfies(line -> {
            assertThat(line.changedFields()).containsExactly("kelurahan", "distrik");
            assertThat(line.newValues()).containsEntry("kelurahan", "Remu Utara").containsEntry("distrik", "Sorong Manoi");
            assertThat(line.oldValues()).containsEntry("distrik", "Tambora");
        });
        // A correction of another field leaves the district as it is.
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 2, "AG1", worker,
                new ChangeOutcome.Correction(null, null, null, null, null, "nelayan"), null, null)));
        assertThat(district(worker)).isEqualTo("Sorong Manoi");
    }

    private String district(String kpj) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT district FROM worker WHERE kpj = ?")) {
            ps.setString(1, kpj);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void pindahSplitsTheMonthsAndAWorkerNoLongerCoveredIsRefused() throws Exception {
        changes.apply(List.of(
                ChangeOutcome.handedOver(changeFile, 3, "AG1", kpj(enrolFile, 3), "AG2", YearMonth.of(2026, 8))));
        assertThat(coverage.coveredIn(YearMonth.of(2026, 7), "AG1")).isEqualTo(3);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 8), "AG1")).isEqualTo(2);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 8), "AG2")).isEqualTo(1);
        assertThat(ledger.findWorkerByKpj(kpj(enrolFile, 3))).hasValueSatisfying(w ->
                assertThat(w.agencyId()).isEqualTo("AG2"));
        WorkerChange line = changes.history(kpj(enrolFile, 3)).get(0);
        assertThat(line.oldValues()).containsEntry("instansi", "AG1");
        assertThat(line.newValues()).containsEntry("instansi", "AG2").containsEntry("bulanMulai", "2026-08");
        assertThat(line.bpjsCode()).isNull();

        coverage.end(kpj(enrolFile, 1), YearMonth.of(2026, 5), EndReason.DIED, "claim:JKM-9");
        List<ChangeLedger.Decided> refused = changes.apply(List.of(
                ChangeOutcome.handedOver(changeFile, 1, "AG1", kpj(enrolFile, 1), "AG2", YearMonth.of(2026, 8))));
        assertThat(refused.get(0).state()).isEqualTo(RowState.REFUSED);
        assertThat(row(changeFile, 1)).containsEntry("state", "REFUSED");
        assertThat((String) row(changeFile, 1).get("last_error")).contains("tidak lagi ditanggung")
                .contains("no longer covered");
        assertThat(coverage.periods(kpj(enrolFile, 1))).hasSize(1);
        assertThat(changes.history(kpj(enrolFile, 1))).isEmpty();
    }

    @Test
    void theSameJobAppliedTwiceChangesOnce() throws Exception {
        List<ChangeOutcome> job = List.of(
                ChangeOutcome.ended(changeFile, 1, "AG1", kpj(enrolFile, 1), EndReason.WITHDRAWN, YearMonth.of(2026, 6),
                        "chg-1", "200"),
                ChangeOutcome.handedOver(changeFile, 3, "AG1", kpj(enrolFile, 3), "AG2", YearMonth.of(2026, 8)));
        changes.apply(job);
        List<ChangeLedger.Decided> again = changes.apply(job);

        assertThat(again).extracting(ChangeLedger.Decided::state).containsOnlyNulls();
        assertThat(coverage.periods(kpj(enrolFile, 3))).hasSize(2);
        assertThat(row(changeFile, 1)).containsEntry("attempts", 1);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM worker_change")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void refusedAndParkedRowsChangeNoWorkerAndTheFilesLastRowMakesItsReportsDue() throws Exception {
        changes.apply(List.of(
                ChangeOutcome.refused(changeFile, 1, "AG1", ChangeAction.BERHENTI, kpj(enrolFile, 1),
                        "BPJS 201: Peserta tidak ditemukan / member not found", "chg-1", "201"),
                ChangeOutcome.parked(changeFile, 2, "AG1", ChangeAction.KOREKSI, kpj(enrolFile, 2),
                        "endpoint answered HTTP 404", "chg-2")));
        assertThat(row(changeFile, 1)).containsEntry("state", "REFUSED");
        assertThat((String) row(changeFile, 1).get("last_error")).contains("member not found");
        assertThat(row(changeFile, 2)).containsEntry("state", "PARKED");
        assertThat(coverage.coveredIn(YearMonth.of(2026, 7), null)).isEqualTo(3);
        assertThat(ledger.findWorkerByKpj(kpj(enrolFile, 2))).hasValueSatisfying(w ->
                assertThat(w.name()).isEqualTo("Worker 2"));
        assertThat(ledger.tryStartReporting(changeFile)).as("row 3 is still pending").isFalse();

        // A replay's final answer takes the parked row; a second parking does not park it twice.
        changes.apply(List.of(ChangeOutcome.parked(changeFile, 2, "AG1", ChangeAction.KOREKSI, kpj(enrolFile, 2),
                "again", "chg-2")));
        assertThat(row(changeFile, 2)).containsEntry("attempts", 1);
        changes.apply(List.of(
                ChangeOutcome.corrected(changeFile, 2, "AG1", kpj(enrolFile, 2),
                        new ChangeOutcome.Correction(null, null, null, "0811"), "chg-2", "200"),
                ChangeOutcome.handedOver(changeFile, 3, "AG1", kpj(enrolFile, 3), "AG2", YearMonth.of(2026, 8))));
        assertThat(row(changeFile, 2)).containsEntry("state", "APPLIED");
        assertThat(ledger.rowCounts(changeFile)).containsEntry(RowState.APPLIED, 2).containsEntry(RowState.REFUSED, 1);
        assertThat(ledger.tryStartReporting(changeFile)).isTrue();
    }

    @Test
    void aReplayedRowAnsweredTwiceChangesTheWorkerOnce() throws Exception {
        // Rows 1 and 2 parked in an outage, then replayed: PENDING again before their job leaves.
        changes.apply(List.of(
                ChangeOutcome.parked(changeFile, 1, "AG1", ChangeAction.BERHENTI, kpj(enrolFile, 1), "HTTP 503", "chg-1"),
                ChangeOutcome.parked(changeFile, 2, "AG1", ChangeAction.KOREKSI, kpj(enrolFile, 2), "HTTP 503", "chg-2")));
        ChangeLedger.ReplayStart start = changes.startReplay(changeFile, List.of(), List.of(1, 2));
        assertThat(start.pending()).containsExactly(1, 2);
        assertThat(row(changeFile, 1)).containsEntry("state", "PENDING");
        // Held again: one NIK is never in flight twice.
        assertThat(row(changeFile, 1).get("live_nik_hash")).isNotNull();
        // A second replay that judged the row before the first sent it refuses nothing on its way.
        assertThat(changes.startReplay(changeFile, List.of(ChangeOutcome.refused(changeFile, 1, "AG1",
                ChangeAction.BERHENTI, kpj(enrolFile, 1), "late", "chg-1", null)), List.of()).refused()).isZero();
        assertThat(row(changeFile, 1)).containsEntry("state", "PENDING");

        List<ChangeOutcome> answers = List.of(
                ChangeOutcome.ended(changeFile, 1, "AG1", kpj(enrolFile, 1), EndReason.DIED, YearMonth.of(2026, 6),
                        "chg-1", "200"),
                ChangeOutcome.corrected(changeFile, 2, "AG1", kpj(enrolFile, 2),
                        new ChangeOutcome.Correction("Nama Sekali", null, 2_500_000L, null), "chg-2", "200"));
        assertThat(changes.apply(answers)).extracting(ChangeLedger.Decided::state)
                .containsExactly(RowState.APPLIED, RowState.APPLIED);
        // The same answers again (a second replay's job, a redelivery): BPJS answers the same refId the
        // same; the ledger has decided the rows and changes nothing.
        Map<String, Object> before = row(changeFile, 2);
        assertThat(changes.apply(answers)).extracting(ChangeLedger.Decided::state).containsOnlyNulls();
        // Even with BPJS's "already non-active" and a later month, the first end stays.
        assertThat(changes.apply(List.of(ChangeOutcome.ended(changeFile, 1, "AG1", kpj(enrolFile, 1), EndReason.MOVED,
                YearMonth.of(2026, 7), "chg-1", "212")))).extracting(ChangeLedger.Decided::state).containsOnlyNulls();

        assertThat(row(changeFile, 2)).isEqualTo(before);
        assertThat(coverage.periods(kpj(enrolFile, 1))).singleElement().satisfies(p -> {
            assertThat(p.lastMonth()).isEqualTo(YearMonth.of(2026, 6));
            assertThat(p.endReason()).isEqualTo(EndReason.DIED);
        });
        assertThat(changes.history(kpj(enrolFile, 1))).hasSize(1);
        assertThat(changes.history(kpj(enrolFile, 2))).singleElement().satisfies(line ->
                assertThat(line.oldValues()).containsEntry("nama", "Worker 2"));
        assertThat(ledger.findWorkerByKpj(kpj(enrolFile, 2))).hasValueSatisfying(w ->
                assertThat(w.name()).isEqualTo("Nama Sekali"));
        // A second replay finds nothing parked to start.
        assertThat(changes.startReplay(changeFile, List.of(), List.of(1, 2)).pending()).isEmpty();
    }

    @Test
    void aReplayRefusesRowsFromParkedAndReopensTheReportedFile() throws Exception {
        changes.apply(List.of(
                ChangeOutcome.parked(changeFile, 1, "AG1", ChangeAction.BERHENTI, kpj(enrolFile, 1), "HTTP 503", "chg-1"),
                ChangeOutcome.parked(changeFile, 2, "AG1", ChangeAction.KOREKSI, kpj(enrolFile, 2), "HTTP 503", "chg-2"),
                ChangeOutcome.parked(changeFile, 3, "AG1", ChangeAction.PINDAH, kpj(enrolFile, 3), "HTTP 503", "chg-3")));
        assertThat(ledger.tryStartReporting(changeFile)).isTrue();
        ledger.markReported(changeFile);
        assertThat(ledger.file(changeFile).orElseThrow().state()).isEqualTo(FileState.DONE);

        ChangeLedger.ReplayStart start = changes.startReplay(changeFile, List.of(ChangeOutcome.refused(changeFile, 1,
                "AG1", ChangeAction.BERHENTI, kpj(enrolFile, 1), "Tidak dikirim ulang / Not sent again", "chg-1",
                null)), List.of(2));
        assertThat(start.pending()).containsExactly(2);
        assertThat(start.refused()).isEqualTo(1);
        assertThat(row(changeFile, 1)).containsEntry("state", "REFUSED").containsEntry("last_error",
                "Tidak dikirim ulang / Not sent again");
        assertThat(row(changeFile, 3)).containsEntry("state", "PARKED");
        // Rows on their way again: the file's reports are written again once they are decided.
        assertThat(ledger.file(changeFile).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        assertThat(coverage.openPeriod(kpj(enrolFile, 1))).isPresent();

        // Only refused, nothing sent: nothing would decide a row, so the file goes to the stale-reports
        // route at once (REPORTING without a start), which writes the reports again.
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 2, "AG1", kpj(enrolFile, 2),
                new ChangeOutcome.Correction(null, null, null, "0811"), "chg-2", "200")));
        assertThat(ledger.tryStartReporting(changeFile)).isTrue();
        ledger.markReported(changeFile);
        start = changes.startReplay(changeFile, List.of(ChangeOutcome.refused(changeFile, 3, "AG1",
                ChangeAction.PINDAH, kpj(enrolFile, 3), "no", "chg-3", null)), List.of());
        assertThat(start.refused()).isEqualTo(1);
        assertThat(ledger.file(changeFile).orElseThrow().state()).isEqualTo(FileState.REPORTING);
        assertThat(ledger.reclaimStaleReporting(APPLIED.minusSeconds(3600), 10)).containsExactly(changeFile);
    }

    @Test
    void aLaterChangeOfTheSameWorkerIsFoundAppliedOrOnItsWay() throws Exception {
        String kpj2 = kpj(enrolFile, 2);
        assertThat(changes.laterChange(kpj2, changeFile, 2)).isEmpty();
        // Row 2 parked: its NIK is free for a later file's row.
        changes.apply(List.of(ChangeOutcome.parked(changeFile, 2, "AG1", ChangeAction.KOREKSI, kpj2, "HTTP 503",
                "chg-2")));
        long later = ledger.registerFile("AG1", "perubahan2.csv", "e".repeat(64), APPLIED).fileId();
        ledger.insertRows(later, List.of(new LedgerRow(later, 5, nik(enrolFile, 2), "Worker 2", RowState.PENDING,
                List.of(), "chg-later-5", kpj2, null, null, null, ChangeAction.KOREKSI, "{}")));
        assertThat(changes.laterChange(kpj2, changeFile, 2)).hasValue(
                new ChangeLedger.LaterChange(later, 5, ChangeAction.KOREKSI, false));
        changes.apply(List.of(ChangeOutcome.corrected(later, 5, "AG1", kpj2,
                new ChangeOutcome.Correction("Baru", null, null, null), "chg-later-5", "200")));
        assertThat(changes.laterChange(kpj2, changeFile, 2)).hasValue(
                new ChangeLedger.LaterChange(later, 5, ChangeAction.KOREKSI, true));
        // Not later than itself, nor for an earlier row's successor of another worker.
        assertThat(changes.laterChange(kpj2, later, 5)).isEmpty();
        assertThat(changes.laterChange(kpj(enrolFile, 1), changeFile, 1)).isEmpty();
    }

    @Test
    void aReplayRefusesRowsTheLedgerNoLongerAllowsWithTheReasonInBothLanguages() throws Exception {
        ReplayChecks checks = new ReplayChecks(coverage, changes);
        ChangeItem end1 = new ChangeItem(1, ChangeAction.BERHENTI, "chg-1", kpj(enrolFile, 1), nik(enrolFile, 1),
                "WITHDRAWN", "2026-07", null, null, null);
        ChangeItem end2 = new ChangeItem(2, ChangeAction.BERHENTI, "chg-2", kpj(enrolFile, 2), nik(enrolFile, 2),
                "MOVED", "2026-07", null, null, null);
        ChangeItem fix2 = new ChangeItem(2, ChangeAction.KOREKSI, "chg-2", kpj(enrolFile, 2), nik(enrolFile, 2),
                null, null, null, null, new ChangeItem.Correction("Nama", null, null, null));
        assertThat(checks.refusal(changeFile, "AG1", end1)).isEmpty();
        assertThat(checks.refusal(changeFile, "AG1", end2)).isEmpty();

        // Worker 2 died meanwhile (a paid JKM claim): no cover left to end; a correction still goes.
        coverage.end(kpj(enrolFile, 2), YearMonth.of(2026, 6), EndReason.DIED, "claim:JKM-1");
        assertThat(checks.refusal(changeFile, "AG1", end2)).hasValueSatisfying(why -> assertThat(why)
                .startsWith(ReplayChecks.NOT_REPLAYED_ID + ": tanggungan pekerja sudah berakhir 06/2026"
                        + " (meninggal dunia / died)")
                .contains(" / " + ReplayChecks.NOT_REPLAYED_EN + ": the worker's cover has ended 06/2026"));
        assertThat(checks.refusal(changeFile, "AG1", fix2)).isEmpty();

        // Worker 1 handed to another agency meanwhile: only that agency may change them now.
        coverage.transfer(kpj(enrolFile, 1), "AG2", YearMonth.of(2026, 8), "test");
        assertThat(checks.refusal(changeFile, "AG1", end1)).hasValueSatisfying(why -> assertThat(why)
                .contains("ditanggung instansi lain (AG2)", "now covered by agency AG2"));
    }

    @Test
    void aNewKeyReEncryptsTheHistoryAtStartAndItStillReads() throws Exception {
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 2, "AG1", kpj(enrolFile, 2),
                new ChangeOutcome.Correction("Yohana Worker", null, null, null), "chg-2", "200")));
        byte[] hmac = "jamsos-test-only-hmac-key-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        PersonalDataCipher rotated = new PersonalDataCipher(hmac, "k2", Map.of(
                "test", "jamsos-test-only-aes-key-32bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "k2", "another-test-only-aes-key-32byte".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        new PersonalDataMigration(db.dataSource(), rotated).run();

        WorkerChange line = new ChangeLedger(db.dataSource(), Clock.systemUTC(), rotated).history(kpj(enrolFile, 2))
                .get(0);
        assertThat(line.oldValues()).containsEntry("nama", "Worker 2");
        assertThat(line.newValues()).containsEntry("nama", "Yohana Worker");
        assertThat(new PersonalDataMigration(db.dataSource(), rotated).run()).as("nothing left under the old key")
                .isZero();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT old_values, new_values FROM worker_change")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("enc:v2.k2:");
            assertThat(rs.getString(2)).startsWith("enc:v2.k2:");
        }
    }

    private Map<String, Object> row(long fileId, int rowNo) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, attempts, kpj, last_error, live_nik_hash FROM file_row WHERE file_id = ? AND row_no = ?")) {
            ps.setLong(1, fileId);
            ps.setInt(2, rowNo);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Map<String, Object> row = new java.util.HashMap<>();
                row.put("state", rs.getString("state"));
                row.put("attempts", rs.getInt("attempts"));
                row.put("kpj", rs.getString("kpj"));
                row.put("last_error", rs.getString("last_error"));
                row.put("live_nik_hash", rs.getString("live_nik_hash"));
                return row;
            }
        }
    }
}
