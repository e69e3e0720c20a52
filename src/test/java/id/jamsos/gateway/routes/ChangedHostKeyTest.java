package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.embedded.EmbeddedSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agency's SFTP server answers with another host key (a spoofed server, or one rebuilt without
 * its key): the gateway refuses to log in, says so naming the agency, and takes nothing.
 */
class ChangedHostKeyTest {

    @TempDir
    Path dir;

    @Test
    void aChangedHostKeyIsRefusedAndReportedNeverAcceptedSilently() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(dir.resolve("env"), Map.of())) {
            String agency = DemoEnvironment.PASSWORD_AGENCY;
            int port = fx.env.sftp().port();
            Path root = fx.env.dir().resolve("sftp");
            Path knownHosts = fx.env.dir().resolve("known_hosts");
            String trusted = Files.readString(knownHosts);
            fx.env.sftp().close();
            try (LogCapture logs = LogCapture.attach();
                 EmbeddedSftpServer impostor = EmbeddedSftpServer.start(root, port, dir.resolve("another-host-key"))) {
                impostor.addPasswordUser(agency, DemoEnvironment.DEMO_PASSWORD);
                Path sample = dir.resolve("palsu.csv");
                SampleWorkers.generate(sample, 10, 3L, 0);
                Files.copy(sample, impostor.homeOf(agency).resolve("inbox/palsu.csv"));

                // Camel reports the refused login per agency at WARN (the host-key cause at DEBUG).
                await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                        .anyMatch(l -> l.contains(agency + "@") && l.contains("Cannot connect/login")));
                // Poll after poll: refused, so nothing is taken, recorded or moved.
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                        Files.exists(impostor.homeOf(agency).resolve("inbox/palsu.csv")));
                assertThat(fx.gateway.ledger().files(agency, 10)).isEmpty();
                // Never accepted silently: the trusted key is still the only one on record.
                assertThat(Files.readString(knownHosts)).isEqualTo(trusted);
                assertThat(trusted).doesNotContain(impostor.knownHostsLine().split(" ")[2]);
                System.out.println("[fault] SFTP host key changed for " + agency + ": login refused, "
                        + logs.lines().stream().filter(l -> l.contains(agency + "@")).count() + " warnings, nothing taken");
            }
        }
    }
}
