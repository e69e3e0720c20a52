package id.jamsos.gateway.simulator;

import com.sun.net.httpserver.Headers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the simulator has seen on /bpjstk/*, so tests and benchmarks can prove properties of the
 * gateway from the outside: no NIK enrolled twice, the rate limit respected, retries made.
 * Admin calls (/sim/*) are not counted. Thread-safe; every getter is a live read.
 */
public final class SimulatorStats {

    /** Seconds of per-second history kept; the running maximum covers the whole run regardless. */
    static final int HISTORY_SECONDS = 3600;
    /** What a BPJS client sends of its own accord: the HTTP client's headers, the content's, the signature's. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "connection", "user-agent", "accept-encoding",
            "content-length", "transfer-encoding", "content-type", "accept",
            "x-cons-id", "x-timestamp", "x-signature", "user_key");

    private final LongAdder totalRequests = new LongAdder();
    private final LongAdder enrollmentRequests = new LongAdder();
    private final LongAdder status2xx = new LongAdder();
    private final LongAdder status4xx = new LongAdder();
    private final LongAdder status429 = new LongAdder();
    private final LongAdder status5xx = new LongAdder();
    private final LongAdder enrolledWorkers = new LongAdder();
    private final ConcurrentHashMap<String, AtomicInteger> timesEnrolled = new ConcurrentHashMap<>();
    private final AtomicInteger maxTimesAnyNikEnrolled = new AtomicInteger();
    private final ConcurrentHashMap<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();
    private final AtomicInteger maxPerSecond = new AtomicInteger();
    private final LongAdder notAcceptingJson = new LongAdder();
    private final AtomicInteger maxTimestampAge = new AtomicInteger();
    private final Set<String> headerNames = ConcurrentHashMap.newKeySet();

    /** @return how many requests arrived in this epoch second so far, this one included */
    int recordArrival(long epochSecond) {
        totalRequests.increment();
        int n = perSecond.computeIfAbsent(epochSecond, s -> new AtomicInteger()).incrementAndGet();
        maxPerSecond.accumulateAndGet(n, Math::max);
        if (perSecond.size() > HISTORY_SECONDS + 60) {
            perSecond.keySet().removeIf(s -> s < epochSecond - HISTORY_SECONDS);
        }
        return n;
    }

    /**
     * What a request said of itself: whether it asked for JSON, how old its signature timestamp was
     * on arrival (a client that signs long before it sends comes close to the endpoint's window), and
     * the names of its headers (nothing of the client's internals should cross).
     */
    void recordHeaders(Headers headers, long epochSecond) {
        headers.keySet().forEach(name -> headerNames.add(name.toLowerCase(Locale.ROOT)));
        String accept = headers.getFirst("Accept");
        if (accept == null || !accept.contains("application/json")) {
            notAcceptingJson.increment();
        }
        String timestamp = headers.getFirst("X-timestamp");
        if (timestamp != null && timestamp.matches("\\d{1,18}")) {
            long age = epochSecond - Long.parseLong(timestamp);
            maxTimestampAge.accumulateAndGet((int) Math.max(Math.min(age, Integer.MAX_VALUE), 0), Math::max);
        }
    }

    void recordEnrollmentRequest() {
        enrollmentRequests.increment();
    }

    void recordStatus(int status) {
        if (status >= 200 && status < 300) {
            status2xx.increment();
        } else if (status >= 400 && status < 500) {
            status4xx.increment();
            if (status == 429) {
                status429.increment();
            }
        } else if (status >= 500) {
            status5xx.increment();
        }
    }

    void recordNewEnrollment(String nik) {
        enrolledWorkers.increment();
        int n = timesEnrolled.computeIfAbsent(nik, k -> new AtomicInteger()).incrementAndGet();
        maxTimesAnyNikEnrolled.accumulateAndGet(n, Math::max);
    }

    void reset() {
        totalRequests.reset();
        enrollmentRequests.reset();
        status2xx.reset();
        status4xx.reset();
        status429.reset();
        status5xx.reset();
        enrolledWorkers.reset();
        timesEnrolled.clear();
        maxTimesAnyNikEnrolled.set(0);
        perSecond.clear();
        maxPerSecond.set(0);
        notAcceptingJson.reset();
        maxTimestampAge.set(0);
        headerNames.clear();
    }

    /** Every request to /bpjstk/*, including those refused by the rate limit or a fault. */
    public long totalRequests() {
        return totalRequests.sum();
    }

    /** Requests that reached the enrollment handlers (single or batch), past faults and auth. */
    public long enrollmentRequests() {
        return enrollmentRequests.sum();
    }

    public long status2xx() {
        return status2xx.sum();
    }

    /** All 4xx answers, 429 included. */
    public long status4xx() {
        return status4xx.sum();
    }

    public long status429() {
        return status429.sum();
    }

    public long status5xx() {
        return status5xx.sum();
    }

    /** Workers newly enrolled (code 200 the first time); idempotent replays and 208s excluded. */
    public long enrolledWorkers() {
        return enrolledWorkers.sum();
    }

    /** How many times this NIK was newly enrolled: 1 is right, more than 1 is a double enrollment. */
    public int timesEnrolled(String nik) {
        AtomicInteger n = timesEnrolled.get(nik);
        return n == null ? 0 : n.get();
    }

    public int maxTimesAnyNikEnrolled() {
        return maxTimesAnyNikEnrolled.get();
    }

    /** Most requests that arrived within one wall-clock second over the whole run. */
    public int maxRequestsInAnySecond() {
        return maxPerSecond.get();
    }

    /** Requests to /bpjstk/* whose Accept header did not ask for application/json (or that had none). */
    public long requestsNotAcceptingJson() {
        return notAcceptingJson.sum();
    }

    /** The most seconds any signed request's X-timestamp was behind the simulator clock on arrival. */
    public int maxTimestampAgeSeconds() {
        return maxTimestampAge.get();
    }

    /** Every request header name seen on /bpjstk/*, lower case. */
    public Set<String> headerNames() {
        return Set.copyOf(headerNames);
    }

    /**
     * Header names seen on /bpjstk/* that a BPJS client has no reason to send: not the HTTP client's
     * own, the content's or the signature's. A message header of the client's that leaked.
     */
    public Set<String> foreignHeaderNames() {
        return headerNames.stream().filter(h -> !CLIENT_HEADERS.contains(h)).collect(Collectors.toSet());
    }

    /** Requests per epoch second for the last hour, oldest first. */
    public Map<Long, Integer> requestsPerSecond() {
        Map<Long, Integer> copy = new TreeMap<>();
        perSecond.forEach((s, n) -> copy.put(s, n.get()));
        return Collections.unmodifiableMap(copy);
    }

    /** The counters as GET /sim/stats shows them (no NIKs: they are personal data). */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalRequests", totalRequests());
        m.put("enrollmentRequests", enrollmentRequests());
        m.put("status2xx", status2xx());
        m.put("status4xx", status4xx());
        m.put("status429", status429());
        m.put("status5xx", status5xx());
        m.put("enrolledWorkers", enrolledWorkers());
        m.put("maxTimesAnyNikEnrolled", maxTimesAnyNikEnrolled());
        m.put("maxRequestsInAnySecond", maxRequestsInAnySecond());
        m.put("requestsPerSecond", requestsPerSecond());
        return m;
    }
}
