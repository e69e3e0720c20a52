package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import id.jamsos.gateway.finance.FinanceQueueReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading finance and review queues in tests: every message read is checked against its schema. */
public final class FinanceMessages {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchema CLAIM_V2 = schema("/schemas/finance-claim-v2.schema.json");
    /** What the gateway publishes for claims since issue 16; v2 stays for messages already on a queue. */
    static final JsonSchema CLAIM_V3 = schema("/schemas/finance-claim-v3.schema.json");

    private FinanceMessages() {
    }

    static JsonSchema schema(String resource) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(FinanceMessages.class.getResourceAsStream(resource));
    }

    /**
     * Takes messages until {@code done} holds for those taken, then keeps taking for {@code quiet}
     * more, so that a duplicate arriving late is caught too. Bounded by {@code timeout} plus quiet.
     */
    public static List<FinanceQueueReader.Received> takeUntil(FinanceQueueReader reader,
                                                       Predicate<List<FinanceQueueReader.Received>> done,
                                                       Duration timeout, Duration quiet) throws Exception {
        List<FinanceQueueReader.Received> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(got) && System.nanoTime() < deadline) {
            reader.take(1, Duration.ofMillis(200), r -> got.add(validated(r)));
        }
        // Then everything that still arrives within the quiet window.
        while (reader.take(1, quiet, r -> got.add(validated(r))) > 0) {
            if (got.size() > 10_000) {
                break;
            }
        }
        return got;
    }

    static FinanceQueueReader.Received validated(FinanceQueueReader.Received r) {
        try {
            validate(JSON.readTree(r.body()), r.messageId());
            assertThat(r.persistent()).as("persistent").isTrue();
            return r;
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** Valid against the schema of its messageType (claims otherwise). */
    static void validate(JsonNode body, String messageId) {
        JsonSchema schema = switch (body.path("messageType").asText()) {
            case "CONTRIBUTION_STATEMENT" -> schema("/schemas/contribution-statement-v"
                    + body.path("schemaVersion").asText() + ".schema.json");
            case "PAYMENT_DUE" -> schema("/schemas/payment-due-v1.schema.json");
            case "ARREARS_WARNING" -> schema("/schemas/arrears-warning-v1.schema.json");
            case "COVERAGE_ENDED" -> schema("/schemas/coverage-ended-v1.schema.json");
            case "COVERED_BY_OTHER_PAYER" -> schema("/schemas/covered-by-other-payer-v1.schema.json");
            case "COVERAGE_REPORT" -> schema("/schemas/coverage-report-v1.schema.json");
            default -> CLAIM_V3;
        };
        assertThat(schema.validate(body)).as("schema errors of %s", messageId).isEmpty();
    }

    public static long count(List<FinanceQueueReader.Received> got, String messageId) {
        return got.stream().filter(r -> messageId.equals(r.messageId())).count();
    }
}
