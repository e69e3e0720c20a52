package id.jamsos.gateway.report;

/**
 * The name a re-uploaded file's archive copy and reports go under. The first file of a name keeps
 * it ({@code pekerja.csv}, {@code pekerja.csv.results.csv}); a later file of the same name carries
 * its ledger id before the extension ({@code pekerja.1534.csv}), so it never overwrites what the
 * agency was sent for the earlier one, and the extension still opens it in Excel.
 */
public final class ReuploadNames {

    private ReuploadNames() {
    }

    public static String of(String fileName, long fileId) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return fileName + "." + fileId;
        }
        return fileName.substring(0, dot) + "." + fileId + fileName.substring(dot);
    }
}
