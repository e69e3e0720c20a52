package id.jamsos.gateway.ops;

import org.slf4j.MDC;

/**
 * The correlation keys of log lines (MDC): which agency file a line is about, and which row of it. The
 * file is set by the intake once the file has its ledger id, and by {@link OpsEventNotifier} for the
 * enroller from the job message's headers; cleared when the exchange completes, so a pooled thread does
 * not carry them on. The row is set only around a line about one row (rows are logged one by one only
 * at DEBUG: at INFO a file's lines are per file) and removed right after it.
 *
 * <p>Not Camel's MDC by configuration, for now: {@code camel.main.useMdcLogging} puts only Camel's own
 * keys (exchange, route, message ids) in the MDC, and camel-mdc (Camel 4.15+, {@code camel.mdc.*}, a
 * module the jar does not carry) copies chosen headers for a whole exchange under the headers' names.
 * Neither covers the file id the intake learns half-way through its exchange (when the ledger
 * registers the file), nor the row, which is set around one log line and must not stay on the rest
 * of the exchange's lines.
 */
public final class OpsLogContext {

    public static final String AGENCY = "jamsos.agency";
    public static final String FILE = "jamsos.file";
    public static final String ROW = "jamsos.row";

    private OpsLogContext() {
    }

    public static void file(String agencyId, long fileId) {
        MDC.put(AGENCY, agencyId);
        MDC.put(FILE, String.valueOf(fileId));
    }

    /** The row number in its file (the file's data rows count from 1); remove it with {@link #clearRow()}. */
    public static void row(int rowNo) {
        MDC.put(ROW, String.valueOf(rowNo));
    }

    public static void clearRow() {
        MDC.remove(ROW);
    }

    public static void clear() {
        MDC.remove(AGENCY);
        MDC.remove(FILE);
        MDC.remove(ROW);
    }
}
