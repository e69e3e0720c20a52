package id.jamsos.gateway.portal;

import java.util.List;

/**
 * A portal page as data for its template (src/main/resources/portal/*.mustache), which escapes every
 * value it places. Texts are Indonesian first with English beside them; the templates say which is which.
 */
public sealed interface PortalView {

    /** The template under {@code portal/}, without the extension. */
    String template();

    /** This answer's CSP nonce: only the page's own style carries it. */
    String nonce();

    int status();

    /** The clerk's header line and the logout form's token; null on pages anyone may see. */
    record Who(String agencyName, String username, String csrf) {
    }

    record Login(String nonce, String style, boolean failed, String title) implements PortalView {
        public String template() {
            return "login";
        }

        public int status() {
            return failed ? 401 : 200;
        }

        public Who who() {
            return null;
        }
    }

    /** An error or refusal in both languages. */
    record Problem(String nonce, String style, int status, String messageId, String messageEn, Who who,
                   String title) implements PortalView {
        public String template() {
            return "problem";
        }
    }

    /** The agency's files and the upload form. */
    record Files(String nonce, String style, Who who, List<FileLine> files, boolean refresh, long maxUploadMib,
                 String title) implements PortalView {
        public String template() {
            return "files";
        }

        public int status() {
            return 200;
        }

        public boolean none() {
            return files.isEmpty();
        }
    }

    /** One file of the list, and the head of its own page. */
    record FileLine(long id, String name, String received, String state, String stateText, String total,
                    int rejected, int pending, int enrolled, int refused, int parked, int waitlisted,
                    Progress progress, boolean reportsReady, List<Note> notes, int otherPayer) {
    }

    record Progress(int done, int total, int percent) {
    }

    /** Something the clerk should do or know about a file, in both languages. */
    record Note(String id, String en) {
    }

    record File(String nonce, String style, Who who, FileLine file, boolean refresh, String title,
                List<VersionLine> versions) implements PortalView {

        /** Without the versions of its reports (portal/PortalDownloads#withVersions adds them). */
        public File(String nonce, String style, Who who, FileLine file, boolean refresh, String title) {
            this(nonce, style, who, file, refresh, title, List.of());
        }

        public File withVersions(List<VersionLine> kept) {
            return new File(nonce, style, who, file, refresh, title, List.copyOf(kept));
        }

        public boolean hasVersions() {
            return !versions.isEmpty();
        }

        public String template() {
            return "file";
        }

        public int status() {
            return 200;
        }
    }

    /**
     * One kept version of a file's reports: its number, when it was written, its counts, whether it has a
     * changes note (every version after the first that the archive kept one for), and whether it is the latest.
     */
    record VersionLine(long fileId, int version, String written, String counts, boolean hasNote, boolean latest) {
    }

    /** The verdict on an upload, before the clerk submits it. */
    record Preview(String nonce, String style, Who who, String uploadId, String fileName, String size,
                   Note refusal, int rows, int accepted, int rejected, List<ReasonCount> reasons,
                   List<PreviewRow> shown, boolean moreRows, List<String> warnings, String title,
                   int marked, Note duplicate, Note notChecked)
            implements PortalView {

        /** Without the ledger's look (portal/PreviewLedgerCheck adds it). */
        public Preview(String nonce, String style, Who who, String uploadId, String fileName, String size,
                       Note refusal, int rows, int accepted, int rejected, List<ReasonCount> reasons,
                       List<PreviewRow> shown, boolean moreRows, List<String> warnings, String title) {
            this(nonce, style, who, uploadId, fileName, size, refusal, rows, accepted, rejected, reasons, shown,
                    moreRows, warnings, title, 0, null, null);
        }

        /**
         * With what the ledger says: {@code marked} accepted rows the intake would turn away for their NIK,
         * their reasons beside the validator's (the most frequent first), the shown rows marked, and the note
         * of an earlier same file. The counts stay the validator's, and the file can still be submitted: the
         * ledger may change before the intake decides, and the same bytes again are recorded as a duplicate.
         */
        public Preview withLedger(int marked, List<ReasonCount> ledgerReasons, List<PreviewRow> markedRows,
                                  Note duplicateOf, Note ledgerNotChecked) {
            List<ReasonCount> all = new java.util.ArrayList<>(reasons);
            all.addAll(ledgerReasons);
            all.sort((a, b) -> Integer.compare(b.rows(), a.rows()));
            return new Preview(nonce, style, who, uploadId, fileName, size, refusal, rows, accepted,
                    rejected, List.copyOf(all), List.copyOf(markedRows), moreRows, warnings, title, marked,
                    duplicateOf, ledgerNotChecked);
        }

        public String template() {
            return "preview";
        }

        public boolean anyMarked() {
            return marked > 0;
        }

        public int status() {
            return 200;
        }

        public boolean canSubmit() {
            return refusal == null && accepted > 0;
        }
    }

    record ReasonCount(String code, String messageId, String messageEn, int rows) {
    }

    /** {@code mark}: the ledger's reason code when the ledger turns an accepted row away, else null. */
    record PreviewRow(int rowNo, String nik, String name, boolean ok, String verdict, List<Note> reasons,
                      String mark) {

        public PreviewRow(int rowNo, String nik, String name, boolean ok, String verdict, List<Note> reasons) {
            this(rowNo, nik, name, ok, verdict, reasons, null);
        }
    }

    record Help(String nonce, String style, Who who, List<HelpColumn> columns, String title) implements PortalView {
        public String template() {
            return "help";
        }

        public int status() {
            return 200;
        }
    }

    record HelpColumn(String name, boolean required, String id, String en) {
    }

    /**
     * A worker looked up by the clerk (/portal/workers): the form, and either the refusal of what was typed,
     * "not found" (also for another agency's worker), or what the agency itself holds of them. The NIK is
     * masked; the one typed is never put back into the page.
     */
    record Workers(String nonce, String style, Who who, int status, String kpjTyped, Note error, boolean notFound,
                   WorkerFound worker, String title) implements PortalView {
        public String template() {
            return "workers";
        }
    }

    record WorkerFound(String nik, String kpj, String name, String cover, List<WorkerLine> lines) {
    }

    record WorkerLine(String time, String what, String source) {
    }

    /**
     * Proofs of cover (/portal/proofs, docs/proof-of-cover.md): the agency's villages with a download each, its
     * latest print batches, the confirmation upload and, after one, its answer row by row.
     */
    record Proofs(String nonce, String style, Who who, List<VillageLine> villages, List<BatchLine> batches,
                  List<ConfirmationLine> results, String summary, String title, String today) implements PortalView {
        public String template() {
            return "proofs";
        }

        public int status() {
            return 200;
        }

        public boolean noVillages() {
            return villages.isEmpty();
        }

        public boolean anyResults() {
            return !results.isEmpty();
        }
    }

    /** {@code noVillage}: the district's workers whose village was never recorded (printed with novillage=1). */
    record VillageLine(String district, String kelurahan, int workers, String districtValue, String kelurahanValue,
                       boolean noVillage, boolean printable) {
    }

    /** {@code handable}: not handed over yet, so the line has the hand-over form. */
    record BatchLine(long id, String district, String kelurahan, int count, String printedAt, String handedOn,
                     int delivered, String handedNote, boolean handable) {
    }

    record ConfirmationLine(String row, String field, boolean ok, String id, String en) {
    }
}
