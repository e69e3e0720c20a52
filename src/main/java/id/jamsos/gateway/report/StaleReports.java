package id.jamsos.gateway.report;

import id.jamsos.gateway.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Finds files whose reports were started long ago and never finished, so that the stale-reports
 * route writes them again: without it such a file would stay in REPORTING with no reports sent.
 */
public final class StaleReports {

    private static final int PER_ROUND = 20;

    private final Ledger ledger;
    private final Duration staleAfter;
    private final Clock clock;

    public StaleReports(Ledger ledger, Duration staleAfter, Clock clock) {
        this.ledger = ledger;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** Ids of the files this process now writes the reports of again. */
    public List<Long> due() {
        return ledger.reclaimStaleReporting(clock.instant().minus(staleAfter), PER_ROUND);
    }
}
