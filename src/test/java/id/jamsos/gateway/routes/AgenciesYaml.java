package id.jamsos.gateway.routes;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.demo.DemoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes agencies as an agencies.yaml the way an operator would, for the reload and CLI tests. */
final class AgenciesYaml {

    private AgenciesYaml() {
    }

    static void write(Path file, List<Agency> agencies) throws IOException {
        String y = DemoConfig.agenciesYaml(agencies);
        // Written whole and renamed, as editors do, so the gateway never reads half a file.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, y);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
