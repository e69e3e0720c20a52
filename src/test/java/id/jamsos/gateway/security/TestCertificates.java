package id.jamsos.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at test time, in PKCS12 files under a test's folder: the JDK has no
 * public API to sign a certificate, so each key pair is one run of the JDK's {@code keytool} (run in
 * parallel); trust stores are assembled in process.
 */
public final class TestCertificates {

    /** The password of every store made here. */
    public static final String PASSWORD = "test-store-pass";

    /** Key and certificate for 127.0.0.1 and localhost: what the simulator and the callback serve. */
    public final Path server;
    /** Key and certificate for bpjs.example only: trusted, but the wrong host for 127.0.0.1. */
    public final Path elsewhere;
    /** The gateway's client certificate, for mutual TLS. */
    public final Path client;
    /** Trusts {@link #server} and {@link #elsewhere}. */
    public final Path trust;
    /** Trusts {@link #client} only (so not the server): the simulator's store for client certificates. */
    public final Path clientTrust;

    private TestCertificates(Path dir) throws Exception {
        server = dir.resolve("server.p12");
        elsewhere = dir.resolve("elsewhere.p12");
        client = dir.resolve("client.p12");
        List<Process> runs = new ArrayList<>();
        runs.add(keyPair(server, "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost"));
        runs.add(keyPair(elsewhere, "CN=bpjs.example", "SAN=dns:bpjs.example"));
        runs.add(keyPair(client, "CN=jamsos-gateway,O=Pemerintah Kota Sorong", null));
        for (Process p : runs) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        trust = trustStore(dir.resolve("trust.p12"), server, elsewhere);
        clientTrust = trustStore(dir.resolve("client-trust.p12"), client);
    }

    /** Makes the key pairs and trust stores in {@code dir} (a few seconds). */
    public static TestCertificates in(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new TestCertificates(dir);
    }

    /** A trust store holding the certificates of the given key stores. */
    public static Path trustStore(Path file, Path... keyStores) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (Path keyStore : keyStores) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            trust.setCertificateEntry(keyStore.getFileName().toString(), keys.getCertificate("key"));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private static Process keyPair(Path file, String dname, String san) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                // A JVM that lives a second: the quick compiler alone costs it about half the CPU (as BrokerProcess).
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", dname, "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (san != null) {
            command.addAll(List.of("-ext", san));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
