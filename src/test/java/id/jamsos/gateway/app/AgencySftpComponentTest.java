package id.jamsos.gateway.app;

import id.jamsos.gateway.embedded.EmbeddedSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every endpoint of an agency's SFTP component signs in as the agency, whatever its URI says. */
class AgencySftpComponentTest {

    private static final Path KNOWN_HOSTS = Path.of("/etc/jamsos/secrets/known_hosts");

    @Test
    void aPasswordAgencysEndpointsCarryItsLoginOnTheirConfigurationAndNotInTheirUri() throws Exception {
        String password = "s)&k+%41#x y=RAW(z)";
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent("sftp-dinsos", new AgencySftpComponent("dinsos", password, null, KNOWN_HOSTS, true));
            context.start();

            SftpEndpoint endpoint = context.getEndpoint("sftp-dinsos:sftp.kota:2222/outbox?tempPrefix=.writing-&chmod=600",
                    SftpEndpoint.class);

            SftpConfiguration c = endpoint.getConfiguration();
            assertThat(c.getHost()).isEqualTo("sftp.kota");
            assertThat(c.getPort()).isEqualTo(2222);
            assertThat(c.getDirectory()).isEqualTo("outbox");
            assertThat(c.getUsername()).isEqualTo("dinsos");
            assertThat(c.getPassword()).isEqualTo(password);
            assertThat(c.getPrivateKeyFile()).isNull();
            assertThat(c.getKnownHostsFile()).isEqualTo(KNOWN_HOSTS.toString());
            assertThat(c.getStrictHostKeyChecking()).isEqualTo("yes");
            assertThat(c.isUseUserKnownHostsFile()).isFalse();
            // The URI's own options still apply.
            assertThat(c.getChmod()).isEqualTo("600");
            assertThat(endpoint.getTempPrefix()).isEqualTo(".writing-");
            assertThat(endpoint.getEndpointUri()).doesNotContain("s)&k", "password", "username");
        }
    }

    @Test
    void aKeyAgencySignsInWithItsKeyAndNoRouteCanLoosenTheHostKeyCheck() throws Exception {
        Path key = Path.of("/etc/jamsos/secrets/distrik_id_rsa");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent("sftp-distrik", new AgencySftpComponent("distrik", null, key, KNOWN_HOSTS, true));
            context.start();

            SftpEndpoint endpoint = context.getEndpoint("sftp-distrik:sftp.kota:22/inbox"
                    + "?strictHostKeyChecking=no&useUserKnownHostsFile=true&username=someone", SftpEndpoint.class);

            SftpConfiguration c = endpoint.getConfiguration();
            assertThat(c.getUsername()).isEqualTo("distrik");
            assertThat(c.getPrivateKeyFile()).isEqualTo(key.toString());
            assertThat(c.getPassword()).isNull();
            assertThat(c.getStrictHostKeyChecking()).isEqualTo("yes");
            assertThat(c.isUseUserKnownHostsFile()).isFalse();
        }
    }

    @Test
    void aConsumerSignsInAtItsFirstPollNotWhileItsRouteStarts(@TempDir Path tmp) throws Exception {
        try (EmbeddedSftpServer server = EmbeddedSftpServer.start(tmp.resolve("sftp"), 0, tmp.resolve("host.key"));
             DefaultCamelContext context = new DefaultCamelContext()) {
            server.addPasswordUser("dinsos", "pw-dinsos");
            Path knownHosts = tmp.resolve("known_hosts");
            server.writeKnownHosts(knownHosts);
            context.addComponent("sftp-dinsos", new AgencySftpComponent("dinsos", "pw-dinsos", null, knownHosts, true));
            String server1 = "sftp-dinsos:127.0.0.1:" + server.port();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // Polls in a minute: anything this route does with the server before is its start's.
                    from(server1 + "/later?initialDelay=60000&delay=60000").routeId("later").log("${file:name}");
                    from(server1 + "/soon?initialDelay=200&delay=60000").routeId("soon").log("${file:name}");
                }
            });
            context.start();

            Path home = server.homeOf("dinsos");
            // The first poll creates its folder (autoCreate) as Camel's stock consumer would at start.
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(home.resolve("soon")));
            assertThat(home.resolve("later")).as("not created by the route's start").doesNotExist();
            assertThat(server.activeSessionCount()).as("only the route that polled signed in").isEqualTo(1);
        }
    }
}
