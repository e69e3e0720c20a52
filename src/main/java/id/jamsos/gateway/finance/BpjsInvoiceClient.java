package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.type.TypeReference;
import id.jamsos.gateway.bpjs.BpjsGet;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.Invoice;
import java.time.YearMonth;
import java.util.Map;

/** Reads the endpoint's monthly invoice, GET /bpjstk/v1/tagihan?periode=yyyy-MM&kodeWilayah= (docs/bpjs-api.md). */
public final class BpjsInvoiceClient implements StatementBuilder.InvoiceSource {

    private static final TypeReference<Envelope<Invoice>> INVOICE = new TypeReference<>() {
    };

    private final BpjsGet get;

    public BpjsInvoiceClient(BpjsGet get) {
        this.get = get;
    }

    @Override
    public Invoice invoice(YearMonth period, String regionCode) {
        return get.get("/bpjstk/v1/tagihan", Map.of("periode", period.toString(), "kodeWilayah", regionCode), INVOICE);
    }
}
