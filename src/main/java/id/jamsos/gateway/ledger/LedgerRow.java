package id.jamsos.gateway.ledger;

import id.jamsos.gateway.model.RowRejection;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of an agency file as the ledger keeps it. {@code reasons} is empty, never null.
 * {@code monthlyIncome} (whole rupiah) is the declared income of an accepted row, null otherwise.
 * {@code birthDate} is the accepted row's birth date, kept only as a keyed hash to recognise the same
 * person in a second row for an enrolled NIK; null otherwise, and when read back.
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
        LocalDate birthDate) {

    public LedgerRow {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public LedgerRow(long fileId, int rowNo, String nik, String name, RowState state, List<RowRejection> reasons,
                     String idempotencyKey, String kpj, String lastError) {
        this(fileId, rowNo, nik, name, state, reasons, idempotencyKey, kpj, lastError, null, null);
    }
}
