package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.OperatorTools;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ops.ReviewDesk;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Rows the verification stage handed to a person (RowState.REVIEW: the population registry did not find
 * the worker, or has no e-KTP recorded): listed, released to BPJS, or refused with a reason
 * (ops.ReviewDesk, docs/verification.md). Each action is audited; the running gateway writes the file's
 * reports again once the row is decided.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "List rows waiting for a person's review, release one to BPJS or refuse it. See docs/verification.md.")
public final class ReviewCommand implements Callable<Integer> {

    public static final int DONE = 0;
    public static final int NOT_DECIDED = 1;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--list", description = "the rows in review: file, row, agency, masked NIK, reason, since")
        boolean list;

        @Option(names = "--release", paramLabel = "FILE_ID:ROW", description = "send the row to BPJS")
        String release;

        @Option(names = "--refuse", paramLabel = "FILE_ID:ROW", description = "refuse the row (with --reason)")
        String refuse;
    }

    @Option(names = "--reason", description = "why the row is refused, as the agency will read it in its report")
    String reason;

    @Option(names = "--limit", defaultValue = "200", description = "rows listed at most (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("review", props, ProductionSettings.LEDGER_AND_BROKER, err);
        if (refused != null) {
            return refused;
        }
        try (OperatorTools tools = OperatorTools.open(props)) {
            return run(tools.reviewDesk(), operator());
        }
    }

    /** The action on a desk: separate from the gateway's configuration, so that tests give their own desk. */
    int run(ReviewDesk desk, String operator) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (which.list) {
            List<ReviewDesk.Listed> rows = desk.list(operator, limit);
            if (json.requested()) {
                List<Map<String, Object>> listed = new ArrayList<>();
                for (ReviewDesk.Listed r : rows) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("fileId", r.fileId());
                    m.put("row", r.rowNo());
                    m.put("agency", r.agencyId());
                    m.put("fileName", r.fileName());
                    m.put("nik", r.maskedNik());
                    m.put("reason", r.reason());
                    m.put("since", String.valueOf(r.since()));
                    listed.add(m);
                }
                out.println(new ObjectMapper().writeValueAsString(Map.of("rows", listed)));
            } else if (rows.isEmpty()) {
                out.println("no row is waiting for review");
            } else {
                for (ReviewDesk.Listed r : rows) {
                    out.println(r.fileId() + ":" + r.rowNo() + "  " + r.agencyId() + "  " + r.fileName() + "  "
                            + r.maskedNik() + "  since " + r.since() + "\n    " + r.reason());
                }
                out.println(rows.size() + " rows in review (release: review --release FILE_ID:ROW;"
                        + " refuse: review --refuse FILE_ID:ROW --reason \"...\")");
            }
            out.flush();
            return DONE;
        }
        ReviewDesk.Decision decision;
        if (which.release != null) {
            long[] at = rowOf(which.release);
            decision = desk.release(operator, at[0], (int) at[1]);
        } else {
            long[] at = rowOf(which.refuse);
            if (reason == null || reason.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--refuse needs --reason \"...\": the agency reads it");
            }
            decision = desk.refuse(operator, at[0], (int) at[1], reason);
        }
        if (json.requested()) {
            out.println(new ObjectMapper().writeValueAsString(Map.of("ok", decision.ok(), "message",
                    decision.message())));
        } else {
            out.println((decision.ok() ? "ok     " : "FAILED ") + decision.message());
        }
        out.flush();
        return decision.ok() ? DONE : NOT_DECIDED;
    }

    /** FILE_ID:ROW, as `review --list` prints it. */
    long[] rowOf(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(":");
        try {
            if (parts.length == 2) {
                long file = Long.parseLong(parts[0]);
                long row = Integer.parseInt(parts[1]);
                if (file > 0 && row > 0) {
                    return new long[] {file, row};
                }
            }
        } catch (NumberFormatException e) {
            // Said below, in words.
        }
        throw new ParameterException(spec.commandLine(), "'" + text + "' is not FILE_ID:ROW (e.g. 41:7, as"
                + " `review --list` prints it)");
    }

    /** Who acts, for the audit trail: the operating-system user running the command. */
    private static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "operator" : user;
    }
}
