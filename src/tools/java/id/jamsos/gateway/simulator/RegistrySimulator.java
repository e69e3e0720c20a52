package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.jamsos.gateway.model.Sex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's stand-in for the population registry's (Dukcapil's) CALL_VERIFY_BY_ELEMEN service
 * (docs/registry-api.md), for tests, the demo and operators trying the gateway: the JDK HTTP server
 * on a bounded pool, the BPJS simulator's {@link FaultSettings} (latency, injected statuses, timeouts,
 * a rate limit answering 429), and a population consistent with the {@code generate} command's files
 * ({@link RegistryPopulation}). Never logs a NIK, a name or the password.
 */
public final class RegistrySimulator implements AutoCloseable {

    public static final String SERVICE = "CALL_VERIFY_BY_ELEMEN";
    static final int THREADS = 16;
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final Logger log = LoggerFactory.getLogger(RegistrySimulator.class);

    private final RegistrySimulatorConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final FaultSettings faults = new FaultSettings();
    private final RegistryPopulation population;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, AtomicLong> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /** NIKs answered with {@link #UNREADABLE_RESPON}. */
    private final java.util.Set<String> unreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** A RESPON about one worker that no version of the gateway knows. */
    public static final String UNREADABLE_RESPON = "Data Tidak Valid, Hubungi Dinas Dukcapil (kode 17)";
    private final Object rateLock = new Object();
    private long rateSecond;
    private int rateCount;

