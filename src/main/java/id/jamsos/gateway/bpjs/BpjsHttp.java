package id.jamsos.gateway.bpjs;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * How the gateway talks HTTP to BPJS, for every client of the endpoint (enrollment, claims
 * listing, invoice): one place for connection and TLS settings.
 */
public final class BpjsHttp {

    private BpjsHttp() {
    }

    /**
     * A pooled HTTP/1.1 client; share one per endpoint client so connections are kept alive. An
     * {@code https://} URL is verified against {@code tls}'s trust store (or the JDK's authorities)
     * and the host name; a failure is an error, never a fall-back to an unverified connection.
     *
     * @throws IllegalArgumentException naming the setting when a configured store cannot be used
     */
    public static HttpClient client(Duration connectTimeout, BpjsTls tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (!tls.isDefault()) {
            builder.sslContext(tls.sslContext());
        }
        return builder.build();
    }

    /** Adds the BPJS signature headers for this moment to a request. */
    public static HttpRequest.Builder signed(HttpRequest.Builder request, String consId, String secret, String userKey,
                                             long timestampSeconds) {
        BpjsSignature.headers(consId, secret, userKey, timestampSeconds).forEach(request::header);
        return request;
    }

    /**
     * What went wrong on the way to the endpoint, for logs and the ledger: a TLS failure says so and
     * where to look, as "unreachable" would send an operator hunting for a network fault.
     */
    public static String failure(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS with the endpoint failed (certificate not trusted, host name not in it, or no common"
                        + " protocol; see jamsos.bpjs.tls.*): " + t;
            }
        }
        return "endpoint unreachable: " + e;
    }
}
