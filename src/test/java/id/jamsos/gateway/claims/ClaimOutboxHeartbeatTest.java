package id.jamsos.gateway.claims;

import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher's heartbeat that liveness watches (app/VitalParts, routes/LivenessTest): each round
 * through {@link ClaimOutbox#awaitWork} beats; a publisher whose thread died stops beating, and after
 * {@link ClaimOutbox#longestRound()} it is late.
 */
class ClaimOutboxHeartbeatTest {

    @Test
    void eachRoundBeatsAndAPublisherThatStopsComingRoundFallsBehind() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        ClaimOutbox outbox = new ClaimOutbox(null, 10, new ClaimOutbox.Timing(Duration.ofMillis(1), Duration.ZERO,
                Duration.ofMillis(1), Duration.ofMinutes(5)), clock);
        assertThat(outbox.millisSinceLastRound()).as("before the first round").isEqualTo(Long.MAX_VALUE);

        outbox.awaitWork();
        assertThat(outbox.millisSinceLastRound()).isZero();

        // The longest a live publisher takes: a wait, the longest back-off, a batch within its lease, a minute.
        assertThat(outbox.longestRound()).isEqualTo(Duration.ofMillis(1).plusSeconds(5).plusMinutes(5).plusMinutes(1));
        clock.advance(outbox.longestRound());
        assertThat(outbox.millisSinceLastRound()).isEqualTo(outbox.longestRound().toMillis());
        clock.advance(Duration.ofMillis(1));
        assertThat(outbox.millisSinceLastRound()).isGreaterThan(outbox.longestRound().toMillis());

        outbox.awaitWork();
        assertThat(outbox.millisSinceLastRound()).isZero();
    }
}
