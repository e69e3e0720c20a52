package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.OperatorTools;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ops.QueueDepths;
import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the ledger and the broker say, from outside the running gateway: files with their rows per
 * state, and the gateway's queues with their depth and dead letters. The endpoint's circuit breaker
 * lives in the running process only; this command says so rather than guess.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Files with their rows per state (ledger), and queue depths and dead letters (broker).")
public final class StatusCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int NO_SUCH_FILE = 1;

    static final String CIRCUIT_OFFLINE = "not available offline: the circuit breaker lives in the running gateway;"
            + " see GET /ops/ready (check \"endpoint\") or the status page";

    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "ID", description = "only this file (its ledger id)")
    Long fileId;

    @Option(names = "--files", paramLabel = "N", defaultValue = "20", description = "latest files shown (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GatewayProperties props = config.properties();
        PrintWriter err = spec.commandLine().getErr();
        Integer refused = config.configurationCheck("status", props, ProductionSettings.LEDGER_AND_BROKER, err);
        // Only the ledger must answer: with the broker down, status still shows the files (queues as "?").
        if (refused == null) {
            refused = Preflight.dependencies("status", props, java.util.EnumSet.of(ProductionSettings.Part.LEDGER), err);
        }
        if (refused != null) {
            return refused;
        }
        try (OperatorTools tools = OperatorTools.open(props)) {
            List<FileInfo> files;
            if (fileId != null) {
                Optional<FileInfo> file = tools.ledger().file(fileId);
                if (file.isEmpty()) {
                    spec.commandLine().getErr().println("no file " + fileId + " in the ledger");
                    spec.commandLine().getErr().flush();
                    return NO_SUCH_FILE;
                }
                files = List.of(file.get());
            } else {
                files = tools.ledger().files(null, Math.max(0, limit));
            }
            List<Map<String, Object>> fileRows = new ArrayList<>();
            for (FileInfo f : files) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", f.id());
                r.put("agency", f.agencyId());
                r.put("fileName", f.fileName());
                r.put("state", f.state().name());
                r.put("receivedAt", String.valueOf(f.receivedAt()));
                r.put("rows", f.totalRows());
                Map<String, Integer> counts = new LinkedHashMap<>();
                tools.ledger().rowCounts(f.id()).forEach((state, n) -> counts.put(state.name(), n));
                r.put("counts", counts);
                if (f.purgedAt() != null) {
                    // The rows are gone; the counts are the ones kept on the file.
                    r.put("purgedAt", f.purgedAt().toString());
                }
                if (f.error() != null) {
                    r.put("error", f.error());
                }
                fileRows.add(r);
            }
            Map<String, Long> depths = tools.queueDepths().depths();
            boolean reachable = tools.queueDepths().brokerReachable();
            List<Map<String, Object>> queues = new ArrayList<>();
            depths.forEach((name, depth) -> {
                Map<String, Object> q = new LinkedHashMap<>();
                // A count of the shared dead letter queue is keyed "ActiveMQ.DLQ from X": in JSON it is
                // the queue's name and the original queue, so a script need not parse the key.
                String original = tools.queueDepths().originalQueue(name);
                q.put("name", original == null ? name : tools.queueDepths().deadLetters().sharedQueue());
                if (original != null) {
                    q.put("originalQueue", original);
                }
                q.put("depth", depth);
                q.put("capped", depth >= tools.queueDepths().cap());
                q.put("deadLetter", tools.queueDepths().isDeadLetter(name));
                queues.add(q);
            });
            // Cover this month and next, in the city's zone: next month's count leaves out every worker
            // whose cover ends this month, and is what next month's statement bills.
            YearMonth month = tools.coverage().thisMonth();
            Map<String, Object> cover = new LinkedHashMap<>();
            cover.put("month", month.toString());
            cover.put("coveredWorkers", tools.coverage().coveredIn(month, null));
            cover.put("nextMonth", month.plusMonths(1).toString());
            cover.put("coveredNextMonth", tools.coverage().coveredIn(month.plusMonths(1), null));
            if (json.requested()) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("coverage", cover);
                root.put("files", fileRows);
                root.put("brokerReachable", reachable);
                root.put("queues", queues);
                root.put("endpointCircuit", Map.of("available", false, "reason", CIRCUIT_OFFLINE));
                out.println(new ObjectMapper().writeValueAsString(root));
            } else {
                out.printf("Pekerja ditanggung / workers covered: %s %,d; %s %,d%n", cover.get("month"),
                        (Long) cover.get("coveredWorkers"), cover.get("nextMonth"), (Long) cover.get("coveredNextMonth"));
                printText(out, fileRows, queues, reachable, tools.queueDepths().cap());
            }
            out.flush();
            return OK;
        }
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, List<Map<String, Object>> files, List<Map<String, Object>> queues,
                                  boolean reachable, int cap) {
        out.println("Files (latest first):");
        if (files.isEmpty()) {
            out.println("  none");
        }
        for (Map<String, Object> f : files) {
            out.printf("  %-6s %-24s %-32s %-10s rows=%s%n", f.get("id"), f.get("agency"), f.get("fileName"),
                    f.get("state"), f.get("rows") == null ? "?" : f.get("rows"));
            StringBuilder counts = new StringBuilder("         ");
            ((Map<String, Integer>) f.get("counts")).forEach((state, n) -> counts.append(' ')
                    .append(state.toLowerCase()).append('=').append(n));
            if (f.containsKey("purgedAt")) {
                counts.append("  (rows purged ").append(f.get("purgedAt")).append(", counts kept)");
            }
            out.println(counts);
            if (f.containsKey("error")) {
                out.println("          error: " + f.get("error"));
            }
        }
        out.println("Queues" + (reachable ? ":" : ": broker not reachable, depths unknown"));
        for (Map<String, Object> q : queues) {
            long depth = (Long) q.get("depth");
            String shown = depth == QueueDepths.UNKNOWN ? "?" : depth >= cap ? cap + "+" : String.valueOf(depth);
            String label = q.containsKey("originalQueue") ? q.get("name") + " from " + q.get("originalQueue")
                    : String.valueOf(q.get("name"));
            out.printf("  %-40s %8s%s%n", label, shown,
                    Boolean.TRUE.equals(q.get("deadLetter")) ? "  dead letters" : "");
        }
        out.println("Endpoint circuit: " + CIRCUIT_OFFLINE);
    }
}
