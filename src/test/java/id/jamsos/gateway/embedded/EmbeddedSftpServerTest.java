package id.jamsos.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Vector;
import java.util.stream.Collectors;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the server with JSch, the client Camel's sftp component uses, with strict host-key checking on. */
class EmbeddedSftpServerTest {

    private static final int TIMEOUT_MS = 10_000;

    @TempDir
    Path tmp;

    private EmbeddedSftpServer server;
    private Path knownHosts;
    private Session session;

    @BeforeEach
    void startServer() {
        server = EmbeddedSftpServer.start(tmp.resolve("sftp"), 0, tmp.resolve("host.key"));
        server.addPasswordUser("alice", "alice-secret");
        server.addPasswordUser("bob", "bob-secret");
        knownHosts = tmp.resolve("known_hosts");
        server.writeKnownHosts(knownHosts);
    }

    @AfterEach
    void stopServer() {
        if (session != null) {
            session.disconnect();
        }
        server.close();
    }

    @Test
    void knownHostsLineUsesBracketedHostAndPort() throws Exception {
        String line = Files.readString(knownHosts).trim();
        assertThat(server.port()).isPositive();
        assertThat(line).startsWith("[127.0.0.1]:" + server.port() + " ");
        assertThat(line.split(" ")).hasSize(3);
        assertThat(server.hostKeyFingerprint()).startsWith("SHA256:");
    }

