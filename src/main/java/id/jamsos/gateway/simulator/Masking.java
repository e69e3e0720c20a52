package id.jamsos.gateway.simulator;

/** Keeps secrets out of logs and console output; a NIK is masked by {@code nik.NikMask}. */
public final class Masking {

    private Masking() {
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
