package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * The PAYMENT messages the city's finance system puts on {@code jamsos.finance.paymentsQueue}
 * (routes/payments.camel.yaml): checked against schemas/payment-v1.schema.json and the programme's
 * funding sources, then recorded once ({@link PaymentDesk#recordPayment}). A message that is not a
 * payment the gateway can record is {@link Refused} with the reason, and the route moves it to the
 * queue's dead-letter queue: it is never lost and never holds up the next one.
 */
public final class PaymentMessages {

    public static final String SCHEMA = "/schemas/payment-v1.schema.json";

    /** A message that is not a payment the gateway can record, with the reason (scrubbed of NIKs). */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(NikMask.scrub(reason));
        }
    }

    private final PaymentDesk desk;
    private final JsonSchema schema;
    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public PaymentMessages(PaymentDesk desk) {
        this.desk = desk;
        try (InputStream in = PaymentMessages.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA + " on the classpath");
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads, checks and records one message; the answer is a line for the log. A conflicting payment
     * (the reference recorded with other figures) is refused too: finance must look at it.
     *
     * @param jmsMessageId the broker's id, naming the message when its body names none
     */
    public String record(@Body String body, @Header("JMSMessageID") String jmsMessageId) {
        PaymentLedger.NewPayment p = read(body);
        String messageId = messageId(body, jmsMessageId);
        PaymentLedger.Recorded r = desk.recordPayment(p, "queue:" + messageId);
        return switch (r.outcome()) {
            case RECORDED -> "payment " + p.reference() + " recorded from message " + messageId;
            case ALREADY_RECORDED -> "payment " + p.reference() + " already recorded (by " + r.payment().recordedBy()
                    + "): message " + messageId + " changes nothing";
            case CONFLICT -> throw new Refused("payment " + p.reference() + " (" + p.fundingSource()
                    + ") was recorded before with other figures (Rp " + r.payment().amount() + " for "
                    + r.payment().period() + ", paid " + r.payment().paidOn() + ", by " + r.payment().recordedBy()
                    + "); this message says Rp " + p.amount() + " for " + p.period() + ", paid " + p.paidOn());
        };
    }

    /** The payment the message tells of, or {@link Refused} with every reason it is not one. */
    public PaymentLedger.NewPayment read(String body) {
        if (body == null || body.isBlank()) {
            throw new Refused("empty message");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Refused("not JSON: " + e.getOriginalMessage());
        }
        Set<ValidationMessage> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            throw new Refused("not a PAYMENT message of schema payment-v1: " + errors.stream()
                    .map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
        }
        JsonNode amount = node.get("amount");
        if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
            throw new Refused("amount must be whole rupiah as a JSON integer: " + amount);
        }
        LocalDate paidOn;
        try {
            paidOn = LocalDate.parse(node.get("paidOn").asText());
        } catch (DateTimeParseException e) {
            throw new Refused("paidOn is no date (yyyy-MM-dd): " + node.get("paidOn").asText());
        }
        String source = node.get("source").asText();
        if (desk.programme().sources().stream().noneMatch(s -> s.code().equals(source))) {
            throw new Refused("source " + source + " is not a funding source of programme " + desk.programme().id()
                    + " (jamsos.programme.sources)");
        }
        JsonNode account = node.get("account");
        String budgetAccount = account == null || account.isNull() ? desk.programme().source(source).account()
                : account.asText();
        return new PaymentLedger.NewPayment(node.get("reference").asText(), source, paidOn,
                YearMonth.parse(node.get("period").asText()), amount.asLong(), budgetAccount);
    }

    private String messageId(String body, String jmsMessageId) {
        try {
            JsonNode id = json.readTree(body).get("messageId");
            if (id != null && id.isTextual() && !id.asText().isBlank()) {
                return id.asText();
            }
        } catch (JsonProcessingException e) {
            // read() above parsed it already; not reached.
        }
        return jmsMessageId == null ? "?" : jmsMessageId;
    }
}