    @Test
    void passwordUserUploadsUnderStrictHostKeyChecking() throws Exception {
        ChannelSftp sftp = sftp(passwordSession("alice", "alice-secret"));

        sftp.put(new ByteArrayInputStream("nik;nama\n".getBytes(StandardCharsets.UTF_8)), "workers.csv");

        assertThat(server.homeOf("alice").resolve("workers.csv")).hasContent("nik;nama");
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> passwordSession("alice", "not-it").connect(TIMEOUT_MS))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("Auth fail");
    }

    @Test
    void keyUserConnectsWithKeyWrittenBySshKeys() throws Exception {
        KeyPair pair = SshKeys.generateRsa(2048);
        Path keyFile = tmp.resolve("keys/carol_id_rsa");
        SshKeys.writeOpenSshPrivateKey(pair, keyFile);
        server.addKeyUser("carol", pair.getPublic());
        Files.writeString(server.homeOf("carol").resolve("hello.txt"), "hi");

        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        jsch.addIdentity(keyFile.toString());
        session = jsch.getSession("carol", server.host(), server.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");

        assertThat(names(sftp(session).ls("/"))).containsExactly("hello.txt");
    }

    @Test
    void keyUserWithAnotherKeyIsRejected() throws Exception {
        server.addKeyUser("carol", SshKeys.generateRsa(2048).getPublic());
        Path wrongKey = tmp.resolve("wrong_id_rsa");
        SshKeys.writeOpenSshPrivateKey(SshKeys.generateRsa(2048), wrongKey);

        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        jsch.addIdentity(wrongKey.toString());
        Session wrong = jsch.getSession("carol", server.host(), server.port());
        wrong.setConfig("StrictHostKeyChecking", "yes");
        wrong.setConfig("PreferredAuthentications", "publickey");

        assertThatThrownBy(() -> wrong.connect(TIMEOUT_MS)).isInstanceOf(JSchException.class);
    }

    @Test
    void restartWithSameHostKeyFileKeepsTheKey() throws Exception {
        String fingerprint = server.hostKeyFingerprint();
        int port = server.port();
        server.close();

        server = EmbeddedSftpServer.start(tmp.resolve("sftp"), port, tmp.resolve("host.key"));
        server.addPasswordUser("alice", "alice-secret");

        assertThat(server.hostKeyFingerprint()).isEqualTo(fingerprint);
        assertThat(sftp(passwordSession("alice", "alice-secret")).pwd()).isEqualTo("/");
    }

    @Test
    void changedHostKeyIsRefusedByStrictChecking() {
        int port = server.port();
        String oldFingerprint = server.hostKeyFingerprint();
        server.close();

        server = EmbeddedSftpServer.start(tmp.resolve("sftp"), port, tmp.resolve("other-host.key"));
        server.addPasswordUser("alice", "alice-secret");
        assertThat(server.hostKeyFingerprint()).isNotEqualTo(oldFingerprint);

        assertThatThrownBy(() -> passwordSession("alice", "alice-secret").connect(TIMEOUT_MS))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("HostKey has been changed");
    }

    @Test
    void unknownHostIsRefusedByStrictChecking() throws Exception {
        Files.writeString(knownHosts, "");

        assertThatThrownBy(() -> passwordSession("alice", "alice-secret").connect(TIMEOUT_MS))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("reject HostKey");
    }

    @Test
    void userCannotReachAnotherUsersHome() throws Exception {
        Files.writeString(server.homeOf("bob").resolve("secret.csv"), "bob only");
        Files.writeString(server.homeOf("alice").resolve("mine.csv"), "alice");
        ChannelSftp sftp = sftp(passwordSession("alice", "alice-secret"));

        // Climbing out of the root lands back on the root: alice only ever sees her own files.
        assertThat(names(sftp.ls("/"))).containsExactly("mine.csv");
        assertThat(names(sftp.ls(".."))).containsExactly("mine.csv");
        assertThat(names(sftp.ls("/../.."))).containsExactly("mine.csv");

        for (String path : List.of("../bob/secret.csv", "/../bob/secret.csv", "/bob/secret.csv",
                server.homeOf("bob").resolve("secret.csv").toString())) {
            assertThatThrownBy(() -> read(sftp, path)).as(path).isInstanceOf(SftpException.class);
        }
        assertThatThrownBy(() -> sftp.ls(server.homeOf("bob").toString())).isInstanceOf(SftpException.class);

        for (String path : List.of("../bob/planted.csv", "/../bob/planted.csv")) {
            try {
                sftp.put(new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), path);
            } catch (SftpException refused) {
                // Refusing is fine; what matters is that nothing reaches bob's home.
            }
        }
        assertThat(Files.list(server.homeOf("bob")).map(p -> p.getFileName().toString()))
                .containsExactly("secret.csv");
    }

    @Test
    void symlinkCannotEscapeTheHome() throws Exception {
        Files.writeString(server.homeOf("bob").resolve("secret.csv"), "bob only");
        ChannelSftp sftp = sftp(passwordSession("alice", "alice-secret"));

        try {
            sftp.symlink(server.homeOf("bob").toString(), "escape");
        } catch (SftpException refused) {
            // Refusing the link is fine.
        }
        try {
            sftp.symlink("../bob", "escape2");
        } catch (SftpException refused) {
            // Refusing the link is fine.
        }

        for (String path : List.of("escape/secret.csv", "escape2/secret.csv")) {
            assertThatThrownBy(() -> read(sftp, path)).as(path).isInstanceOf(SftpException.class);
        }
    }

    @Test
    void disconnectAllDropsLiveSessions() throws Exception {
        ChannelSftp sftp = sftp(passwordSession("alice", "alice-secret"));
        assertThat(server.activeSessionCount()).isEqualTo(1);

        server.disconnectAll();

        await().atMost(Duration.ofSeconds(10)).until(() -> !session.isConnected());
        assertThat(sftp.isConnected()).isFalse();
        assertThat(server.isRunning()).isTrue();
        // The server still accepts new sessions after the cut.
        Session again = passwordSession("alice", "alice-secret");
        try {
            assertThat(sftp(again).pwd()).isEqualTo("/");
        } finally {
            again.disconnect();
        }
    }

    private Session passwordSession(String user, String password) throws JSchException {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        Session created = jsch.getSession(user, server.host(), server.port());
        created.setPassword(password);
        created.setConfig("StrictHostKeyChecking", "yes");
        created.setConfig("PreferredAuthentications", "password");
        if (session == null) {
            session = created;
        }
        return created;
    }

    private static ChannelSftp sftp(Session session) throws JSchException {
        if (!session.isConnected()) {
            session.connect(TIMEOUT_MS);
        }
        ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
        channel.connect(TIMEOUT_MS);
        return channel;
    }

    private static String read(ChannelSftp sftp, String path) throws SftpException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sftp.get(path, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> names(Vector<ChannelSftp.LsEntry> entries) {
        return entries.stream()
                .map(ChannelSftp.LsEntry::getFilename)
                .filter(name -> !name.equals(".") && !name.equals(".."))
                .sorted()
                .collect(Collectors.toList());
    }
}
