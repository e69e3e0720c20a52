package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** One HTTP answer: status, JSON body and extra headers, written once the handler has decided. */
record Reply(int status, Object body, Map<String, String> headers) {

    Reply(int status, Object body) {
        this(status, body, Map.of());
    }

    void write(HttpExchange ex, ObjectMapper json) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
