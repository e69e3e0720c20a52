package id.jamsos.gateway.security;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the gateway writes holding personal data is readable by its own user only (issue 14, "Secrets
 * and files on disk"; they were created 0644 under the usual umask 0022). After a file is enrolled and
 * another refused: the H2 ledger's folder, the work folder (local copies of the agencies' files,
 * report temp files) and the embedded broker's KahaDB folder are rwx------ and nothing in them can be
 * reached by group or others; the reports and the error note put on the agency's SFTP server are
 * rw-------. The ledger and the work folder are put in a folder that does not exist yet, as on a
 * fresh installation: the gateway creates it.
 */
class FilesOnDiskTest {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void theLedgerWorkFolderBrokerStoreReportsAndNotesAreTheGatewayUsersOnly() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path data = gateways.dir().resolve("var/lib/jamsos/data");
        Map<String, String> settings = Map.of(
                "jamsos.ledger.url", LedgerDataSource.h2FileUrl(data.resolve("ledger").toString()),
                "jamsos.work.dir", data.resolve("work").toString());
        GatewayFixture fx = gateways.start(settings);
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path good = gateways.dir().resolve("pekerja.csv");
        SampleWorkers.generate(good, 12, 14L, 4);
        fx.upload(agency, good, "pekerja.csv");
        Files.write(fx.env.inbox(agency).resolve("kosong.csv"), new byte[0]);

        assertThat(fx.awaitFinal(agency, "pekerja.csv", Duration.ofSeconds(60)).state()).isEqualTo(FileState.DONE);
        assertThat(fx.awaitFinal(agency, "kosong.csv", Duration.ofSeconds(60)).state()).isEqualTo(FileState.FAILED);
        List<Path> written = List.of(fx.env.outbox(agency).resolve("pekerja.csv.results.csv"),
                fx.env.outbox(agency).resolve("pekerja.csv.rejects.csv"),
                fx.env.inbox(agency).resolve(".failed/kosong.csv.error.txt"));
        await().atMost(Duration.ofSeconds(30)).until(() -> written.stream().allMatch(Files::exists));

        for (Path folder : List.of(data, data.resolve("work"), fx.env.broker().dataDir())) {
            assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
        }
        for (Path file : written) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
        assertThat(Files.list(data).map(p -> p.getFileName().toString())).contains("ledger.mv.db");
        List<String> open = new ArrayList<>();
        open.addAll(reachableByOthers(data));
        open.addAll(reachableByOthers(fx.env.broker().dataDir()));
        assertThat(open).as("files group or others can reach").isEmpty();
    }

    @Test
    void theSystemdUnitCreatesFilesForItsUserOnly() throws Exception {
        assertThat(Files.readAllLines(Path.of("deploy/systemd/jamsos-gateway.service"))).contains("UMask=0077");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Files under {@code root} whose every folder from {@code root} down lets group or others in, and that they may read. */
    private static List<String> reachableByOthers(Path root) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                boolean reachable = true;
                for (Path folder = p.getParent(); folder != null && folder.startsWith(root); folder = folder.getParent()) {
                    Set<PosixFilePermission> m = Files.getPosixFilePermissions(folder);
                    if (!m.contains(PosixFilePermission.GROUP_EXECUTE) && !m.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        reachable = false;
                    }
                }
                if (reachable && Files.getPosixFilePermissions(p).stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    open.add(p + " " + mode(p));
                }
            }
        }
        return open;
    }
}
