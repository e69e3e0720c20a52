package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claims listing's watermark (V3's claim_watermark) only moves forward, the same on every database
 * the ledger runs on: a slower process saving an older paidAt after a faster one saved a later one
 * leaves the later one, also when both save at the same moment.
 */
abstract class ClaimWatermarkContractTest extends LedgerDatabaseContract {

    private static final String SOURCE = "bpjs-klaim";
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private FinanceLedger finance;

    @Override
    protected void migrated() {
        finance = new FinanceLedger(db.dataSource());
    }

    /** Not one of the tables every contract empties. */
    @BeforeEach
    void noWatermark() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM claim_watermark");
        }
    }

    @Test
    void theFirstSaveSetsItAndLaterOnesOnlyMoveItForward() {
        assertThat(finance.claimWatermark(SOURCE)).isEmpty();

        assertThat(finance.saveClaimWatermark(SOURCE, "2026-02-10T01:00:00Z", NOW)).isTrue();
        assertThat(finance.saveClaimWatermark(SOURCE, "2026-02-11T01:00:00Z", NOW)).isTrue();
        assertThat(finance.claimWatermark(SOURCE)).contains("2026-02-11T01:00:00Z");

        // A slower process, done with an older claim after the other moved past it.
        assertThat(finance.saveClaimWatermark(SOURCE, "2026-02-10T01:00:00Z", NOW)).isFalse();
        assertThat(finance.saveClaimWatermark(SOURCE, "2026-02-11T01:00:00Z", NOW)).as("the same instant").isFalse();
        assertThat(finance.claimWatermark(SOURCE)).contains("2026-02-11T01:00:00Z");
        assertThat(finance.claimWatermark("another-listing")).as("each source its own").isEmpty();
    }

    @Test
    void forwardIsTheInstantsOrderNotTheTexts() {
        finance.saveClaimWatermark(SOURCE, "2026-02-10T01:00:05Z", NOW);

        // Half a second later, yet "5.5Z" sorts before "5Z" as text.
        assertThat(finance.saveClaimWatermark(SOURCE, "2026-02-10T01:00:05.500Z", NOW)).isTrue();
        assertThat(finance.claimWatermark(SOURCE)).contains("2026-02-10T01:00:05.500Z");
        // And "05Z" after "05.500Z" as text, but earlier.
        assertThat(finance.saveClaimWatermark(SOURCE, "2026-02-10T01:00:05Z", NOW)).isFalse();
        assertThat(finance.claimWatermark(SOURCE)).contains("2026-02-10T01:00:05.500Z");
    }

    @Test
    void processesSavingAtOnceLeaveTheLatest() throws Exception {
        List<String> paidAts = new ArrayList<>();
        Instant first = Instant.parse("2026-02-01T00:00:00Z");
        for (int i = 0; i < 200; i++) {
            paidAts.add(first.plusMillis(i * 1_500L).toString());
        }
        String latest = paidAts.get(paidAts.size() - 1);
        Collections.shuffle(paidAts, new Random(15));

        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<String> mine = paidAts.subList(w * paidAts.size() / writers, (w + 1) * paidAts.size() / writers);
                done.add(pool.submit(() -> {
                    go.await();
                    for (String paidAt : mine) {
                        finance.saveClaimWatermark(SOURCE, paidAt, NOW);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(finance.claimWatermark(SOURCE)).contains(latest);
    }
}
