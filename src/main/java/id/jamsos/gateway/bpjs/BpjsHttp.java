package id.jamsos.gateway.bpjs;

import java.io.IOException;
import javax.net.ssl.SSLException;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * How the gateway talks HTTP to BPJS, for every call to the endpoint (enrollment, claims listing,
 * invoice): Camel's http producer, one place for its component settings and for naming its failures.
 */
public final class BpjsHttp {

    private BpjsHttp() {
    }

    /**
     * An http or https component for the calls to BPJS: {@code tls} (null for plain http) is its
     * trust store and client certificate, and Apache HttpClient's own retries are off. It would send
     * a request again by itself after a 429 or 503 with Retry-After; a retry is the route's to decide
     * (the enroller's error handler with the breaker counting each failure, the next tick of a pull).
     */
    public static HttpComponent component(SSLContextParameters tls) {
        HttpComponent component = new HttpComponent();
        if (tls != null) {
            component.setSslContextParameters(tls);
        }
        component.setAutomaticRetriesDisabled(true);
        return component;
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
