package id.jamsos.gateway.ops;

import id.jamsos.gateway.report.WorkerStoryText;
import java.util.List;

/**
 * /ops/workers as data for ops/workers.mustache: the look-up form, and when something was asked either
 * the refusal of what was typed, "not found", or the worker's story (NIK masked unless the full view
 * was asked, and audited). The NIK typed is never put back into the page: only a KPJ is.
 *
 * @param fullLink the same look-up by KPJ with the NIK shown whole, when the NIK is masked and there is a KPJ
 * @param csrf     the session's anti-forgery token for the form's POST; null without a session (the form then
 *                 cannot be posted from a browser: a script sends the confirmation header)
 */
public record WorkersView(String nonce, String style, int status, String kpjTyped, String error, boolean notFound,
                          Worker worker, String fullLink, String csrf) implements OpsView {

    /** The worker's head and story lines, all plain text. */
    public record Worker(String nik, boolean nikMasked, String kpj, String name, String agency, String cover,
                         List<WorkerStoryText.Line> lines) {
    }

    @Override
    public String template() {
        return "workers";
    }
}
