package id.jamsos.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the Camel sftp URI options that work with SshKeys' key files and the server's known_hosts. */
class CamelSftpAgainstEmbeddedServerTest {

    @TempDir
    Path tmp;

    private EmbeddedSftpServer server;
    private CamelContext camel;
    private Path keyFile;
    private Path knownHosts;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedSftpServer.start(tmp.resolve("sftp"), 0, tmp.resolve("host.key"));
        KeyPair pair = SshKeys.generateRsa(2048);
        keyFile = tmp.resolve("agency_id_rsa");
        SshKeys.writeOpenSshPrivateKey(pair, keyFile);
        server.addKeyUser("distrik", pair.getPublic());
        server.addPasswordUser("dinsos", "pw-dinsos");
        knownHosts = tmp.resolve("known_hosts");
        server.writeKnownHosts(knownHosts);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.close();
    }

    @Test
    void keyAuthWithStrictKnownHostsConsumesAndProduces() throws Exception {
        Files.createDirectories(server.homeOf("distrik").resolve("inbox"));
        Files.writeString(server.homeOf("distrik").resolve("inbox/workers.csv"), "nik;nama\n");
        String base = "sftp://distrik@127.0.0.1:" + server.port() + "/inbox"
                + "?privateKeyFile=" + keyFile + "&knownHostsFile=" + knownHosts + "&strictHostKeyChecking=yes"
                + "&useUserKnownHostsFile=false&autoCreate=true&connectTimeout=5000";

        ConsumerTemplate consumer = camel.createConsumerTemplate();
        Exchange got = consumer.receive(base + "&delete=true", 10_000);
        assertThat(got).isNotNull();
        assertThat(got.getMessage().getBody(String.class)).isEqualTo("nik;nama\n");
        consumer.doneUoW(got);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !Files.exists(server.homeOf("distrik").resolve("inbox/workers.csv")));

        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBodyAndHeader(base.replace("/inbox", "/outbox"), "ok", Exchange.FILE_NAME, "reply.csv");
        assertThat(server.homeOf("distrik").resolve("outbox/reply.csv")).hasContent("ok");
    }

    @Test
    void passwordAuthWithStrictKnownHostsProduces() {
        String uri = "sftp://dinsos@127.0.0.1:" + server.port() + "/outbox"
                + "?password=RAW(pw-dinsos)&knownHostsFile=" + knownHosts + "&strictHostKeyChecking=yes"
                + "&useUserKnownHostsFile=false&autoCreate=true&connectTimeout=5000";

        camel.createProducerTemplate().sendBodyAndHeader(uri, "ok", Exchange.FILE_NAME, "reply.csv");

        assertThat(server.homeOf("dinsos").resolve("outbox/reply.csv")).hasContent("ok");
    }

    @Test
    void unknownHostKeyMakesCamelRefuseToConnect() throws Exception {
        Path otherKnownHosts = tmp.resolve("other_known_hosts");
        Files.writeString(otherKnownHosts, "");
        String uri = "sftp://dinsos@127.0.0.1:" + server.port() + "/outbox"
                + "?password=RAW(pw-dinsos)&knownHostsFile=" + otherKnownHosts + "&strictHostKeyChecking=yes"
                + "&useUserKnownHostsFile=false&autoCreate=true&connectTimeout=5000&maximumReconnectAttempts=0";

        assertThatThrownBy(() -> camel.createProducerTemplate()
                .sendBodyAndHeader(uri, "ok", Exchange.FILE_NAME, "reply.csv"))
                .hasStackTraceContaining("reject HostKey");
        assertThat(server.homeOf("dinsos").resolve("outbox/reply.csv")).doesNotExist();
    }
}
