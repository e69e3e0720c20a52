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
                    Progress progress, boolean reportsReady, List<Note> notes) {
    }

    record Progress(int done, int total, int percent) {
    }

    /** Something the clerk should do or know about a file, in both languages. */
    record Note(String id, String en) {
    }

    record File(String nonce, String style, Who who, FileLine file, boolean refresh, String title)
            implements PortalView {
        public String template() {
            return "file";
        }

        public int status() {
            return 200;
        }
    }

    /** The verdict on an upload, before the clerk submits it. */
    record Preview(String nonce, String style, Who who, String uploadId, String fileName, String size,
                   Note refusal, int rows, int accepted, int rejected, List<ReasonCount> reasons,
                   List<PreviewRow> shown, boolean moreRows, List<String> warnings, String title)
            implements PortalView {
        public String template() {
            return "preview";
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

    record PreviewRow(int rowNo, String nik, String name, boolean ok, String verdict, List<Note> reasons) {
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
}
