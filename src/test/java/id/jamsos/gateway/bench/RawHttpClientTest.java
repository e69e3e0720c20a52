package id.jamsos.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The claims bench's minimal HTTP/1.1 client against the JDK's server: bodies, statuses, keep-alive. */
class RawHttpClientTest {

    private HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "|" + ex.getRequestHeaders().getFirst("X-signature"));
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.createContext("/chunked", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(409, 0); // length 0: the JDK server answers chunked
            try (OutputStream out = ex.getResponseBody()) {
                out.write("first part, ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("second part".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void sendsHeadersAndBodyAndReadsTheStatusOfEachAnswerOnOneConnection() throws Exception {
        URI base = start();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-signature", "abc=");
        try (RawHttpClient client = new RawHttpClient(base)) {
            for (int i = 0; i < 3; i++) {
                byte[] request = RawHttpClient.post(base.resolve("/fixed"), headers,
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                assertThat(client.send(request)).isEqualTo(200);
            }
            assertThat(client.send(RawHttpClient.post(base.resolve("/chunked"), headers, new byte[0]))).isEqualTo(409);
            // the chunked body was read to its end: the next answer on the connection is the next one's
            assertThat(client.send(RawHttpClient.post(base.resolve("/fixed"), headers, "{}".getBytes()))).isEqualTo(200);
        }
        assertThat(bodies).containsExactly("{\"n\":0}|abc=", "{\"n\":1}|abc=", "{\"n\":2}|abc=", "{}|abc=");
    }

    @Test
    void reconnectsOnceWhenTheServerClosedTheConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try {
                    // first connection: answers one request, then closes without saying so
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                        readRequest(s.getInputStream());
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
                    }
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                        readRequest(s.getInputStream());
                        s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".getBytes());
                        s.getInputStream().read();
                    }
                } catch (IOException ignored) {
                    // the test's assertions tell
                }
            });
            serverThread.start();
            URI base = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            byte[] request = RawHttpClient.post(base.resolve("/x"), Map.of(), "{}".getBytes());
            try (RawHttpClient client = new RawHttpClient(base)) {
                assertThat(client.send(request)).isEqualTo(200);
                assertThat(client.send(request)).isEqualTo(201);
            }
            serverThread.join(5_000);
            assertThat(connections).hasValue(2);
        }
    }

    @Test
    void refusesAnAnswerItCannotFindTheEndOf() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    readRequest(s.getInputStream());
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\nno length".getBytes());
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the test's assertions tell
                }
            });
            serverThread.start();
            URI base = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            try (RawHttpClient client = new RawHttpClient(base)) {
                assertThatThrownBy(() -> client.send(RawHttpClient.post(base.resolve("/x"), Map.of(), new byte[0])))
                        .isInstanceOf(IOException.class).hasMessageContaining("without Content-Length");
            }
            serverThread.join(5_000);
        }
    }

    /** Reads a request's head and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed");
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }
}
