package id.jamsos.gateway.bench;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The embedded SFTP server, broker and simulator (the demo's environment) with a gateway on them,
 * tuned for measuring: fast SFTP polling, no request-rate cap (the bound is the endpoint's latency),
 * the concurrency and batch size under test.
 */
final class BenchRig implements AutoCloseable {

    static final String AGENCY = DemoEnvironment.KEY_AGENCY;

    final DemoEnvironment env;
    final GatewayProperties props;
    final Gateway gateway;
    final long gatewayStartMillis;
    private final EndpointProcess endpoint;

    private BenchRig(DemoEnvironment env, GatewayProperties props, Gateway gateway, long gatewayStartMillis,
                     EndpointProcess endpoint) {
        this.env = env;
        this.props = props;
        this.gateway = gateway;
        this.gatewayStartMillis = gatewayStartMillis;
        this.endpoint = endpoint;
    }

    /** @param endpointHeap when set, the simulator runs in its own JVM with this -Xmx (e.g. "2g") */
    record Settings(int concurrency, int batch, long latencyMs, String ledgerUrl, Map<String, String> extra,
                    String endpointHeap) {
    }

    static BenchRig start(Path dir, Settings s) throws Exception {
        DemoEnvironment env = DemoEnvironment.start(dir);
        EndpointProcess endpoint = null;
        try {
            // Also set on the in-process simulator when it is not the one answering: bound() reads it.
            env.simulator().faults().latencyMs(s.latencyMs());
            if (s.endpointHeap() != null) {
                endpoint = EndpointProcess.start(s.latencyMs(), s.endpointHeap(), dir.resolve("simulator.log"));
            }
            Map<String, String> o = new HashMap<>();
            o.put("jamsos.bpjs.batchSize", Integer.toString(s.batch()));
            o.put("jamsos.enroller.concurrency", Integer.toString(s.concurrency()));
            // The agreed request rate is a contract setting, not the gateway's speed: off, so the
            // measured bound is concurrency x batch / latency.
            o.put("jamsos.bpjs.maxRequestsPerSecond", "0");
            o.put("jamsos.ledger.poolSize", Integer.toString(Math.max(10, s.concurrency() + 4)));
            o.put("jamsos.intake.pollDelayMs", "100");
            o.put("jamsos.intake.readLockCheckIntervalMs", "100");
            o.put("jamsos.intake.readLockMinAgeMs", "200");
            if (s.ledgerUrl() != null) {
                o.put("jamsos.ledger.url", s.ledgerUrl());
            }
            if (endpoint != null) {
                o.put("jamsos.bpjs.url", endpoint.url());
            }
            o.putAll(s.extra());
            GatewayProperties props = env.gatewayProperties(o);
            long t0 = System.nanoTime();
            Gateway gateway = Gateway.start(props, env.agencies());
            return new BenchRig(env, props, gateway, (System.nanoTime() - t0) / 1_000_000, endpoint);
        } catch (Exception | Error e) {
            if (endpoint != null) {
                endpoint.close();
            }
            env.close();
            throw e;
        }
    }

    /**
     * Uploads {@code file} over SFTP as the agency would and waits until the ledger has the file in a
     * final state. Returns the line with the timing; the caller adds its own keys.
     */
    BenchLine dropAndAwait(String scenario, Path file, SampleSummary sample, Duration timeout) throws Exception {
        String name = file.getFileName().toString();
        ProducerTemplate producer = gateway.context().createProducerTemplate();
        HeapMeter.reset();
        long t0 = System.nanoTime();
        producer.sendBodyAndHeader(env.uploadUri(AGENCY), file.toFile(), Exchange.FILE_NAME, name);
        long uploaded = System.nanoTime();
        FileInfo info = null;
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FileInfo> f = gateway.ledger().files(AGENCY, 10).stream()
                    .filter(i -> i.fileName().equals(name)).findFirst();
            if (f.isPresent() && (f.get().state() == FileState.DONE || f.get().state() == FileState.FAILED)) {
                info = f.get();
                break;
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double heap = HeapMeter.peakMib();
        double oldHeap = HeapMeter.oldPeakMib();
        producer.close();
        if (info == null) {
            throw new IllegalStateException("file " + name + " not final after " + timeout.toSeconds() + " s");
        }
        Map<RowState, Integer> counts = gateway.ledger().rowCounts(info.id());
        int rows = sample.rows();
        return BenchLine.scenario(scenario)
                .put("rows", rows)
                .put("state", info.state().name())
                .put("enrolled", counts.getOrDefault(RowState.ENROLLED, 0))
                .put("rejected", counts.getOrDefault(RowState.REJECTED, 0))
                .put("refused", counts.getOrDefault(RowState.REFUSED, 0))
                .put("parked", counts.getOrDefault(RowState.PARKED, 0))
                .put("pending", counts.getOrDefault(RowState.PENDING, 0))
                .put("latency_ms", env.simulator().faults().latencyMs())
                .put("concurrency", props.getInt("jamsos.enroller.concurrency"))
                .put("batch", props.getInt("jamsos.bpjs.batchSize"))
                .put("seconds", seconds, 3)
                .put("upload_seconds", (uploaded - t0) / 1e9, 3)
                .put("rows_per_s", rows / seconds, 1)
                .put("bound_rows_per_s", bound(), 1)
                .put("heap_peak_mb", heap, 1)
                .put("old_peak_mb", oldHeap, 1)
                .put("heap_max_mb", HeapMeter.maxMib(), 0);
    }

    /** Rows per second the endpoint allows: concurrency x batch / latency (infinite at 0 ms). */
    double bound() {
        long latency = env.simulator().faults().latencyMs();
        return latency == 0 ? Double.POSITIVE_INFINITY
                : props.getInt("jamsos.enroller.concurrency") * props.getInt("jamsos.bpjs.batchSize") * 1000.0 / latency;
    }

    static SampleSummary generate(Path file, int rows, int badEvery) throws Exception {
        return generate(file, rows, badEvery, 2024L);
    }

    /** Another seed gives other workers (a warm-up file must not make the measured rows "already enrolled"). */
    static SampleSummary generate(Path file, int rows, int badEvery, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        return SampleWorkers.generate(file, rows, seed, badEvery);
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            try {
                if (endpoint != null) {
                    endpoint.close();
                }
            } finally {
                env.close();
            }
        }
    }
}
