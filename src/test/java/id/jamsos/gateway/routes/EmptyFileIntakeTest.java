package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An empty (0-byte) file is taken and refused with a note like any other unusable file. Camel's
 * changed read lock wants at least one byte by default: such a file was never taken, never answered,
 * and held the agency's intake up for the read-lock timeout (a minute) at every poll.
 */
class EmptyFileIntakeTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void anEmptyFileIsRefusedWithANoteAndTheFilesAfterItAreProcessed() throws Exception {
        GatewayFixture fx = gateways.start(Map.of());
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Files.write(fx.env.inbox(agency).resolve("kosong.csv"), new byte[0]);
        Path good = gateways.dir().resolve("baik.csv");
        SampleWorkers.generate(good, 10, 6L, 0);
        fx.upload(agency, good, "baik.csv");

        FileInfo empty = fx.awaitFinal(agency, "kosong.csv", Duration.ofSeconds(30));
        assertThat(empty.state()).isEqualTo(FileState.FAILED);
        Path note = fx.env.inbox(agency).resolve(".failed/kosong.csv.error.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(note));
        assertThat(Files.readString(note)).contains("FILE_NO_ROWS", "ditolak", "refused");
        assertThat(fx.awaitFinal(agency, "baik.csv", Duration.ofSeconds(30)).state()).isEqualTo(FileState.DONE);
    }
}
