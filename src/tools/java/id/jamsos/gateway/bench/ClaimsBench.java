package id.jamsos.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.SimulatorConfig;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * The claims scenario: N signed claim callbacks (HTTP, signature check, ledger with the outbox,
 * enrichment, then the outbox's persistent batch sends to the finance queue), timed until the last
 * message is on the queue (acked_seconds: until the last HTTP 200), against a plain JMS producer
 * sending the same message texts, persistent, to the same queue of the same broker. Both paths run
 * a warm-up batch first, unmeasured, unless it is set to 0.
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

    static List<BenchLine> run(BenchRig rig, int warmup, int count, int clients) throws Exception {
        List<String> niks = new ArrayList<>();
        rig.gateway.ledger().files(BenchRig.AGENCY, 10).forEach(f -> rig.gateway.ledger().forEachRow(f.id(), row -> {
            if (row.state() == RowState.ENROLLED) {
                niks.add(row.nik());
            }
        }));
        if (niks.isEmpty()) {
            throw new IllegalStateException("no enrolled workers to claim for");
        }
        Callbacks callbacks = new Callbacks(rig, niks);
        String queue = rig.props.get("jamsos.finance.queue");
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(rig.env.broker().brokerUrl());
        try (Connection connection = cf.createConnection()) {
            connection.start();
            PlainProducers plain = new PlainProducers(connection, queue, clients);
            if (warmup > 0) {
                // Same two paths, unmeasured: the JIT compiles the callback, the outbox and the
                // broker's send path before either side is timed, as e2e's --warmup-rows does.
                gateway(rig, callbacks, callbacks.next(warmup), clients, queue);
                plain.send(drain(rig, queue, warmup), clients);
                drain(rig, queue, warmup);
                // Progress for whoever attaches a profiler to the measured part only.
                System.err.println("claims: warm-up of " + warmup + " callbacks done, measuring");
            }
            Timed gw = gateway(rig, callbacks, callbacks.next(count), clients, queue);
            List<String> bodies = drain(rig, queue, count);
            double[] plainTimes = plain.send(bodies, clients);
            double plainSeconds = plainTimes[0];
            drain(rig, queue, bodies.size());

            double gatewayRate = count / gw.seconds;
            double plainRate = bodies.size() / plainSeconds;
            List<BenchLine> lines = new ArrayList<>();
            lines.add(BenchLine.scenario("claims").put("path", "gateway_callback").put("count", count)
                    .put("clients", clients).put("warmup", warmup).put("http_200", gw.ok)
                    .put("on_finance_queue", bodies.size())
                    .put("seconds", gw.seconds, 3).put("acked_seconds", gw.ackedSeconds, 3)
                    .put("msgs_per_s", gatewayRate, 1).put("cpu_ms_per_msg", 1000 * gw.cpuSeconds / count, 3)
                    .put("heap_peak_mb", gw.heapPeakMib, 1));
            lines.add(BenchLine.scenario("claims").put("path", "plain_jms").put("count", bodies.size())
                    .put("clients", clients).put("seconds", plainSeconds, 3).put("msgs_per_s", plainRate, 1)
                    .put("cpu_ms_per_msg", 1000 * plainTimes[1] / bodies.size(), 3)
                    .put("ratio_gateway_to_plain", gatewayRate / plainRate, 2));
            return lines;
        }
    }

    private record Timed(double seconds, double ackedSeconds, int ok, double heapPeakMib, double cpuSeconds) {
    }

    /**
     * Sends the callbacks and stops the clock when every message is on the finance queue, not at the
     * last HTTP 200: the callback answers once the claim is in the ledger and the outbox sends it
     * after, so the outbox cannot look faster than it is.
     */
    private static Timed gateway(BenchRig rig, Callbacks callbacks, List<byte[]> requests, int clients, String queue)
            throws Exception {
        long queuedBefore = rig.env.broker().queueSize(queue);
        List<RawHttpClient> connections = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            connections.add(new RawHttpClient(callbacks.callback));
        }
        HeapMeter.reset();
        long cpu0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        int[] statuses;
        try {
            statuses = parallelPerClient(clients, requests.size(), (client, i) -> connections.get(client).send(requests.get(i)));
        } finally {
            connections.forEach(RawHttpClient::close);
        }
        double ackedSeconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (rig.env.broker().queueSize(queue) - queuedBefore < requests.size() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int ok = 0;
        for (int s : statuses) {
            ok += s == 200 ? 1 : 0;
        }
        return new Timed(seconds, ackedSeconds, ok, HeapMeter.peakMib(), (ProcessCpu.nanos() - cpu0) / 1e9);
    }

    private static List<String> drain(BenchRig rig, String queue, int count) throws Exception {
        List<String> bodies = new ArrayList<>(count);
        try (FinanceQueueReader reader = new FinanceQueueReader(rig.env.broker().brokerUrl(), queue)) {
            for (FinanceQueueReader.Received r : reader.take(count, Duration.ofSeconds(60))) {
                bodies.add(r.body());
            }
        }
        return bodies;
    }

    /**
     * Signed callbacks, each for a new claim, each signed with a distinct past timestamp (see the
     * class comment). The simulator's claim listing is left alone, so the pull has nothing to race
     * the callbacks for.
     */
    private static final class Callbacks {
        private final BenchRig rig;
        private final List<String> niks;
        private final ObjectMapper json = Json.mapper();
        private final SimulatorConfig sim;
        private final URI callback;
        private final long now = System.currentTimeMillis() / 1000;
        private int made;

        Callbacks(BenchRig rig, List<String> niks) {
            this.rig = rig;
            this.niks = niks;
            this.sim = rig.env.simulator().config();
            this.callback = URI.create(rig.env.callbackUrl(rig.props));
        }

        /** @return the next n callbacks, each encoded as the bytes of its HTTP request */
        List<byte[]> next(int n) throws Exception {
            List<byte[]> requests = new ArrayList<>(n);
            for (int i = 0; i < n; i++, made++) {
                ClaimNotice claim = rig.env.simulator().jkkClaimFor(niks.get(made % niks.size()), 7_500_000L);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                byte[] body = json.writeValueAsBytes(claim);
                headers.putAll(BpjsSignature.bodyHeaders(sim.callbackConsId(), sim.callbackSecret(), null, now - made,
                        body));
                requests.add(RawHttpClient.post(callback, headers, body));
            }
            return requests;
        }
    }

    /** One session and persistent producer per client, on one connection: the plain JMS side. */
    private static final class PlainProducers {
        private final List<Session> sessions = new ArrayList<>();
        private final List<MessageProducer> producers = new ArrayList<>();

        PlainProducers(Connection connection, String queue, int clients) throws Exception {
            for (int c = 0; c < clients; c++) {
                Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue(queue));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                sessions.add(s);
                producers.add(p);
            }
        }

        /** @return seconds until the last send returned, and the process's CPU seconds meanwhile */
        double[] send(List<String> bodies, int clients) throws Exception {
            long cpu0 = ProcessCpu.nanos();
            long t0 = System.nanoTime();
            parallelPerClient(clients, bodies.size(), (client, i) -> {
                producers.get(client).send(sessions.get(client).createTextMessage(bodies.get(i)));
                return 0;
            });
            return new double[] {(System.nanoTime() - t0) / 1e9, (ProcessCpu.nanos() - cpu0) / 1e9};
        }
    }

    interface ClientTask {
        int call(int client, int index) throws Exception;
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
