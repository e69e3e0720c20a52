package id.jamsos.gateway.registry;

/**
 * The registry refused the gateway itself ("Login Gagal", "IP Address Tidak Sesuai"): an operator must
 * act (credentials, the registered IP). Rows are held, never refused, while this lasts.
 */
public class RegistryRefusedException extends RuntimeException {

    private final String answer;

    public RegistryRefusedException(String answer) {
        super("population registry refused the gateway: " + answer);
        this.answer = answer;
    }

    /** The registry's RESPON text. */
    public String answer() {
        return answer;
    }
}
