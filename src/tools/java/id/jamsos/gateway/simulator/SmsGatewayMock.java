package id.jamsos.gateway.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The project's stand-in for a local SMS gateway (docs/notifications.md, "The SMS gateway mock"): a plain HTTP
 * {@code GET /sms/send?userkey=&passkey=&nohp=&pesan=} answered {@code OK <id>}; wrong keys {@code 401 ERROR
 * auth}, a missing number or text {@code 400 ERROR param}; fault injection: the next N calls answered with a
 * status. It keeps what it received for the tests.
 */
public final class SmsGatewayMock implements AutoCloseable {

    /** One message the mock received: the number, the text, and the status it answered. */
    public record Received(String number, String text, int status) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final String userKey;
    private final String passKey;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> faults = new ConcurrentLinkedDeque<>();
    private final AtomicLong ids = new AtomicLong();

    private SmsGatewayMock(int port, String userKey, String passKey) throws IOException {
        this.userKey = userKey;
        this.passKey = passKey;
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sms-mock");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(pool);
        server.createContext("/sms/send", this::send);
        server.start();
    }

    public static SmsGatewayMock start(int port, String userKey, String passKey) {
        try {
            return new SmsGatewayMock(port, userKey, passKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SMS gateway mock", e);
        }
    }

    /** What jamsos.notify.sms.url names. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms/send";
    }

    public void failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(status);
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> accepted() {
        return received.stream().filter(r -> r.status() == 200).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void send(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String number = q.get("nohp");
            String text = q.get("pesan");
            if (!userKey.equals(q.get("userkey")) || !passKey.equals(q.get("passkey"))) {
                received.add(new Received(number, text, 401));
                answer(ex, 401, "ERROR auth");
                return;
            }
            Integer fault = faults.poll();
            if (fault != null) {
                received.add(new Received(number, text, fault));
                answer(ex, fault, "ERROR busy");
                return;
            }
            if (number == null || number.isBlank() || text == null || text.isBlank()) {
                received.add(new Received(number, text, 400));
                answer(ex, 400, "ERROR param");
                return;
            }
            received.add(new Received(number, text, 200));
            answer(ex, 200, "OK SMS" + ids.incrementAndGet());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
