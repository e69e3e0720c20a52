package id.jamsos.gateway.model;

import id.jamsos.gateway.changes.ChangeAction;
import java.util.List;

/**
 * The verdict on one data row of an agency file.
 *
 * @param rowNumber  the row as a spreadsheet shows it: the header is row 1, the first data row is 2
 * @param rawNik     the NIK cell as it came (trimmed), for the reports; may be damaged or empty
 * @param rawName    the name cell as it came (trimmed)
 * @param worker     the normalised worker when the row is accepted, null when refused
 * @param rejections every reason the row was refused; empty when accepted
 * @param warnings   non-fatal remarks (e.g. a phone number that was dropped)
 * @param action     what the row asks for (the AKSI column; DAFTAR without one); null when the AKSI
 *                   cell names no action the gateway knows (the row is then refused)
 * @param change     the accepted change of a BERHENTI, KOREKSI or PINDAH row; null otherwise
 * @param registryMayLift a reason set aside for the population registry to lift: under
 *                   jamsos.validation.nikBirthDate=registry, NIK_BIRTHDATE_MISMATCH when it is the row's only
 *                   problem (the row is accepted and the verification stage decides); null otherwise
 * @param contactConsent the row's PERSETUJUAN cell (docs/notifications.md): true (Y/YA), false (T/TIDAK), null
 *                   when the file has no such column, the cell is empty or cannot be read (a warning then)
 */
public record ValidatedRow(
        int rowNumber,
        String rawNik,
        String rawName,
        WorkerRecord worker,
        List<RowRejection> rejections,
        List<String> warnings,
        ChangeAction action,
        RowChange change,
        RowRejection registryMayLift,
        Boolean contactConsent) {

    /** Without a consent statement: every row of a file without the PERSETUJUAN column. */
    public ValidatedRow(int rowNumber, String rawNik, String rawName, WorkerRecord worker,
                        List<RowRejection> rejections, List<String> warnings, ChangeAction action, RowChange change,
                        RowRejection registryMayLift) {
        this(rowNumber, rawNik, rawName, worker, rejections, warnings, action, change, registryMayLift, null);
    }

    /** This row with the consent its PERSETUJUAN cell states. */
    public ValidatedRow withContactConsent(Boolean consent) {
        return new ValidatedRow(rowNumber, rawNik, rawName, worker, rejections, warnings, action, change,
                registryMayLift, consent);
    }

    /** Without a reason set aside for the registry: every row but a birth-date mismatch under policy registry. */
    public ValidatedRow(int rowNumber, String rawNik, String rawName, WorkerRecord worker,
                        List<RowRejection> rejections, List<String> warnings, ChangeAction action, RowChange change) {
        this(rowNumber, rawNik, rawName, worker, rejections, warnings, action, change, null);
    }

    /** A row of an enrollment file (no AKSI column): DAFTAR. */
    public ValidatedRow(int rowNumber, String rawNik, String rawName, WorkerRecord worker,
                        List<RowRejection> rejections, List<String> warnings) {
        this(rowNumber, rawNik, rawName, worker, rejections, warnings, ChangeAction.DAFTAR, null);
    }

    /** Accepted: an enrollment with its worker, or a change with what it changes, and no reason against it. */
    public boolean accepted() {
        return (worker != null || change != null) && rejections.isEmpty();
    }

    /** True for an accepted BERHENTI, KOREKSI or PINDAH row. */
    public boolean isChange() {
        return change != null;
    }
}
