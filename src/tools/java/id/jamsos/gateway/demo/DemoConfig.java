package id.jamsos.gateway.demo;

import id.jamsos.gateway.config.Agency;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The demo's configuration folder ({@code <dir>/config}): application.properties and agencies.yaml
 * as {@code run} would read them, so that {@code status}, {@code replay}, {@code statement} and
 * {@code finance-tail} work on the demo with {@code --config <dir>/config}, and a later demo in the
 * same folder finds the keys its ledger was encrypted with.
 *
 * <p>It holds the demo's random personal-data keys, in a file: acceptable for made-up workers on
 * loopback only (production takes them from the environment, never a file). The file is readable by
 * its owner only.
 */
public final class DemoConfig {

    public static final String PROPERTIES = "application.properties";
    public static final String AGENCIES = "agencies.yaml";
    /** The H2 file of the demo's ledger; there with data, it cannot be read without its keys. */
    static final String LEDGER_FILE = "ledger.mv.db";

    private DemoConfig() {
    }

    public static Path folder(Path demoDir) {
        return demoDir.resolve("config");
    }

    /** The personal-data keys (jamsos.pii.*) a previous demo in {@code demoDir} wrote, if any. */
    public static Optional<Map<String, String>> previousKeys(Path demoDir) {
        Path file = folder(demoDir).resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("jamsos.pii.") && !p.getProperty(k).isBlank()) {
                keys.put(k, p.getProperty(k));
            }
        }
        return keys.containsKey("jamsos.pii.hmacKey") && keys.containsKey("jamsos.pii.encryptionKey")
                ? Optional.of(keys) : Optional.empty();
    }

    /** Whether {@code demoDir} already holds a demo ledger. */
    public static boolean hasLedger(Path demoDir) {
        return Files.exists(demoDir.resolve(LEDGER_FILE));
    }

    /** Writes (or rewrites: ports change every run) the folder; returns it. */
    public static Path write(Path demoDir, Map<String, String> settings, List<Agency> agencies) throws IOException {
        return write(demoDir, settings, agencies, java.util.Set.of());
    }

    /** As above; the agencies in {@code registryVerified} get {@code registry_verify: true}. */
    public static Path write(Path demoDir, Map<String, String> settings, List<Agency> agencies,
                             java.util.Set<String> registryVerified) throws IOException {
        Path folder = Files.createDirectories(folder(demoDir));
        StringBuilder p = new StringBuilder()
                .append("# Written by `demo` for the commands to try on it (status, replay, statement, finance-tail):\n")
                .append("# its ledger (shared with other processes while it runs), broker, simulator and random\n")
                .append("# personal-data keys. Made-up workers on loopback only: never reuse these keys.\n");
        Map<String, String> sorted = new TreeMap<>(settings);
        // The operator token is printed by the demo, not kept; production sets it in the environment.
        sorted.remove("jamsos.ops.token");
        sorted.put("jamsos.agencies.file", AGENCIES);
        sorted.forEach((k, v) -> p.append(k).append('=').append(escape(v)).append('\n'));
        replace(folder.resolve(PROPERTIES), p.toString(), true);
        replace(folder.resolve(AGENCIES), agenciesYaml(agencies, registryVerified), false);
        return folder;
    }

    /** The agencies as an operator writes them in agencies.yaml (the demo's, and the tests' that reload). */
    public static String agenciesYaml(List<Agency> agencies) {
        return agenciesYaml(agencies, java.util.Set.of());
    }

    /** As above; the agencies in {@code registryVerified} get {@code registry_verify: true}. */
    public static String agenciesYaml(List<Agency> agencies, java.util.Set<String> registryVerified) {
        StringBuilder y = new StringBuilder("# The demo's agencies, on its embedded SFTP server (written by `demo`).\nagencies:\n");
        for (Agency a : agencies) {
            y.append("  - id: ").append(a.id()).append('\n')
                    .append("    name: \"").append(a.name()).append("\"\n")
                    .append("    host: ").append(a.host()).append('\n')
                    .append("    port: ").append(a.port()).append('\n')
                    .append("    user: ").append(a.user()).append('\n');
            if (a.privateKeyFile() != null) {
                y.append("    private_key_file: ").append(a.privateKeyFile().toAbsolutePath()).append('\n');
            } else {
                y.append("    password: ").append(a.password()).append('\n');
            }
            y.append("    known_hosts_file: ").append(a.knownHostsFile().toAbsolutePath()).append('\n')
                    .append("    inbox: ").append(a.inbox()).append('\n')
                    .append("    outbox: ").append(a.outbox()).append('\n')
                    .append("    region_code: \"").append(a.regionCode()).append("\"\n")
                    .append("    enabled: ").append(a.enabled()).append('\n');
            if (a.district() != null) {
                y.append("    district: ").append(a.district()).append('\n');
            }
            if (a.completionMarker() != null) {
                y.append("    completion_marker: ").append(a.completionMarker()).append('\n');
            }
            if (registryVerified.contains(a.id())) {
                y.append("    registry_verify: true\n");
            }
        }
        return y.toString();
    }

    /** Written whole and renamed, so a command never reads half a file. */
    private static void replace(Path file, String text, boolean ownerOnly) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (ownerOnly) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Properties-file escaping of a value: backslashes (Windows paths) and leading blanks. */
    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
