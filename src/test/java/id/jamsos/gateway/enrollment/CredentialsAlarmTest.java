package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** While BPJS refuses the credentials: one call per check interval, the rest held; cleared by an accepted call. */
class CredentialsAlarmTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T00:00:00Z"));
    private final CredentialsAlarm alarm = new CredentialsAlarm("JAMSOS-SORONG", Duration.ofSeconds(30), 10_000, clock);

    @Test
    void callsGoAheadUntilBpjsRefuses() {
        assertThatNoException().isThrownBy(alarm::beforeCall);
        assertThat(alarm.current()).isEmpty();
    }

    @Test
    void afterARefusalOneCallIsLetThroughPerIntervalAndTheOthersAreHeld() {
        alarm.refused(CredentialsRefusedException.answered(401, "403", "Invalid user_key"));
        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(alarm::beforeCall).isInstanceOfSatisfying(CredentialsRefusedException.class, e -> {
            assertThat(e.answered()).isFalse();
            assertThat(e.isOutage()).isTrue();
            assertThat(e.retryAfterMillis()).isEqualTo(29_000);
            assertThat(e.getMessage()).contains("HTTP 401, metaData 403 Invalid user_key");
        });

        clock.advance(Duration.ofSeconds(29));
        assertThatNoException().as("the check").isThrownBy(alarm::beforeCall);
        assertThatThrownBy(alarm::beforeCall).as("only one check per interval").isInstanceOf(CredentialsRefusedException.class);
    }

    @Test
    void anAcceptedCallClearsItAndTheMeterFollows() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        alarm.meters(registry);
        alarm.refused(CredentialsRefusedException.answered(401, "401", "Invalid signature"));
        alarm.refused(CredentialsRefusedException.answered(401, "401", "Invalid signature"));
        assertThat(registry.get("jamsos.bpjs.credentials.refused").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("jamsos.bpjs.credentials.refusals").functionCounter().count()).isEqualTo(2.0);
        assertThat(alarm.current()).hasValueSatisfying(r -> assertThat(r.refusedCalls()).isEqualTo(2));

        alarm.accepted();

        assertThat(alarm.current()).isEmpty();
        assertThatNoException().isThrownBy(alarm::beforeCall);
        assertThat(registry.get("jamsos.bpjs.credentials.refused").gauge().value()).isZero();
        assertThat(registry.get("jamsos.bpjs.credentials.refusals").functionCounter().count()).isEqualTo(2.0);
    }

    @Test
    void whatToFixDependsOnBpjsCode() {
        alarm.refused(CredentialsRefusedException.answered(401, "419", "X-timestamp is outside the allowed window"));
        assertThat(alarm.current().orElseThrow().whatToFix()).contains("clock", "NTP");
        alarm.refused(CredentialsRefusedException.answered(401, "401", "Unknown consumer id"));
        assertThat(alarm.current().orElseThrow().whatToFix()).contains("jamsos.bpjs.consId (now JAMSOS-SORONG)",
                "JAMSOS_BPJS_SECRET");
        alarm.refused(CredentialsRefusedException.answered(403, "?", null));
        assertThat(alarm.current().orElseThrow().whatToFix()).contains("JAMSOS_BPJS_USERKEY", "ask BPJS");
    }
}
