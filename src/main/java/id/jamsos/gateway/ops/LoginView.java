package id.jamsos.gateway.ops;

/** The operator login form; {@code failed} after a refused token (answered 401). */
public record LoginView(String nonce, String style, boolean failed) implements OpsView {

    @Override
    public String template() {
        return "login";
    }

    @Override
    public int status() {
        return failed ? 401 : 200;
    }
}
