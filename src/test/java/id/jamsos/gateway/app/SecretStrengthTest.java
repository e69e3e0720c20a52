package id.jamsos.gateway.app;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `run` refuses the demo's public secrets, inbound secrets below the stated strength and personal-data
 * keys that are not random (issue 14, "Secrets and files on disk"), naming the setting and never its value.
 */
class SecretStrengthTest {

    private static final String ZERO_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static List<String> problems(Map<String, String> overrides) {
        Map<String, String> m = ConfigCheckTest.valid();
        m.putAll(overrides);
        return ConfigCheck.problems(GatewayProperties.of(m));
    }

    /**
     * The production jar holds neither the simulator nor the demo, so SecretStrength writes their
     * values out; a value changed on their side and not there would become a secret `run` accepts.
     */
    @Test
    void everyValueTheSimulatorAndTheDemoPublishIsKnownAsPublic() {
        SimulatorConfig sim = SimulatorConfig.defaults();
        assertThat(SecretStrength.PUBLIC_VALUES)
                .contains(sim.callbackSecret(), sim.secret(), sim.userKey(), DemoEnvironment.DEMO_PASSWORD,
                        id.jamsos.gateway.simulator.RegistrySimulatorConfig.defaults().password());
    }

    @Test
    void theRegistrySimulatorsPasswordIsRefusedAsTheRegistryPassword() {
        GatewayProperties props = GatewayProperties.of(java.util.Map.of("jamsos.registry.password",
                id.jamsos.gateway.simulator.RegistrySimulatorConfig.defaults().password()));

        assertThat(SecretStrength.problems(props)).anySatisfy(p -> assertThat(p)
                .startsWith("jamsos.registry.password (JAMSOS_REGISTRY_PASSWORD) is a public value")
                .doesNotContain("demo-registry-password"));
    }

    @Test
    void theDemosCallbackSecretAOneCharacterTokenAndAllZeroKeysAreRefusedByName() {
        String demoSecret = SimulatorConfig.defaults().callbackSecret();

        List<String> problems = problems(Map.of(
                "jamsos.callback.secret", demoSecret,
                "jamsos.ops.token", "x",
                "jamsos.pii.hmacKey", ZERO_KEY,
                "jamsos.pii.encryptionKey", "k1:" + ZERO_KEY));

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("jamsos.callback.secret (JAMSOS_CALLBACK_SECRET) is a public value");
        assertThat(problems.get(1)).startsWith("jamsos.ops.token (JAMSOS_OPS_TOKEN) is too short: 1 characters, at least 32");
        assertThat(problems.get(2)).startsWith("jamsos.pii.hmacKey (JAMSOS_PII_HMACKEY) is not random");
        assertThat(problems.get(3)).startsWith("jamsos.pii.encryptionKey (JAMSOS_PII_ENCRYPTIONKEY) is not random");
        assertThat(String.join("\n", problems)).doesNotContain(demoSecret, ZERO_KEY, "AAAA");
    }

    @Test
    void aLongSecretOfOneRepeatedCharacterAndAKeyOfOneRepeatedByteAreRefused() {
        byte[] sevens = new byte[32];
        java.util.Arrays.fill(sevens, (byte) 7);

        List<String> problems = problems(Map.of(
                "jamsos.callback.secret", "a".repeat(40),
                "jamsos.pii.hmacKey", Base64.getEncoder().encodeToString(sevens)));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("jamsos.callback.secret (JAMSOS_CALLBACK_SECRET) is too easy to guess: 1 different");
        assertThat(problems.get(1)).startsWith("jamsos.pii.hmacKey (JAMSOS_PII_HMACKEY) is not random");
    }

    @Test
    void theExamplesPlaceholderIsRefusedInEverySecret() {
        List<String> problems = problems(Map.of("jamsos.bpjs.secret", "change-me", "jamsos.ledger.password", "change-me"));

        assertThat(problems).containsExactly(
                "jamsos.ledger.password (JAMSOS_LEDGER_PASSWORD) is the placeholder of the examples: set the real value",
                "jamsos.bpjs.secret (JAMSOS_BPJS_SECRET) is the placeholder of the examples: set the real value");
    }

    @Test
    void generatedSecretsAndKeysPassAndTheOperatorCommandsDoNotCheckStrength() {
        assertThat(problems(Map.of())).isEmpty();
        assertThat(problems(Map.of("jamsos.callback.secret", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=",
                "jamsos.ops.token", "9f86d081884c7d659a2feaa0c55ad015"))).isEmpty();
        // An old key is only read: a weak one must stay readable while the rotation replaces it.
        assertThat(problems(Map.of("jamsos.pii.oldKeys", "k0:" + ZERO_KEY))).isEmpty();

        Map<String, String> weak = ConfigCheckTest.valid();
        weak.put("jamsos.pii.hmacKey", ZERO_KEY);
        weak.put("jamsos.callback.secret", SimulatorConfig.defaults().callbackSecret());
        assertThat(ConfigCheck.problems(GatewayProperties.of(weak), ProductionSettings.LEDGER_AND_BROKER)).isEmpty();
    }
}
