package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.ValidatedRow;

import java.nio.file.Path;
import java.util.List;

/**
 * The verdict on a whole file, for the validate command and the reports.
 *
 * @param fileError     null when the file was read; otherwise why it was refused, "Indonesian / English"
 * @param fileErrorCode null, or the code of the refusal (FILE_MISSING_COLUMN, ...)
 * @param rejects       the refused rows (possibly capped by the caller)
 */
public record FileValidationSummary(
        String fileName,
        int rows,
        int accepted,
        int rejected,
        String fileError,
        String fileErrorCode,
        List<ValidatedRow> rejects,
        List<String> warnings) {

    public FileValidationSummary {
        rejects = List.copyOf(rejects);
        warnings = List.copyOf(warnings);
    }

    public boolean fileRefused() {
        return fileError != null;
    }

    static FileValidationSummary refused(String fileName, String code, String error) {
        return new FileValidationSummary(fileName, 0, 0, 0, error, code, List.of(), List.of());
    }

    /** Validates the file with the default settings. */
    public static FileValidationSummary summarize(Path file, String fileName) {
        return new AgencyFileValidator(ValidationSettings.defaults()).summarize(file, fileName);
    }
}
