package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.support.CountingDataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status page's files section in one statement ({@link OpsQueries#latestFilesPerAgency}): each
 * agency's latest files, newest first, with the same counts per state as {@link Ledger#rowCounts},
 * whether a file's rows are there, purged (counts kept on the file) or never stored.
 */
abstract class StatusFilesContractTest extends LedgerDatabaseContract {

    private static final Instant RECEIVED = Instant.parse("2026-01-10T02:00:00Z");
    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

    private CountingDataSource counted;
    private Ledger ledger;
    private OpsQueries ops;
    private int checksums;

    @Override
    protected void migrated() {
        counted = new CountingDataSource(db.dataSource());
        ledger = new Ledger(counted, Clock.fixed(NOW, ZoneOffset.UTC));
        ops = new OpsQueries(counted);
    }

    /** 8 rows (1-2 rejected), intake complete; rows 3-4 enrolled, 5 refused, 6 parked, 7-8 pending. */
    private long file(String agency, String name, Instant receivedAt) {
        long id = ledger.registerFile(agency, name, String.format("%064d", ++checksums), receivedAt).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        for (int row = 1; row <= 8; row++) {
            boolean rejected = row <= 2;
            rows.add(new LedgerRow(id, row, nik(id, row), "Pekerja " + row,
                    rejected ? RowState.REJECTED : RowState.PENDING, List.of(), rejected ? null : "key-" + id + "-" + row,
                    null, null, rejected ? null : 1_500_000L, null));
        }
        ledger.insertRows(id, rows);
        ledger.completeIntake(id, 8, 2);
        ledger.recordOutcomes(List.of(
                new RowOutcome(id, 3, RowState.ENROLLED, kpj(id, 3), null, agency, null),
                new RowOutcome(id, 4, RowState.ENROLLED, kpj(id, 4), null, agency, null),
                new RowOutcome(id, 5, RowState.REFUSED, null, "already a member", agency, null),
                new RowOutcome(id, 6, RowState.PARKED, null, "503", agency, null)));
        return id;
    }

    @Test
    void eachAgencysLatestFilesComeWithTheCountsTheLedgerKeepsForThemInOneStatement() {
        List<Long> ag1 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ag1.add(file("AG1", "ag1-" + i + ".csv", RECEIVED.plusSeconds(60L * i)));
        }
        long ag2 = file("AG2", "ag2.csv", RECEIVED);
        // Finished and purged: its rows go, its counts stay on the file.
        ledger.recordOutcomes(List.of(7, 8).stream()
                .map(row -> new RowOutcome(ag2, row, RowState.ENROLLED, kpj(ag2, row), null, "AG2", null)).toList());
        ledger.recordOutcomes(List.of(new RowOutcome(ag2, 6, RowState.ENROLLED, kpj(ag2, 6), null, "AG2", null)));
        assertThat(ledger.tryStartReporting(ag2)).isTrue();
        ledger.markReported(ag2);
        Map<RowState, Integer> ag2Before = ledger.rowCounts(ag2);
        new Retention(counted, Clock.fixed(NOW, ZoneOffset.UTC)).purgeFinishedBefore(NOW.plusSeconds(1), 3);
        // Failed before any row was stored.
        long ag3 = ledger.registerFile("AG3", "broken.xlsx", "f".repeat(64), RECEIVED).fileId();
        ledger.failFile(ag3, "not a workbook");
        counted.takeCount();

        List<OpsQueries.FileCounts> listed = ops.latestFilesPerAgency(3);

        assertThat(counted.takeCount()).as("statements for every agency's files and counts").isEqualTo(1);
        assertThat(listed.stream().map(f -> f.file().agencyId() + "/" + f.file().fileName()))
                .as("newest first, at most 3 per agency")
                .containsExactlyInAnyOrder("AG1/ag1-4.csv", "AG1/ag1-3.csv", "AG1/ag1-2.csv", "AG2/ag2.csv",
                        "AG3/broken.xlsx");
        assertThat(listed.stream().filter(f -> f.file().agencyId().equals("AG1")).map(f -> f.file().id()))
                .containsExactly(ag1.get(4), ag1.get(3), ag1.get(2));
        for (OpsQueries.FileCounts f : listed) {
            assertThat(f.counts()).as("counts of file " + f.file().fileName())
                    .isEqualTo(ledger.rowCounts(f.file().id()))
                    .containsOnlyKeys(RowState.values());
            assertThat(f.file()).isEqualTo(ledger.file(f.file().id()).orElseThrow());
        }
        OpsQueries.FileCounts purged = listed.stream().filter(f -> f.file().id() == ag2).findFirst().orElseThrow();
        assertThat(purged.file().purgedAt()).isEqualTo(NOW);
        assertThat(purged.counts()).isEqualTo(ag2Before).containsEntry(RowState.ENROLLED, 5);
        assertThat(listed.stream().filter(f -> f.file().id() == ag1.get(4)).findFirst().orElseThrow().counts())
                .isEqualTo(Map.of(RowState.REJECTED, 2, RowState.PENDING, 2, RowState.ENROLLED, 2,
                        RowState.REFUSED, 1, RowState.PARKED, 1, RowState.APPLIED, 0, RowState.WAITLISTED, 0,
                        RowState.REVIEW, 0, RowState.OTHER_PAYER, 0));
        assertThat(listed.stream().filter(f -> f.file().id() == ag3).findFirst().orElseThrow().counts().values())
                .containsOnly(0);
    }

    @Test
    void anEmptyLedgerListsNothing() {
        assertThat(ops.latestFilesPerAgency(15)).isEmpty();
    }
}
