package id.jamsos.gateway.bpjs;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * How the gateway talks HTTP to BPJS, for every client of the endpoint (enrollment, claims
 * listing, invoice): one place for connection settings, where TLS settings belong too.
 */
public final class BpjsHttp {

    private BpjsHttp() {
    }

    /** A pooled HTTP/1.1 client; share one per endpoint client so connections are kept alive. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** Adds the BPJS signature headers for this moment to a request. */
    public static HttpRequest.Builder signed(HttpRequest.Builder request, String consId, String secret, String userKey,
                                             long timestampSeconds) {
        BpjsSignature.headers(consId, secret, userKey, timestampSeconds).forEach(request::header);
        return request;
    }
}