    private RegistrySimulator(RegistrySimulatorConfig config) throws IOException {
        this.config = config;
        this.population = RegistryPopulation.of(config);
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "registry-sim-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public static RegistrySimulator start(RegistrySimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            RegistrySimulator sim = new RegistrySimulator(config);
            log.info("Population registry simulator listening on {} ({} people)", sim.serviceUrl(), sim.population.size());
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** The service's address, what jamsos.registry.url names. */
    public String serviceUrl() {
        return baseUrl() + "/dukcapil/get_json/JAMSOS/" + SERVICE;
    }

    public FaultSettings faults() {
        return faults;
    }

    public RegistryPopulation population() {
        return population;
    }

    public RegistrySimulatorConfig config() {
        return config;
    }

    /** Requests that reached the service (/sim/* not counted), including refused and faulted ones. */
    public long requests() {
        return requests.get();
    }

    /** Answers given, by kind: MATCH, MISMATCH, NOT_FOUND, UNREADABLE, BELUM_REKAM, LOGIN_FAILED, IP_REFUSED, HTTP_<status>, TIMEOUT (answered after the hold). */
    public Map<String, Long> answers() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        answers.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** From now on the registry answers about this NIK with {@link #UNREADABLE_RESPON} (until a reset). */
    public void answerUnreadably(String nik) {
        unreadable.add(nik);
    }

    /** Forgets counts and faults, and the population's changes. */
    public void reset() {
        unreadable.clear();
        faults.clear();
        requests.set(0);
        answers.clear();
        population.reset(config);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void dispatch(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/sim/")) {
                admin(ex, path);
            } else if (path.endsWith("/" + SERVICE) && "POST".equals(ex.getRequestMethod())) {
                service(ex);
            } else {
                send(ex, 404, Map.of("content", List.of(Map.of("RESPON", "Layanan tidak dikenal / unknown service"))));
            }
        } catch (IOException | RuntimeException e) {
            // Usually a client that hung up (after an injected timeout); nothing to answer.
            log.debug("Exchange ended abnormally: {}", e.toString());
        }
    }

    private void service(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        int forced = faults.pollForcedStatus();
        int limit = faults.rateLimitPerSecond();
        if (forced == 0 && limit > 0 && !withinRate(limit)) {
            ex.getResponseHeaders().set("Retry-After", "1");
            answer(ex, "HTTP_429", 429, respon("Terlalu banyak permintaan / too many requests"));
            return;
        }
        pause(faults.latencyMs());
        if (forced != 0) {
            answer(ex, "HTTP_" + forced, forced, respon("Gangguan simulasi / injected fault"));
            return;
        }
        boolean timeout = faults.drawTimeout();
        if (!timeout && faults.drawError()) {
            answer(ex, "HTTP_" + faults.errorStatus(), faults.errorStatus(), respon("Gangguan simulasi / injected fault"));
            return;
        }
        JsonNode request;
        try (InputStream in = ex.getRequestBody()) {
            request = json.readTree(in);
        } catch (IOException e) {
            answer(ex, "HTTP_400", 400, respon("Format permintaan salah / malformed request"));
            return;
        }
        Map<String, Object> person = new LinkedHashMap<>();
        String kind = judge(request == null ? json.createObjectNode() : request, person);
        if (timeout) {
            // The work is done but the client never hears of it.
            pause(faults.timeoutHoldMs());
        }
        answer(ex, timeout ? "TIMEOUT" : kind, 200, Map.of("content", List.of(person)));
    }

    /** Fills {@code person} with the answer's content[0]; returns the kind of answer, for the counts. */
    private String judge(JsonNode request, Map<String, Object> person) {
        if (!config.userId().equals(text(request, "USER_ID")) || !config.password().equals(text(request, "PASSWORD"))) {
            person.put("RESPON", "Login Gagal");
            return "LOGIN_FAILED";
        }
        if (!config.allowedIps().isEmpty() && !config.allowedIps().contains(text(request, "IP_USER"))) {
            person.put("RESPON", "IP Address Tidak Sesuai");
            return "IP_REFUSED";
        }
        if (unreadable.contains(text(request, "NIK"))) {
            // An answer about this worker in words the gateway does not know (POST /sim/people "unreadable").
            person.put("RESPON", UNREADABLE_RESPON);
            return "UNREADABLE";
        }
        RegistryPopulation.Person known = population.find(text(request, "NIK")).orElse(null);
        if (known == null) {
            person.put("RESPON", "Data Tidak Ditemukan");
            return "NOT_FOUND";
        }
        int threshold = request.path("TRESHOLD").asInt(80);
        boolean all = true;
        person.put("NIK", "Sesuai (100)");
        if (request.hasNonNull("NAMA_LGKP")) {
            all &= judged(person, "NAMA_LGKP", similarity(known.fullName(), text(request, "NAMA_LGKP")), threshold);
        }
        if (request.hasNonNull("TGL_LHR")) {
            all &= judged(person, "TGL_LHR", dateScore(known.birthDate(), text(request, "TGL_LHR")), threshold);
        }
        if (request.hasNonNull("TMPT_LHR")) {
            all &= judged(person, "TMPT_LHR", similarity(known.birthPlace(), text(request, "TMPT_LHR")), threshold);
        }
        if (request.hasNonNull("JENIS_KLMIN")) {
            all &= judged(person, "JENIS_KLMIN", sex(text(request, "JENIS_KLMIN")) == known.sex() ? 100 : 0, threshold);
        }
        person.put("EKTP_STATUS", known.ektpRecorded() ? "SUDAH REKAM" : "BELUM REKAM");
        return !known.ektpRecorded() ? "BELUM_REKAM" : all ? "MATCH" : "MISMATCH";
    }

    private static boolean judged(Map<String, Object> person, String element, int score, int threshold) {
        boolean ok = score >= threshold;
        person.put(element, (ok ? "Sesuai (" : "Tidak Sesuai (") + score + ")");
        return ok;
    }

    /** 100 for the same text (case and spaces aside), less by the edit distance's share of the longer. */
    static int similarity(String recorded, String asked) {
        String a = RegistryPopulation.upper(recorded == null ? "" : recorded);
        String b = RegistryPopulation.upper(asked == null ? "" : asked);
        int longer = Math.max(a.length(), b.length());
        if (longer == 0) {
            return 100;
        }
        return (int) Math.round(100.0 * (longer - levenshtein(a, b)) / longer);
    }

    private static int dateScore(LocalDate recorded, String asked) {
        try {
            LocalDate date = LocalDate.parse(asked.trim(), DMY);
            return similarity(DMY.format(recorded), DMY.format(date));
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static Sex sex(String word) {
        String w = word == null ? "" : word.trim().toUpperCase(Locale.ROOT);
        return w.equals("P") || w.equals("PEREMPUAN") ? Sex.P : w.equals("L") || w.equals("LAKI-LAKI") ? Sex.L : null;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private boolean withinRate(int limit) {
        long second = System.currentTimeMillis() / 1000;
        synchronized (rateLock) {
            if (second != rateSecond) {
                rateSecond = second;
                rateCount = 0;
            }
            return ++rateCount <= limit;
        }
    }

    private void admin(HttpExchange ex, String path) throws IOException {
        if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
            send(ex, 403, Map.of("error", "loopback only"));
            return;
        }
        switch (path) {
            case "/sim/stats" -> {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("requests", requests());
                stats.put("answers", answers());
                stats.put("people", population.size());
                stats.put("faults", faults.snapshot());
                send(ex, 200, stats);
            }
            case "/sim/reset" -> {
                reset();
                send(ex, 200, Map.of("reset", true));
            }
            case "/sim/faults" -> {
                if ("POST".equals(ex.getRequestMethod())) {
                    try (InputStream in = ex.getRequestBody()) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> values = json.readValue(in, Map.class);
                        faults.apply(values);
                    } catch (IllegalArgumentException e) {
                        send(ex, 400, Map.of("error", e.getMessage()));
                        return;
                    }
                }
                send(ex, 200, faults.snapshot());
            }
            case "/sim/people" -> people(ex);
            default -> send(ex, 404, Map.of("error", "unknown admin path"));
        }
    }

    /**
     * POST /sim/people {"nik": "...", "change": "forget" | "unrecorded" | "unreadable" | "name" | "birthDate" | "add",
     * "name": "...", "birthDate": "dd-MM-yyyy", "birthPlace": "...", "sex": "L"|"P"}.
     */
    private void people(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            send(ex, 405, Map.of("error", "POST only"));
            return;
        }
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = json.readTree(in);
        }
        String nik = text(body, "nik");
        try {
            switch (text(body, "change")) {
                case "forget" -> population.forget(nik);
                case "unreadable" -> answerUnreadably(nik);
                case "unrecorded" -> population.unrecorded(nik);
                case "name" -> population.recordedName(nik, text(body, "name"));
                case "birthDate" -> population.recordedBirthDate(nik, LocalDate.parse(text(body, "birthDate"), DMY));
                case "add" -> population.put(new RegistryPopulation.Person(nik, RegistryPopulation.upper(text(body, "name")),
                        RegistryPopulation.upper(text(body, "birthPlace")), LocalDate.parse(text(body, "birthDate"), DMY),
                        Sex.valueOf(text(body, "sex")), !body.path("unrecorded").asBoolean(false)));
                default -> throw new IllegalArgumentException("change must be forget, unrecorded, unreadable, name, birthDate or add");
            }
        } catch (RuntimeException e) {
            send(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
            return;
        }
        send(ex, 200, Map.of("people", population.size()));
    }

    private void answer(HttpExchange ex, String kind, int status, Object body) throws IOException {
        answers.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        send(ex, status, body);
    }

    private static Map<String, Object> respon(String text) {
        return Map.of("content", List.of(Map.of("RESPON", text)));
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static void pause(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
