package id.jamsos.gateway.ops;

/**
 * A page of /ops as data, ready for its template: every text in it is plain text, and the template
 * engine escapes it on the way out (see {@link OpsTemplates}).
 */
public interface OpsView {

    /** The template under {@code ops/} that renders this view, without the extension. */
    String template();

    /** This response's CSP nonce: the page's inline style and script carry it, nothing else may run. */
    String nonce();

    /** The HTTP status of the answer. */
    int status();
}
