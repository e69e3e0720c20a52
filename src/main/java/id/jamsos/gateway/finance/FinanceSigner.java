package id.jamsos.gateway.finance;

import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * The signing step of the routes that publish to finance (claim outbox, monthly statement): the
 * value of the {@link FinanceSignature#HEADER} property, over the message's type, id and body exactly
 * as they are sent.
 */
public final class FinanceSigner {

    private final FinanceSignature.Signer signer;

    public FinanceSigner(FinanceSignature.Signer signer) {
        this.signer = signer;
    }

    public String sign(@Header("messageType") String messageType, @Header("messageId") String messageId,
                       @Body String body) {
        return signer.sign(messageType, messageId, body);
    }

    /** The value of {@link FinanceSignature#KEY_HEADER}. */
    public String keyId() {
        return signer.keyId();
    }

    public FinanceSignature.Signer signer() {
        return signer;
    }
}
