package id.jamsos.gateway.finance;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.support.CheckedSettings;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.ledger.InvoiceLedger;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The endpoint's monthly invoice for code that asks for it outside a route (the statement command,
 * {@link StatementBuilder#build}): through the route that fetches it, bpjs-invoice in
 * routes/statements.camel.yaml (signed GET /bpjstk/v1/tagihan, read by {@link InvoiceAnswer}), so that
 * there is one HTTP call to read and to configure. The route asks for the gateway's own region,
 * {@code jamsos.regionCode}.
 */
public final class BpjsInvoiceClient implements StatementBuilder.InvoiceSource, AutoCloseable {

    /** Where the bpjs-invoice route starts: body the month, yyyy-MM; the invoice comes back. */
    public static final String ROUTE = "direct:bpjs-invoice";
    static final String ROUTE_ID = "bpjs-invoice";
    private static final String CALL = "GET /bpjstk/v1/tagihan";

    private final Supplier<CamelContext> camel;
    private final boolean owned;

    /** @param camel the gateway's context, asked at the first call (the routes are not there when this is made) */
    public BpjsInvoiceClient(Supplier<CamelContext> camel) {
        this(camel, false);
    }

    private BpjsInvoiceClient(Supplier<CamelContext> camel, boolean owned) {
        this.camel = camel;
        this.owned = owned;
    }

    /**
     * For a process without the gateway's routes (the statement command): a Camel context of its own
     * with only the bpjs-invoice route and what it calls, configured as the gateway's (the http/https
     * components with jamsos.bpjs.tls.*, the signer, the header filter). Close it after use.
     *
     * The invoice's lines are held in the invoice returned: for tests and small invoices.
     *
     * @param settings every jamsos.* setting, defaults included, as Camel holds them in the gateway
     *                 ({@code Gateway.camelProperties}: trimmed, the environment applied once)
     */
    public static BpjsInvoiceClient standalone(Properties settings, ObjectMapper json, Clock clock) throws Exception {
        return standalone(settings, json, clock, new InvoiceAnswer(json));
    }

    /**
     * As {@link #standalone(Properties, ObjectMapper, Clock)}, the invoice's lines read into
     * {@code ledger} as they arrive (the statement command: an invoice of any size, the heap flat).
     */
    public static BpjsInvoiceClient standalone(Properties settings, ObjectMapper json, Clock clock,
                                               InvoiceLedger ledger) throws Exception {
        return standalone(settings, json, clock, new InvoiceAnswer(json, ledger, clock));
    }

    private static BpjsInvoiceClient standalone(Properties settings, ObjectMapper json, Clock clock,
                                                InvoiceAnswer answer) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setInitialProperties(settings);
            CheckedSettings.only((PropertiesComponent) context.getPropertiesComponent());
            context.getRegistry().bind("https", BpjsHttp.component(
                    BpjsTls.from(k -> settings.getProperty(k, "")).sslContextParameters()));
            context.getRegistry().bind("http", BpjsHttp.component(null));
            context.getRegistry().bind("bpjsHeaderFilter", new BpjsHeaderFilter());
            context.getRegistry().bind("bpjsSigner", new RequestSigner(settings.getProperty("jamsos.bpjs.consId"),
                    settings.getProperty("jamsos.bpjs.secret"), settings.getProperty("jamsos.bpjs.userKey"), clock));
            context.getRegistry().bind("invoiceAnswer", answer);
            // The file holds the monthly statement route too, which needs the gateway's beans and broker.
            context.getCamelContextExtension().getContextPlugin(Model.class).setRouteFilterPattern(ROUTE_ID, null);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:routes/statements.camel.yaml"));
            context.start();
            return new BpjsInvoiceClient(() -> context, true);
        } catch (Exception | Error e) {
            context.stop();
            throw e;
        }
    }

    @Override
    public Invoice invoice(YearMonth period, String regionCode) {
        CamelContext context = camel.get();
        String routeRegion = context.resolvePropertyPlaceholders("{{jamsos.regionCode}}");
        if (!routeRegion.equals(regionCode)) {
            throw new IllegalArgumentException("the invoice route asks for region " + routeRegion + ", not " + regionCode);
        }
        ProducerTemplate template = context.createProducerTemplate();
        try {
            return template.requestBody(ROUTE, period.toString(), Invoice.class);
        } catch (CamelExecutionException e) {
            Throwable failure = e.getCause() == null ? e : e.getCause();
            if (failure instanceof BpjsCallException answered) {
                throw answered;
            }
            throw new BpjsCallException(BpjsCallException.describe(CALL, failure), failure);
        } finally {
            template.stop();
        }
    }

    @Override
    public void close() {
        if (owned) {
            camel.get().stop();
        }
    }
}
