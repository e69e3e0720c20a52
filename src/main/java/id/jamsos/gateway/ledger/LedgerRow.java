package id.jamsos.gateway.ledger;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.model.RowRejection;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of an agency file as the ledger keeps it. {@code reasons} is empty, never null.
 * {@code monthlyIncome} (whole rupiah) is the declared income of an accepted row, null otherwise.
 * {@code birthDate} is the accepted row's birth date, kept only as a keyed hash to recognise the same
 * person in a second row for an enrolled NIK; null otherwise, and when read back.
 * {@code action} is what the row asked for (file_row.action): DAFTAR for an enrollment, null when the
 * row's AKSI was no action at all. {@code changeJson} is a pending change row's job item
 * (changes/ChangeItem as JSON), stored encrypted for a resumed intake or a replay; null otherwise, and
 * when read back.
 */
public record LedgerRow(
        long fileId,
        int rowNo,
        String nik,
        String name,
        RowState state,
        List<RowRejection> reasons,
        String idempotencyKey,
        String kpj,
        String lastError,
        Long monthlyIncome,
        LocalDate birthDate,
        ChangeAction action,
        String changeJson) {

    public LedgerRow {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** An enrollment row (DAFTAR). */
    public LedgerRow(long fileId, int rowNo, String nik, String name, RowState state, List<RowRejection> reasons,
                     String idempotencyKey, String kpj, String lastError, Long monthlyIncome, LocalDate birthDate) {
        this(fileId, rowNo, nik, name, state, reasons, idempotencyKey, kpj, lastError, monthlyIncome, birthDate,
                ChangeAction.DAFTAR, null);
    }

    public LedgerRow(long fileId, int rowNo, String nik, String name, RowState state, List<RowRejection> reasons,
                     String idempotencyKey, String kpj, String lastError) {
        this(fileId, rowNo, nik, name, state, reasons, idempotencyKey, kpj, lastError, null, null);
    }
}
