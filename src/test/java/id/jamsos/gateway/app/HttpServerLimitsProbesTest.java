package id.jamsos.gateway.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instant between Camel's platform-http server listening and its ops routes being there, held
 * still: a server made through the gateway's Vert.x with a router that has no route of Camel's yet.
 * The probes answer 503 STARTING there, never 404; once a route for a probe is added, it answers.
 */
class HttpServerLimitsProbesTest {

    @Test
    void theProbesAnswerStartingBeforeAnyRouteIsThereAndTheRouteOnceItIs() throws Exception {
        Vertx vertx = new HttpServerLimits(30, 10_000, 30_000, 100, 8192, 4096).vertx();
        try {
            Router router = Router.router(vertx);
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.actualPort();

            HttpResponse<String> health = get(http, base + "/ops/health");
            HttpResponse<String> ready = get(http, base + "/ops/ready");
            System.out.println("[start] before the ops routes: /ops/health " + health.statusCode() + " " + health.body()
                    + ", /ops/ready " + ready.statusCode());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"status\":\"STARTING\"}");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(get(http, base + "/ops").statusCode()).as("only the probes").isEqualTo(404);

            // As Camel's consumer adds its route later: it answers, not the fallback.
            router.get("/ops/health").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
            HttpResponse<String> up = get(http, base + "/ops/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The same instant on Camel's management port (recognised by the port it listens on): its health
     * paths answer 503 until Camel's handlers are there, the callback port's /ops probes are not
     * there, and a request for health details is refused before Camel's handler could answer it.
     */
    @Test
    void theManagementPortsProbesAnswerStartingAndRefuseRequestsForDetails() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Vertx vertx = new HttpServerLimits(30, 10_000, 30_000, 100, 8192, 4096, port, "/observe/health").vertx();
        try {
            Router router = Router.router(vertx);
            vertx.createHttpServer(new HttpServerOptions()).requestHandler(router).listen(port, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;

            for (String probe : new String[] {"/observe/health", "/observe/health/live", "/observe/health/ready"}) {
                HttpResponse<String> starting = get(http, base + probe);
                assertThat(starting.statusCode()).as(probe).isEqualTo(503);
                assertThat(starting.body()).as(probe).isEqualTo("{\"status\":\"STARTING\"}");
            }
            assertThat(get(http, base + "/ops/health").statusCode()).as("not the callback port's probes").isEqualTo(404);

            // As Camel's management server adds its handler: it answers the status; details are refused.
            router.get("/observe/health/ready").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
            assertThat(get(http, base + "/observe/health/ready").statusCode()).isEqualTo(200);
            for (String ask : new String[] {"?exposureLevel=full", "?stackTrace=true", "?data=true", "?a=1&exposureLevel=default"}) {
                HttpResponse<String> details = get(http, base + "/observe/health/ready" + ask);
                assertThat(details.statusCode()).as(ask).isEqualTo(400);
                assertThat(details.body()).as(ask).contains("operators").doesNotContain("UP");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
