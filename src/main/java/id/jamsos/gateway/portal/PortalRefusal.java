package id.jamsos.gateway.portal;

import java.util.Map;

/**
 * A portal request answered with a status and a bilingual text (Indonesian first), or a redirect.
 * The texts are shown to the clerk: never a NIK, a secret or a stack trace.
 */
public final class PortalRefusal extends RuntimeException {

    private final int status;
    private final String messageId;
    private final Map<String, String> headers;

    public PortalRefusal(int status, String messageId, String messageEn) {
        this(status, messageId, messageEn, Map.of());
    }

    public PortalRefusal(int status, String messageId, String messageEn, Map<String, String> headers) {
        super(messageEn);
        this.status = status;
        this.messageId = messageId;
        this.headers = Map.copyOf(headers);
    }

    /** 303 to {@code location}: after a login, a logout, a submit. */
    public static PortalRefusal redirect(String location) {
        return new PortalRefusal(303, "Lihat " + location, "See " + location, Map.of("Location", location));
    }

    public static PortalRefusal notFound() {
        return new PortalRefusal(404, "Tidak ditemukan.", "Not found.");
    }

    public int status() {
        return status;
    }

    public String messageId() {
        return messageId;
    }

    public String messageEn() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
