package id.jamsos.gateway.security;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyed hash and the encryption of NIKs, and key rotation. */
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
        String one = c.encrypt(NIK);
        assertThat(one).startsWith("k1:").isNotEqualTo(c.encrypt(NIK)).doesNotContain(NIK);
        assertThat(c.decrypt(one)).isEqualTo(NIK);
        char last = one.charAt(one.length() - 2);
        String altered = one.substring(0, one.length() - 2) + (last == 'A' ? 'B' : 'A') + one.charAt(one.length() - 1);
        assertThatThrownBy(() -> c.decrypt(altered)).isInstanceOf(LedgerException.class)
                .hasMessageNotContaining(NIK);
    }

    @Test
    void afterRotationOldValuesStayReadableAndNewOnesUseTheNewKey() {
        Map<String, String> first = PersonalDataKeys.random("k1");
        PersonalDataCipher before = PersonalDataKeys.cipher(GatewayProperties.of(first));
        String stored = before.encrypt(NIK);

        Map<String, String> rotated = new HashMap<>(PersonalDataKeys.random("k2"));
        rotated.put("jamsos.pii.hmacKey", first.get("jamsos.pii.hmacKey"));
        rotated.put("jamsos.pii.oldKeys", first.get("jamsos.pii.encryptionKey"));
        PersonalDataCipher after = PersonalDataKeys.cipher(GatewayProperties.of(rotated));

        assertThat(after.decrypt(stored)).isEqualTo(NIK);
        assertThat(after.isStale(stored)).isTrue();
        assertThat(after.encrypt(NIK)).startsWith("k2:");
        assertThat(after.hash(NIK)).isEqualTo(before.hash(NIK));

        rotated.remove("jamsos.pii.oldKeys");
        PersonalDataCipher forgotten = PersonalDataKeys.cipher(GatewayProperties.of(rotated));
        assertThatThrownBy(() -> forgotten.decrypt(stored)).hasMessageContaining("k1");
    }

    @Test
    void missingKeysStopTheGatewayWithoutPrintingAnyValue() {
        assertThatThrownBy(() -> PersonalDataKeys.cipher(GatewayProperties.of(Map.of())))
                .hasMessageContaining("JAMSOS_PII_HMACKEY");
        assertThat(GatewayProperties.isSecret("jamsos.pii.encryptionKey")).isTrue();
        assertThat(GatewayProperties.isSecret("jamsos.pii.oldKeys")).isTrue();
    }
}
