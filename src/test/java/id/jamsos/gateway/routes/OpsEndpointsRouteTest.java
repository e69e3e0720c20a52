package id.jamsos.gateway.routes;

import id.jamsos.gateway.ops.OpsHttpException;
import id.jamsos.gateway.ops.OpsResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/ops.camel.yaml alone: which path and method each /ops route serves, that health and readiness
 * answer anyone, that every other endpoint asks the operator check first and answers its refusal
 * through ops-errors without doing its work, and that replay and logout also require intent. The
 * platform-http consumers are replaced by direct: endpoints (their paths and methods are read from the
 * routes before that). The real OperatorAuth reads the Vert.x request itself, which a direct: exchange
 * does not have (it fails closed), so the operator check here is a fake that admits a message carrying
 * {@value #OPERATOR}; the beans behind it are fakes that record their calls. The refusal's answer is
 * the real OpsResponses.
 */
class OpsEndpointsRouteTest extends RouteTestSupport {

    /** Test-only: the fake operator check admits a message with this header. */
    static final String OPERATOR = "X-Test-Operator";
    /** Test-only: the fake intent check admits a message with this header. */
    static final String INTENT = "X-Test-Intent";

    /** Route id, and the path and method its platform-http consumer serves. */
    private static final Map<String, String> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("ops-health", "GET /ops/health");
        ROUTES.put("ops-ready", "GET /ops/ready");
        ROUTES.put("ops-metrics", "GET /ops/metrics");
        ROUTES.put("ops-login-form", "GET /ops/login");
        ROUTES.put("ops-login", "POST /ops/login");
        ROUTES.put("ops-page", "GET /ops");
        ROUTES.put("ops-workers", "GET,POST /ops/workers");
        ROUTES.put("ops-api-workers", "GET,POST /ops/api/workers");
        ROUTES.put("ops-file-rows", "GET /ops/api/files/{id}/rows");
        ROUTES.put("ops-replay", "POST /ops/files/{id}/replay");
        ROUTES.put("ops-logout", "POST /ops/logout");
        ROUTES.put("ops-coverage-download", "GET /ops/coverage/{file}");
    }

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    protected String routeFile() {
        return "routes/ops.camel.yaml";
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("opsHeaderFilter", new id.jamsos.gateway.ops.OpsHeaderFilter());
        registry.bind("operatorAuth", new FakeOperatorAuth(calls));
        registry.bind("opsHealth", new FakeWork(calls, "health"));
        registry.bind("opsApi", new FakeWork(calls, "api"));
        registry.bind("opsPage", new FakeWork(calls, "page"));
        registry.bind("workerPages", new FakeWork(calls, "workers"));
        registry.bind("coverageDownloads", new FakeWork(calls, "coverage"));
        registry.bind("pageViewAudit", new FakeViews(calls));
    }

    private void startOnDirect() throws Exception {
        for (String routeId : ROUTES.keySet()) {
            AdviceWith.adviceWith(context, routeId, false, a -> a.replaceFromWith("direct:" + routeId));
        }
        start();
    }

    private Exchange call(String routeId, boolean operator, boolean intent) {
        return template.send("direct:" + routeId, e -> {
            e.getMessage().setBody("token=x");
            if (operator) {
                e.getMessage().setHeader(OPERATOR, "yes");
            }
            if (intent) {
                e.getMessage().setHeader(INTENT, "yes");
            }
        });
    }

    @Test
    void eachRouteServesItsPathAndMethodWithTheHeaderFilter() {
        Map<String, String> served = new LinkedHashMap<>();
        for (String routeId : ROUTES.keySet()) {
            String uri = context.getRouteDefinition(routeId).getInput().getEndpointUri();
            assertThat(uri).as(routeId).startsWith("platform-http:").contains("headerFilterStrategy=#opsHeaderFilter");
            String path = uri.substring("platform-http:".length(), uri.indexOf('?'));
            String method = java.net.URLDecoder.decode(uri, java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll(".*httpMethodRestrict=([A-Z,]+).*", "$1");
            served.put(routeId, method + " " + path);
        }
        assertThat(served).isEqualTo(ROUTES);
    }

    @Test
    void healthAndReadinessAnswerAnyone() throws Exception {
        startOnDirect();

        Exchange health = call("ops-health", false, false);
        Exchange ready = call("ops-ready", false, false);

        assertThat(health.getMessage().getBody(String.class)).isEqualTo("health.health");
        assertThat(ready.getMessage().getBody(String.class)).isEqualTo("health.ready");
        assertThat(calls).containsExactly("health.health", "health.ready");
    }

    @Test
    void everyOtherEndpointRefusesWithoutALoginAndDoesNothing() throws Exception {
        startOnDirect();

        for (String routeId : List.of("ops-metrics", "ops-page", "ops-workers", "ops-api-workers", "ops-file-rows",
                "ops-replay", "ops-logout", "ops-coverage-download")) {
            Exchange answer = call(routeId, false, true);
            assertThat(answer.getException()).as(routeId).isNull();
            assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(routeId).isEqualTo(401);
            assertThat(answer.getMessage().getHeader("WWW-Authenticate")).as(routeId).isEqualTo("Bearer");
            assertThat(answer.getMessage().getBody(String.class)).as(routeId)
                    .contains("operator authentication required");
        }
        assertThat(calls).containsOnly("auth.check");
    }

    @Test
    void withALoginEachEndpointDoesItsWork() throws Exception {
        startOnDirect();

        assertThat(call("ops-metrics", true, false).getMessage().getBody(String.class)).isEqualTo("api.metrics");
        assertThat(call("ops-file-rows", true, false).getMessage().getBody(String.class)).isEqualTo("api.fileRows");
        assertThat(call("ops-workers", true, false).getMessage().getBody(String.class)).isEqualTo("page.answer");
        assertThat(call("ops-api-workers", true, false).getMessage().getBody(String.class)).isEqualTo("workers.api");
        assertThat(call("ops-page", true, false).getMessage().getBody(String.class)).isEqualTo("page.answer");
        assertThat(call("ops-replay", true, true).getMessage().getBody(String.class)).isEqualTo("api.replay");
        assertThat(call("ops-logout", true, true).getMessage().getBody(String.class)).isEqualTo("auth.logout");
        assertThat(call("ops-coverage-download", true, false).getMessage().getBody(String.class))
                .isEqualTo("coverage.download");

        assertThat(calls).containsExactly(
                "auth.check", "api.metrics",
                "auth.check", "api.fileRows",
                "auth.check", "workers.page", "page.answer",
                "auth.check", "workers.api",
                "auth.check", "views.status", "page.statusView", "page.answer",
                "auth.check", "auth.requireIntent", "api.replay",
                "auth.check", "auth.requireIntent", "auth.logout",
                "auth.check", "coverage.download");
    }

    @Test
    void theWorkerLookUpsPostsPassTheFormAndJsonChecksFirst() throws Exception {
        startOnDirect();

        for (String routeId : List.of("ops-workers", "ops-api-workers")) {
            Exchange answer = template.send("direct:" + routeId, e -> {
                e.getMessage().setHeader(OPERATOR, "yes");
                e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            });
            assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(routeId).isEqualTo(403);
        }
        Exchange ok = template.send("direct:ops-workers", e -> {
            e.getMessage().setHeader(OPERATOR, "yes");
            e.getMessage().setHeader(INTENT, "yes");
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        });
        assertThat(ok.getMessage().getBody(String.class)).isEqualTo("page.answer");
        assertThat(calls).containsExactly("auth.check", "auth.requireForm", "auth.check", "auth.requireJson",
                "auth.check", "auth.requireForm", "workers.page", "page.answer");
    }

    @Test
    void replayAndLogoutRefuseARequestWithoutIntentEvenFromAnOperator() throws Exception {
        startOnDirect();

        for (String routeId : List.of("ops-replay", "ops-logout")) {
            Exchange answer = call(routeId, true, false);
            assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(routeId).isEqualTo(403);
        }
        assertThat(calls).doesNotContain("api.replay", "auth.logout");
    }

    @Test
    void theLoginFormAndTheLoginAnswerWithoutALogin() throws Exception {
        startOnDirect();

        assertThat(call("ops-login-form", false, false).getMessage().getBody(String.class)).isEqualTo("page.answer");
        Exchange login = call("ops-login", false, false);

        assertThat(login.getMessage().getBody(String.class)).isEqualTo("auth.login");
        assertThat(calls).containsExactly("page.loginView", "page.answer", "auth.login token=x");
    }

    /**
     * The operator check as the routes use it: a refusal is an OpsHttpException, answered by ops-errors.
     * Reads a test header where the real one reads the HTTP request itself.
     */
    public static final class FakeOperatorAuth {

        private final List<String> calls;

        FakeOperatorAuth(List<String> calls) {
            this.calls = calls;
        }

        public void check(Exchange exchange) {
            calls.add("auth.check");
            if (exchange.getMessage().getHeader(OPERATOR) == null) {
                throw new OpsHttpException(401, "operator authentication required", Map.of("WWW-Authenticate", "Bearer"));
            }
        }

        public void requireIntent(Exchange exchange) {
            calls.add("auth.requireIntent");
            if (exchange.getMessage().getHeader(INTENT) == null) {
                throw new OpsHttpException(403, "not sent on purpose");
            }
        }

        public void requireForm(Exchange exchange) {
            calls.add("auth.requireForm");
            if (exchange.getMessage().getHeader(INTENT) == null) {
                throw new OpsHttpException(403, "no form token");
            }
        }

        public void requireJson(Exchange exchange) {
            calls.add("auth.requireJson");
            if (exchange.getMessage().getHeader(INTENT) == null) {
                throw new OpsHttpException(403, "not JSON");
            }
        }

        public void login(Exchange exchange) {
            // The route hands the form over as text.
            Object body = exchange.getMessage().getBody();
            calls.add("auth.login " + (body instanceof String s ? s : "not text: " + body));
            OpsResponses.write(exchange, 200, "text/plain", "auth.login");
        }

        public void logout(Exchange exchange) {
            calls.add("auth.logout");
            OpsResponses.write(exchange, 200, "text/plain", "auth.logout");
        }
    }

    /** pageViewAudit: notes the view, answers nothing. */
    public static final class FakeViews {

        private final List<String> calls;

        FakeViews(List<String> calls) {
            this.calls = calls;
        }

        public void status(Exchange exchange) {
            calls.add("views.status");
        }
    }

    /** opsHealth, opsApi, opsPage: each method answers with its own name. */
    public static final class FakeWork {

        private final List<String> calls;
        private final String bean;

        FakeWork(List<String> calls, String bean) {
            this.calls = calls;
            this.bean = bean;
        }

        public void health(Exchange e) {
            answer(e, "health");
        }

        public void ready(Exchange e) {
            answer(e, "ready");
        }

        public void metrics(Exchange e) {
            answer(e, "metrics");
        }

        public void fileRows(Exchange e) {
            answer(e, "fileRows");
        }

        public void download(Exchange e) {
            answer(e, "download");
        }

        public void page(Exchange e) {
            answer(e, "page");
        }

        public void api(Exchange e) {
            answer(e, "api");
        }

        public void replay(Exchange e) {
            answer(e, "replay");
        }

        public void statusView(Exchange e) {
            answer(e, "statusView");
        }

        public void loginView(Exchange e) {
            answer(e, "loginView");
        }

        public void answer(Exchange e) {
            answer(e, "answer");
        }

        private void answer(Exchange e, String method) {
            calls.add(bean + "." + method);
            OpsResponses.write(e, 200, "text/plain", bean + "." + method);
        }
    }
}
