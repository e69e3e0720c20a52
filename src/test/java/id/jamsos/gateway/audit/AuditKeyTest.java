package id.jamsos.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The audit chain's key: the configured one, or one derived from the personal-data key, named never valued. */
class AuditKeyTest {

    private final PersonalDataCipher pii = PersonalDataCipher.forTests();

    @Test
    void unsetTheKeyIsDerivedStablyAndApartFromTheNikHashes() {
        byte[] derived = AuditKey.of("", pii);

        assertThat(derived).hasSize(32).isEqualTo(AuditKey.of("  ", pii));
        assertThat(derived).isNotEqualTo(pii.derivedKey("another-purpose"));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(derived))
                .isNotEqualTo(pii.hash(AuditKey.LABEL));
    }

    @Test
    void aConfiguredKeyIsUsedAsGiven() {
        byte[] own = new byte[40];
        own[3] = 7;

        assertThat(AuditKey.of(Base64.getEncoder().encodeToString(own), pii)).isEqualTo(own);
    }

    @Test
    void aShortOrMalformedKeyIsRefusedByItsSettingNeverItsValue() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> AuditKey.of(shortKey, pii)).hasMessageContaining(AuditKey.SETTING)
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> AuditKey.of("not base64 !!", pii)).hasMessageContaining(AuditKey.SETTING)
                .hasMessageNotContaining("not base64 !!");
        // The start's check says the same, so a bad key stops the start and not the first login.
        assertThat(AuditKey.problems(shortKey)).singleElement().asString().contains(AuditKey.SETTING)
                .doesNotContain(shortKey);
        assertThat(AuditKey.problems("")).isEmpty();
    }
}
