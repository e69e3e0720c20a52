package id.jamsos.gateway.routes;

import id.jamsos.gateway.config.Agency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes agencies as an agencies.yaml the way an operator would, for the reload and CLI tests. */
final class AgenciesYaml {

    private AgenciesYaml() {
    }

    static void write(Path file, List<Agency> agencies) throws IOException {
        StringBuilder y = new StringBuilder("agencies:\n");
        for (Agency a : agencies) {
            y.append("  - id: ").append(a.id()).append('\n')
                    .append("    name: ").append(a.name()).append('\n')
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
        }
        // Written whole and renamed, as editors do, so the gateway never reads half a file.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, y);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
