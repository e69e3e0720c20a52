package id.jamsos.gateway.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayConfiguration;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.mock.MockComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * routes/enroller.camel.yaml on its own, with the gateway's enroller beans, against a BPJS endpoint
 * (the simulator): jobs come from {@code direct:jobs} instead of the broker, the ledger write is a
 * stub that leaves the outcomes in the body, and the route's error handler is left out, so that
 * {@link #send} hands back what the route made of a job: outcomes, or the exception the error
 * handler would sort. The rate limit, the circuit breaker, the signing and the HTTP call are the
 * route's own.
 */
public final class EnrollerRoute implements AutoCloseable {

    private static final ObjectMapper JSON = Json.mapper();

    public final CamelContext context;
    public final CircuitBreaker breaker;
    public final CredentialsAlarm credentials;
    private final ProducerTemplate template;
    private final PersonalDataCipher pii = PersonalDataCipher.forTests();

    private EnrollerRoute(CamelContext context, CircuitBreaker breaker, CredentialsAlarm credentials) {
        this.context = context;
        this.breaker = breaker;
        this.credentials = credentials;
        this.template = context.createProducerTemplate();
    }

    /** @param settings jamsos.* settings over the defaults, e.g. jamsos.bpjs.url */
    public static EnrollerRoute start(Map<String, String> settings) throws Exception {
        GatewayProperties props = GatewayProperties.of(settings);
        CamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setInitialProperties(props.asProperties());
            // The gateway's own beans, made by Camel as the gateway makes them; only those the route asks
            // for are made (they are lazy), so no ledger is needed.
            for (Object part : new GatewayConfiguration(null, null, PersonalDataCipher.forTests(), Clock.systemUTC())
                    .withParts()) {
                PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(part, "gateway");
            }
            context.getRegistry().unbind("outcomeRecorder");
            context.getRegistry().bind("outcomeRecorder", new KeepOutcomes());
            // The parked queue: nothing parks here (no error handler), but the route must resolve.
            context.addComponent("activemq", new MockComponent());
            context.addRoutesConfigurations(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    routeConfiguration("enroller-errors");
                }
            });
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:routes/enroller.camel.yaml"));
            AdviceWith.adviceWith(context, "enroller", a -> a.replaceFromWith("direct:jobs"));
            context.start();
            return new EnrollerRoute(context,
                    context.getRegistry().lookupByNameAndType("bpjsCircuitBreaker", CircuitBreaker.class),
                    context.getRegistry().lookupByNameAndType(CredentialsAlarm.BEAN, CredentialsAlarm.class));
        } catch (Exception | Error e) {
            context.stop();
            throw e;
        }
    }

    /** The ledger write replaced: the outcomes stay the body for the test to read. */
    public static final class KeepOutcomes {
        public List<RowOutcome> record(@Body List<RowOutcome> outcomes) {
            return outcomes;
        }

        /** Only the park-job route calls it, which nothing reaches here (no error handler). */
        public void park() {
            throw new UnsupportedOperationException("nothing is parked in a route test");
        }
    }

    /** A job of {@code rows} workers of a file, with NIKs from {@code firstNik} on. */
    public static EnrollmentJob job(long fileId, int rows, long firstNik) {
        return new EnrollmentJob(fileId, "dinas-sosial", "rows-" + fileId + ".csv", IntStream.range(0, rows)
                .mapToObj(i -> new EnrollmentJob.Item(i + 1, "Sorong Timur", new EnrollmentRequest(
                        "f" + fileId + "-r" + (i + 1), Long.toString(firstNik + i), "Yohana Kambu", "1990-05-05", "P",
                        "Sorong", null, null, "Sorong Timur", null, "pedagang", 1_000_000L, List.of("JKK", "JKM"),
                        "9671")))
                .toList());
    }

    /** The job sealed, as the intake puts it on the queue, through the route; the exchange afterwards. */
    public Exchange send(EnrollmentJob job) throws Exception {
        String sealed = seal(job);
        return template.send("direct:jobs", e -> e.getMessage().setBody(sealed));
    }

    /** The job as the intake puts it on the queue. */
    public String seal(EnrollmentJob job) throws Exception {
        return pii.encryptText(JSON.writeValueAsString(job), CipherContext.ENROLLMENT_JOB);
    }

    /** The outcomes the route made of the job; throws what it failed with. */
    @SuppressWarnings("unchecked")
    public List<RowOutcome> enroll(EnrollmentJob job) throws Exception {
        Exchange done = send(job);
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getMessage().getBody(List.class);
    }

    @Override
    public void close() {
        context.stop();
    }
}
