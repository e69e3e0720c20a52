package id.jamsos.gateway.routes;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The enroller retries what the endpoint could not answer and enrolls every row once. */
class EnrollerRouteTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.delivery.redeliveryDelayMs", "50",
            "jamsos.delivery.maxRedeliveryDelayMs", "200",
            "jamsos.bpjs.batchSize", "10"));

    @Test
    void anEndpointAnswering503TwiceStillEnrollsEveryRow() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = fx.dir().resolve("retry.csv");
        SampleWorkers.generate(sample, 40, 3L, 0);
        fx.env().simulator().faults().failNext(503, 503);

        fx.upload(agency, sample, "retry.csv");
        FileInfo file = fx.awaitFinal(agency, "retry.csv", Duration.ofSeconds(60));

        assertThat(file.state()).isEqualTo(FileState.DONE);
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
        assertThat(counts.getOrDefault(RowState.ENROLLED, 0)).isEqualTo(40);
        assertThat(counts.getOrDefault(RowState.PARKED, 0)).isZero();
        assertThat(fx.env().simulator().stats().status5xx()).isGreaterThanOrEqualTo(2);
        assertThat(fx.env().simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
    }

    @Test
    void aJobWhoseOutcomesTheLedgerNeverTakesIsParkedAfterItsAttemptsNotRetriedForever() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        AtomicInteger refused = new AtomicInteger();
        // The ledger refusing this file's outcomes, every time (an answer it cannot store).
        AdviceWith.adviceWith(fx.gateway().context(), "enroller", a -> a.weaveByToString(".*outcomeRecorder.*record.*")
                .before().process(e -> {
                    if (fileNamed(e, "ledger-refuses.csv")) {
                        refused.incrementAndGet();
                        throw new IllegalStateException("the ledger refused the outcome (test)");
                    }
                }));
        Path sample = fx.dir().resolve("ledger-refuses.csv");
        SampleWorkers.generate(sample, 5, 31L, 0);
        fx.upload(agency, sample, "ledger-refuses.csv");
        FileInfo file = fx.awaitFinal(agency, "ledger-refuses.csv", Duration.ofSeconds(60));
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
        System.out.println("[fault] ledger refused the outcome " + refused.get() + " times: " + counts);
        assertThat(counts.getOrDefault(RowState.PARKED, 0)).isEqualTo(5);
        assertThat(refused.get()).isEqualTo(fx.props().getInt("jamsos.delivery.maxAttempts"));
    }

    private static boolean fileNamed(Exchange e, String name) {
        Object job = e.getProperty(Headers.JOB);
        return job instanceof EnrollmentJob j && name.equals(j.fileName());
    }
}
