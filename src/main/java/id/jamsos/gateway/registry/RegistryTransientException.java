package id.jamsos.gateway.registry;

/**
 * One call to the registry got no usable answer (timeout, connection refused or reset, HTTP 429 or
 * 5xx): worth another attempt. registry.camel.yaml retries it; once its retries are used up the caller
 * sees it as what it is too, a {@link RegistryUnavailableException}.
 */
public class RegistryTransientException extends RegistryUnavailableException {

    public RegistryTransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
