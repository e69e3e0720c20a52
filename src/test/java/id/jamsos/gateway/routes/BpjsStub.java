package id.jamsos.gateway.routes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The BPJS endpoint as far as a route test needs it, on a local port: it answers what the test queued
 * (else the default answer) and keeps every request as it arrived on the wire, so that a test sees
 * which headers the HTTP producer really sent, not the headers of the Camel message.
 */
final class BpjsStub implements AutoCloseable {

    /** One request as received; header names in lower case. */
    record Request(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What the stub answers. */
    record Answer(int status, String body, Map<String, String> headers) {

        static Answer json(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Answer> queued = new LinkedBlockingQueue<>();
    private final Function<Request, Answer> otherwise;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private BpjsStub(Function<Request, Answer> otherwise) throws IOException {
        this.otherwise = otherwise;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** @param otherwise the answer to a request when none is queued */
    static BpjsStub start(Function<Request, Answer> otherwise) throws IOException {
        return new BpjsStub(otherwise);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these answers, in order. */
    void answerNext(Answer... answers) {
        queued.addAll(List.of(answers));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange http) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        http.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        Request request = new Request(http.getRequestMethod(), http.getRequestURI().toString(), headers,
                http.getRequestBody().readAllBytes());
        requests.add(request);
        Answer answer = queued.poll();
        if (answer == null) {
            answer = otherwise.apply(request);
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
        http.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
