package id.jamsos.gateway.finance;

import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What finance's check says of a signed, an altered, an unsigned and a stranger's message. */
class FinanceSignatureTest {

    private static final String BODY = "{\"messageType\":\"CLAIM_PAID\",\"messageId\":\"claim-JKM-1\",\"amount\":42000000}";

    @Test
    void onlyTheGatewaysKeyOverTheExactTypeIdAndBodyVerifies() {
        KeyPair gateway = FinanceSignature.generate();
        FinanceSignature.Signer signer = FinanceSignature.Signer.of(FinanceSignature.encode(gateway.getPrivate()),
                FinanceSignature.encode(gateway.getPublic()));
        List<java.security.PublicKey> finance = FinanceSignature.publicKeys(FinanceSignature.encode(gateway.getPublic()));
        String sig = signer.sign("CLAIM_PAID", "claim-JKM-1", BODY);

        assertThat(FinanceSignature.verify(finance, "CLAIM_PAID", "claim-JKM-1", BODY, sig))
                .isEqualTo(FinanceSignature.Verdict.VALID);
        assertThat(FinanceSignature.verify(finance, "CLAIM_PAID", "claim-JKM-1", BODY.replace("42000000", "52000000"), sig))
                .isEqualTo(FinanceSignature.Verdict.FORGED);
        assertThat(FinanceSignature.verify(finance, "CLAIM_PAID", "claim-JKM-2", BODY, sig))
                .isEqualTo(FinanceSignature.Verdict.FORGED);
        assertThat(FinanceSignature.verify(finance, "CLAIM_REVIEW", "claim-JKM-1", BODY, sig))
                .isEqualTo(FinanceSignature.Verdict.FORGED);
        assertThat(FinanceSignature.verify(finance, "CLAIM_PAID", "claim-JKM-1", BODY, null))
                .isEqualTo(FinanceSignature.Verdict.UNSIGNED);
        assertThat(FinanceSignature.verify(finance, "CLAIM_PAID", "claim-JKM-1", BODY, "not base64!"))
                .isEqualTo(FinanceSignature.Verdict.FORGED);

        KeyPair stranger = FinanceSignature.generate();
        String strangers = new FinanceSignature.Signer(stranger.getPrivate(), stranger.getPublic())
                .sign("CLAIM_PAID", "claim-JKM-1", BODY);
        assertThat(FinanceSignature.verify(finance, "CLAIM_PAID", "claim-JKM-1", BODY, strangers))
                .isEqualTo(FinanceSignature.Verdict.FORGED);
        // During a key change finance holds both keys.
        assertThat(FinanceSignature.verify(FinanceSignature.publicKeys(FinanceSignature.encode(stranger.getPublic())
                        + "," + FinanceSignature.encode(gateway.getPublic())), "CLAIM_PAID", "claim-JKM-1", BODY, sig))
                .isEqualTo(FinanceSignature.Verdict.VALID);
    }

    @Test
    void aPublicKeyThatIsNotTheSigningKeysIsRefusedAtStartAndPemIsRead() {
        KeyPair a = FinanceSignature.generate();
        KeyPair b = FinanceSignature.generate();
        assertThatThrownBy(() -> new FinanceSignature.Signer(a.getPrivate(), b.getPublic()))
                .hasMessageContaining("jamsos.finance.verifyKey is not the public key of jamsos.finance.signingKey");

        String pem = "-----BEGIN PRIVATE KEY-----\n" + FinanceSignature.encode(a.getPrivate()) + "\n-----END PRIVATE KEY-----\n";
        String pubPem = "-----BEGIN PUBLIC KEY-----\n" + FinanceSignature.encode(a.getPublic()) + "\n-----END PUBLIC KEY-----\n";
        FinanceSignature.Signer fromPem = FinanceSignature.Signer.of(pem, pubPem);
        assertThat(fromPem.keyId()).isEqualTo(FinanceSignature.keyId(a.getPublic())).hasSize(16);
        assertThatThrownBy(() -> FinanceSignature.privateKey("c2VjcmV0")).hasMessageNotContaining("c2VjcmV0");
    }
}
