package id.jamsos.gateway.ledger;

import id.jamsos.gateway.model.RowRejection;
import java.util.ArrayList;
import java.util.List;

/** Rows and NIKs made up for tests. */
final class TestRows {

    private TestRows() {
    }

    /** A 16-digit NIK unique per (file, row). */
    static String nik(long fileId, int rowNo) {
        return String.format("31%04d%010d", fileId % 10_000, rowNo);
    }

    static LedgerRow pending(long fileId, int rowNo) {
        return new LedgerRow(fileId, rowNo, nik(fileId, rowNo), "Worker " + rowNo, RowState.PENDING, List.of(),
                "key-" + fileId + "-" + rowNo, null, null);
    }

    static LedgerRow rejected(long fileId, int rowNo) {
        return new LedgerRow(fileId, rowNo, "12345", "Worker " + rowNo, RowState.REJECTED,
                List.of(new RowRejection("NIK", "NIK_LENGTH", "NIK harus 16 digit", "NIK must be 16 digits"),
                        new RowRejection("TGL_LAHIR", "DATE_FORMAT", "Tanggal \"salah\"", "Bad date, \u00e9")),
                null, null, null);
    }

    /** Rows 1..count, PENDING except every tenth, which is REJECTED. */
    static List<LedgerRow> mixed(long fileId, int count) {
        List<LedgerRow> rows = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            rows.add(i % 10 == 0 ? rejected(fileId, i) : pending(fileId, i));
        }
        return rows;
    }

    static List<LedgerRow> allPending(long fileId, int from, int count) {
        List<LedgerRow> rows = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            rows.add(pending(fileId, i));
        }
        return rows;
    }

    static RowOutcome enrolled(long fileId, int rowNo) {
        return new RowOutcome(fileId, rowNo, RowState.ENROLLED, kpj(fileId, rowNo), null, "AG1", "Tambora");
    }

    static String kpj(long fileId, int rowNo) {
        return String.format("K%05d%06d", fileId, rowNo);
    }
}
