package id.jamsos.gateway.app;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #14: an OutOfMemoryError once killed the claim outbox, the intake leader and the enrollers
 * while the process went on answering HTTP, and nothing restarted it. The shipped systemd unit and
 * Kubernetes Deployment make the JVM exit on the first one, so the platform restarts it.
 */
class OutOfMemoryExitTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    /** The JVM options of the unit's ExecStart line (the words between java and -jar). */
    private static List<String> unitJvmOptions() throws Exception {
        String unit = Files.readString(ROOT.resolve("deploy/systemd/jamsos-gateway.service"), StandardCharsets.UTF_8);
        String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> words = List.of(exec.substring("ExecStart=".length()).split("\\s+"));
        return words.subList(1, words.indexOf("-jar"));
    }

    @Test
    void theUnitAndTheDeploymentMakeTheJvmExitOnOutOfMemory() throws Exception {
        assertThat(unitJvmOptions()).contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("-XX:+HeapDumpOnOutOfMemoryError");
        String deployment = Files.readString(ROOT.resolve("deploy/kubernetes/deployment.yaml"), StandardCharsets.UTF_8);
        assertThat(deployment).containsPattern("name: JAVA_TOOL_OPTIONS, value: \"[^\"]*-XX:\\+ExitOnOutOfMemoryError");
        assertThat(deployment).doesNotContain("HeapDumpOnOutOfMemoryError");
    }

    /**
     * A JVM with the unit's own options whose worker thread runs out of heap while its main thread
     * would go on for a minute: it exits with code 3 at once, as systemd and Kubernetes need to see.
     */
    @Test
    void aJvmStartedWithTheUnitsOptionsExitsWhenAThreadRunsOutOfHeap() throws Exception {
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        unitJvmOptions().stream().filter(o -> !o.startsWith("-Xm")).forEach(cmd::add);
        cmd.addAll(List.of("-Xmx32m", "-cp", classpath, HeapFiller.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(45, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        System.out.println("[oom] child JVM " + cmd.subList(1, cmd.indexOf("-cp")) + ": ended=" + ended
                + (ended ? " exit=" + p.exitValue() : "") + "; said: " + out.strip());
        assertThat(ended).as("the JVM ended instead of living on without its worker").isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(out).contains("Terminating due to java.lang.OutOfMemoryError").doesNotContain("main thread finished");
    }

    /** The child: a worker fills the heap; main would outlive it by a minute. */
    public static final class HeapFiller {
        public static void main(String[] args) throws Exception {
            Thread worker = new Thread(() -> {
                List<long[]> hoard = new ArrayList<>();
                while (true) {
                    hoard.add(new long[1 << 16]);
                }
            }, "worker");
            worker.start();
            Thread.sleep(60_000);
            System.out.println("main thread finished");
        }
    }
}
