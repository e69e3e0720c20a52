package id.jamsos.gateway.app;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCheckTest {

    static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("jamsos.bpjs.consId", "JAMSOS-SORONG");
        m.put("jamsos.bpjs.secret", "bpjs-secret-value");
        m.put("jamsos.bpjs.userKey", "user-key-value");
        m.putAll(PersonalDataKeys.random("k1"));
        m.put("jamsos.callback.secret", "callback-secret-value-4fK9qT2mWx7Lp0Zr");
        m.put("jamsos.ledger.password", "db-password-value");
        m.put("jamsos.ops.token", "ops-token-value-Hn3vB8cY1sD6gJ5eUa");
        m.put("jamsos.ledger.url", "jdbc:postgresql://db:5432/jamsos?password=inline-pw");
        return m;
    }

    @Test
    void aCompleteConfigurationHasNoProblems() {
        assertThat(ConfigCheck.problems(GatewayProperties.of(valid()))).isEmpty();
    }

    @Test
    void listsEveryProblemAtOnce() {
        Map<String, String> m = valid();
        m.put("jamsos.bpjs.secrett", "x");
        m.remove("jamsos.bpjs.secret");
        m.put("jamsos.broker.url", "localhost:61616");
        m.put("jamsos.ledger.url", "postgres://db/jamsos");
        m.put("camel.server.port", "eighty");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).containsExactly(
                "unknown setting jamsos.bpjs.secrett (misspelt? see jamsos-defaults.properties)",
                "missing secret jamsos.bpjs.secret (set JAMSOS_BPJS_SECRET): the consumer secret BPJS issued with it"
                        + " (signs every request; never sent)",
                "jamsos.broker.url is not a broker URL such as tcp://host:61616 or failover:(tcp://a:61616,tcp://b:61616)",
                "jamsos.ledger.url must start with jdbc:postgresql:// or jdbc:h2:",
                "camel.server.port must be a number");
    }

    @Test
    void aMissingUserKeyOrConsumerIdIsAProblem() {
        Map<String, String> m = valid();
        m.remove("jamsos.bpjs.userKey");
        m.remove("jamsos.bpjs.consId");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).containsExactly(
                "missing setting jamsos.bpjs.consId (in application.properties, or JAMSOS_BPJS_CONSID):"
                        + " the consumer id BPJS issued to the city (X-cons-id)",
                "missing secret jamsos.bpjs.userKey (set JAMSOS_BPJS_USERKEY):"
                        + " the user_key BPJS issued for the enrollment service");
    }

    @Test
    void aBrokerLoginNeedsItsPassword() {
        Map<String, String> m = valid();
        m.put("jamsos.broker.user", "jamsos");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).singleElement().asString()
                .startsWith("missing secret jamsos.broker.password (set JAMSOS_BROKER_PASSWORD) (jamsos.broker.user is set)");
    }

    @Test
    void acceptsFailoverBrokerUrls() {
        assertThat(ConfigCheck.brokerUrlOk("failover:(tcp://a:61616,ssl://b:61617)?randomize=false")).isTrue();
        assertThat(ConfigCheck.brokerUrlOk("failover:(tcp://a)")).isFalse();
        assertThat(ConfigCheck.brokerUrlOk("tcp://127.0.0.1:61616")).isTrue();
    }

    @Test
    void theDumpNeverShowsASecret() {
        String dump = String.join("\n", ConfigCheck.maskedDump(GatewayProperties.of(valid())));
        assertThat(dump).doesNotContain("bpjs-secret-value", "callback-secret-value", "db-password-value",
                "ops-token-value", "inline-pw", "user-key-value");
        assertThat(dump).contains("jamsos.bpjs.secret=******", "jamsos.bpjs.userKey=******", "jamsos.pii.oldKeys=(empty)",
                "jamsos.regionCode=9671");
    }
}
