package id.jamsos.gateway.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The folder made the gateway user's own before H2 opens its file (FilesOnDiskTest runs it end to end). */
class LedgerDataSourceFolderTest {

    @Test
    void theFolderOfAnH2FileLedgerAndNoneForOtherUrls() {
        assertThat(LedgerDataSource.h2Folder(LedgerDataSource.h2FileUrl("./data/ledger")))
                .contains(Path.of("data").toAbsolutePath());
        assertThat(LedgerDataSource.h2Folder("jdbc:h2:~/jamsos/ledger;AUTO_SERVER=TRUE"))
                .contains(Path.of(System.getProperty("user.home"), "jamsos"));
        assertThat(LedgerDataSource.h2Folder(LedgerDataSource.h2MemUrl("x"))).isEmpty();
        assertThat(LedgerDataSource.h2Folder("jdbc:h2:tcp://db:9092/ledger")).isEmpty();
        assertThat(LedgerDataSource.h2Folder("jdbc:postgresql://db:5432/jamsos")).isEmpty();
    }
}
