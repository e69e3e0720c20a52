package id.jamsos.gateway.bpjs;

import java.io.IOException;

/** A call the BPJS endpoint did not answer with a usable envelope: unreachable, a non-200 status or metaData. */
public final class BpjsCallException extends RuntimeException {

    public BpjsCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What a failed step of a route that calls BPJS failed with, for its log line or the statement
     * that reports it: an unusable answer says so already; the http producer's own I/O or TLS exception
     * (thrown as it is) is named a failure on the way, so that a TLS fault points at jamsos.bpjs.tls.*
     * rather than the network. Anything else (the ledger, the broker) as it is.
     */
    public static String describe(String call, Throwable failure) {
        if (failure instanceof BpjsCallException answered) {
            return answered.getMessage();
        }
        if (failure instanceof IOException io) {
            return call + ": " + BpjsHttp.failure(io);
        }
        return String.valueOf(failure);
    }
}
