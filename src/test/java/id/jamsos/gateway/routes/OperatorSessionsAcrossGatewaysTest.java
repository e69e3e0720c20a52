package id.jamsos.gateway.routes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the Deployment runs two replicas behind one Service with no affinity, so an operator's
 * requests land on either. Here two gateways share one PostgreSQL ledger, over real HTTP: a login on
 * one works on the other (page, operator details, a state change with the anti-forgery token), a
 * logout on either ends the session on both, and failed logins spread over both lock out together.
 * Before, sessions and failure counts were each process's own, and every step here failed.
 */
class OperatorSessionsAcrossGatewaysTest {

    static final String TOKEN = "test-operator-token-2b9e";

    @RegisterExtension
    static final GatewayExtension system = GatewayExtension.onDemand();
    static TwoGateways gateways;
    static OpsHttp one;
    static OpsHttp two;

    @BeforeAll
    static void start() throws Exception {
        gateways = system.startTwo(Map.of("jamsos.ops.token", TOKEN,
                "jamsos.ops.loginFailures", "3"));
        one = new OpsHttp(gateways.portOne);
        two = new OpsHttp(gateways.portTwo);
    }

    @Test
    void aLoginOnOneGatewayServesThePageTheDetailsAndAStateChangeOnTheOther() throws Exception {
        String cookie = one.login(TOKEN);

        HttpResponse<String> page = two.send("GET", "/ops", null, "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        String csrf = two.csrfToken(cookie);
        assertThat(one.csrfToken(cookie)).as("both replicas give the session the same token").isEqualTo(csrf);
        assertThat(two.send("GET", "/ops/ready", null, "Cookie", cookie).body())
                .as("readiness tells an operator which part is which").contains("\"checks\"", "\"ledger\":\"UP\"");

        String replay = "/ops/files/999999/replay";
        assertThat(two.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay").statusCode())
                .as("without the session's token").isEqualTo(403);
        assertThat(two.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", two.csrfToken(two.login(TOKEN))).statusCode()).as("another session's token")
                .isEqualTo(403);
        // Through authentication and the forgery check to the replay, which knows no such file.
        assertThat(two.send("POST", replay, null, "Cookie", cookie, "X-Jamsos-Confirm", "replay",
                "X-Jamsos-CSRF", csrf, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(404);
    }

    @Test
    void aLogoutOnOneGatewayEndsTheSessionOnTheOther() throws Exception {
        String cookie = one.login(TOKEN);
        String csrf = one.csrfToken(cookie);
        assertThat(two.send("GET", "/ops", null, "Cookie", cookie).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = two.send("POST", "/ops/logout", null, "Cookie", cookie,
                "X-Jamsos-Confirm", "logout", "X-Jamsos-CSRF", csrf);
        assertThat(logout.statusCode()).isEqualTo(200);

        assertThat(one.send("GET", "/ops", null, "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(two.send("GET", "/ops", null, "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(one.send("GET", "/ops/ready", null, "Cookie", cookie).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    /**
     * Three wrong secrets from one address, two to one gateway and one to the other, lock that address
     * out of both, the right secret too; an operator already logged in keeps working from it. Sent
     * from 127.0.0.5 so that the lock does not touch the other tests.
     */
    @Test
    void failedLoginsSpreadOverBothGatewaysLockOutTogether() throws Exception {
        String cookie = one.login(TOKEN);
        String address = "127.0.0.5";
        assertThat(login(address, gateways.portOne, "wrong-1")).startsWith("HTTP/1.1 303").contains("failed=1");
        assertThat(login(address, gateways.portTwo, "wrong-2")).startsWith("HTTP/1.1 303").contains("failed=1");
        assertThat(get(address, gateways.portOne, "/ops/metrics", "Authorization: Bearer wrong-3"))
                .startsWith("HTTP/1.1 401");

        assertThat(login(address, gateways.portTwo, TOKEN)).as("the right secret, on the other gateway")
                .startsWith("HTTP/1.1 429").doesNotContain("Set-Cookie");
        assertThat(get(address, gateways.portOne, "/ops/metrics", "Authorization: Bearer " + TOKEN))
                .startsWith("HTTP/1.1 429");
        assertThat(get(address, gateways.portTwo, "/ops", "Cookie: " + cookie)).startsWith("HTTP/1.1 200");
        assertThat(get(address, gateways.portOne, "/ops", "Cookie: " + cookie)).startsWith("HTTP/1.1 200");
        // Other addresses are not affected.
        assertThat(two.get("/ops/metrics", OpsHttp.bearer(TOKEN)).statusCode()).isEqualTo(200);
    }

    /**
     * Sessions are only the ledger's now: when it cannot answer for them (here their table is away for
     * a moment), /ops says so with 503 rather than a 500, readiness shows an operator the status
     * alone, and the session works again once the ledger answers.
     */
    @Test
    void whileTheLedgerCannotAnswerForSessionsOpsRefusesWith503() throws Exception {
        String cookie = one.login(TOKEN);
        try (java.sql.Connection c = gateways.db.dataSource().getConnection();
             java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE operator_session RENAME TO operator_session_away");
            try {
                HttpResponse<String> page = two.send("GET", "/ops", null, "Cookie", cookie);
                assertThat(page.statusCode()).isEqualTo(503);
                assertThat(page.body()).contains("kept in the ledger, which does not answer");
                assertThat(one.send("GET", "/ops/ready", null, "Cookie", cookie).body()).doesNotContain("checks");
            } finally {
                st.execute("ALTER TABLE operator_session_away RENAME TO operator_session");
            }
        }
        assertThat(two.send("GET", "/ops", null, "Cookie", cookie).statusCode()).isEqualTo(200);
    }

    private static String login(String address, int port, String token) throws IOException {
        String body = "token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        return request(address, port, "POST /ops/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static String get(String address, int port, String path, String header) throws IOException {
        return request(address, port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header
                + "\r\nConnection: close\r\n\r\n");
    }

    /** Over a socket bound to {@code address} (the JDK client cannot choose its source address). */
    private static String request(String address, int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
