package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.security.FuzzFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The validate fuzz ({@code security/ValidateFuzzTest}) through the real intake route: seeded,
 * mutated files (now and then a byte-identical copy of an earlier one) dropped in batches into both
 * agencies' inboxes of a running gateway. Every file
 * must end in a final state (processed: {@code .done} with both reports in the outbox; a byte-identical
 * copy of an earlier one: {@code .done} with a {@code .duplicate.txt}; refused: {@code .failed} with a
 * {@code .error.txt} saying why), the ledger must agree, no note or report may carry a stack trace or
 * exception text, no file may fail for a reason other than its content, nothing may hang (a batch
 * has a deadline) or run out of memory, and afterwards a good file is still processed.
 *
 * <p>{@code -Djamsos.fuzz.intakeFiles=N} (default 300) sets how many files; {@code -Djamsos.fuzz.seed}
 * replays another seed.
 */
class IntakeFuzzTest {

    static final int FILES = Integer.getInteger("jamsos.fuzz.intakeFiles", 300);
    static final long SEED = Long.getLong("jamsos.fuzz.seed", 20240509L);
    static final int BATCH = 50;
    static final Duration BATCH_DEADLINE = Duration.ofSeconds(90);
    private static final Set<FileState> FINAL = Set.of(FileState.DONE, FileState.FAILED, FileState.DUPLICATE);
    private static final String[] AGENCIES = {DemoEnvironment.KEY_AGENCY, DemoEnvironment.PASSWORD_AGENCY};

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void mutatedFilesThroughTheIntakeRouteEachEndInAFinalStateWithAMessage() throws Exception {
        Map<String, String> settings = Map.of(
                "jamsos.intake.pollDelayMs", "200",
                "jamsos.intake.readLockCheckIntervalMs", "100",
                "jamsos.intake.readLockMinAgeMs", "200",
                // A mutation that cuts the last line looks like an upload still going on: refused as
                // FILE_TRUNCATED once it has stalled this long.
                "jamsos.intake.uploadStallMs", "1000",
                // A file failing for anything but its content is a finding: fail it at once, not after 20 polls.
                "jamsos.intake.maxAttempts", "2",
                // A file still in the intake after 30 s says where its thread waits (IntakeWatch), in the test's output.
                "jamsos.intake.stuckWarnMs", "30000",
                "jamsos.intake.watchPeriodMs", "5000");
        GatewayFixture fx = gateways.start(settings);
        try (LogCapture logs = LogCapture.attach()) {
            fx.env.simulator().faults().latencyMs(0);
            Random random = new Random(SEED);
            List<byte[]> seeds = FuzzFiles.seeds(gateways.dir(), SEED);
            Map<FileState, Integer> outcomes = new HashMap<>();
            Map<String, List<byte[]>> sent = new HashMap<>();
            long started = System.nanoTime();
            for (int from = 0; from < FILES; from += BATCH) {
                List<Dropped> batch = new ArrayList<>();
                for (int i = from; i < Math.min(FILES, from + BATCH); i++) {
                    String agency = AGENCIES[i % AGENCIES.length];
                    List<byte[]> earlier = sent.computeIfAbsent(agency, a -> new ArrayList<>());
                    // Now and then the same bytes again under another name, as a clerk re-uploading would.
                    byte[] bytes = !earlier.isEmpty() && random.nextInt(8) == 0
                            ? earlier.get(random.nextInt(earlier.size()))
                            : FuzzFiles.mutate(seeds.get(random.nextInt(seeds.size())), random);
                    earlier.add(bytes);
                    String ext = random.nextInt(10) == 0 ? ".txt" : ".csv";
                    Dropped d = new Dropped(i, agency, String.format("fuzz-%04d%s", i, ext));
                    drop(fx.env.inbox(d.agency()), d.name(), bytes);
                    batch.add(d);
                }
                try {
                    await().atMost(BATCH_DEADLINE).pollInterval(Duration.ofMillis(250))
                            .until(() -> unfinished(fx, batch).isEmpty());
                } catch (ConditionTimeoutException e) {
                    // Where the gateway's threads wait: a hang seen once on a loaded machine is not lost.
                    System.out.println(ThreadDumps.all());
                    throw new AssertionError("seed " + SEED + ": files not in a final state after " + BATCH_DEADLINE
                            + " (hang?): " + unfinished(fx, batch), e);
                }
                Map<String, FileInfo> ledger = ledger(fx);
                for (Dropped d : batch) {
                    FileInfo f = ledger.get(d.key());
                    outcomes.merge(f.state(), 1, Integer::sum);
                    assertOutcome(fx, d, f);
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertThat(logs.lines()).as("seed %d", SEED).noneMatch(l -> l.contains("OutOfMemoryError"));
            // Every file was either taken or refused for its content; a system error is a finding.
            assertThat(logs.lines()).as("seed %d", SEED).noneMatch(l -> l.contains("could not be processed this time"));
            assertThat(outcomes.getOrDefault(FileState.DONE, 0)).as("some files went all the way").isPositive();
            assertThat(outcomes.getOrDefault(FileState.FAILED, 0)).as("some files were refused").isPositive();
            assertThat(outcomes.getOrDefault(FileState.DUPLICATE, 0)).as("some were byte-identical copies").isPositive();

            // Still serving: a good file after the fuzz goes through as always.
            Path good = gateways.dir().resolve("sesudah.csv");
            SampleSummary expected = SampleWorkers.generate(good, 15, SEED + 99, 4);
            fx.upload(DemoEnvironment.PASSWORD_AGENCY, good, "sesudah.csv");
            FileInfo after = fx.awaitFinal(DemoEnvironment.PASSWORD_AGENCY, "sesudah.csv", Duration.ofSeconds(60));
            assertThat(after.state()).isEqualTo(FileState.DONE);
            Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(after.id());
            assertThat(counts.get(RowState.REJECTED)).isEqualTo(expected.expectedRejected());
            assertThat(counts.get(RowState.ENROLLED) + counts.get(RowState.REFUSED))
                    .isEqualTo(expected.expectedAccepted());
            System.out.println("[fuzz] intake: " + FILES + " files (seed " + SEED + ") in " + seconds + " s: " + outcomes
                    + "; a good file afterwards: DONE");
        }
    }

    /** Where the file ends, what the agency gets back, and what the ledger says must all agree. */
    private static void assertOutcome(GatewayFixture fx, Dropped d, FileInfo f) throws IOException {
        Path inbox = fx.env.inbox(d.agency());
        Path outbox = fx.env.outbox(d.agency());
        String what = "seed " + SEED + " file " + d.no() + " " + d.key() + " " + f.state();
        assertThat(inbox.resolve(d.name())).as(what).doesNotExist();
        switch (f.state()) {
            case DONE -> {
                assertThat(inbox.resolve(".done/" + d.name())).as(what).exists();
                assertMessage(outbox.resolve(d.name() + ".results.csv"), what);
                assertMessage(outbox.resolve(d.name() + ".rejects.csv"), what);
            }
            case DUPLICATE -> {
                assertThat(inbox.resolve(".done/" + d.name())).as(what).exists();
                assertMessage(outbox.resolve(d.name() + ".duplicate.txt"), what);
            }
            case FAILED -> {
                assertThat(inbox.resolve(".failed/" + d.name())).as(what).exists();
                assertMessage(inbox.resolve(".failed/" + d.name() + ".error.txt"), what);
                assertThat(f.error()).as(what).isNotBlank();
            }
            default -> throw new AssertionError(what + ": not a final state");
        }
    }

    private static void assertMessage(Path file, String what) throws IOException {
        assertThat(file).as(what).exists();
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertThat(text).as(what + ": " + file.getFileName()).isNotBlank()
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("OutOfMemoryError");
    }

    /** Files of the batch not yet final in the ledger, or whose file or note is not yet where it goes. */
    private static List<String> unfinished(GatewayFixture fx, List<Dropped> batch) {
        Map<String, FileInfo> ledger = ledger(fx);
        List<String> open = new ArrayList<>();
        for (Dropped d : batch) {
            FileInfo f = ledger.get(d.key());
            if (f == null || !FINAL.contains(f.state()) || !settled(fx, d, f.state())) {
                open.add(d.key() + "=" + (f == null ? "not registered" : f.state()));
            }
        }
        return open;
    }

    private static boolean settled(GatewayFixture fx, Dropped d, FileState state) {
        Path inbox = fx.env.inbox(d.agency());
        Path outbox = fx.env.outbox(d.agency());
        return switch (state) {
            case DONE -> Files.exists(inbox.resolve(".done/" + d.name()))
                    && Files.exists(outbox.resolve(d.name() + ".rejects.csv"));
            case DUPLICATE -> Files.exists(inbox.resolve(".done/" + d.name()))
                    && Files.exists(outbox.resolve(d.name() + ".duplicate.txt"));
            case FAILED -> Files.exists(inbox.resolve(".failed/" + d.name()))
                    && Files.exists(inbox.resolve(".failed/" + d.name() + ".error.txt"));
            default -> false;
        };
    }

    /** Every file of both agencies by agency/name (the fixture's lookup only sees the latest 50). */
    private static Map<String, FileInfo> ledger(GatewayFixture fx) {
        Map<String, FileInfo> byName = new HashMap<>();
        for (String agency : AGENCIES) {
            for (FileInfo f : fx.gateway.ledger().files(agency, FILES + 100)) {
                byName.putIfAbsent(agency + "/" + f.fileName(), f);
            }
        }
        return byName;
    }

    /** As an upload tool would: written under a hidden name the intake skips, then renamed into place. */
    private static void drop(Path inbox, String name, byte[] bytes) throws IOException {
        Path tmp = inbox.resolve("." + name + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private record Dropped(int no, String agency, String name) {
        String key() {
            return agency + "/" + name;
        }
    }
}
