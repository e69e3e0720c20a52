package id.jamsos.gateway.model;

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
 */
public record ValidatedRow(
        int rowNumber,
        String rawNik,
        String rawName,
        WorkerRecord worker,
        List<RowRejection> rejections,
        List<String> warnings) {

    public boolean accepted() {
        return worker != null && rejections.isEmpty();
    }
}
