package id.jamsos.gateway.simulator;

/** Keeps personal data and secrets out of logs and console output. */
public final class Masking {

    private Masking() {
    }

    /** A NIK is personal data (UU 27/2022): keep only enough to recognise it, 9271********0001. */
    public static String nik(String nik) {
        if (nik == null) {
            return "null";
        }
        if (nik.length() < 8) {
            return "*".repeat(nik.length());
        }
        return nik.substring(0, 4) + "*".repeat(8) + nik.substring(nik.length() - 4);
    }

    /** Shows the first two characters so an operator can tell which secret is in use. */
    public static String secret(String secret) {
        if (secret == null) {
            return "null";
        }
        if (secret.length() <= 2) {
            return "*".repeat(secret.length());
        }
        return secret.substring(0, 2) + "*".repeat(Math.max(6, secret.length() - 2));
    }
}
