package id.jamsos.gateway.bpjs;

import java.time.Clock;
import java.util.Map;

/**
 * Signs a request to BPJS for this moment: adds the {@link BpjsSignature} headers (cons-id,
 * timestamp, signature, user_key) to the message, from which the HTTP producer sends them.
 */
public final class RequestSigner {

    private final String consId;
    private final String secret;
    private final String userKey;
    private final Clock clock;

    /** @param userKey null or empty to send none (the claims and invoice services need none) */
    public RequestSigner(String consId, String secret, String userKey, Clock clock) {
        this.consId = consId;
        this.secret = secret;
        this.userKey = userKey == null || userKey.isEmpty() ? null : userKey;
        this.clock = clock;
    }

    /** Camel hands the message's headers in; the signature goes beside them. */
    public void sign(@org.apache.camel.Headers Map<String, Object> headers) {
        headers.putAll(BpjsSignature.headers(consId, secret, userKey, clock.instant().getEpochSecond()));
    }
}
