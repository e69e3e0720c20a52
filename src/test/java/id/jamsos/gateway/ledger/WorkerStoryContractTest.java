package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.model.RowRejection;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's whole story (issue 18) on each database: a worker enrolled by agency AG1, corrected by a
 * KOREKSI (name and income), whose death claim BPJS reported and whose KPJ an invoice billed, plus a
 * row of another agency (AG2) naming the same NIK that the ledger turned away and a row of AG1 waiting
 * in REVIEW. Read by NIK and by KPJ in time order with every source; seen by AG1 with its own parts only,
 * by AG2 with its own row only, and by AG3 not at all.
 */
abstract class WorkerStoryContractTest extends LedgerDatabaseContract {

    private static final Instant ENROLLED = Instant.parse("2026-03-31T15:30:00Z");
    private static final Instant SECOND_FILE = Instant.parse("2026-04-20T01:00:00Z");
    private static final Instant APPLIED = Instant.parse("2026-07-10T02:00:00Z");
    private static final Instant CLAIMED = Instant.parse("2026-08-02T03:00:00Z");
    private static final Instant BILLED = Instant.parse("2026-06-05T00:00:00Z");

    private Ledger ledger;
    private ChangeLedger changes;
    private FinanceLedger finance;
    private WorkerStory stories;
    private long enrolFile;
    private long otherAgencyFile;
    private long changeFile;
    private long reviewFile;
    private String nik;
    private String kpj;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        changes = new ChangeLedger(db.dataSource(), Clock.fixed(APPLIED, ZoneOffset.UTC), PersonalDataCipher.forTests());
        finance = new FinanceLedger(db.dataSource());
        stories = new WorkerStory(db.dataSource(), PersonalDataCipher.forTests());
    }

    @BeforeEach
    void enrolCorrectAndClaim() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // Not among the tables every contract empties.
            for (String table : List.of("worker_income", "invoice_line", "invoice_copy")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
        enrolFile = ledger.registerFile("AG1", "maret.csv", "a".repeat(64), ENROLLED).fileId();
        nik = nik(enrolFile, 1);
        kpj = kpj(enrolFile, 1);
        ledger.insertRows(enrolFile, List.of(
                new LedgerRow(enrolFile, 1, nik, "Worker One", RowState.PENDING, List.of(), "key-1", null, null,
                        1_000_000L, LocalDate.of(1990, 1, 1)),
                new LedgerRow(enrolFile, 2, nik(enrolFile, 2), "Someone Else", RowState.PENDING, List.of(), "key-2",
                        null, null, 1_000_000L, LocalDate.of(1990, 1, 2))));
        ledger.completeIntake(enrolFile, 2, 0);
        ledger.recordOutcomes(List.of(TestRows.enrolled(enrolFile, 1), TestRows.enrolled(enrolFile, 2)));

        // Another agency names the same NIK later: validation refused it (a stand-in for ALREADY_ENROLLED).
        otherAgencyFile = ledger.registerFile("AG2", "april.csv", "b".repeat(64), SECOND_FILE).fileId();
        ledger.insertRows(otherAgencyFile, List.of(new LedgerRow(otherAgencyFile, 7, nik, "Worker One",
                RowState.REJECTED, List.of(new RowRejection("NIK", "ALREADY_ENROLLED", "NIK sudah terdaftar",
                "NIK already enrolled")), null, null, null)));
        ledger.completeIntake(otherAgencyFile, 1, 1);

        // AG1 corrects the name and the income from June.
        changeFile = ledger.registerFile("AG1", "koreksi.csv", "c".repeat(64), APPLIED.minusSeconds(3600)).fileId();
        ledger.insertRows(changeFile, List.of(new LedgerRow(changeFile, 1, nik, "Worker One", RowState.PENDING,
                List.of(), "chg-1", null, null, null, null, ChangeAction.KOREKSI, "{}")));
        ledger.completeIntake(changeFile, 1, 0);
        changes.apply(List.of(ChangeOutcome.corrected(changeFile, 1, "AG1", kpj,
                new ChangeOutcome.Correction("Yohana Worker", null, 2_500_000L, null), YearMonth.of(2026, 6),
                "chg-1", "200")));

        // A row of AG1 held for a person: the registry did not find the worker (the verdict as recorded).
        reviewFile = ledger.registerFile("AG1", "mei.csv", "d".repeat(64), APPLIED.plusSeconds(60)).fileId();
        ledger.insertRows(reviewFile, List.of(new LedgerRow(reviewFile, 3, nik, "Yohana Worker", RowState.REVIEW,
                List.of(), null, null, "Tidak ditemukan di Dukcapil / not found in the population registry")));

        // BPJS reports a death claim on AG1's worker; it ends cover with May.
        finance.recordClaim(new ClaimRecord("JKM-1", "JKM", kpj, nik, 42_000_000L, "AG1", CLAIMED, "{}"),
                new ClaimMessage("JKM-1", "finance", null, "{}", Map.of()),
                new CoverageEnd(kpj, YearMonth.of(2026, 7), EndReason.DIED, "claim:JKM-1"));

        // June's invoice billed the KPJ.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO invoice_copy (period, invoice_no, billed_workers, total_jkk, total_jkm,"
                    + " billed_total, line_count, fetched_at) VALUES ('2026-06', 'INV-6', 2, 20000, 13600, 33600, 2,"
                    + " TIMESTAMP WITH TIME ZONE '2026-06-05 00:00:00+00')");
            s.executeUpdate("INSERT INTO invoice_line (period, line_no, kpj, iuran_jkk, iuran_jkm, total)"
                    + " VALUES ('2026-06', 1, '" + kpj + "', 10000, 6800, 16800)");
        }
    }

    @Test
    void byNikEveryFileRowEnrollmentCoverChangeClaimAndInvoiceInTimeOrder() {
        WorkerStory.Story story = stories.byNik(nik).orElseThrow();

        assertThat(story.nik()).isEqualTo(nik);
        assertThat(story.kpjs()).containsExactly(kpj);
        assertThat(story.name()).isEqualTo("Yohana Worker");
        assertThat(story.agencyId()).isEqualTo("AG1");
        assertThat(story.covered()).isFalse();
        assertThat(story.events()).extracting(WorkerStory.Event::kind).containsExactly(
                WorkerStory.Kind.FILE_ROW, WorkerStory.Kind.ENROLLED, WorkerStory.Kind.COVER_OPENED,
                WorkerStory.Kind.FILE_ROW, WorkerStory.Kind.BILLED, WorkerStory.Kind.FILE_ROW,
                WorkerStory.Kind.CHANGE, WorkerStory.Kind.INCOME, WorkerStory.Kind.FILE_ROW,
                WorkerStory.Kind.CLAIM, WorkerStory.Kind.COVER_ENDED);
        assertThat(story.events()).extracting(WorkerStory.Event::at).isSorted();

        List<WorkerStory.Event> rows = story.of(WorkerStory.Kind.FILE_ROW);
        assertThat(rows).extracting(e -> e.detail("file")).containsExactly("maret.csv", "april.csv", "koreksi.csv",
                "mei.csv");
        assertThat(rows).extracting(WorkerStory.Event::agencyId).containsExactly("AG1", "AG2", "AG1", "AG1");
        assertThat(rows).extracting(e -> e.detail("state")).containsExactly("ENROLLED", "REJECTED", "APPLIED",
                "REVIEW");
        assertThat(rows).extracting(e -> e.detail("action")).containsExactly("DAFTAR", "DAFTAR", "KOREKSI", "DAFTAR");
        assertThat(rows.get(0).source()).isEqualTo(CoverageLedger.rowSource(enrolFile, 1));
        assertThat(rows.get(0).at()).isEqualTo(ENROLLED);
        assertThat(rows.get(1).detail("reasons")).isEqualTo("NIK sudah terdaftar / NIK already enrolled");
        assertThat(rows.get(3).detail("reasons")).contains("not found in the population registry");

        WorkerStory.Event enrolled = story.of(WorkerStory.Kind.ENROLLED).get(0);
        assertThat(enrolled.detail("kpj")).isEqualTo(kpj);
        assertThat(enrolled.source()).isEqualTo("file:" + enrolFile + "/row:1");

        WorkerStory.Event opened = story.of(WorkerStory.Kind.COVER_OPENED).get(0);
        assertThat(opened.detail("firstMonth")).isEqualTo("2026-04");
        assertThat(opened.agencyId()).isEqualTo("AG1");
        WorkerStory.Event ended = story.of(WorkerStory.Kind.COVER_ENDED).get(0);
        assertThat(ended.detail("lastMonth")).isEqualTo("2026-07");
        assertThat(ended.detail("reason")).isEqualTo("DIED");
        assertThat(ended.source()).isEqualTo("claim:JKM-1");

        WorkerStory.Event change = story.of(WorkerStory.Kind.CHANGE).get(0);
        assertThat(change.at()).isEqualTo(APPLIED);
        assertThat(change.detail("action")).isEqualTo("KOREKSI");
        assertThat(change.detail("old.nama")).isEqualTo("Worker One");
        assertThat(change.detail("new.nama")).isEqualTo("Yohana Worker");
        assertThat(change.detail("new.penghasilan")).isEqualTo("2500000");
        assertThat(change.detail("effectiveMonth")).isEqualTo("2026-06");
        assertThat(change.source()).isEqualTo(CoverageLedger.rowSource(changeFile, 1));
        WorkerStory.Event income = story.of(WorkerStory.Kind.INCOME).get(0);
        assertThat(income.detail("fromMonth")).isEqualTo("2026-06");
        assertThat(income.detail("monthlyIncome")).isEqualTo("2500000");

        WorkerStory.Event claim = story.of(WorkerStory.Kind.CLAIM).get(0);
        assertThat(claim.at()).isEqualTo(CLAIMED);
        assertThat(claim.detail("type")).isEqualTo("JKM");
        assertThat(claim.detail("amount")).isEqualTo("42000000");
        assertThat(claim.detail("destination")).isEqualTo("finance");
        assertThat(claim.source()).isEqualTo("claim:JKM-1");

        WorkerStory.Event billed = story.of(WorkerStory.Kind.BILLED).get(0);
        assertThat(billed.at()).isEqualTo(BILLED);
        assertThat(billed.detail("period")).isEqualTo("2026-06");
        assertThat(billed.detail("total")).isEqualTo("16800");
    }

    @Test
    void byKpjTheSameStoryAndTheNikIsReadBackFromTheEnrollment() {
        WorkerStory.Story byKpj = stories.byKpj(kpj).orElseThrow();
        WorkerStory.Story byNik = stories.byNik(nik).orElseThrow();

        assertThat(byKpj.nik()).isEqualTo(nik);
        assertThat(byKpj.events()).isEqualTo(byNik.events());
        assertThat(stories.byKpj("K99999999999")).isEmpty();
        assertThat(stories.byNik("3100000000000000")).isEmpty();
        // The other worker of the file is a story of its own.
        assertThat(stories.byNik(nik(enrolFile, 2)).orElseThrow().events())
                .extracting(WorkerStory.Event::kind).doesNotContain(WorkerStory.Kind.CHANGE, WorkerStory.Kind.CLAIM);
    }

    @Test
    void anAgencySeesOnlyItsOwnPartsAndAStrangerNothing() {
        WorkerStory.Story ag1 = stories.ofAgency("AG1", nik, null).orElseThrow();
        assertThat(ag1.events()).extracting(WorkerStory.Event::agencyId).containsOnly("AG1");
        assertThat(ag1.events()).extracting(WorkerStory.Event::kind)
                .doesNotContain(WorkerStory.Kind.INCOME, WorkerStory.Kind.BILLED);
        assertThat(ag1.of(WorkerStory.Kind.FILE_ROW)).hasSize(3);
        assertThat(ag1.of(WorkerStory.Kind.CLAIM)).hasSize(1);
        assertThat(ag1.agencyId()).isEqualTo("AG1");
        assertThat(stories.ofAgency("AG1", null, kpj).orElseThrow().events()).isEqualTo(ag1.events());

        WorkerStory.Story ag2 = stories.ofAgency("AG2", nik, null).orElseThrow();
        assertThat(ag2.events()).extracting(WorkerStory.Event::kind).containsExactly(WorkerStory.Kind.FILE_ROW);
        assertThat(ag2.agencyId()).isNull();
        assertThat(ag2.name()).isEqualTo("Worker One");
        assertThat(ag2.kpjs()).isEmpty();

        assertThat(stories.ofAgency("AG3", nik, null)).isEmpty();
        assertThat(stories.ofAgency("AG3", null, kpj)).isEmpty();
    }
}
