package id.jamsos.gateway.routes;

import id.jamsos.gateway.support.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.embedded.BrokerProcess;
import id.jamsos.gateway.ledger.FileInfo;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against an ActiveMQ broker running in a process of its own, as in production: once
 * with deploy/activemq/activemq.xml as shipped (per-queue dead letters, a user for the gateway and one
 * for finance), once with the configuration a stock ActiveMQ comes with (every dead letter on the
 * shared ActiveMQ.DLQ, no users). Either way a finance message the finance system rejected shows in
 * `status`, on the status page and in the metrics, counted for the finance queue.
 */
class StandaloneBrokerTest {

    static final Path SHIPPED = Path.of("deploy", "activemq", "activemq.xml");
    static final Path STOCK = Path.of("src", "test", "resources", "activemq", "stock-activemq.xml");
    private static final String TOKEN = "standalone-broker-ops-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void onTheShippedBrokerDeadLettersStayPerQueueAndEachUserKeepsToItsQueues() throws Exception {
        String gatewayPassword = "gw-" + UUID.randomUUID();
        String financePassword = "fin-" + UUID.randomUUID();
        BrokerProcess broker = gateways.closeAfterwards(BrokerProcess.start(SHIPPED, gateways.dir().resolve("broker"), Map.of(
                "jamsos.gateway.password", gatewayPassword, "jamsos.finance.password", financePassword)));
        GatewayFixture fx = gateways.start(settings(broker.url(), "jamsos-gateway", gatewayPassword));
        assertThat(broker.pid()).isNotEqualTo(ProcessHandle.current().pid());

