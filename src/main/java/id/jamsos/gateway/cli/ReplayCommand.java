package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.OperatorTools;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ops.OpsHttpException;
import id.jamsos.gateway.ops.Replayer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Re-sends parked rows once their cause is fixed: each row goes back to PENDING and its stored request
 * is queued for the running gateway, an enrollment row for the enroller, a change row (AKSI BERHENTI,
 * KOREKSI, PINDAH) for the change route; a change row the ledger no longer allows is refused instead
 * (ops.Replayer). Safe to repeat: BPJS answers a repeated refId with the first outcome, and only rows
 * still PARKED are touched.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Queue parked rows again, enrollment and change rows (the running gateway sends them). See docs/operations.md.")
public final class ReplayCommand implements Callable<Integer> {

    public static final int DONE = 0;
    public static final int SOME_NOT_REPLAYED = 1;
    public static final int BROKER_DOWN = ExitCodes.DEPENDENCY_UNAVAILABLE;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--file", paramLabel = "ID", description = "the ledger id of the file (see `status`)")
        Long fileId;

        @Option(names = "--all-parked", description = "every file that has parked rows")
        boolean allParked;
    }

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("replay", props, ProductionSettings.LEDGER_AND_BROKER, err);
        if (refused != null) {
            return refused;
        }
        try (OperatorTools tools = OperatorTools.open(props)) {
            // Asked first, with a time limit: a failover broker URL would otherwise block the sends for ever.
            if (!tools.queueDepths().brokerReachable()) {
                err.println("the broker at " + props.get("jamsos.broker.url").replaceAll("//[^@/]*@", "//***@")
                        + " cannot be reached; nothing was replayed");
                err.flush();
                return BROKER_DOWN;
            }
            List<Long> files = which.fileId != null ? List.of(which.fileId) : tools.queries().filesWithParkedRows();
            long parkedRows = 0;
            for (long id : files) {
                parkedRows += tools.ledger().rowCounts(id).getOrDefault(RowState.PARKED, 0);
            }
            int batch = tools.batchSize();
            List<Map<String, Object>> results = new ArrayList<>();
            int failures = 0;
            int queued = 0;
            int enrollments = 0;
            int changes = 0;
            int refusedRows = 0;
            List<AuditEvent> audited = new ArrayList<>();
            String operator = System.getProperty("user.name", "?");
            try (ConsoleProgress progress = ConsoleProgress.start("replay", "rows", parkedRows)) {
                Replayer replayer = tools.replayer(() -> progress.advance(batch));
                for (long id : files) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("fileId", id);
                    tools.ledger().file(id).map(FileInfo::agencyId).ifPresent(a -> r.put("agency", a));
                    tools.ledger().file(id).map(FileInfo::fileName).ifPresent(n -> r.put("fileName", n));
                    try {
                        Replayer.Result result = replayer.replay(id);
                        r.put("ok", true);
                        r.put("queued", result.queued());
                        r.put("enrollments", result.enrollments());
                        r.put("changes", result.changes());
                        r.put("refused", result.refused());
                        r.put("message", result.message());
                        queued += result.queued();
                        enrollments += result.enrollments();
                        changes += result.changes();
                        refusedRows += result.refused();
                        audited.add(new AuditEvent(AuditEvent.OPERATOR, operator, String.valueOf(r.getOrDefault("agency",
                                "")), "REPLAY", "file " + id, "queued=" + result.queued() + " refused=" + result.refused(),
                                "command line"));
                    } catch (OpsHttpException e) {
                        failures++;
                        r.put("ok", false);
                        r.put("queued", 0);
                        r.put("enrollments", 0);
                        r.put("changes", 0);
                        r.put("refused", 0);
                        r.put("message", e.getMessage());
                        audited.add(new AuditEvent(AuditEvent.OPERATOR, operator, "", "REPLAY", "file " + id,
                                e.getMessage(), "command line", AuditEvent.REFUSED));
                    }
                    results.add(r);
                }
            }
            tools.auditTrail().recordAll(audited);
            if (json.requested()) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("files", results);
                root.put("queued", queued);
                // Enrollment rows and change rows (AKSI) apart: they go to different queues and routes.
                root.put("enrollments", enrollments);
                root.put("changes", changes);
                root.put("refused", refusedRows);
                root.put("failed", failures);
                out.println(new ObjectMapper().writeValueAsString(root));
            } else {
                if (results.isEmpty()) {
                    out.println("no file has parked rows");
                }
                for (Map<String, Object> r : results) {
                    out.println((Boolean.TRUE.equals(r.get("ok")) ? "ok     " : "FAILED ") + "file " + r.get("fileId")
                            + (r.containsKey("agency") ? " (" + r.get("agency") + ", " + r.get("fileName") + ")" : "")
                            + ": " + r.get("message"));
                }
                out.println(queued + " rows queued again (" + enrollments + " enrollment rows, " + changes
                        + " change rows)" + (refusedRows > 0 ? ", " + refusedRows + " change rows refused" : "")
                        + (failures > 0 ? ", " + failures + " files not replayed" : ""));
            }
            out.flush();
            return failures > 0 ? SOME_NOT_REPLAYED : DONE;
        }
    }
}
