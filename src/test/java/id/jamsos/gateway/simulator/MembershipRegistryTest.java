package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MembershipRegistryTest {

    private static EnrollmentRequest req(String refId, String nik) {
        return new EnrollmentRequest(refId, nik, "Budi", "1980-01-01", "L", null, null, null, null, null, null,
                0, null, null);
    }

    /** Without HTTP in between the threads collide far more often, so a missing lock shows. */
    @Test
    void hammeringManyNiksFromManyThreadsEnrollsEachOnce() throws Exception {
        SimulatorStats stats = new SimulatorStats();
        MembershipRegistry registry = new MembershipRegistry(Clock.systemUTC(), stats, 1L);
        int niks = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<EnrollmentResult>>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                tasks.add(() -> {
                    List<EnrollmentResult> out = new ArrayList<>();
                    for (int i = 0; i < niks; i++) {
                        out.add(registry.enroll(req("t" + thread + "-" + i, String.format("9271%012d", i + 1))));
                    }
                    return out;
                });
            }
            long enrolled = 0;
            for (Future<List<EnrollmentResult>> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                enrolled += f.get().stream().filter(r -> r.code().equals("200")).count();
            }
            assertThat(enrolled).isEqualTo(niks);
            assertThat(stats.maxTimesAnyNikEnrolled()).isEqualTo(1);
            assertThat(registry.size()).isEqualTo(niks);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sameSeedGivesSameKpjsAndResetStartsOver() {
        MembershipRegistry a = new MembershipRegistry(Clock.systemUTC(), new SimulatorStats(), 9L);
        MembershipRegistry b = new MembershipRegistry(Clock.systemUTC(), new SimulatorStats(), 9L);
        String kpj = a.enroll(req("r", "9271010101800001")).kpj();
        assertThat(b.enroll(req("r", "9271010101800001")).kpj()).isEqualTo(kpj);
        a.reset();
        assertThat(a.member("9271010101800001")).isEmpty();
        assertThat(a.enroll(req("r", "9271010101800001")).code()).isEqualTo("200");
    }

    @Test
    void validationFailuresAreNotRememberedUnderTheRefId() {
        MembershipRegistry r = new MembershipRegistry(Clock.systemUTC(), new SimulatorStats(), 1L);
        assertThat(r.enroll(req("fix-me", "123")).code()).isEqualTo("411");
        assertThat(r.enroll(req("fix-me", "9271010101800001")).code()).isEqualTo("200");
        assertThat(r.enroll(null).code()).isEqualTo("412");
    }
}
