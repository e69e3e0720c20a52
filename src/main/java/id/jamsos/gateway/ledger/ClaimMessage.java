package id.jamsos.gateway.ledger;

import java.util.Map;

/**
 * The finance message of a claim as it waits in the ledger's outbox (columns of V8__claim_outbox.sql)
 * until the publisher sends it.
 *
 * @param destination  finance or review
 * @param reviewReason why review (codes and texts), null for finance
 * @param body         the message text, plain here; stored encrypted
 * @param properties   the JMS properties to send it with
 */
public record ClaimMessage(String claimId, String destination, String reviewReason, String body,
                           Map<String, String> properties) {

    public ClaimMessage {
        properties = Map.copyOf(properties);
    }
}
