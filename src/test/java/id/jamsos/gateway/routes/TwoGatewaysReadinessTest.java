package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: readiness checks lived in a JVM-wide static map, so a second gateway in the same JVM
 * replaced the first one's {@code ledger} check with its own, and the first reported the second's
 * ledger. Each gateway's checks now live in its own Camel context: with the second gateway's ledger
 * refusing every write (issue 14 item 8's incident), the second is not ready and says so, the first
 * stays ready, on the management port and on /ops/ready alike; the second is ready again once its
 * ledger writes.
 */
class TwoGatewaysReadinessTest {

    static final String TOKEN = "two-gateways-readiness-operator-token-3kP8";

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void eachGatewayReportsItsOwnLedgerInOneJvm() throws Exception {
        GatewayFixture first = gateways.start(Map.of("jamsos.ops.token", TOKEN));
        GatewayFixture second = gateways.start(Map.of("jamsos.ops.token", TOKEN));
        assertThat(ready(first).statusCode()).isEqualTo(200);
        assertThat(ready(second).statusCode()).isEqualTo(200);

        // Every INSERT into agency_file refused, the readiness probe's included; a file registered
        // makes the ledger notice.
        execute(second, "ALTER TABLE agency_file ADD CONSTRAINT jamsos_test_no_writes CHECK (file_name = '~never~')");
        try {
            Path sample = gateways.dir().resolve("refused.csv");
            SampleWorkers.generate(sample, 3, 31L, 0);
            second.upload(DemoEnvironment.KEY_AGENCY, sample, "refused.csv");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> ready(second).statusCode() == 503);

            HttpResponse<String> secondDetails = new OpsHttp(second.env.httpPort()).get("/ops/ready", OpsHttp.bearer(TOKEN));
            HttpResponse<String> firstDetails = new OpsHttp(first.env.httpPort()).get("/ops/ready", OpsHttp.bearer(TOKEN));
            System.out.println("[fault] second gateway's ledger refuses writes: second /observe/health/ready "
                    + ready(second).statusCode() + " " + secondDetails.body() + "; first /observe/health/ready "
                    + ready(first).statusCode() + " " + firstDetails.body());
            assertThat(secondDetails.statusCode()).isEqualTo(503);
            assertThat(secondDetails.body()).contains("\"ledger\":\"DOWN\"");
            assertThat(ready(first).statusCode()).as("the first gateway's own ledger writes").isEqualTo(200);
            assertThat(firstDetails.statusCode()).isEqualTo(200);
            assertThat(firstDetails.body()).contains("\"ledger\":\"UP\"");
        } finally {
            execute(second, "ALTER TABLE agency_file DROP CONSTRAINT jamsos_test_no_writes");
        }
        // A probe write succeeds again (probes run at most every 5 s).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> ready(second).statusCode() == 200);
        assertThat(ready(first).statusCode()).isEqualTo(200);
    }

    /** As the platform's readiness probe asks: Camel's management port, no credentials. */
    private static HttpResponse<String> ready(GatewayFixture fx) throws Exception {
        return new OpsHttp(fx.env.managementPort()).get("/observe/health/ready", null);
    }

    private static void execute(GatewayFixture fx, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(fx.props.get("jamsos.ledger.url"),
                fx.props.get("jamsos.ledger.user", "sa"), fx.props.get("jamsos.ledger.password", ""));
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
