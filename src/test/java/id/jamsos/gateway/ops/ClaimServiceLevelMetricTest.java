package id.jamsos.gateway.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: claims against their service level, as Prometheus scrapes them. */
class ClaimServiceLevelMetricTest {

    @Test
    void claimsAreCountedWithinOrLateByTypeWithTheirAgeInWorkingDays() {
        try (SeededStatusLedger seeded = new SeededStatusLedger()) {
            GatewayMetrics metrics = seeded.metrics;
            metrics.claimServiceLevel("JKM", 2, false);
            metrics.claimServiceLevel("JKM", 5, true);
            metrics.claimServiceLevel("JKK", 11, true);

            String scrape = metrics.scrape();
            assertThat(scrape).contains("jamsos_claims_service_level_total{outcome=\"within\",type=\"JKM\"} 1.0")
                    .contains("jamsos_claims_service_level_total{outcome=\"late\",type=\"JKM\"} 1.0")
                    .contains("jamsos_claims_service_level_total{outcome=\"late\",type=\"JKK\"} 1.0")
                    .contains("jamsos_claims_age_working_days_sum{type=\"JKM\"} 7.0")
                    .contains("jamsos_claims_age_working_days_count{type=\"JKK\"} 1");
        }
    }
}
