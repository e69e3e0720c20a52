package id.jamsos.gateway.security;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.UnboundCiphertexts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyed hash and the encryption of NIKs, each value bound to its place, and key rotation. */
class PersonalDataCipherTest {

    static final String NIK = "9271011205900001";

    @Test
    void hashIsStableKeyedAndNotDigits() {
        PersonalDataCipher a = PersonalDataKeys.cipher(GatewayProperties.of(PersonalDataKeys.random("k1")));
        PersonalDataCipher b = PersonalDataKeys.cipher(GatewayProperties.of(PersonalDataKeys.random("k1")));
        assertThat(a.hash(NIK)).isEqualTo(a.hash(NIK)).isNotEqualTo(b.hash(NIK)).doesNotContain(NIK)
                .doesNotContainPattern("\\d{16}");
    }

    @Test
    void encryptionUsesAFreshIvAndDetectsTampering() {
        PersonalDataCipher c = PersonalDataKeys.cipher(GatewayProperties.of(PersonalDataKeys.random("k1")));
        CipherContext row = CipherContext.rowNik(7, 3);
        String one = c.encrypt(NIK, row);
        assertThat(one).startsWith("v2.k1:").isNotEqualTo(c.encrypt(NIK, row)).doesNotContain(NIK);
        assertThat(c.decrypt(one, row)).isEqualTo(NIK);
        char last = one.charAt(one.length() - 2);
        String altered = one.substring(0, one.length() - 2) + (last == 'A' ? 'B' : 'A') + one.charAt(one.length() - 1);
        assertThatThrownBy(() -> c.decrypt(altered, row)).isInstanceOf(LedgerException.class)
                .hasMessageNotContaining(NIK);
    }

    @Test
    void aValueOpensOnlyInThePlaceItWasWrittenFor() {
        PersonalDataCipher c = PersonalDataKeys.cipher(GatewayProperties.of(PersonalDataKeys.random("k1")));
        String rowNik = c.encrypt(NIK, CipherContext.rowNik(7, 3));
        String claimNik = c.encrypt(NIK, CipherContext.claimNik("C-1"));
        String payload = c.encryptText("{\"nik\":\"" + NIK + "\"}", CipherContext.claimPayload("C-1"));

        for (CipherContext elsewhere : List.of(CipherContext.rowNik(7, 4), CipherContext.rowNik(8, 3),
                CipherContext.rowNik(73, 0), CipherContext.rowRequest(7, 3), CipherContext.claimNik("C-1"),
                CipherContext.ENROLLMENT_JOB)) {
            assertThatThrownBy(() -> c.decrypt(rowNik, elsewhere)).isInstanceOf(LedgerException.class)
                    .hasMessage("an encrypted value could not be decrypted (wrong key or altered)");
        }
        assertThatThrownBy(() -> c.decrypt(claimNik, CipherContext.claimNik("C-2"))).isInstanceOf(LedgerException.class);
        assertThatThrownBy(() -> c.decrypt(claimNik, CipherContext.claimPayload("C-1"))).isInstanceOf(LedgerException.class);
        assertThatThrownBy(() -> c.decryptText(payload, CipherContext.claimMessage("C-1")))
                .isInstanceOf(LedgerException.class).hasMessageNotContaining(NIK);
        assertThat(c.decryptText(payload, CipherContext.claimPayload("C-1"))).contains(NIK);
    }

    @Test
    void aValueWrittenBeforeBindingIsStillReadAndIsStale() throws Exception {
        PersonalDataCipher c = PersonalDataCipher.forTests();
        String unbound = UnboundCiphertexts.forTests(NIK);

        assertThat(c.decrypt(unbound, CipherContext.rowNik(1, 1))).isEqualTo(NIK);
        assertThat(c.decryptText("enc:" + unbound, CipherContext.ENROLLMENT_JOB)).isEqualTo(NIK);
        assertThat(c.isStale(unbound)).isTrue();
        assertThat(c.isStaleText("enc:" + unbound)).isTrue();
        assertThat(c.isStale(c.encrypt(NIK, CipherContext.rowNik(1, 1)))).isFalse();
        assertThat(c.isStaleText(c.encryptText(NIK, CipherContext.rowNik(1, 1)))).isFalse();
    }

    @Test
    void theLongestNikCellTheLedgerKeepsStillFitsItsColumnWithTheLongestKeyId() {
        // Ledger clips a rejected row's NIK cell to 24 chars, at most 3 UTF-8 bytes each; nik_enc is VARCHAR(160).
        PersonalDataCipher c = PersonalDataKeys.cipher(GatewayProperties.of(PersonalDataKeys.random("k".repeat(16))));
        String stored = c.encrypt("\u20ac".repeat(24), CipherContext.rowNik(Long.MAX_VALUE, Integer.MAX_VALUE));
        assertThat(stored).hasSizeLessThanOrEqualTo(160);
    }

    @Test
    void afterRotationOldValuesStayReadableAndNewOnesUseTheNewKey() {
        Map<String, String> first = PersonalDataKeys.random("k1");
        PersonalDataCipher before = PersonalDataKeys.cipher(GatewayProperties.of(first));
        CipherContext row = CipherContext.rowNik(7, 3);
        String stored = before.encrypt(NIK, row);

        Map<String, String> rotated = new HashMap<>(PersonalDataKeys.random("k2"));
        rotated.put("jamsos.pii.hmacKey", first.get("jamsos.pii.hmacKey"));
        rotated.put("jamsos.pii.oldKeys", first.get("jamsos.pii.encryptionKey"));
        PersonalDataCipher after = PersonalDataKeys.cipher(GatewayProperties.of(rotated));

        assertThat(after.decrypt(stored, row)).isEqualTo(NIK);
        assertThat(after.isStale(stored)).isTrue();
        assertThat(after.encrypt(NIK, row)).startsWith("v2.k2:");
        assertThat(after.hash(NIK)).isEqualTo(before.hash(NIK));

        rotated.remove("jamsos.pii.oldKeys");
        PersonalDataCipher forgotten = PersonalDataKeys.cipher(GatewayProperties.of(rotated));
        assertThatThrownBy(() -> forgotten.decrypt(stored, row)).hasMessageContaining("k1");
    }

    @Test
    void missingKeysStopTheGatewayWithoutPrintingAnyValue() {
        assertThatThrownBy(() -> PersonalDataKeys.cipher(GatewayProperties.of(Map.of())))
                .hasMessageContaining("JAMSOS_PII_HMACKEY");
        assertThat(GatewayProperties.isSecret("jamsos.pii.encryptionKey")).isTrue();
        assertThat(GatewayProperties.isSecret("jamsos.pii.oldKeys")).isTrue();
    }
}
