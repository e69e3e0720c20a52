package id.jamsos.gateway.ledger;

import id.jamsos.gateway.registry.RegistryOutcome;
import id.jamsos.gateway.registry.RegistryPurpose;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The population registry's usage record (registry_usage, V30), the same on H2 and PostgreSQL: one
 * row per month, purpose, agency and outcome, counted up; processes counting at once lose no call.
 */
abstract class RegistryUsageContractTest extends LedgerDatabaseContract {

    private static final YearMonth JULY = YearMonth.of(2026, 7);

    private RegistryUsageLedger usage() {
        return new RegistryUsageLedger(db.dataSource());
    }

    @Test
    void callsAreCountedPerMonthPurposeAgencyAndOutcome() {
        RegistryUsageLedger usage = usage();
        usage.count(JULY, RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.MATCH);
        usage.count(JULY, RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.MATCH);
        usage.count(JULY, RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.NOT_FOUND);
        usage.count(JULY, RegistryPurpose.ENROLLMENT_CHECK, "disnaker", RegistryOutcome.MATCH);
        usage.count(JULY, RegistryPurpose.OPERATOR_REVIEW, null, RegistryOutcome.MISMATCH);
        usage.count(JULY.plusMonths(1), RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.NO_ANSWER);

        assertThat(usage.between(JULY, JULY)).containsExactly(
                new RegistryUsageLedger.Usage(JULY, RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.MATCH, 2),
                new RegistryUsageLedger.Usage(JULY, RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.NOT_FOUND, 1),
                new RegistryUsageLedger.Usage(JULY, RegistryPurpose.ENROLLMENT_CHECK, "disnaker", RegistryOutcome.MATCH, 1),
                new RegistryUsageLedger.Usage(JULY, RegistryPurpose.OPERATOR_REVIEW, null, RegistryOutcome.MISMATCH, 1));
        assertThat(usage.between(JULY, JULY.plusMonths(5))).hasSize(5);
        assertThat(usage.between(JULY.minusMonths(6), JULY.minusMonths(1))).isEmpty();
    }

    @Test
    void countingAtOnceLosesNoCall() throws Exception {
        RegistryUsageLedger usage = usage();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 25; n++) {
                        usage.count(JULY, RegistryPurpose.ENROLLMENT_CHECK, "dinsos", RegistryOutcome.MATCH);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(usage.between(JULY, JULY)).singleElement()
                .extracting(RegistryUsageLedger.Usage::calls).isEqualTo(100L);
    }
}
