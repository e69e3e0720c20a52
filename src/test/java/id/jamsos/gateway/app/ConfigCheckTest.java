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
        java.security.KeyPair finance = id.jamsos.gateway.finance.FinanceSignature.generate();
        m.put("jamsos.finance.signingKey", id.jamsos.gateway.finance.FinanceSignature.encode(finance.getPrivate()));
        m.put("jamsos.finance.verifyKey", id.jamsos.gateway.finance.FinanceSignature.encode(finance.getPublic()));
        return m;
    }

    @Test
    void aBrokerOffThisMachineNeedsTheGatewaysLoginAndPassword() {
        Map<String, String> m = valid();
        m.put("jamsos.broker.url", "failover:(tcp://127.0.0.1:61616,ssl://mq.kota-sorong.go.id:61617)");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).containsExactly(
                "missing setting jamsos.broker.user (in application.properties, or JAMSOS_BROKER_USER) (the broker is"
                        + " not on this machine: it must ask for a login, see deploy/activemq): the gateway's broker login"
                        + " (jamsos-gateway in deploy/activemq/activemq.xml)",
                "missing secret jamsos.broker.password (set JAMSOS_BROKER_PASSWORD) (the broker is not on this machine:"
                        + " it must ask for a login, see deploy/activemq): the broker login's password");
        m.put("jamsos.broker.user", "jamsos-gateway");
        m.put("jamsos.broker.password", "broker-password-value");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).isEmpty();
        // The demo's and the tests' embedded broker on loopback, and an in-process one, need none.
        for (String local : new String[] {"tcp://127.0.0.1:61616", "failover:(tcp://localhost:61616)", "vm://jamsos"}) {
            Map<String, String> l = valid();
            l.put("jamsos.broker.url", local);
            assertThat(ConfigCheck.problems(GatewayProperties.of(l))).as(local).isEmpty();
        }
    }

    @Test
    void financeMessagesCannotGoUnsignedOrWithAPublicKeyThatIsNotTheSigningKeys() {
        Map<String, String> m = valid();
        m.remove("jamsos.finance.signingKey");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).singleElement().asString()
                .startsWith("missing secret jamsos.finance.signingKey (set JAMSOS_FINANCE_SIGNINGKEY)");
        Map<String, String> other = valid();
        String signing = other.get("jamsos.finance.signingKey");
        m.put("jamsos.finance.signingKey", signing);
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).containsExactly(
                "jamsos.finance.signingKey / verifyKey: jamsos.finance.verifyKey is not the public key of"
                        + " jamsos.finance.signingKey");
        assertThat(String.join("\n", ConfigCheck.maskedDump(GatewayProperties.of(m)))).doesNotContain(signing)
                .contains("jamsos.finance.signingKey=******");
    }

    @Test
    void anAllowListOfCallbackSendersThatIsNotAddressesIsAProblemNamingTheEntry() {
        Map<String, String> m = valid();
        m.put("jamsos.callback.allowedSenders", "203.0.113.0/24, bpjs.go.id");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).singleElement().asString()
                .contains("jamsos.callback.allowedSenders").contains("'bpjs.go.id'");
        m.put("jamsos.callback.allowedSenders", "203.0.113.0/24, 2001:db8::/32");
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).isEmpty();
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
