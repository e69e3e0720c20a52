package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.jamsos.gateway.notify.WhatsAppWebhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's stand-in for the WhatsApp Business Cloud API (docs/notifications.md, "The WhatsApp mock"), for
 * tests and the demo, on loopback:
 * <ul>
 *   <li>{@code POST /{version}/{phoneNumberId}/messages} with {@code Authorization: Bearer <token>}: a template
 *       message whose template is one of the approved ones is accepted, {@code {"messaging_product":"whatsapp",
 *       "contacts":[{"input":..,"wa_id":..}],"messages":[{"id":"wamid.…"}]}}; a wrong token is 401 (Graph error
 *       190), an unknown template 400 (132001), a number that is not on WhatsApp 400 (131026);</li>
 *   <li>fault injection: the next N calls answered with a status (503, 500, 429 with Graph error 130429), a
 *       latency before each answer, a message accepted whose answer comes too late
 *       ({@link #acceptThenAnswerLate});</li>
 *   <li>with a webhook URL and the app secret, it calls the gateway's webhook as Meta does, signed
 *       ({@code X-Hub-Signature-256}): statuses sent and delivered after each accepted message, and a worker's
 *       reply ({@link #reply});</li>
 *   <li>{@code GET /mock/messages}: what it accepted, as JSON (for people trying the demo).</li>
 * </ul>
 * It keeps what it received ({@link #received}) for the tests' assertions. Logs never show a number or text.
 */
public final class WhatsAppMock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppMock.class);

    /** The templates "approved by Meta" (the gateway's three). */
    public static final Set<String> APPROVED = Set.of("jamsos_cover_started", "jamsos_cover_ended", "jamsos_cover_at_risk");

    /** One message the mock accepted (or refused: {@code status} says). */
    public record Received(String wamid, String to, String template, List<String> params, String body, int status) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool;
    private final String phoneNumberId;
    private final String token;
    private final byte[] appSecret;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> faults = new ConcurrentLinkedDeque<>();
    private final Set<String> notOnWhatsApp = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long latencyMs;
    private final Deque<Long> lateAnswers = new ConcurrentLinkedDeque<>();
    private volatile String webhookUrl;

    private WhatsAppMock(String host, int port, String phoneNumberId, String token, String appSecret) throws IOException {
        this.phoneNumberId = phoneNumberId;
        this.token = token;
        this.appSecret = appSecret.getBytes(StandardCharsets.UTF_8);
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "whatsapp-mock");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** On loopback, port 0 for any free one. */
    public static WhatsAppMock start(int port, String phoneNumberId, String token, String appSecret) {
        try {
            return new WhatsAppMock("127.0.0.1", port, phoneNumberId, token, appSecret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the WhatsApp mock", e);
        }
    }

    /** What jamsos.notify.whatsapp.baseUri names. */
    public String baseUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the mock calls the gateway back (null: it does not). */
    public WhatsAppMock webhook(String url) {
        this.webhookUrl = url;
        return this;
    }

    /** The next {@code times} calls are answered {@code status} (503, 500, 429, ...), nothing accepted. */
    public void failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(status);
        }
    }

    /** A number (628… or +628…) that is not a WhatsApp user: 400 with Graph error 131026. */
    public void notOnWhatsApp(String number) {
        notOnWhatsApp.add(number.replace("+", ""));
    }

    /**
     * The next {@code times} messages are accepted (recorded with a wamid, as Meta would send them) but the
     * answer comes only after {@code millis}: longer than the client's timeout, the sender never learns it.
     */
    public void acceptThenAnswerLate(long millis, int times) {
        for (int i = 0; i < times; i++) {
            lateAnswers.add(millis);
        }
    }

    public void latency(long millis) {
        this.latencyMs = millis;
    }

    /** Every call to the messages endpoint, refused ones included. */
    public long calls() {
        return calls.get();
    }

    /** Calls read and not answered yet (during the latency): a test kills the gateway while one is. */
    public int inFlight() {
        return inFlight.get();
    }

    /** What reached the messages endpoint, in order (refused ones with their status). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Only what was accepted (status 200). */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.status() == 200).toList();
    }

    /** The worker with this number writes {@code text} (BERHENTI, STOP, MULAI) to the business number. */
    public void reply(String from, String text) {
        ObjectNode message = json.createObjectNode();
        message.put("from", from.replace("+", ""));
        message.put("id", "wamid.in." + ids.incrementAndGet());
        message.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        message.put("type", "text");
        message.putObject("text").put("body", text);
        ObjectNode value = value();
        value.putArray("messages").add(message);
        value.putArray("contacts").addObject().put("wa_id", from.replace("+", ""));
        post(value);
    }

    /** A status of a message the mock accepted: sent, delivered, read or failed (with Graph error code). */
    public void status(String wamid, String to, String status, Integer errorCode) {
        ObjectNode s = json.createObjectNode();
        s.put("id", wamid);
        s.put("status", status);
        s.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        s.put("recipient_id", to.replace("+", ""));
        if (errorCode != null) {
            s.putArray("errors").addObject().put("code", errorCode).put("title", "Message undeliverable");
        }
        ObjectNode value = value();
        value.putArray("statuses").add(s);
        post(value);
    }

    private ObjectNode value() {
        ObjectNode value = json.createObjectNode();
        value.put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "6281100000000").put("phone_number_id", phoneNumberId);
        return value;
    }

    /** One webhook call as Meta makes it: {"object":"whatsapp_business_account","entry":[{"changes":[...]}]}. */
    private void post(ObjectNode value) {
        String url = webhookUrl;
        if (url == null) {
            return;
        }
        ObjectNode root = json.createObjectNode();
        root.put("object", "whatsapp_business_account");
        ArrayNode entry = root.putArray("entry");
        ObjectNode e = entry.addObject();
        e.put("id", "WABA-MOCK");
        e.putArray("changes").addObject().put("field", "messages").set("value", value);
        String body = root.toString();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", WhatsAppWebhook.signature(appSecret, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.warn("the gateway's webhook answered {}", answer.statusCode());
            }
        } catch (IOException e2) {
            LOG.warn("the gateway's webhook did not answer: {}", e2.getMessage());
        } catch (InterruptedException e2) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void dispatch(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if ("GET".equals(ex.getRequestMethod()) && path.equals("/mock/messages")) {
                send(ex, 200, json.writeValueAsString(accepted().stream().map(r -> Map.of("wamid", r.wamid(),
                        "to", r.to(), "template", r.template(), "params", r.params())).toList()));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod()) || !path.matches("/v[0-9.]+/" + phoneNumberId + "/messages")) {
                send(ex, 404, error(100, "Unknown path", "GraphMethodException"));
                return;
            }
            messages(ex);
        } catch (IOException e) {
            LOG.debug("WhatsApp mock: {}", e.getMessage());
        }
    }

    private void messages(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        try {
            answerMessage(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answerMessage(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (latencyMs > 0) {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + token)) {
            record(null, body, 401);
            send(ex, 401, error(190, "Invalid OAuth access token", "OAuthException"));
            return;
        }
        Integer fault = faults.poll();
        if (fault != null) {
            record(null, body, fault);
            send(ex, fault, fault == 429 ? error(130429, "Rate limit hit", "OAuthException")
                    : error(131000, "Something went wrong", "OAuthException"));
            return;
        }
        JsonNode request = json.readTree(body);
        String to = request.path("to").asText();
        String template = request.path("template").path("name").asText();
        if (!"template".equals(request.path("type").asText()) || !APPROVED.contains(template)) {
            record(null, body, 400);
            send(ex, 400, error(132001, "Template name does not exist in the translation", "OAuthException"));
            return;
        }
        if (notOnWhatsApp.contains(to)) {
            record(null, body, 400);
            send(ex, 400, error(131026, "Message undeliverable", "OAuthException"));
            return;
        }
        String wamid = "wamid.MOCK" + ids.incrementAndGet();
        record(wamid, body, 200);
        Long late = lateAnswers.poll();
        if (late != null) {
            try {
                Thread.sleep(late);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("messaging_product", "whatsapp");
        answer.putArray("contacts").addObject().put("input", to).put("wa_id", to);
        answer.putArray("messages").addObject().put("id", wamid);
        send(ex, 200, answer.toString());
        if (webhookUrl != null) {
            // After the answer, as Meta does: the gateway has usually recorded the wamid by then.
            pool.execute(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                status(wamid, to, "sent", null);
                status(wamid, to, "delivered", null);
            });
        }
    }

    private void record(String wamid, String body, int status) {
        String to = null;
        String template = null;
        List<String> params = new ArrayList<>();
        try {
            JsonNode request = json.readTree(body);
            to = request.path("to").asText(null);
            template = request.path("template").path("name").asText(null);
            for (JsonNode component : request.path("template").path("components")) {
                for (JsonNode p : component.path("parameters")) {
                    params.add(p.path("text").asText());
                }
            }
        } catch (IOException e) {
            // kept with its raw body
        }
        received.add(new Received(wamid, to, template, List.copyOf(params), body, status));
    }

    private String error(int code, String message, String type) {
        ObjectNode root = json.createObjectNode();
        root.putObject("error").put("message", message).put("type", type).put("code", code).put("fbtrace_id", "MOCK");
        return root.toString();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
