package id.jamsos.gateway.demo;

import id.jamsos.gateway.cli.JamsosCommand;
import id.jamsos.gateway.cli.ToolsCommand;
import id.jamsos.gateway.support.ProductionClasspath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo is something to try the commands on: while {@code demo --keep-running} runs, the
 * commands it prints work in another process (its ledger is not locked to it, its keys and broker
 * are in its config folder, its finance messages are still on the queue); run again in the same
 * folder it resumes; a folder it cannot resume is refused in words.
 */
class DemoCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void theCommandsItPrintsWorkWhileItRunsAndASecondRunResumes() throws Exception {
        Path dir = tmp.resolve("demo");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo demo = new Demo(dir, 24, 6, 2, 120, new PrintStream(printed, true, StandardCharsets.UTF_8));
        CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(() -> {
            try {
                return demo.run(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> running.isDone() || text(printed).contains("Still running"));
            String out = text(printed);
            assertThat(running).as(out).isNotDone();
            Path config = DemoConfig.folder(dir);
            assertThat(out).contains("status --config " + config.toAbsolutePath())
                    .contains("finance-tail --config " + config.toAbsolutePath())
                    .contains("statement --config " + config.toAbsolutePath())
                    .contains("simulator fire-claim --simulator http://127.0.0.1:");

            // The demo fires two claims, a JKM then a JKK: the death ended that worker's cover this month,
            // so next month one fewer is billed.
            assertThat(out).containsPattern("cover ended: KPJ \\S+ \\(" + DemoEnvironment.KEY_AGENCY
                    + "\\), \\d{4}-\\d{2} to \\d{4}-\\d{2}, meninggal dunia / died \\[claim:JKM-");
            Matcher covered = Pattern.compile("workers covered: \\S+ (\\d+), \\S+ (\\d+)").matcher(out);
            assertThat(covered.find()).as(out).isTrue();
            assertThat(Integer.parseInt(covered.group(2))).isEqualTo(Integer.parseInt(covered.group(1)) - 1);

            // The budget line counts this month's covered workers, each at least the Rp 16,800 of the lowest
            // income bracket (the sample's incomes vary), and `budget` in another process answers the same.
            Matcher budget = Pattern.compile("budget \\S+: Rp [\\d,]+ left of Rp [\\d,]+, (\\d+) workers cost Rp ([\\d,]+)"
                    + " a month").matcher(out);
            assertThat(budget.find()).as(out).isTrue();
            assertThat(Integer.parseInt(budget.group(1))).isEqualTo(Integer.parseInt(covered.group(1)));
            long costPerMonth = Long.parseLong(budget.group(2).replace(",", ""));
            assertThat(costPerMonth).isGreaterThanOrEqualTo(16_800L * Integer.parseInt(budget.group(1)));
            Result plan = otherProcess("budget", "--config", config.toString(), "--json");
            assertThat(plan.code()).as(plan.output()).isZero();
            assertThat(plan.output()).contains("\"workers\":" + budget.group(1))
                    .contains("\"costPerMonth\":" + costPerMonth);

            // The coverage report the demo wrote counts the same workers; the command in another process
            // writes the files and the semester's Inpres 2/2021 workbook, and prints their paths.
            Matcher report = Pattern.compile("coverage report: (\\S+\\.xlsx) .*; (\\d+) workers covered in").matcher(out);
            assertThat(report.find()).as(out).isTrue();
            assertThat(Path.of(report.group(1))).isRegularFile();
            assertThat(report.group(2)).isEqualTo(covered.group(1));
            java.time.YearMonth month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Jayapura"));
            Path files = tmp.resolve("coverage");
            Result coverage = otherProcess("coverage-report", "--config", config.toString(), "--from",
                    month.toString(), "--by", "distrik,jenis_kelamin", "--out", files.toString(), "--inpres",
                    month.getYear() + "-" + (month.getMonthValue() <= 6 ? 1 : 2));
            assertThat(coverage.code()).as(coverage.output()).isZero();
            assertThat(coverage.output()).contains(files.resolve("coverage-" + month + "_" + month + ".xlsx").toString())
                    .contains(files.resolve("coverage-" + month + "_" + month + ".csv").toString())
                    .contains("inpres-2-2021-");
            assertThat(files.resolve("coverage-" + month + "_" + month + ".xlsx")).isRegularFile();

            // Verification is on for the demo agency: the registry simulator does not know one worker and
            // has no e-KTP for another; both wait in REVIEW for a person, and `review` lists them.
            assertThat(out).contains("registry verification: 2 row(s) held for review")
                    .contains("review --config " + config.toAbsolutePath() + " --list")
                    .containsPattern("summary: rows=24 enrolled=\\d+ rejected=\\d+ review=2 ");
            Result review = otherProcess("review", "--config", config.toString(), "--list");
            assertThat(review.code()).as(review.output()).isZero();
            assertThat(review.output()).contains("pekerja_2024-03.csv").contains("Dukcapil");

            // Another process, as an operator's second terminal: the ledger was locked to the demo.
            Result status = otherProcess("status", "--config", config.toString());
            assertThat(status.code()).as(status.output()).isZero();
            assertThat(status.output()).contains("pekerja_2024-03.csv").contains("DONE");

            Matcher period = Pattern.compile("statement --config \\S+ --period (\\S+)").matcher(out);
            assertThat(period.find()).isTrue();
            Result statement = otherProcess("statement", "--config", config.toString(), "--period", period.group(1),
                    "--no-publish");
            assertThat(statement.code()).as(statement.output()).isZero();
            assertThat(statement.output()).contains(DemoEnvironment.KEY_AGENCY).contains("pekerja/workers");

            // The claims the demo delivered are still on the finance queue (it consumed them before).
            Result tail = otherProcess("finance-tail", "--config", config.toString(), "--timeout", "2");
            assertThat(tail.code()).as(tail.output()).isZero();
            assertThat(tail.output()).contains("2 pesan / message(s) dilihat / browsed");

            // The simulator fires one more claim for the command line, to the demo's gateway.
            Matcher sim = Pattern.compile("simulator fire-claim --simulator (\\S+)").matcher(out);
            assertThat(sim.find()).isTrue();
            StringWriter fired = new StringWriter();
            int firedCode = ToolsCommand.commands().setOut(new PrintWriter(fired, true))
                    .execute("simulator", "fire-claim", "--simulator", sim.group(1));
            assertThat(firedCode).as(fired.toString()).isZero();
            assertThat(fired.toString()).contains("answered HTTP 200");
        } finally {
            demo.stop();
        }
        assertThat(running.get(60, TimeUnit.SECONDS)).as(text(printed)).isTrue();

        // The same folder again: the keys are found, the earlier file stays, a new one is enrolled.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        boolean ok = new Demo(dir, 12, 6, 1, 120, new PrintStream(again, true, StandardCharsets.UTF_8)).run(false);
        assertThat(ok).as(text(again)).isTrue();
        assertThat(text(again)).contains("resuming the demo").contains("pekerja_2024-03_2.csv")
                .doesNotContain("Exception");
    }

    @Test
    void aFolderWithALedgerButNoKeysIsRefusedInWords() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("old-demo"));
        Files.write(dir.resolve(DemoConfig.LEDGER_FILE), new byte[] {1, 2, 3});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean ok = new Demo(dir, 12, 6, 1, 60, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(false);
        assertThat(ok).isFalse();
        assertThat(text(printed)).contains("CANNOT RESUME").contains("not the keys").contains("another --dir");
    }

    private record Result(int code, String output) {
    }

    /**
     * The production command line in a JVM of its own, with what the production jar holds, as on a server.
     * Each command runs a few seconds: the quick compiler alone and the serial collector (no effect on what
     * a command does) take some 40 % less CPU than the defaults, and this test starts six of them.
     */
    private static Result otherProcess(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", ProductionClasspath.get(),
                JamsosCommand.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }
}
