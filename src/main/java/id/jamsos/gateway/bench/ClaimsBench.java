package id.jamsos.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.FinanceQueueReader;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.SimulatorConfig;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * The claims scenario: N signed claim callbacks (HTTP, signature check, ledger with the outbox,
 * enrichment, then the outbox's persistent batch sends to the finance queue), timed until the last
 * message is on the queue (acked_seconds: until the last HTTP 200), against a plain JMS producer sending the same message
 * texts, persistent, to the same queue of the same broker.
 *
 * <p>The BPJS signature covers only consId and timestamp, so the gateway's replay guard lets one
 * callback through per second and consId. The rig widens the callback window
 * ({@code jamsos.callback.windowSeconds}) and the client signs each claim with a distinct
 * timestamp in the past: the guard stays on and is measured, without throttling the benchmark.
 */
final class ClaimsBench {

    private ClaimsBench() {
    }

    static long windowSecondsFor(int count) {
        return count + 3600L;
    }

    static List<BenchLine> run(BenchRig rig, int count, int clients) throws Exception {
        List<String> niks = new ArrayList<>();
        rig.gateway.ledger().files(BenchRig.AGENCY, 10).forEach(f -> rig.gateway.ledger().forEachRow(f.id(), row -> {
            if (row.state() == RowState.ENROLLED) {
                niks.add(row.nik());
            }
        }));
        if (niks.isEmpty()) {
            throw new IllegalStateException("no enrolled workers to claim for");
        }
        ObjectMapper json = Json.mapper();
        SimulatorConfig sim = rig.env.simulator().config();
        long now = System.currentTimeMillis() / 1000;
        List<HttpRequest> requests = new ArrayList<>(count);
        URI callback = URI.create(rig.env.callbackUrl(rig.props));
        for (int i = 0; i < count; i++) {
            ClaimNotice claim = rig.env.simulator().jkkClaimFor(niks.get(i % niks.size()), 7_500_000L);
            rig.env.simulator().addClaim(claim);
            HttpRequest.Builder b = HttpRequest.newBuilder(callback).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(claim)));
            BpjsSignature.headers(sim.callbackConsId(), sim.callbackSecret(), null, now - i).forEach(b::header);
            requests.add(b.build());
        }
        String queue = rig.props.get("jamsos.finance.queue");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        long queuedBefore = rig.env.broker().queueSize(queue);
        HeapMeter.reset();
        long t0 = System.nanoTime();
        int[] statuses = parallel(clients, count, i -> http.send(requests.get(i), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        double ackedSeconds = (System.nanoTime() - t0) / 1e9;
        // The callback answers once the claim is in the ledger; the outbox sends it after. The clock
        // stops when every message is on the finance queue, so the outbox cannot look faster than it is.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (rig.env.broker().queueSize(queue) - queuedBefore < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        double gatewaySeconds = (System.nanoTime() - t0) / 1e9;
        double heap = HeapMeter.peakMib();
        int ok = 0;
        for (int s : statuses) {
            ok += s == 200 ? 1 : 0;
        }
        List<String> bodies = new ArrayList<>(count);
        try (FinanceQueueReader reader = new FinanceQueueReader(rig.env.broker().brokerUrl(), queue)) {
            for (FinanceQueueReader.Received r : reader.take(count, Duration.ofSeconds(60))) {
                bodies.add(r.body());
            }
        }

        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(rig.env.broker().brokerUrl());
        double plainSeconds;
        try (Connection connection = cf.createConnection()) {
            connection.start();
            List<Session> sessions = new ArrayList<>();
            List<MessageProducer> producers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue(queue));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                sessions.add(s);
                producers.add(p);
            }
            int n = bodies.size();
            long t1 = System.nanoTime();
            parallelPerClient(clients, n, (client, i) -> {
                producers.get(client).send(sessions.get(client).createTextMessage(bodies.get(i)));
                return 0;
            });
            plainSeconds = (System.nanoTime() - t1) / 1e9;
        }
        try (FinanceQueueReader reader = new FinanceQueueReader(rig.env.broker().brokerUrl(), queue)) {
            reader.take(bodies.size(), Duration.ofSeconds(60));
        }
        double gatewayRate = count / gatewaySeconds;
        double plainRate = bodies.size() / plainSeconds;
        List<BenchLine> lines = new ArrayList<>();
        lines.add(BenchLine.scenario("claims").put("path", "gateway_callback").put("count", count)
                .put("clients", clients).put("http_200", ok).put("on_finance_queue", bodies.size())
                .put("seconds", gatewaySeconds, 3).put("acked_seconds", ackedSeconds, 3)
                .put("msgs_per_s", gatewayRate, 1).put("heap_peak_mb", heap, 1));
        lines.add(BenchLine.scenario("claims").put("path", "plain_jms").put("count", bodies.size())
                .put("clients", clients).put("seconds", plainSeconds, 3).put("msgs_per_s", plainRate, 1)
                .put("ratio_gateway_to_plain", gatewayRate / plainRate, 2));
        return lines;
    }

    interface Task {
        int call(int index) throws Exception;
    }

    interface ClientTask {
        int call(int client, int index) throws Exception;
    }

    private static int[] parallel(int clients, int count, Task task) throws Exception {
        return parallelPerClient(clients, count, (c, i) -> task.call(i));
    }

    /** Client c handles indexes c, c + clients, c + 2 clients, ...; each client sends in order. */
    private static int[] parallelPerClient(int clients, int count, ClientTask task) throws Exception {
        int[] results = new int[count];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = client; i < count; i += clients) {
                        results[i] = task.call(client, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }
}
