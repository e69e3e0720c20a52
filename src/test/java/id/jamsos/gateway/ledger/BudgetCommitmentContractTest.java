package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.finance.BudgetHeadroom;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.finance.Programme;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The budget's commitment across files (V23): two intakes that work out their headroom at the same
 * moment, from the same empty ledger, and then record their chunks interleaved, commit together no more
 * than the budget carries. Each chunk is decided under the programme's lock and sees the other's
 * money as taken; once a row waits, every later row of either file waits behind it. Before V23 each
 * file counted down its own copy of the headroom and both committed the whole budget.
 */
abstract class BudgetCommitmentContractTest extends LedgerDatabaseContract {

    /** 10:00 WIT on 15 April 2026: April to December, 9 months to carry. */
    private static final Instant NOW = Instant.parse("2026-04-15T01:00:00Z");
    private static final long INCOME = 1_000_000L;
    /** Rp 16,800 a month for 9 months. */
    private static final long NEED = 16_800L * 9;
    /** The budget carries this many workers to December. */
    private static final int N = 7;
    private static final int ROWS_PER_FILE = 10;
    private static final int CHUNK = 2;

    private Ledger ledger;
    private BudgetLedger budget;
    private BudgetPlanner planner;

    @Override
    protected void migrated() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ledger = new Ledger(db.dataSource(), clock);
        budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), clock);
        Programme programme = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12),
                List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", N * NEED + NEED - 1, "5.1.02.01.001",
                        List.of())), "APBD_KOTA");
        planner = new BudgetPlanner(programme, budget, INCOME, CoverageLedger.DEFAULT_ZONE, clock);
    }

    private long file(String agency, String name) {
        return ledger.registerFile(agency, name, name.repeat(64).substring(0, 64), NOW).fileId();
    }

    private static LedgerRow row(long file, int rowNo) {
        return new LedgerRow(file, rowNo, TestRows.nik(file, rowNo), "Worker " + rowNo, RowState.PENDING, List.of(),
                "key-" + file + "-" + rowNo, null, null, INCOME, null);
    }

    /** One intake: its headroom worked out, then (after the other's) its chunks recorded within the budget. */
    private Callable<Void> intake(long file, CyclicBarrier bothLooked, CyclicBarrier turn) {
        return () -> {
            BudgetHeadroom headroom = planner.intakeHeadroom();
            bothLooked.await(30, TimeUnit.SECONDS);
            for (int from = 1; from <= ROWS_PER_FILE; from += CHUNK) {
                List<LedgerRow> chunk = new ArrayList<>();
                for (int r = from; r < from + CHUNK; r++) {
                    chunk.add(row(file, r));
                }
                // Interleaved chunk by chunk: each file records one chunk, then lets the other.
                turn.await(30, TimeUnit.SECONDS);
                BudgetHeadroom money = headroom.copy();
                ledger.insertRows(file, chunk, money.gate(OverBudgetPolicy.WAITLIST));
                headroom = money;
            }
            return null;
        };
    }

    @Test
    void twoIntakesAtOnceCommitNoMoreThanTheBudgetCarriesAndWaitlistTheRestInArrivalOrder() throws Exception {
        long first = file("AG1", "a.csv");
        long second = file("AG2", "b.csv");
        assertThat(planner.intakeHeadroom().left()).isEqualTo(N * NEED + NEED - 1);

        CyclicBarrier bothLooked = new CyclicBarrier(2);
        CyclicBarrier turn = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Void> a = pool.submit(intake(first, bothLooked, turn));
            Future<Void> b = pool.submit(intake(second, bothLooked, turn));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        Map<RowState, Integer> inFirst = ledger.rowCounts(first);
        Map<RowState, Integer> inSecond = ledger.rowCounts(second);
        System.out.printf("budget for %d rows, two intakes of %d rows at once: pending %d + %d, waitlisted %d + %d%n",
                N, ROWS_PER_FILE, inFirst.get(RowState.PENDING), inSecond.get(RowState.PENDING),
                inFirst.get(RowState.WAITLISTED), inSecond.get(RowState.WAITLISTED));
        assertThat(inFirst.get(RowState.PENDING) + inSecond.get(RowState.PENDING)).isEqualTo(N);
        assertThat(inFirst.get(RowState.WAITLISTED) + inSecond.get(RowState.WAITLISTED))
                .isEqualTo(2 * ROWS_PER_FILE - N);
        // Arrival order within each file: its pending rows come before its waitlisted ones.
        for (long f : List.of(first, second)) {
            List<LedgerRow> rows = new ArrayList<>();
            ledger.forEachRow(f, rows::add);
            int pending = ledger.rowCounts(f).get(RowState.PENDING);
            assertThat(rows).extracting(LedgerRow::state).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, ROWS_PER_FILE)
                            .mapToObj(i -> i <= pending ? RowState.PENDING : RowState.WAITLISTED).toList());
        }
        // The money of every row sent on was added to the programme's commitment, once.
        assertThat(budget.committed("2026")).isEqualTo(N * NEED);
        // A third file now finds the rows waiting and queues behind them.
        long third = file("AG3", "c.csv");
        BudgetHeadroom later = planner.intakeHeadroom();
        assertThat(ledger.insertRows(third, List.of(row(third, 1)), later.gate(OverBudgetPolicy.WAITLIST)))
                .extracting(LedgerRow::state).containsExactly(RowState.WAITLISTED);
    }

    @Test
    void aReleaseDecidedBeforeAnIntakeCommittedKeepsOnlyWhatIsLeft() {
        long first = file("AG1", "a.csv");
        List<LedgerRow> waiting = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            LedgerRow p = row(first, r);
            waiting.add(new LedgerRow(p.fileId(), p.rowNo(), p.nik(), p.name(), RowState.WAITLISTED, List.of(),
                    p.idempotencyKey(), null, null, INCOME, null));
        }
        ledger.insertRows(first, waiting);
        // The release looks: the budget carries N rows, the three waiting would fit.
        BudgetHeadroom release = planner.releaseHeadroom();
        // Meanwhile another process commits N - 1 rows' money (an intake under WARN, say).
        long second = file("AG2", "b.csv");
        List<LedgerRow> others = new ArrayList<>();
        for (int r = 1; r <= N - 1; r++) {
            others.add(row(second, r));
        }
        ledger.insertRows(second, others, planner.intakeHeadroom().gate(OverBudgetPolicy.WARN));

        List<RowKey> asked = List.of(new RowKey(first, 1), new RowKey(first, 2), new RowKey(first, 3));
        List<RowKey> released = budget.release(asked, Map.of(asked.get(0), INCOME, asked.get(1), INCOME,
                asked.get(2), INCOME), release.gate(OverBudgetPolicy.WAITLIST));
        assertThat(released).containsExactly(new RowKey(first, 1));
        assertThat(budget.waitlisted(10)).extracting(BudgetLedger.WaitlistedRow::rowNo).containsExactly(2, 3);
        assertThat(budget.committed("2026")).isEqualTo(N * NEED);
    }

    @Test
    void theCommitmentFollowsTheRowsReleasedAndIsGivenBackForRowsPutBackOnTheWaitlist() {
        long first = file("AG1", "a.csv");
        List<LedgerRow> waiting = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            LedgerRow p = row(first, r);
            waiting.add(new LedgerRow(p.fileId(), p.rowNo(), p.nik(), p.name(), RowState.WAITLISTED, List.of(),
                    p.idempotencyKey(), null, null, INCOME, null));
        }
        ledger.insertRows(first, waiting);
        RowKey one = new RowKey(first, 1);
        RowKey two = new RowKey(first, 2);
        Map<RowKey, Long> incomes = Map.of(one, INCOME, two, INCOME);
        // Another release took row 1 meanwhile (its money committed once).
        assertThat(budget.release(List.of(one), incomes, planner.releaseHeadroom().gate(OverBudgetPolicy.WAITLIST)))
                .containsExactly(one);
        assertThat(budget.committed("2026")).isEqualTo(NEED);

        // This release asks rows 1 and 2: only row 2 is still waitlisted, and only its money is committed.
        BudgetHeadroom release = planner.releaseHeadroom();
        assertThat(budget.release(List.of(one, two), incomes, release.gate(OverBudgetPolicy.WAITLIST)))
                .containsExactly(two);
        assertThat(budget.committed("2026")).isEqualTo(2 * NEED);

        // Row 1 answered meanwhile; the broker took neither job: row 2 goes back and gives its money back.
        ledger.recordOutcomes(List.of(new RowOutcome(first, 1, RowState.ENROLLED, TestRows.kpj(first, 1), null, "AG1",
                "Sorong")));
        assertThat(budget.backToWaitlist(List.of(one, two), Map.of(one, release.need(INCOME), two,
                release.need(INCOME)), "2026")).containsExactly(two);
        assertThat(budget.committed("2026")).isEqualTo(NEED);
        assertThat(budget.waitlisted(10)).extracting(BudgetLedger.WaitlistedRow::rowNo).containsExactly(2, 3);
    }

    /**
     * A release of many rows holds the commitment lock one chunk at a time (so an intake waiting for it
     * gets it within H2's lock timeout), each chunk decided anew under the lock, in arrival order: once a
     * chunk keeps fewer rows than given, every later row stays waitlisted.
     */
    @Test
    void aLargeReleaseIsDecidedChunkByChunkInArrivalOrder() {
        long file = file("AG1", "big.csv");
        int n = 2 * BudgetLedger.RELEASE_CHUNK + 500;
        int fits = BudgetLedger.RELEASE_CHUNK + 200;
        List<LedgerRow> waiting = new ArrayList<>();
        List<RowKey> asked = new ArrayList<>();
        Map<RowKey, Long> incomes = new java.util.HashMap<>();
        for (int r = 1; r <= n; r++) {
            LedgerRow p = row(file, r);
            waiting.add(new LedgerRow(p.fileId(), p.rowNo(), p.nik(), p.name(), RowState.WAITLISTED, List.of(),
                    p.idempotencyKey(), null, null, INCOME, null));
            asked.add(new RowKey(file, r));
            incomes.put(new RowKey(file, r), INCOME);
        }
        ledger.insertRows(file, waiting);
        // A gate that carries `fits` rows in all, one unit of money each, seeing the sum committed so far.
        List<Integer> chunks = new ArrayList<>();
        BudgetGate gate = new BudgetGate() {
            @Override
            public String programmeId() {
                return "2026";
            }

            @Override
            public Admitted admit(long committed, boolean waitlisted, List<LedgerRow> rows) {
                chunks.add(rows.size());
                List<LedgerRow> out = new ArrayList<>();
                long added = 0;
                for (LedgerRow r : rows) {
                    boolean room = committed + added < fits;
                    out.add(new LedgerRow(r.fileId(), r.rowNo(), null, null, room ? RowState.PENDING
                            : RowState.WAITLISTED, List.of(), null, null, null, r.monthlyIncome(), null));
                    added += room ? 1 : 0;
                }
                return new Admitted(out, added);
            }
        };

        List<RowKey> released = budget.release(asked, incomes, gate);

        assertThat(chunks).as("one decision per chunk; none after the chunk that kept fewer")
                .containsExactly(BudgetLedger.RELEASE_CHUNK, BudgetLedger.RELEASE_CHUNK);
        assertThat(released).containsExactlyElementsOf(asked.subList(0, fits));
        assertThat(budget.waitlistedCount()).isEqualTo(n - fits);
        assertThat(budget.committed("2026")).isEqualTo(fits);
    }

    @Test
    void h2sLockTimeoutIsACollisionToRetry() {
        assertThat(Ledger.isCollision(new LedgerException("record a chunk",
                new java.sql.SQLException("Timeout trying to lock table", "HYT00")))).isTrue();
    }
}
