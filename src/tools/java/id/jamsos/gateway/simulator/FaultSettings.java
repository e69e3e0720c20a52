package id.jamsos.gateway.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The faults the simulator injects into /bpjstk/* answers, changeable while it runs (from a test,
 * from POST /sim/faults or from the command line). Thread-safe; random draws use a seeded
 * {@link Random} so a run with the same settings and request order repeats itself.
 *
 * <p>Order of application per request: a queued {@link #failNext} status, then the rate limit,
 * then the latency, then the timeout and error draws. Injected errors answer before the request
 * is processed (nothing happens); an injected timeout processes the request and then withholds
 * the answer, like a real timeout where the server did the work but the client never heard.
 */
public final class FaultSettings {

    public static final long DEFAULT_TIMEOUT_HOLD_MS = 30_000;
    public static final int DEFAULT_ERROR_STATUS = 503;
    public static final long DEFAULT_SEED = 42L;

    private volatile long latencyMs;
    private volatile double errorRate;
    private volatile int errorStatus = DEFAULT_ERROR_STATUS;
    private volatile int rateLimitPerSecond;
    private volatile double timeoutRate;
    private volatile long timeoutHoldMs = DEFAULT_TIMEOUT_HOLD_MS;
    private final ConcurrentLinkedQueue<Integer> forced = new ConcurrentLinkedQueue<>();
    private final Random random = new Random(DEFAULT_SEED);

    public long latencyMs() {
        return latencyMs;
    }

    public FaultSettings latencyMs(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative");
        }
        this.latencyMs = ms;
        return this;
    }

    public double errorRate() {
        return errorRate;
    }

    public FaultSettings errorRate(double rate) {
        this.errorRate = probability("errorRate", rate);
        return this;
    }

    public int errorStatus() {
        return errorStatus;
    }

    public FaultSettings errorStatus(int status) {
        this.errorStatus = httpStatus(status);
        return this;
    }

    /** 0 means no limit. */
    public int rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    public FaultSettings rateLimitPerSecond(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("rateLimitPerSecond must not be negative");
        }
        this.rateLimitPerSecond = limit;
        return this;
    }

    public double timeoutRate() {
        return timeoutRate;
    }

    public FaultSettings timeoutRate(double rate) {
        this.timeoutRate = probability("timeoutRate", rate);
        return this;
    }

    /** How long a "timed out" request is held; far longer than any sane client timeout. */
    public long timeoutHoldMs() {
        return timeoutHoldMs;
    }

    public FaultSettings timeoutHoldMs(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("timeoutHoldMs must not be negative");
        }
        this.timeoutHoldMs = ms;
        return this;
    }

    /** The next requests answer these HTTP statuses, one each, in order, whatever else is set. */
    public FaultSettings failNext(int... statuses) {
        for (int status : statuses) {
            forced.add(httpStatus(status));
        }
        return this;
    }

    public List<Integer> pendingFailures() {
        return new ArrayList<>(forced);
    }

    public FaultSettings seed(long seed) {
        synchronized (random) {
            random.setSeed(seed);
        }
        return this;
    }

    /** Back to no faults at all and the default seed. */
    public FaultSettings clear() {
        latencyMs = 0;
        errorRate = 0;
        errorStatus = DEFAULT_ERROR_STATUS;
        rateLimitPerSecond = 0;
        timeoutRate = 0;
        timeoutHoldMs = DEFAULT_TIMEOUT_HOLD_MS;
        forced.clear();
        return seed(DEFAULT_SEED);
    }

    /** @return the queued status for this request, or 0 when none is queued */
    int pollForcedStatus() {
        Integer status = forced.poll();
        return status == null ? 0 : status;
    }

    boolean drawTimeout() {
        return draw(timeoutRate);
    }

    boolean drawError() {
        return draw(errorRate);
    }

    private boolean draw(double rate) {
        if (rate <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    /** The settings as POST /sim/faults takes them and GET /sim/stats shows them. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latencyMs", latencyMs);
        m.put("errorRate", errorRate);
        m.put("errorStatus", errorStatus);
        m.put("rateLimitPerSecond", rateLimitPerSecond);
        m.put("timeoutRate", timeoutRate);
        m.put("timeoutHoldMs", timeoutHoldMs);
        m.put("failNext", pendingFailures());
        return m;
    }

    /**
     * Sets the fields present in {@code values} (JSON numbers); absent fields stay as they are.
     * "failNext" appends to the queue; "seed" reseeds; "clear": true resets everything first.
     *
     * @throws IllegalArgumentException on an unknown field or an out-of-range value
     */
    public FaultSettings apply(Map<String, ?> values) {
        if (Boolean.TRUE.equals(values.get("clear"))) {
            clear();
        }
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "clear" -> { }
                case "latencyMs" -> latencyMs(number(e.getKey(), v).longValue());
                case "errorRate" -> errorRate(number(e.getKey(), v).doubleValue());
                case "errorStatus" -> errorStatus(number(e.getKey(), v).intValue());
                case "rateLimitPerSecond" -> rateLimitPerSecond(number(e.getKey(), v).intValue());
                case "timeoutRate" -> timeoutRate(number(e.getKey(), v).doubleValue());
                case "timeoutHoldMs" -> timeoutHoldMs(number(e.getKey(), v).longValue());
                case "seed" -> seed(number(e.getKey(), v).longValue());
                case "failNext" -> {
                    if (!(v instanceof List<?> list)) {
                        throw new IllegalArgumentException("failNext must be a list of HTTP statuses");
                    }
                    for (Object status : list) {
                        failNext(number("failNext", status).intValue());
                    }
                }
                default -> throw new IllegalArgumentException("unknown fault setting: " + e.getKey());
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return "FaultSettings" + snapshot();
    }

    private static Number number(String field, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(field + " must be a number");
    }

    private static double probability(String field, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1");
        }
        return rate;
    }

    private static int httpStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return status;
    }
}
