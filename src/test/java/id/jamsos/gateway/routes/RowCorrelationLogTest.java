package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.OutcomeRecorder;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ops.OpsLogContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/** At DEBUG, every enrollment outcome is one line that names its row in the MDC, and no full NIK. */
class RowCorrelationLogTest {

    @Test
    void outcomesAreLoggedPerRowWithTheRowInTheMdc() throws Exception {
        try (HikariDataSource ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("rowlog"), "sa", "", 2)) {
            LedgerMigrations.migrate(ds);
            Ledger ledger = new Ledger(ds);
            long fileId = ledger.registerFile("dinas-sosial", "rows.csv", "ab".repeat(32), Instant.now()).fileId();
            ledger.insertRows(fileId, List.of(pending(fileId, 1), pending(fileId, 2)));
            EnrollmentJob job = new EnrollmentJob(fileId, "dinas-sosial", "rows.csv", List.of());
            List<RowOutcome> outcomes = List.of(
                    new RowOutcome(fileId, 1, RowState.ENROLLED, "12345678901", null, "dinas-sosial", null),
                    new RowOutcome(fileId, 2, RowState.REFUSED, null, "NIK 9271012345670001 sudah terdaftar",
                            "dinas-sosial", null));
            OpsLogContext.file("dinas-sosial", fileId);
            Level before = org.apache.logging.log4j.LogManager.getLogger(OutcomeRecorder.class).getLevel();
            Configurator.setLevel(OutcomeRecorder.class.getName(), Level.DEBUG);
            try (LogCapture logs = LogCapture.attach()) {
                new OutcomeRecorder(ledger).record(job, outcomes, null, null, new HashMap<>());

                // distinct: the capture sits on the level's own logger config and on its parent's.
                List<String> rows = logs.lines().stream().filter(l -> l.contains("OutcomeRecorder")).distinct().toList();
                assertThat(rows).hasSize(2);
                assertThat(rows.get(0)).contains("row 1: ENROLLED kpj=12345678901", "jamsos.row=1", "jamsos.file=" + fileId);
                assertThat(rows.get(1)).contains("row 2: REFUSED", "jamsos.row=2").doesNotContain("9271012345670001");
            } finally {
                Configurator.setLevel(OutcomeRecorder.class.getName(), before);
                OpsLogContext.clear();
            }
            assertThat(MDC.get(OpsLogContext.ROW)).isNull();
            assertThat(ledger.rowCounts(fileId).get(RowState.ENROLLED)).isEqualTo(1);
        }
    }

    private static LedgerRow pending(long fileId, int rowNo) {
        return new LedgerRow(fileId, rowNo, "927101234567" + String.format("%04d", rowNo), "Worker " + rowNo,
                RowState.PENDING, List.of(), "key-" + fileId + "-" + rowNo, null, null);
    }
}
