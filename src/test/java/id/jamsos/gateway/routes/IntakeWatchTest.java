package id.jamsos.gateway.routes;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.intake.IntakeWatch;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A file that stays in an agency's intake (a call that never returns, seen once in CI: IntakeFuzzTest) is
 * said at WARN once, with where the agency's intake thread waits, and at INFO when it moves on; a file
 * still within the setting is not.
 */
class IntakeWatchTest {

    @Test
    void aFileThatStaysInTheIntakeIsReportedOnceWithWhereItsThreadWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        try (CamelContext camel = new DefaultCamelContext(); LogCapture logs = LogCapture.attach()) {
            IntakeWatch watch = new IntakeWatch(camel, Duration.ofMillis(200));
            IntakeWatch patient = new IntakeWatch(camel, Duration.ofHours(1));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // As the intake route of app/AgencyRoutes is named, with a step that does not return.
                    from("direct:in").routeId("intake-distrik-uji").process(e -> {
                        entered.countDown();
                        release.await(60, TimeUnit.SECONDS);
                    });
                }
            });
            camel.start();
            assertThat(watch.check()).as("nothing in flight").isZero();
            ProducerTemplate producer = camel.createProducerTemplate();
            // Camel names a consumer's thread after its endpoint; the confirmations route's is not the intake's.
            Thread intake = new Thread(() -> producer.send("direct:in", e -> {
                e.setProperty(Headers.AGENCY_ID, "distrik-uji");
                e.setProperty(Headers.FILE_NAME, "daftar.csv");
                e.setProperty(Headers.FILE_ID, 7L);
            }), "Camel (camel-1) thread #3 - sftp-distrik-uji://127.0.0.1:2222/inbox");
            intake.start();
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(watch.check()).as("not yet past the setting").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.check() == 1);
            assertThat(patient.check()).as("within an hour's setting").isZero();
            watch.check();
            // Once (LogCapture may hold an event twice, by two of its logger configurations: counted distinct).
            assertThat(logs.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("IntakeWatch")).distinct())
                    .singleElement().satisfies(l -> assertThat(l)
                            .contains("agency=distrik-uji file=daftar.csv id=7 has been in the intake for at least")
                            .contains("Thread \"Camel (camel-1) thread #3 - sftp-distrik-uji://127.0.0.1:2222/inbox\"")
                            .contains("CountDownLatch.await")
                            .contains("IntakeWatchTest"));

            release.countDown();
            intake.join(30_000);
            assertThat(watch.check()).isZero();
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains("has moved on"));
        } finally {
            release.countDown();
        }
    }
}