        // Nobody gets in without a password, and finance cannot put jobs in front of BPJS.
        assertThatThrownBy(() -> send(broker.url(), null, null, "jamsos.finance", "anonymous"))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> send(broker.url(), "jamsos-finance", financePassword, "jamsos.enrollment", "{}"))
                .isInstanceOf(JMSSecurityException.class);
        // Finance cannot forge a claim on its own queue, nor read the workers' jobs.
        assertThatThrownBy(() -> send(broker.url(), "jamsos-finance", financePassword, "jamsos.finance",
                "{\"messageType\":\"CLAIM_PAID\"}")).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> browse(broker.url(), "jamsos-finance", financePassword, "jamsos.enrollment"))
                .isInstanceOf(JMSSecurityException.class);
        System.out.println("[broker] anonymous, finance-to-enrollment, finance-to-finance and finance reading jobs"
                + " refused by the shipped authorization");

        // The gateway's own paths as its user: intake, enrollment, claim outbox to finance.
        String claim = enrollOneAndFireClaim(fx);
        int deliveries = rejectAll(broker.url(), "jamsos-finance", financePassword, "jamsos.finance");
        System.out.println("[broker] finance rejected " + claim + " " + deliveries + " times");
        assertThat(deliveries).isEqualTo(3);
        // An enrollment job nobody can read: the gateway dead-letters it itself after its attempts.
        send(broker.url(), "jamsos-gateway", gatewayPassword, "jamsos.enrollment", "{\"fileId\": \"not a number\"");

        Path config = configFolder(fx);
        Map<String, JsonNode> queues = awaitStatus(config, q -> depth(q, "DLQ.jamsos.finance") == 1
                && depth(q, "DLQ.jamsos.enrollment") == 1);
        assertThat(depth(queues, "jamsos.finance")).isZero();
        assertThat(depth(queues, "ActiveMQ.DLQ from jamsos.finance")).isZero();
        assertThat(queues.get("DLQ.jamsos.finance").path("deadLetter").asBoolean()).isTrue();

        String metrics = awaitMetrics(fx, "DLQ.jamsos.finance", "jamsos.finance", 1);
        assertThat(gauge(metrics, "ActiveMQ.DLQ", "jamsos.finance")).isZero();
        assertThat(awaitPageCount(fx, "DLQ.jamsos.finance")).isEqualTo("1");
        assertThat(broker.isAlive()).isTrue();
    }

    @Test
    void onAStockBrokerTheGatewaysDeadLettersInActiveMqDlqAreShownPerOriginalQueue() throws Exception {
        BrokerProcess broker = gateways.closeAfterwards(BrokerProcess.start(STOCK, gateways.dir().resolve("broker"), Map.of()));
        GatewayFixture fx = gateways.start(settings(broker.url(), "", ""));
        String claim = enrollOneAndFireClaim(fx);
        int deliveries = rejectAll(broker.url(), null, null, "jamsos.finance");
        // Another application's dead letter on the same shared queue is not the gateway's.
        send(broker.url(), null, null, "other.app.orders", "not ours");
        int foreign = rejectAll(broker.url(), null, null, "other.app.orders");
        System.out.println("[broker] finance rejected " + claim + " " + deliveries + " times; another"
                + " application's message rejected " + foreign + " times");

        Path config = configFolder(fx);
        Map<String, JsonNode> queues = awaitStatus(config, q -> depth(q, "ActiveMQ.DLQ from jamsos.finance") == 1);
        JsonNode shared = queues.get("ActiveMQ.DLQ from jamsos.finance");
        assertThat(shared.path("name").asText()).isEqualTo("ActiveMQ.DLQ");
        assertThat(shared.path("originalQueue").asText()).isEqualTo("jamsos.finance");
        assertThat(shared.path("deadLetter").asBoolean()).isTrue();
        assertThat(depth(queues, "DLQ.jamsos.finance")).isZero();
        assertThat(depth(queues, "ActiveMQ.DLQ from jamsos.enrollment")).isZero();

        String text = status(config).out();
        System.out.println("[broker] status on a stock broker:\n" + text);
        assertThat(text).containsPattern("ActiveMQ\\.DLQ from jamsos\\.finance\\s+1  dead letters");

        awaitMetrics(fx, "ActiveMQ.DLQ", "jamsos.finance", 1);
        assertThat(awaitPageCount(fx, "ActiveMQ.DLQ from jamsos.finance")).isEqualTo("1");
    }

    private static Map<String, String> settings(String brokerUrl, String user, String password) {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.broker.url", brokerUrl);
        s.put("jamsos.broker.user", user);
        s.put("jamsos.broker.password", password);
        s.put("jamsos.ops.token", TOKEN);
        s.put("jamsos.delivery.maxAttempts", "2");
        s.put("jamsos.delivery.redeliveryDelayMs", "20");
        return s;
    }

    /** Uploads a small file, waits for its enrollment, and has BPJS confirm a claim for one of its workers. */
    private String enrollOneAndFireClaim(GatewayFixture fx) throws Exception {
        Path sample = gateways.dir().resolve("dlq.csv");
        SampleWorkers.generate(sample, 4, 13L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "dlq.csv");
        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "dlq.csv", Duration.ofSeconds(60));
        List<String> enrolled = fx.enrolledNiks(file.id());
        assertThat(enrolled).as("enrolled rows of " + file.fileName()).isNotEmpty();
        var claim = fx.env.simulator().jkmClaimFor(enrolled.get(0));
        assertThat(fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), claim)).isEqualTo(200);
        return "claim-" + claim.claimId();
    }

    /**
     * Takes every message of the queue in a transaction and rolls it back, as a consumer that cannot
     * handle them does; after two redeliveries the client gives up on each and the broker moves it to
     * its dead letter queue. Returns the deliveries seen.
     */
    private static int rejectAll(String url, String user, String password, String queue) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        RedeliveryPolicy policy = factory.getRedeliveryPolicy();
        policy.setMaximumRedeliveries(2);
        policy.setInitialRedeliveryDelay(0);
        policy.setRedeliveryDelay(0);
        int deliveries = 0;
        try (Connection c = factory.createConnection(user, password)) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            // The claim reaches finance through the outbox a moment after BPJS had its answer.
            Message m = consumer.receive(30_000);
            while (m != null) {
                deliveries++;
                assertThat(deliveries).as("deliveries on " + queue).isLessThanOrEqualTo(30);
                s.rollback();
                m = consumer.receive(2_000);
            }
        }
        assertThat(deliveries).as("messages on " + queue).isPositive();
        return deliveries;
    }

    private static void browse(String url, String user, String password, String queue) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection(user, password)) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createBrowser(s.createQueue(queue)).getEnumeration().hasMoreElements();
        }
    }

    private static void send(String url, String user, String password, String queue, String text) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection(user, password)) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    private Path configFolder(GatewayFixture fx) throws Exception {
        Path config = Files.createDirectories(gateways.dir().resolve("config"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"))) {
            fx.props.asProperties().store(w, "written by StandaloneBrokerTest");
        }
        return config;
    }

    private static CliRun status(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("status", "--config", config.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Runs `status --json` until the queues it shows (keyed as its text shows them) satisfy {@code until}. */
    private static Map<String, JsonNode> awaitStatus(Path config,
                                                     java.util.function.Predicate<Map<String, JsonNode>> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            CliRun run = status(config, "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode root = JSON.readTree(run.out());
            assertThat(root.path("brokerReachable").asBoolean()).as("broker reachable").isTrue();
            Map<String, JsonNode> byKey = new HashMap<>();
            for (JsonNode q : root.path("queues")) {
                String key = q.has("originalQueue") ? q.path("name").asText() + " from " + q.path("originalQueue").asText()
                        : q.path("name").asText();
                byKey.put(key, q);
            }
            System.out.println("[broker] status --json queues: " + root.path("queues"));
            return byKey;
        }, until);
    }

    private static long depth(Map<String, JsonNode> queues, String key) {
        JsonNode q = queues.get(key);
        assertThat(q).as("status shows " + key).isNotNull();
        return q.path("depth").asLong();
    }

    private static String awaitMetrics(GatewayFixture fx, String on, String queue, double expected) {
        OpsHttp http = new OpsHttp(Integer.parseInt(fx.props.get("camel.server.port")));
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String body = http.get("/ops/metrics", OpsHttp.bearer(TOKEN)).body();
            System.out.println("[broker] jamsos_dead_letters{on=\"" + on + "\",queue=\"" + queue + "\"} = "
                    + gauge(body, on, queue));
            return body;
        }, body -> gauge(body, on, queue) == expected);
    }

    private static double gauge(String metrics, String on, String queue) {
        Matcher m = Pattern.compile("(?m)^jamsos_dead_letters\\{on=\"" + Pattern.quote(on) + "\",queue=\""
                + Pattern.quote(queue) + "\"} (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("jamsos_dead_letters for " + queue + " on " + on).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The count the status page shows for a queue row, once it is not 0 (the page caches for 5 s). */
    private static String awaitPageCount(GatewayFixture fx, String key) {
        OpsHttp http = new OpsHttp(Integer.parseInt(fx.props.get("camel.server.port")));
        Pattern cell = Pattern.compile("data-queue=\"" + Pattern.quote(key) + "\">([^<]*)<");
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Matcher m = cell.matcher(http.get("/ops", OpsHttp.bearer(TOKEN)).body());
            assertThat(m.find()).as("status page row " + key).isTrue();
            return m.group(1);
        }, shown -> !"0".equals(shown));
    }
}
