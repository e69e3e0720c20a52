package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves /sim/*: stats, fault settings and reset for tests, the demo and operators. Unsigned, so
 * it answers only callers on the same machine; faults never apply here, so an operator can
 * always switch them off again.
 */
final class AdminHandler {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final BpjsSimulator simulator;

    AdminHandler(ObjectMapper json, BpjsSimulator simulator) {
        this.json = json;
        this.simulator = simulator;
    }

    void handle(HttpExchange ex) throws IOException {
        reply(ex).write(ex, json);
    }

    private Reply reply(HttpExchange ex) throws IOException {
        if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return problem(403, "admin endpoints answer loopback callers only");
        }
        String method = ex.getRequestMethod();
        switch (ex.getRequestURI().getPath()) {
            case "/sim/stats":
                if (!"GET".equals(method)) {
                    return problem(405, "use GET");
                }
                Map<String, Object> body = new LinkedHashMap<>(simulator.stats().snapshot());
                body.put("members", simulator.memberCount());
                body.put("claims", simulator.claimCount());
                body.put("faults", simulator.faults().snapshot());
                return new Reply(200, body);
            case "/sim/faults":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                try (InputStream in = ex.getRequestBody()) {
                    Map<String, Object> values = json.readValue(in.readNBytes(64 * 1024), MAP);
                    simulator.faults().apply(values == null ? Map.of() : values);
                } catch (JsonProcessingException e) {
                    return problem(400, "malformed JSON");
                } catch (IllegalArgumentException e) {
                    return problem(400, e.getMessage());
                }
                return new Reply(200, simulator.faults().snapshot());
            case "/sim/reset":
                if (!"POST".equals(method)) {
                    return problem(405, "use POST");
                }
                simulator.reset();
                return new Reply(200, Map.of("reset", true));
            default:
                return problem(404, "no such admin endpoint");
        }
    }

    private static Reply problem(int status, String message) {
        return new Reply(status, Map.of("error", message));
    }
}
