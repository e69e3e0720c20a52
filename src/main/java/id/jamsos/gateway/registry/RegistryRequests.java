package id.jamsos.gateway.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperty;

/**
 * The body of a CALL_VERIFY_BY_ELEMEN request (docs/registry-api.md): the credentials of the access
 * agreement, the elements the gateway knows of the worker, and the threshold at or above which the
 * registry calls a field "Sesuai". The birth place goes only when the agency file had one.
 */
public final class RegistryRequests {

    /** The registry's date form, dd-MM-yyyy. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    private final ObjectMapper json;
    private final RegistryCredentials credentials;
    private final int threshold;

    public RegistryRequests(ObjectMapper json, RegistryCredentials credentials, int threshold) {
        if (threshold < 0 || threshold > 100) {
            throw new IllegalArgumentException("jamsos.registry.threshold must be 0..100: " + threshold);
        }
        this.json = json;
        this.credentials = credentials;
        this.threshold = threshold;
    }

    /**
     * The JSON body for {@code request}. Read from the exchange property rather than the body: a retry
     * of the call finds the body as the failed attempt left it.
     */
    public String body(@ExchangeProperty(Headers.REGISTRY_REQUEST) RegistryRequest request)
            throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("USER_ID", credentials.userId());
        body.put("PASSWORD", credentials.password());
        body.put("IP_USER", credentials.ipUser());
        body.put("NIK", request.nik());
        body.put(RegistryField.FULL_NAME.element(), request.fullName());
        body.put(RegistryField.BIRTH_DATE.element(), DATE.format(request.birthDate()));
        if (request.birthPlace() != null && !request.birthPlace().isBlank()) {
            body.put(RegistryField.BIRTH_PLACE.element(), request.birthPlace().trim());
        }
        body.put(RegistryField.SEX.element(), sexWord(request.sex()));
        body.put("TRESHOLD", threshold);
        return json.writeValueAsString(body);
    }

    /** The registry's own words for the sex, as its records and answers spell them. */
    static String sexWord(char sex) {
        return sex == 'P' ? "PEREMPUAN" : "LAKI-LAKI";
    }

    public int threshold() {
        return threshold;
    }
}
