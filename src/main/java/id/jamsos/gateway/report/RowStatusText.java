package id.jamsos.gateway.report;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.RowState;

/** A row's state, and what it asked for, as the reports show them to a clerk: Indonesian / English. */
public final class RowStatusText {

    private RowStatusText() {
    }

    public static String of(RowState state) {
        return switch (state) {
            case ENROLLED -> "TERDAFTAR/ENROLLED";
            case REJECTED -> "DITOLAK/REJECTED";
            case REFUSED -> "DITOLAK BPJS/REFUSED BY BPJS";
            case PARKED -> "DITAHAN/PARKED";
            case PENDING -> "DIPROSES/PENDING";
            case APPLIED -> "DITERAPKAN/APPLIED";
            case WAITLISTED -> "MENUNGGU ANGGARAN/WAITLISTED";
            case REVIEW -> "DIPERIKSA PETUGAS/IN REVIEW";
            case OTHER_PAYER -> "DIBAYAR PIHAK LAIN/OTHER PAYER";
        };
    }

    /**
     * The row's AKSI: what the clerk asked for, beside what came of it. Empty for a row whose AKSI
     * was no action at all (its rejection says which word it was).
     */
    public static String of(ChangeAction action) {
        if (action == null) {
            return "";
        }
        return switch (action) {
            case DAFTAR -> "DAFTAR/ENROLL";
            case BERHENTI -> "BERHENTI/END COVER";
            case KOREKSI -> "KOREKSI/CORRECT";
            case PINDAH -> "PINDAH/TRANSFER";
        };
    }
}
