package id.jamsos.gateway.finance;

import java.util.Map;

/**
 * One message for finance about the city's account or a worker's cover: PAYMENT_DUE (an invoice was
 * recorded), ARREARS_WARNING (a month unpaid after its due date), COVERAGE_ENDED (a period of cover
 * ended) or COVERED_BY_OTHER_PAYER (BPJS names another payer for a worker: never pay for them). Made by {@link FinanceNotices}, sent by routes/payments.camel.yaml, marked in the ledger once
 * the broker took it; until then it is made again, with the same {@code messageId}.
 *
 * @param key        what the ledger marks: the month (PAYMENT_DUE), month:stage (ARREARS_WARNING), the
 *                   period's id (COVERAGE_ENDED)
 * @param body       the message, written as JSON by Jackson
 * @param properties the JMS properties finance routes on (messageType, messageId, schemaVersion, ...)
 */
public record FinanceNotice(Kind kind, String key, String messageId, Object body, Map<String, String> properties) {

    public enum Kind {
        PAYMENT_DUE("payment-due-v1"),
        ARREARS_WARNING("arrears-warning-v1"),
        COVERAGE_ENDED("coverage-ended-v1"),
        COVERED_BY_OTHER_PAYER("covered-by-other-payer-v1");

        private final String schema;

        Kind(String schema) {
            this.schema = schema;
        }

        /** The schema's name under src/main/resources/schemas, without .schema.json. */
        public String schema() {
            return schema;
        }
    }

    public FinanceNotice {
        properties = Map.copyOf(properties);
    }
}
