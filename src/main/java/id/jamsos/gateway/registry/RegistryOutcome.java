package id.jamsos.gateway.registry;

/**
 * What one call to the registry came to, as the usage record counts it (table registry_usage, V30).
 * Only calls that reached the registry are counted: a call the open circuit breaker held back is not.
 */
public enum RegistryOutcome {
    /** Found, every judged field at or above the threshold. */
    MATCH("Sesuai", "match"),
    /** Found, at least one field below the threshold. */
    MISMATCH("Tidak sesuai", "mismatch"),
    /** "Data Tidak Ditemukan". */
    NOT_FOUND("Tidak ditemukan", "not found"),
    /** "Login Gagal", "IP Address Tidak Sesuai" or HTTP 401/403: the gateway itself was refused. */
    REFUSED("Akses ditolak", "access refused"),
    /**
     * Sent, but no usable answer came back (timeout, 429, 5xx, an answer that is not the registry's, or an
     * answer about the worker in words the gateway cannot read).
     */
    NO_ANSWER("Tidak dijawab", "no answer");

    private final String indonesian;
    private final String english;

    RegistryOutcome(String indonesian, String english) {
        this.indonesian = indonesian;
        this.english = english;
    }

    /** "Indonesian / English", for the usage report. */
    public String text() {
        return indonesian + " / " + english;
    }

    public static RegistryOutcome of(RegistryVerdict verdict) {
        if (verdict.kind() == RegistryVerdict.Kind.NOT_FOUND) {
            return NOT_FOUND;
        }
        if (verdict.kind() == RegistryVerdict.Kind.UNREADABLE) {
            return NO_ANSWER;
        }
        return verdict.allMatch() ? MATCH : MISMATCH;
    }
}
