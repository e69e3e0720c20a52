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
     * Sent, but no usable answer came back (timeout, 429, 5xx, an answer that is not the registry's envelope
     * at all): retried, a failure for the circuit breaker.
     */
    NO_ANSWER("Tidak dijawab", "no answer"),
    /**
     * The registry answered about the worker, in words the gateway cannot read (another RESPON, a field
     * judged in an unknown form, no field judged: RegistryVerdict kind UNREADABLE). Not retried; the row goes
     * to review. Counted apart from NO_ANSWER since the registry did answer (and counts the call as answered).
     */
    UNREADABLE("Tidak terbaca", "unreadable");

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
            return UNREADABLE;
        }
        return verdict.allMatch() ? MATCH : MISMATCH;
    }
}
