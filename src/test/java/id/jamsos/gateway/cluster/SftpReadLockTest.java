package id.jamsos.gateway.cluster;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileProcessStrategy;
import org.apache.camel.component.file.remote.strategy.SftpProcessStrategyFactory;
import org.apache.camel.component.file.strategy.FileProcessStrategyFactory;
import org.apache.camel.component.file.strategy.GenericFileProcessStrategySupport;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why the intake is not clustered Camel's file-consumer way (docs/reliability.md, "Why not Camel's
 * clustered file consumer"): on the Camel version the gateway runs, {@code readLock=idempotent}
 * makes a read lock for the file component and none at all for SFTP, which is where the agencies'
 * files are. Should a Camel upgrade give SFTP the idempotent read lock, this fails, and the
 * comparison is worth making again.
 */
class SftpReadLockTest {

    @Test
    void theIdempotentReadLockExistsForTheFileComponentOnly() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Map<String, Object> idempotent = new HashMap<>();
            idempotent.put("readLock", "idempotent");
            idempotent.put("readLockIdempotentRepository", MemoryIdempotentRepository.memoryIdempotentRepository());
            Map<String, Object> changed = new HashMap<>(Map.of("readLock", "changed"));

            assertThat(readLock(new FileProcessStrategyFactory().createGenericFileProcessStrategy(camel,
                    new HashMap<>(idempotent)))).as("file, idempotent").isNotNull();
            assertThat(readLock(new SftpProcessStrategyFactory().createGenericFileProcessStrategy(camel, changed)))
                    .as("sftp, changed (what the intake uses)").isNotNull();
            assertThat(readLock(new SftpProcessStrategyFactory().createGenericFileProcessStrategy(camel,
                    new HashMap<>(idempotent)))).as("sftp, idempotent").isNull();
        }
    }

    private static GenericFileExclusiveReadLockStrategy<?> readLock(GenericFileProcessStrategy<?> strategy) {
        return ((GenericFileProcessStrategySupport<?>) strategy).getExclusiveReadLockStrategy();
    }
}
