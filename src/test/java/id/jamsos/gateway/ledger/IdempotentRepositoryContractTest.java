package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Camel's IdempotentRepository contract, and two gateway processes sharing one ledger database. */
abstract class IdempotentRepositoryContractTest extends LedgerDatabaseContract {

    private LedgerIdempotentRepository repo;

    @BeforeEach
    void start() {
        repo = started(new LedgerIdempotentRepository(db.dataSource(), "sftp-intake"));
    }

    @AfterEach
    void stop() {
        if (repo != null) {
            repo.stop();
        }
    }

    private static LedgerIdempotentRepository started(LedgerIdempotentRepository r) {
        r.start();
        return r;
    }

    @Test
    void addsAKeyOnce() {
        assertThat(repo.contains("AG1/jan.csv")).isFalse();
        assertThat(repo.add("AG1/jan.csv")).isTrue();
        assertThat(repo.add("AG1/jan.csv")).isFalse();
        assertThat(repo.contains("AG1/jan.csv")).isTrue();
        assertThat(repo.confirm("AG1/jan.csv")).isTrue();
        assertThat(repo.contains("AG1/jan.csv")).isTrue();
    }

    @Test
    void aRemovedKeyCanBeAddedAgain() {
        repo.add("k");
        assertThat(repo.remove("k")).isTrue();
        assertThat(repo.remove("k")).isFalse();
        assertThat(repo.contains("k")).isFalse();
        assertThat(repo.add("k")).isTrue();
    }

    @Test
    void processorsHaveSeparateKeysAndClearOnlyTheirOwn() {
        LedgerIdempotentRepository claims = started(new LedgerIdempotentRepository(db.dataSource(), "claims"));
        try {
            repo.add("same-key");
            assertThat(claims.contains("same-key")).isFalse();
            assertThat(claims.add("same-key")).isTrue();

            repo.clear();
            assertThat(repo.contains("same-key")).isFalse();
            assertThat(claims.contains("same-key")).isTrue();
        } finally {
            claims.stop();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseAgree() throws Exception {
        LedgerIdempotentRepository other = started(new LedgerIdempotentRepository(db.dataSource(), "sftp-intake"));
        try {
            assertThat(repo.add("AG1/feb.csv")).isTrue();
            assertThat(other.contains("AG1/feb.csv")).isTrue();
            assertThat(other.add("AG1/feb.csv")).isFalse();
            assertThat(other.remove("AG1/feb.csv")).isTrue();
            assertThat(repo.contains("AG1/feb.csv")).isFalse();

            // Racing on the same keys, half the threads through each instance: each key is won once.
            for (int key = 0; key < 20; key++) {
                String k = "race-" + key;
                AtomicInteger thread = new AtomicInteger();
                List<Boolean> wins = LedgerContractTest.race(8,
                        () -> (thread.getAndIncrement() % 2 == 0 ? repo : other).add(k));
                assertThat(wins).containsOnlyOnce(true);
            }
            assertThat(repo.contains("race-19")).isTrue();
        } finally {
            other.stop();
        }
    }

    @Test
    void keysSurviveARestartOfTheRepository() {
        repo.add("durable");
        repo.stop();
        LedgerIdempotentRepository again = started(new LedgerIdempotentRepository(db.dataSource(), "sftp-intake"));
        try {
            assertThat(again.contains("durable")).isTrue();
        } finally {
            again.stop();
        }
    }
}
