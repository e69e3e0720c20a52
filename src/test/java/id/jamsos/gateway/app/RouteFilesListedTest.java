package id.jamsos.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The defaults list the route files one by one (no jar scan at start): none may be forgotten. */
class RouteFilesListedTest {

    @Test
    void everyRouteFileInTheRepositoryIsLoadedByDefault() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/jamsos-defaults.properties")) {
            defaults.load(in);
        }
        Set<String> listed = Arrays.stream(defaults.getProperty("camel.main.routesIncludePattern").split(","))
                .map(String::trim)
                .map(p -> p.substring(p.lastIndexOf('/') + 1))
                .collect(Collectors.toSet());
        Set<String> inRepository;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            inRepository = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .collect(Collectors.toSet());
        }
        assertThat(inRepository).isNotEmpty();
        assertThat(listed).isEqualTo(inRepository);
        for (String name : listed) {
            assertThat(getClass().getResource("/routes/" + name)).as("routes/" + name + " on the class path").isNotNull();
        }
    }
}
