package id.jamsos.gateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The BPJS simulator in a JVM of its own, for runs whose endpoint state would not fit beside the
 * gateway: the simulator remembers every member it enrolled (a million of them take more heap than
 * the gateway itself), while the real endpoint is another machine. The gateway's heap is then what
 * the bench JVM's -Xmx says.
 */
final class EndpointProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private EndpointProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static EndpointProcess start(long latencyMs, String heap, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(id.jamsos.gateway.cli.ToolsCommand.class.getName());
        cmd.add("simulator");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.add("--latency-ms");
        cmd.add(Long.toString(latencyMs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the simulator process ended with " + p.exitValue() + ", see " + log);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new EndpointProcess(p, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the simulator process did not listen within 60 s, see " + log);
    }

    /** The running jar, or the class path of a test or IDE run (without its empty entries). */
    private static String classPath() {
        return String.join(java.io.File.pathSeparator, java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank()).toList());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
