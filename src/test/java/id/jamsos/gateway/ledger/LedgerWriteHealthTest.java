package id.jamsos.gateway.ledger;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14 item 8: every INSERT INTO agency_file failed with H2 23514 "Check constraint invalid" while
 * readiness said the database was UP, and the cause that made the check fail was lost. Here the check
 * of agency_file is replaced by one whose evaluation itself fails (a cast of the file name to a
 * number), which is how H2 produces 23514: the exception raised while evaluating the check is its
 * cause, and its message quotes the value (here a name holding a NIK).
 */
class LedgerWriteHealthTest {

    private static final String STATES = "('RECEIVING','PROCESSING','REPORTING','DONE','FAILED','DUPLICATE')";
    private static final String NIK = "9271010101900001";

    private H2TestDatabase db;
    private Ledger ledger;

    @BeforeEach
    void open() {
        db = new H2TestDatabase();
        LedgerMigrations.migrate(db.dataSource());
        ledger = new Ledger(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void breakStateCheck() throws SQLException {
        sql("ALTER TABLE agency_file DROP CONSTRAINT agency_file_state_ck",
                // Evaluating it fails for every row, quoting the file name: a name is no number.
                "ALTER TABLE agency_file ADD CONSTRAINT agency_file_state_ck CHECK (CAST(file_name AS INTEGER) >= 0)"
                        + " NOCHECK");
    }

    private void repairStateCheck() throws SQLException {
        sql("ALTER TABLE agency_file DROP CONSTRAINT agency_file_state_ck",
                "ALTER TABLE agency_file ADD CONSTRAINT agency_file_state_ck CHECK (state IN " + STATES + ")");
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void aFailedInsertKeepsTheCauseThatMadeTheCheckFailScrubbedOfNiks() throws Exception {
        breakStateCheck();

        // The NIK in the file name stands for any personal data a driver quotes in its messages.
        assertThatThrownBy(() -> ledger.registerFile("dinas-sosial", "pekerja-" + NIK + ".csv", "ab".repeat(32),
                Instant.now()))
                .isInstanceOf(LedgerException.class)
                .satisfies(e -> {
                    assertThat(((LedgerException) e).sqlState()).isEqualTo("23514");
                    String chain = LedgerException.causeChain(e);
                    // The trigger, which the copy used to drop: the conversion that failed inside the check.
                    assertThat(chain).contains("23514").containsIgnoringCase("Data conversion error");
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).containsIgnoringCase("Data conversion error")
                            .doesNotContain(NIK).contains("9271********0001");
                    assertThat(chain).doesNotContain(NIK);
                });
    }

    @Test
    void readinessNoticesALedgerThatAnswersButCannotWriteAndRecovers() throws Exception {
        LedgerWriteHealth health = LedgerWriteHealth.of(db.dataSource());
        assertThat(health.writable()).isTrue();
        // A SELECT still works, as the database check saw it.
        assertThat(new OpsQueries(db.dataSource()).databaseUp(2)).isTrue();

        breakStateCheck();
        assertThatThrownBy(() -> ledger.registerFile("dinas-sosial", "a.csv", "cd".repeat(32), Instant.now()))
                .isInstanceOf(LedgerException.class);
        assertThat(new OpsQueries(db.dataSource()).databaseUp(2)).isTrue();
        assertThat(health.writable()).isFalse();
        assertThat(health.lastFailure()).contains("register file").contains("23514");

        repairStateCheck();
        health.forgetLastProbe();
        assertThat(health.writable()).isTrue();
        assertThat(health.lastFailure()).isNull();
        // The probe left nothing behind.
        long id = ledger.registerFile("dinas-sosial", "a.csv", "cd".repeat(32), Instant.now()).fileId();
        assertThat(id).isPositive();
        assertThat(ledger.files("dinas-sosial", 10)).hasSize(1);
        assertThat(ledger.files("~probe", 10)).isEmpty();
    }

    @Test
    void aFailureTheProbeDoesNotConfirmLeavesTheLedgerReady() {
        LedgerWriteHealth health = LedgerWriteHealth.of(db.dataSource());
        // A value too long for its column: the file's problem, not the ledger's.
        assertThatThrownBy(() -> ledger.registerFile("dinas-sosial", "x".repeat(600), "ef".repeat(32), Instant.now()))
                .isInstanceOf(LedgerException.class);
        assertThat(health.writable()).isTrue();
    }
}
