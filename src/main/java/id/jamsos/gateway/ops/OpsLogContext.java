package id.jamsos.gateway.ops;

import org.slf4j.MDC;

/**
 * The correlation keys of log lines (MDC): which agency file a line is about. Set by the intake once
 * the file has its ledger id, and by {@link OpsEventNotifier} for the enroller from the job
 * message's headers; cleared when the exchange completes, so a pooled thread does not carry them on.
 */
public final class OpsLogContext {

    public static final String AGENCY = "jamsos.agency";
    public static final String FILE = "jamsos.file";

    private OpsLogContext() {
    }

    public static void file(String agencyId, long fileId) {
        MDC.put(AGENCY, agencyId);
        MDC.put(FILE, String.valueOf(fileId));
    }

    public static void clear() {
        MDC.remove(AGENCY);
        MDC.remove(FILE);
    }
}
