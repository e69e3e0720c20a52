package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the reports keep in the ledger (V26): a file's warnings, said again by a resumed intake without
 * doubling, and the version of its reports, which moves only when what they say changed.
 */
abstract class ReportLedgerContractTest extends LedgerDatabaseContract {

    private static final String PHONE = "NO_HP tidak dikenali / NO_HP not recognised";

    private Ledger ledger;
    private int files;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource());
    }

    private long file() {
        files++;
        return ledger.registerFile("AG1", "f" + files + ".csv", String.format("%064d", files),
                Instant.parse("2026-03-01T00:00:00Z")).fileId();
    }

    @Test
    void rowWarningsAreKeptOncePerRowAndReadJoined() {
        long id = file();
        ReportLedger reports = ledger.reports();
        reports.recordRowWarnings(id, Map.of(2, List.of(PHONE, "beyond the header / di luar"), 5, List.of(PHONE)));
        // A resumed intake reads the rows again: their warnings are not doubled.
        reports.recordRowWarnings(id, Map.of(2, List.of(PHONE), 7, List.of(PHONE)));

        Map<Integer, String> read = reports.rowWarnings(id);
        assertThat(read).containsOnlyKeys(2, 5, 7);
        assertThat(read.get(2)).isEqualTo(PHONE + "; beyond the header / di luar");
        // The same text is held once however many rows share it.
        assertThat(read.get(5)).isSameAs(read.get(7));
        assertThat(reports.fileWarnings(id)).isEmpty();
    }

    @Test
    void fileWarningsAreReplacedWhenSaidAgain() {
        long id = file();
        ReportLedger reports = ledger.reports();
        reports.recordFileWarnings(id, List.of("Windows-1252 / Windows-1252", "Kolom X / Column X"));
        reports.recordFileWarnings(id, List.of("Windows-1252 / Windows-1252", "Kolom X / Column X"));

        assertThat(reports.fileWarnings(id)).containsExactly("Windows-1252 / Windows-1252", "Kolom X / Column X");
        assertThat(reports.rowWarnings(id)).isEmpty();
        assertThat(reports.fileWarnings(file())).isEmpty();
    }

    @Test
    void theVersionMovesOnlyWhenTheCountsChange() {
        long id = file();
        ReportLedger reports = ledger.reports();
        assertThat(reports.currentVersion(id)).isZero();

        assertThat(reports.version(id, "ENROLLED=3;PARKED=2")).isEqualTo(
                new ReportLedger.Version(1, "ENROLLED=3;PARKED=2", null));
        // Written again with the same counts (stale-reports after a failed upload): the same version.
        assertThat(reports.version(id, "ENROLLED=3;PARKED=2").version()).isEqualTo(1);
        // A replay enrolled the parked rows: the next version, with the counts before.
        assertThat(reports.version(id, "ENROLLED=5")).isEqualTo(
                new ReportLedger.Version(2, "ENROLLED=5", "ENROLLED=3;PARKED=2"));
        assertThat(reports.version(id, "ENROLLED=5")).isEqualTo(
                new ReportLedger.Version(2, "ENROLLED=5", "ENROLLED=3;PARKED=2"));
        assertThat(reports.currentVersion(id)).isEqualTo(2);
        assertThat(reports.version(file(), "REJECTED=1").version()).isEqualTo(1);
    }

    /** V29: each version kept once (the first to finish it wins), listed latest first, its rows as stored. */
    @Test
    void reportVersionsAreArchivedOnceAndListedLatestFirst() {
        long id = file();
        ReportArchive archive = ledger.reports().archive();
        assertThat(archive.has(id, 1)).isFalse();
        archive.keep(id, 1, "ENROLLED=1;PARKED=1", null, new byte[] {1, 2, 3});
        archive.keep(id, 1, "ENROLLED=2", "again", new byte[] {9});
        archive.keep(id, 2, "ENROLLED=2", "versi 2 / version 2", new byte[300_000]);

        assertThat(archive.has(id, 1)).isTrue();
        assertThat(archive.versions(id)).extracting(ReportArchive.Kept::version).containsExactly(2, 1);
        assertThat(archive.versions(id).get(1).counts()).isEqualTo("ENROLLED=1;PARKED=1");
        assertThat(archive.versions(id).get(1).note()).isNull();
        assertThat(archive.versions(id).get(0).note()).isEqualTo("versi 2 / version 2");
        assertThat(archive.rows(id, 1)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(archive.rows(id, 2)).hasValueSatisfying(b -> assertThat(b).hasSize(300_000));
        assertThat(archive.rows(id, 3)).isEmpty();
        assertThat(archive.versions(file())).isEmpty();
    }
}
