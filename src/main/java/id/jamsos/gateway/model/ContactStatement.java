package id.jamsos.gateway.model;

/**
 * What one accepted row of an agency file says about reaching the worker (docs/notifications.md): the
 * consent of its PERSETUJUAN column and the number of its NO_HP, either may be null (not stated).
 *
 * @param rowNo   the row as the spreadsheet shows it
 * @param nik     the worker's NIK (never logged; the ledger keeps its keyed hash)
 * @param phone   +62… as validated, or null
 * @param consent true (Y/YA), false (T/TIDAK) or null (not stated)
 */
public record ContactStatement(int rowNo, String nik, String phone, Boolean consent) {
}
