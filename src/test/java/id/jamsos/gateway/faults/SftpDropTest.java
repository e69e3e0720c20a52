package id.jamsos.gateway.faults;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SFTP connection drops while a file downloads: the file is taken again later and processed once. */
class SftpDropTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aDownloadCutOffByADroppedConnectionIsRetriedAndTheFileProcessedOnce() throws Exception {
        GatewayFixture fx = gateways.start(Map.of("jamsos.bpjs.batchSize", "100"));
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = gateways.dir().resolve("besar.csv");
        var expected = SampleWorkers.generate(sample, 40_000, 5L, 0);
        Path work = Path.of(fx.props.get("jamsos.work.dir")).resolve(agency);

        fx.upload(agency, sample, "besar.csv");
        // Cut every session the moment the gateway has started writing its local copy.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> downloading(work));
        fx.env.sftp().disconnectAll();
        System.out.println("[fault] SFTP sessions dropped while besar.csv was downloading");

        FileInfo file = fx.awaitFinal(agency, "besar.csv", Duration.ofSeconds(240));
        List<FileInfo> all = fx.gateway.ledger().files(agency, 10);
        System.out.println("[fault] after the drop: ledger files=" + all.size() + " state=" + file.state()
                + " rows=" + file.totalRows() + " counts=" + fx.gateway.ledger().rowCounts(file.id()));
        assertThat(all).hasSize(1);
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(fx.gateway.ledger().rowCounts(file.id()).get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
        assertThat(fx.env.simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(fx.env.inbox(agency).resolve(".done/besar.csv")));
        assertThat(fx.env.inbox(agency).resolve(".failed/besar.csv")).doesNotExist();
    }

    private static boolean downloading(Path work) throws Exception {
        if (!Files.isDirectory(work)) {
            return false;
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.anyMatch(p -> {
                try {
                    return Files.size(p) > 0;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}
