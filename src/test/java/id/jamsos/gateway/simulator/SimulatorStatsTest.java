package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatorStatsTest {

    @Test
    void countsArrivalsPerSecondAndKeepsTheMaximum() {
        SimulatorStats s = new SimulatorStats();
        assertThat(s.recordArrival(100)).isEqualTo(1);
        assertThat(s.recordArrival(100)).isEqualTo(2);
        assertThat(s.recordArrival(100)).isEqualTo(3);
        assertThat(s.recordArrival(101)).isEqualTo(1);
        assertThat(s.maxRequestsInAnySecond()).isEqualTo(3);
        assertThat(s.requestsPerSecond()).containsEntry(100L, 3).containsEntry(101L, 1);
        assertThat(s.totalRequests()).isEqualTo(4);
    }

    @Test
    void oldHistoryIsPrunedButTheMaximumStays() {
        SimulatorStats s = new SimulatorStats();
        for (int i = 0; i < 5; i++) {
            s.recordArrival(0);
        }
        for (long sec = 1; sec <= SimulatorStats.HISTORY_SECONDS + 100; sec++) {
            s.recordArrival(sec);
        }
        assertThat(s.requestsPerSecond()).doesNotContainKey(0L).hasSizeLessThanOrEqualTo(SimulatorStats.HISTORY_SECONDS + 61);
        assertThat(s.maxRequestsInAnySecond()).isEqualTo(5);
    }

    @Test
    void classifiesStatusesWith429InsideFourHundreds() {
        SimulatorStats s = new SimulatorStats();
        s.recordStatus(200);
        s.recordStatus(401);
        s.recordStatus(429);
        s.recordStatus(503);
        assertThat(s.status2xx()).isEqualTo(1);
        assertThat(s.status4xx()).isEqualTo(2);
        assertThat(s.status429()).isEqualTo(1);
        assertThat(s.status5xx()).isEqualTo(1);
    }

    @Test
    void tracksRepeatedEnrollmentOfANik() {
        SimulatorStats s = new SimulatorStats();
        s.recordNewEnrollment("9271014507900001");
        s.recordNewEnrollment("9271014507900002");
        assertThat(s.maxTimesAnyNikEnrolled()).isEqualTo(1);
        s.recordNewEnrollment("9271014507900001");
        assertThat(s.timesEnrolled("9271014507900001")).isEqualTo(2);
        assertThat(s.maxTimesAnyNikEnrolled()).isEqualTo(2);
        assertThat(s.enrolledWorkers()).isEqualTo(3);
        s.reset();
        assertThat(s.timesEnrolled("9271014507900001")).isZero();
        assertThat(s.maxTimesAnyNikEnrolled()).isZero();
    }
}
