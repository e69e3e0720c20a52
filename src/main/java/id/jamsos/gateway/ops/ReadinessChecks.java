package id.jamsos.gateway.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Extra readiness checks other parts of the gateway contribute, such as the endpoint's circuit
 * breaker: {@code ReadinessChecks.register("endpoint", () -> breaker.isClosed())}. Static so that a
 * component can register without being handed the operations wiring; a check that throws counts
 * as down.
 */
public final class ReadinessChecks {

    private static final Map<String, Supplier<Boolean>> CHECKS = new ConcurrentHashMap<>();

    private ReadinessChecks() {
    }

    /** Adds or replaces the check of that name. */
    public static void register(String name, Supplier<Boolean> up) {
        CHECKS.put(name, up);
    }

    public static void unregister(String name) {
        CHECKS.remove(name);
    }

    /** Each registered check's answer: "UP" or "DOWN". */
    public static Map<String, String> evaluate() {
        Map<String, String> answers = new LinkedHashMap<>();
        CHECKS.forEach((name, check) -> answers.put(name, safe(check) ? "UP" : "DOWN"));
        return answers;
    }

    public static boolean isRegistered(String name) {
        return CHECKS.containsKey(name);
    }

    private static boolean safe(Supplier<Boolean> check) {
        try {
            return Boolean.TRUE.equals(check.get());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
