package id.jamsos.gateway.report;

import id.jamsos.gateway.ledger.RowState;

/** A row's state as the results report shows it to a clerk: Indonesian / English. */
final class RowStatusText {

    private RowStatusText() {
    }

    static String of(RowState state) {
        return switch (state) {
            case ENROLLED -> "TERDAFTAR/ENROLLED";
            case REJECTED -> "DITOLAK/REJECTED";
            case REFUSED -> "DITOLAK BPJS/REFUSED BY BPJS";
            case PARKED -> "DITAHAN/PARKED";
            case PENDING -> "DIPROSES/PENDING";
            case APPLIED -> "DITERAPKAN/APPLIED";
            case WAITLISTED -> "MENUNGGU ANGGARAN/WAITLISTED";
        };
    }
}
