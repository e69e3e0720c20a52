package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.EnvelopeReader;
import id.jamsos.gateway.bpjs.Invoice;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads the answer of the endpoint's monthly invoice, GET /bpjstk/v1/tagihan?periode=yyyy-MM&kodeWilayah=
 * (docs/bpjs-api.md), as the bpjs-invoice route of routes/statements.camel.yaml brought it back.
 */
public final class InvoiceAnswer {

    private final EnvelopeReader<Invoice> reader;

    public InvoiceAnswer(ObjectMapper json) {
        this.reader = new EnvelopeReader<>("GET /bpjstk/v1/tagihan", json, new TypeReference<>() {
        });
    }

    /** The invoice; a failed or unusable answer is a {@link id.jamsos.gateway.bpjs.BpjsCallException}. */
    public Invoice read(@Body byte[] answer, @Header(Exchange.HTTP_RESPONSE_CODE) int status) {
        return reader.response(answer, status);
    }
}
