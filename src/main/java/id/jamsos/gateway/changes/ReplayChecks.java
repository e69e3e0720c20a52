package id.jamsos.gateway.changes;

import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a parked change row may still be sent when an operator replays it. The intake checked the
 * row against the ledger as it stood then (intake.ChangeChecks); a row parked for days may meet another
 * ledger: the worker's cover ended meanwhile (a JKM claim paid for a death ends it), another agency
 * took the worker over, or a later row of the same worker has changed them (sending the older row now
 * would undo the newer one). Such a row is refused at the replay, with the reason in Indonesian and
 * English ({@link #NOT_REPLAYED_ID} / {@link #NOT_REPLAYED_EN} first, which the reports recognise), and
 * is not sent.
 *
 * <p>What is checked is what the ledger alone knows; whether BPJS takes the row is BPJS's answer to the
 * replayed call (with the row's first refId, so a row BPJS had already applied is answered as before).
 */
public final class ReplayChecks {

    /** The start of a refused row's reason, as the results report and the ledger show it. */
    public static final String NOT_REPLAYED_ID = "Tidak dikirim ulang saat replay";
    public static final String NOT_REPLAYED_EN = "Not sent again at replay";

    private static final DateTimeFormatter CLERK_MONTH = DateTimeFormatter.ofPattern("MM/yyyy");

    private final CoverageLedger coverage;
    private final ChangeLedger changes;

    public ReplayChecks(CoverageLedger coverage, ChangeLedger changes) {
        this.coverage = Objects.requireNonNull(coverage, "coverage");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /**
     * Why row {@code item} of {@code agencyId}'s file {@code fileId} must not be sent again (the bilingual
     * text for the row's last_error), or empty when it may.
     */
    public Optional<String> refusal(long fileId, String agencyId, ChangeItem item) {
        Optional<ChangeLedger.LaterChange> later = changes.laterChange(item.kpj(), fileId, item.rowNo());
        if (later.isPresent()) {
            ChangeLedger.LaterChange l = later.get();
            String where = l.fileId() == fileId ? "baris " + l.rowNo() : "berkas #" + l.fileId() + " baris " + l.rowNo();
            String whereEn = l.fileId() == fileId ? "row " + l.rowNo() : "file #" + l.fileId() + " row " + l.rowNo();
            return refused("pekerja ini sudah diubah oleh " + l.action() + " yang lebih baru (" + where
                            + (l.applied() ? "" : ", sedang diproses") + "); kirim baris baru bila masih perlu",
                    "a later " + l.action() + " has changed this worker (" + whereEn
                            + (l.applied() ? "" : ", in progress") + "); send a new row if it is still needed");
        }
        if (item.action() == ChangeAction.KOREKSI) {
            // A correction of a worker whose cover ended is still a correction of their record.
            return ownedElsewhere(agencyId, item, coverage.openPeriod(item.kpj()));
        }
        Optional<CoveragePeriod> open = coverage.openPeriod(item.kpj());
        if (open.isEmpty()) {
            List<CoveragePeriod> periods = coverage.periods(item.kpj());
            CoveragePeriod last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
            String ended = last == null || last.lastMonth() == null ? ""
                    : " " + last.lastMonth().format(CLERK_MONTH)
                    + (last.endReason() == null ? "" : " (" + last.endReason().text() + ")");
            boolean end = item.action() == ChangeAction.BERHENTI;
            return refused("tanggungan pekerja sudah berakhir" + ended + "; tidak ada tanggungan untuk "
                            + (end ? "dihentikan" : "dipindahkan"),
                    "the worker's cover has ended" + ended + "; there is no cover to " + (end ? "end" : "hand over"));
        }
        Optional<String> other = ownedElsewhere(agencyId, item, open);
        if (other.isPresent()) {
            return other;
        }
        if (item.action() == ChangeAction.BERHENTI) {
            YearMonth lastMonth;
            try {
                lastMonth = YearMonth.parse(String.valueOf(item.lastMonth()));
            } catch (DateTimeParseException e) {
                // The change route parks such a job at once (ChangeRequests): not this check's to judge.
                return Optional.empty();
            }
            YearMonth first = open.get().firstMonth();
            if (lastMonth.isBefore(first)) {
                // Covered again since the row was parked: the row meant to end the earlier cover.
                return refused("tanggungan pekerja dimulai lagi " + first.format(CLERK_MONTH) + ", setelah BULAN_TERAKHIR "
                                + lastMonth.format(CLERK_MONTH) + " baris ini",
                        "the worker's cover started again " + first.format(CLERK_MONTH) + ", after this row's"
                                + " BULAN_TERAKHIR " + lastMonth.format(CLERK_MONTH));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ownedElsewhere(String agencyId, ChangeItem item, Optional<CoveragePeriod> open) {
        if (open.isPresent() && !agencyId.equals(open.get().agencyId())) {
            String owner = open.get().agencyId();
            return refused("pekerja ini sekarang ditanggung instansi lain (" + owner + "); hanya instansi itu yang"
                            + " dapat mengubahnya",
                    "this worker is now covered by agency " + owner + "; only that agency may change them");
        }
        return Optional.empty();
    }

    private static Optional<String> refused(String id, String en) {
        return Optional.of(NOT_REPLAYED_ID + ": " + id + " / " + NOT_REPLAYED_EN + ": " + en);
    }
}
