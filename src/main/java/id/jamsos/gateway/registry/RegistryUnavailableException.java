package id.jamsos.gateway.registry;

/**
 * The registry could not be asked (timeouts, 5xx, circuit open) after the route's retries: rows wait and
 * are asked again; nothing is decided for them.
 */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
