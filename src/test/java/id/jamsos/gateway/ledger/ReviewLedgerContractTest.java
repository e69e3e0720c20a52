package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.model.RowRejection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verification stage's and the review desk's writes (ReviewLedger): a job's verdicts decide only rows
 * still PENDING, a REVIEW row holds its NIK and a REJECTED one lets it go, and a person's release or
 * refusal decides a REVIEW row once and puts a reported file back where its reports are written again.
 */
abstract class ReviewLedgerContractTest extends LedgerDatabaseContract {

    private static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");
    private static final RowRejection MISMATCH = new RowRejection("NAMA", "REGISTRY_MISMATCH",
            "NAMA tidak sesuai data Dukcapil (skor 43 < 80)",
            "NAME does not match the population registry (score 43 < 80)");
    private static final String NOT_FOUND = "NIK tidak ditemukan di data Dukcapil / The registry did not find this NIK";
    private static final String REMARK = "Tanggal lahir NIK berbeda, sesuai data Dukcapil"
            + " / NIK's birth date differs; the registry confirms TGL_LAHIR";

    private Ledger ledger() {
        return new Ledger(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    private ReviewLedger reviews(Instant at) {
        return new ReviewLedger(db.dataSource(), Clock.fixed(at, ZoneOffset.UTC), PersonalDataCipher.forTests());
    }

    private long fileWithPendingRows(String name, int rows) {
        Ledger ledger = ledger();
        long file = ledger.registerFile("dinas-sosial", name, name.repeat(64).substring(0, 64), T0).fileId();
        ledger.insertRows(file, TestRows.allPending(file, 1, rows));
        ledger.completeIntake(file, rows, 0);
        return file;
    }

    @Test
    void aRowThatPassedOrWasReleasedFromTheRegistrysDoubtIsMarkedCheckedAndNeverAskedAgain() {
        long file = fileWithPendingRows("checked.csv", 4);
        ReviewLedger reviews = reviews(T0);
        assertThat(reviews.uncheckedAmong(file, List.of(1, 2, 3, 4))).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(reviews.checkedAmong(file, List.of(1, 2, 3, 4))).isEmpty();

        reviews.recordVerdicts(file, List.of(new ReviewLedger.Verified(1, RowState.PENDING, List.of(), null, null),
                new ReviewLedger.Verified(2, RowState.REVIEW, List.of(), NOT_FOUND, null),
                new ReviewLedger.Verified(3, RowState.REVIEW, List.of(), "Tidak ada di daftar sasaran / Not listed",
                        null)));

        // Row 1 passed; rows 2 and 3 wait in REVIEW (not PENDING: not asked); row 4 was not asked yet.
        assertThat(reviews.uncheckedAmong(file, List.of(1, 2, 3, 4))).containsExactly(4);
        assertThat(reviews.checkedAmong(file, List.of(1, 2, 3, 4))).containsExactly(1);
        // A person releases row 2 from the registry's doubt (checked) and row 3 from another cause (not).
        assertThat(reviews.release(file, 2, null, true)).isEqualTo(RowState.PENDING);
        assertThat(reviews.release(file, 3, null, false)).isEqualTo(RowState.PENDING);
        assertThat(reviews.checkedAmong(file, List.of(1, 2, 3, 4))).containsExactlyInAnyOrder(1, 2);
        assertThat(reviews.uncheckedAmong(file, List.of(1, 2, 3, 4))).containsExactlyInAnyOrder(3, 4);
        // A verdict for a checked row delivered again changes nothing.
        assertThat(reviews.recordVerdicts(file, List.of(new ReviewLedger.Verified(1, RowState.PENDING, List.of(),
                null, null)))).isEmpty();
        assertThat(reviews.checkedAmong(file, List.of(1))).containsExactly(1);
    }

    @Test
    void verdictsDecideOnlyPendingRowsOnceAndAReviewRowKeepsItsNik() {
        long file = fileWithPendingRows("verified.csv", 4);
        ReviewLedger reviews = reviews(T0);
        List<ReviewLedger.Verified> verdicts = List.of(
                new ReviewLedger.Verified(1, RowState.PENDING, List.of(), null, REMARK),
                new ReviewLedger.Verified(2, RowState.REJECTED, List.of(MISMATCH), null, null),
                new ReviewLedger.Verified(3, RowState.REVIEW, List.of(), NOT_FOUND, null));

        assertThat(reviews.pendingAmong(file, List.of(1, 2, 3, 4, 9))).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(reviews.recordVerdicts(file, verdicts)).containsExactlyInAnyOrder(2, 3);
        // Delivered again: nothing changes, and the remark is kept once.
        assertThat(reviews.recordVerdicts(file, verdicts)).isEmpty();

        assertThat(reviews.pendingAmong(file, List.of(1, 2, 3, 4))).containsExactlyInAnyOrder(1, 4);
        Ledger ledger = ledger();
        assertThat(ledger.rowCounts(file)).containsEntry(RowState.PENDING, 2).containsEntry(RowState.REJECTED, 1)
                .containsEntry(RowState.REVIEW, 1);
        List<LedgerRow> rows = new java.util.ArrayList<>();
        ledger.forEachRow(file, rows::add);
        assertThat(rows.get(1).reasons()).containsExactly(MISMATCH);
        assertThat(rows.get(2).lastError()).isEqualTo(NOT_FOUND);
        assertThat(reviews.warnings(file, 1)).containsExactly(REMARK);
        // The REVIEW row still holds its NIK (it goes to BPJS once released); the REJECTED one let it go.
        assertThat(ledger.standingOf(List.of(TestRows.nik(file, 3)))).containsKey(TestRows.nik(file, 3));
        assertThat(ledger.standingOf(List.of(TestRows.nik(file, 2)))).isEmpty();
    }

    @Test
    void aRemarkComesAfterTheRowsOwnWarnings() {
        long file = fileWithPendingRows("warned.csv", 1);
        ledger().reports().recordRowWarnings(file, java.util.Map.of(1, List.of("NO_HP tidak dikenali / NO_HP unknown")));

        reviews(T0).recordVerdicts(file, List.of(new ReviewLedger.Verified(1, RowState.PENDING, List.of(), null,
                REMARK)));

        assertThat(reviews(T0).warnings(file, 1)).containsExactly("NO_HP tidak dikenali / NO_HP unknown", REMARK);
    }

    @Test
    void reviewRowsAreListedOldestFirstWithTheirFileAndReason() {
        long first = fileWithPendingRows("first.csv", 2);
        long second = fileWithPendingRows("second.csv", 1);
        reviews(T0.plusSeconds(60)).recordVerdicts(second, List.of(
                new ReviewLedger.Verified(1, RowState.REVIEW, List.of(), NOT_FOUND, null)));
        reviews(T0).recordVerdicts(first, List.of(
                new ReviewLedger.Verified(2, RowState.REVIEW, List.of(), NOT_FOUND, null)));

        List<ReviewLedger.ReviewRow> listed = reviews(T0).reviewRows(10);

        assertThat(listed).extracting(ReviewLedger.ReviewRow::fileId, ReviewLedger.ReviewRow::rowNo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, 2),
                        org.assertj.core.groups.Tuple.tuple(second, 1));
        ReviewLedger.ReviewRow row = listed.get(0);
        assertThat(row.agencyId()).isEqualTo("dinas-sosial");
        assertThat(row.fileName()).isEqualTo("first.csv");
        assertThat(row.nik()).isEqualTo(TestRows.nik(first, 2));
        assertThat(row.reason()).isEqualTo(NOT_FOUND);
        assertThat(row.since()).isEqualTo(T0);
        assertThat(reviews(T0).reviewRows(1)).hasSize(1);
    }

    @Test
    void aReleasedRowIsPendingAgainAndItsReportedFileIsReopened() {
        long file = reportedFileWithOneReviewRow("released.csv");
        ReviewLedger reviews = reviews(T0.plusSeconds(120));

        assertThat(reviews.release(file, 2)).isTrue();
        assertThat(reviews.release(file, 2)).as("a second release").isFalse();
        assertThat(reviews.release(file, 1)).as("a row not in review").isFalse();

        assertThat(reviews.stateOf(file, 2)).contains(RowState.PENDING);
        assertThat(ledger().file(file).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        assertThat(ledger().standingOf(List.of(TestRows.nik(file, 2)))).containsKey(TestRows.nik(file, 2));
        // BPJS answers it: the file's reports are due again.
        ledger().recordOutcomes(List.of(TestRows.enrolled(file, 2)));
        assertThat(ledger().tryStartReporting(file)).isTrue();
    }

    @Test
    void aRefusedRowIsRejectedWithTheReasonAndItsFileIsReportedAgainByStaleReports() {
        long file = reportedFileWithOneReviewRow("refused.csv");
        RowRejection reason = new RowRejection("-", "REVIEW_REFUSED", "Ditolak petugas: NIK ganda",
                "Refused by an operator: duplicate NIK");
        ReviewLedger reviews = reviews(T0.plusSeconds(120));

        assertThat(reviews.refuse(file, 2, reason)).isTrue();
        assertThat(reviews.refuse(file, 2, reason)).as("a second refusal").isFalse();
        assertThat(reviews.release(file, 2)).as("released after a refusal").isFalse();

        assertThat(reviews.stateOf(file, 2)).contains(RowState.REJECTED);
        List<LedgerRow> rows = new java.util.ArrayList<>();
        ledger().forEachRow(file, rows::add);
        assertThat(rows.get(1).reasons()).containsExactly(reason);
        assertThat(ledger().standingOf(List.of(TestRows.nik(file, 2)))).isEmpty();
        assertThat(ledger().file(file).orElseThrow().state()).isEqualTo(FileState.REPORTING);
        assertThat(ledger().reclaimStaleReporting(T0, 10)).containsExactly(file);
        assertThat(reviews.stateOf(file, 99)).isEmpty();
    }

    @Test
    void theStoredRequestOfAReviewRowIsReadForItsRelease() {
        long file = fileWithPendingRows("stored.csv", 1);
        new OpsQueries(db.dataSource(), PersonalDataCipher.forTests()).storeItems(file,
                java.util.Map.of(1, "{\"rowNo\":1}"));

        assertThat(reviews(T0).storedItem(file, 1)).isEqualTo("{\"rowNo\":1}");
        assertThat(reviews(T0).storedItem(file, 7)).isNull();
    }

    /** Row 1 enrolled, row 2 in REVIEW, the file's reports written (DONE). */
    private long reportedFileWithOneReviewRow(String name) {
        long file = fileWithPendingRows(name, 2);
        reviews(T0).recordVerdicts(file, List.of(new ReviewLedger.Verified(2, RowState.REVIEW, List.of(), NOT_FOUND,
                null)));
        Ledger ledger = ledger();
        ledger.recordOutcomes(List.of(TestRows.enrolled(file, 1)));
        assertThat(ledger.tryStartReporting(file)).isTrue();
        ledger.markReported(file);
        assertThat(ledger.file(file).orElseThrow().state()).isEqualTo(FileState.DONE);
        return file;
    }
}
