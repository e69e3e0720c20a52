package id.jamsos.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SFTP server (Apache MINA SSHD) standing in for an agency's SFTP host in the demo and the tests.
 *
 * <p>Every user sees only its own home {@code rootDir/<user>} as "/": the file system handed to a session is
 * rooted there, so {@code ..} and absolute paths cannot reach a sibling home. Only SFTP is offered; there is no
 * shell or exec. The host key is persisted so a restart on the same key file keeps clients' known_hosts valid,
 * and a different key file is how tests simulate a host whose key changed.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSftpServer.class);
    private static final String HOST = "127.0.0.1";
    // User names become directory names; keep them to a safe alphabet so a name can never be a path.
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final SshServer sshd;
    private final Path rootDir;
    private final VirtualFileSystemFactory fileSystems;
    private final PublicKey hostKey;
    private final Map<String, byte[]> passwords = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Set<String> unopenable = ConcurrentHashMap.newKeySet();

    private EmbeddedSftpServer(SshServer sshd, Path rootDir, VirtualFileSystemFactory fileSystems, PublicKey hostKey) {
        this.sshd = sshd;
        this.rootDir = rootDir;
        this.fileSystems = fileSystems;
        this.hostKey = hostKey;
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param rootDir     parent of the users' homes; created if absent
     * @param port        TCP port, 0 for an ephemeral one (see {@link #port()})
     * @param hostKeyFile where the host key lives; generated on first use and reused afterwards
     */
    public static EmbeddedSftpServer start(Path rootDir, int port, Path hostKeyFile) {
        try {
            Path root = rootDir.toAbsolutePath().normalize();
            Files.createDirectories(root);
            Path keyFile = hostKeyFile.toAbsolutePath();
            if (keyFile.getParent() != null) {
                Files.createDirectories(keyFile.getParent());
            }
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(keyFile);
            List<KeyPair> loaded = hostKeys.loadKeys(null);
            if (loaded.isEmpty()) {
                throw new IllegalStateException("No host key could be loaded or generated at " + keyFile);
            }
            PublicKey hostKey = loaded.get(0).getPublic();

            // No default home: a session whose user was never added gets no file system at all.
            VirtualFileSystemFactory fileSystems = new VirtualFileSystemFactory();

            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost(HOST);
            sshd.setPort(port);
            sshd.setKeyPairProvider(hostKeys);
            sshd.setFileSystemFactory(fileSystems);
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sshd.setSubsystemFactories(List.of(sftp));

            EmbeddedSftpServer server = new EmbeddedSftpServer(sshd, root, fileSystems, hostKey);
            sftp.addSftpEventListener(server.openingGuard());
            sshd.setPasswordAuthenticator((user, password, session) -> server.checkPassword(user, password));
            sshd.setPublickeyAuthenticator((user, key, session) -> server.checkKey(user, key));
            sshd.start();
            LOG.info("Embedded SFTP server listening on {}:{} with host key {}", HOST, sshd.getPort(),
                    KeyUtils.getFingerPrint(hostKey));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded SFTP server", e);
        }
    }

    /** Adds (or replaces) a user who signs in with a password; creates its home. */
    public void addPasswordUser(String user, String password) {
        Objects.requireNonNull(password, "password");
        prepareHome(user);
        passwords.put(user, password.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds (or replaces) a user who signs in with the private half of {@code key}; creates its home. */
    public void addKeyUser(String user, PublicKey key) {
        Objects.requireNonNull(key, "key");
        prepareHome(user);
        keys.put(user, key);
    }

    /** The real directory a user sees as "/". */
    public Path homeOf(String user) {
        requireValidUser(user);
        return rootDir.resolve(user);
    }

    public int port() {
        return sshd.getPort();
    }

    public String host() {
        return HOST;
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    /** SHA-256 fingerprint in OpenSSH form, e.g. {@code SHA256:AbC...}. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey);
    }

    /**
     * The known_hosts line for this server. The port is not 22, so OpenSSH and JSch look the host up as
     * {@code [127.0.0.1]:PORT}; a plain {@code 127.0.0.1} line would never match.
     */
    public String knownHostsLine() {
        return "[" + HOST + "]:" + port() + " " + PublicKeyEntry.toString(hostKey);
    }

    /** Writes (replacing) a known_hosts file holding only this server's entry. */
    public void writeKnownHosts(Path knownHostsFile) {
        try {
            Path parent = knownHostsFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(knownHostsFile, knownHostsLine() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + knownHostsFile, e);
        }
    }

    /**
     * From now on the server lists files of this name (in any home and folder) but refuses to open them,
     * answering "permission denied" as a server does for a file its login may not read. The tests run as
     * root, for whom {@code chmod 000} refuses nothing, so the refusal is made here.
     */
    public void refuseOpening(String fileName) {
        unopenable.add(Objects.requireNonNull(fileName, "fileName"));
    }

    /** Opens files of this name again. */
    public void allowOpening(String fileName) {
        unopenable.remove(fileName);
    }

    private SftpEventListener openingGuard() {
        return new SftpEventListener() {
            @Override
            public void opening(ServerSession session, String remoteHandle, Handle localHandle) throws IOException {
                Path file = localHandle.getFile();
                if (localHandle instanceof FileHandle && file.getFileName() != null
                        && unopenable.contains(file.getFileName().toString())) {
                    throw new AccessDeniedException(file.getFileName().toString());
                }
            }
        };
    }

    /** Drops every live session at once, as a network cut would; the server keeps listening. */
    public void disconnectAll() {
        for (AbstractSession session : sshd.getActiveSessions()) {
            session.close(true);
        }
    }

    public int activeSessionCount() {
        return sshd.getActiveSessions().size();
    }

    public boolean isRunning() {
        return sshd.isStarted();
    }

    /** Stops immediately: open sessions are cut rather than drained. */
    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded SFTP server", e);
        }
    }

    private void prepareHome(String user) {
        Path home = homeOf(user);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create home " + home, e);
        }
        fileSystems.setUserHomeDir(user, home);
    }

    private boolean checkPassword(String user, String password) {
        byte[] expected = passwords.get(user);
        // Constant-time compare so a wrong password does not leak how much of it was right.
        return expected != null && password != null
                && MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
    }

    private boolean checkKey(String user, PublicKey offered) {
        PublicKey expected = keys.get(user);
        return expected != null && KeyUtils.compareKeys(expected, offered);
    }

    private static void requireValidUser(String user) {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("Bad SFTP user name: " + user);
        }
    }
}
