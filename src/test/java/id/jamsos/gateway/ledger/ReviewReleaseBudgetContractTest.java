package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ops.ReviewDesk;
import id.jamsos.gateway.verification.VerificationRules;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A release from REVIEW passes the programme's budget as a fresh row does (docs/verification.md, "The
 * review path"). The budget carries three workers; a file of three is taken in within it, then the registry
 * holds its row 3 in REVIEW. A row in REVIEW is not counted against the budget (the plan counts PENDING and
 * WAITLISTED rows), so another file's worker takes the money meanwhile. Before the fix the release put row
 * 3 back to PENDING and queued it: four workers on a budget for three. Now, under WAITLIST, it is released
 * to the waitlist (nothing queued, nothing committed), as a fresh row of that moment is; under WARN it goes
 * on, committed and said; with money left it goes on as before.
 */
abstract class ReviewReleaseBudgetContractTest extends LedgerDatabaseContract {

    /** 10:00 WIT on 15 April 2026: April to December, 9 months to carry. */
    private static final Instant NOW = Instant.parse("2026-04-15T01:00:00Z");
    private static final long INCOME = 1_000_000L;
    /** Rp 16,800 a month for 9 months. */
    private static final long NEED = 16_800L * 9;
    private static final ObjectMapper JSON = Json.mapper();

    private Ledger ledger;
    private BudgetLedger budget;
    private ReviewLedger reviews;
    private BudgetPlanner planner;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    @Override
    protected void migrated() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ledger = new Ledger(db.dataSource(), clock);
        budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), clock);
        reviews = new ReviewLedger(db.dataSource(), clock, PersonalDataCipher.forTests());
        Programme programme = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12),
                List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", 3 * NEED, "5.1.02.01.001", List.of())),
                "APBD_KOTA");
        planner = new BudgetPlanner(programme, budget, INCOME, CoverageLedger.DEFAULT_ZONE, clock);
    }

    private ReviewDesk desk(OverBudgetPolicy policy) {
        sent.clear();
        audited.clear();
        return new ReviewDesk(reviews, ledger, JSON, (fileId, agencyId, sealedJob) -> sent.add(sealedJob),
                audited::add).checkBudget(policy, planner::intakeHeadroom);
    }

    private static LedgerRow row(long file, int rowNo) {
        return new LedgerRow(file, rowNo, TestRows.nik(file, rowNo), "Worker " + rowNo, RowState.PENDING, List.of(),
                "key-" + file + "-" + rowNo, null, null, INCOME, null);
    }

    /** A file of {@code rows} taken in within the budget, its requests stored for a release. */
    private long takeIn(String agency, int rows) throws Exception {
        long file = ledger.registerFile(agency, agency + ".csv", agency.repeat(64).substring(0, 64), NOW).fileId();
        List<LedgerRow> list = new ArrayList<>();
        Map<Integer, String> stored = new HashMap<>();
        for (int r = 1; r <= rows; r++) {
            list.add(row(file, r));
            stored.put(r, JSON.writeValueAsString(new EnrollmentJob.Item(r, "Sorong Timur", new EnrollmentRequest(
                    "key-" + file + "-" + r, TestRows.nik(file, r), "Worker " + r, "1990-06-12", "L", "Sorong", null,
                    null, null, null, null, INCOME, List.of("JKK", "JKM"), "9671"))));
        }
        List<LedgerRow> recorded = ledger.insertRows(file, list,
                planner.intakeHeadroom().gate(OverBudgetPolicy.WAITLIST));
        assertThat(recorded).extracting(LedgerRow::state).containsOnly(RowState.PENDING);
        new OpsQueries(db.dataSource(), PersonalDataCipher.forTests()).storeItems(file, stored);
        ledger.completeIntake(file, rows, 0);
        return file;
    }

    /** File A's three rows fill the budget; the registry holds row 3; file B's one worker takes its money. */
    private long rowThreeInReviewAndItsMoneyTaken() throws Exception {
        long a = takeIn("AGA", 3);
        reviews.recordVerdicts(a, List.of(new ReviewLedger.Verified(3, RowState.REVIEW, List.of(),
                VerificationRules.NOT_FOUND, null)));
        takeIn("AGB", 1);
        assertThat(budget.committed("2026")).isEqualTo(4 * NEED);
        return a;
    }

    @Test
    void underWaitlistARowReleasedFromReviewThatTheBudgetCannotCarryIsWaitlistedAsAFreshRowWouldBe()
            throws Exception {
        long a = rowThreeInReviewAndItsMoneyTaken();

        ReviewDesk.Decision decision = desk(OverBudgetPolicy.WAITLIST).release("ops-test", a, 3);

        assertThat(decision.ok()).as(decision.message()).isTrue();
        assertThat(decision.message()).contains("WAITLISTED");
        assertThat(reviews.stateOf(a, 3)).contains(RowState.WAITLISTED);
        assertThat(sent).as("nothing queued for BPJS").isEmpty();
        assertThat(budget.committed("2026")).as("nothing committed").isEqualTo(4 * NEED);
        assertThat(budget.waitlisted(10)).singleElement().satisfies(w -> {
            assertThat(w.fileId()).isEqualTo(a);
            assertThat(w.rowNo()).isEqualTo(3);
            assertThat(w.itemJson()).as("its stored request, for the waitlist release").contains("key-" + a + "-3");
        });
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("REVIEW_RELEASE");
            assertThat(e.detail()).contains("waitlist");
        });
        // A fresh row of this moment is decided the same way.
        long c = ledger.registerFile("AGC", "c.csv", "c".repeat(64), NOW).fileId();
        assertThat(ledger.insertRows(c, List.of(row(c, 1)), planner.intakeHeadroom().gate(OverBudgetPolicy.WAITLIST)))
                .extracting(LedgerRow::state).containsExactly(RowState.WAITLISTED);
        // Decided once: a second release finds it no longer in review.
        assertThat(desk(OverBudgetPolicy.WAITLIST).release("ops-test", a, 3).ok()).isFalse();
    }

    @Test
    void underWarnARowReleasedBeyondTheBudgetGoesOnCommittedAndSaid() throws Exception {
        long a = rowThreeInReviewAndItsMoneyTaken();

        ReviewDesk.Decision decision = desk(OverBudgetPolicy.WARN).release("ops-test", a, 3);

        assertThat(decision.ok()).isTrue();
        assertThat(decision.message()).contains("queued for BPJS").contains("budget");
        assertThat(reviews.stateOf(a, 3)).contains(RowState.PENDING);
        assertThat(sent).hasSize(1);
        assertThat(budget.committed("2026")).isEqualTo(5 * NEED);
        assertThat(audited).singleElement().extracting(AuditEvent::detail).asString().contains("beyond");
    }

    @Test
    void aRowTheBudgetCarriesIsReleasedToBpjsAndItsMoneyCommitted() throws Exception {
        long a = takeIn("AGA", 3);
        reviews.recordVerdicts(a, List.of(new ReviewLedger.Verified(3, RowState.REVIEW, List.of(),
                VerificationRules.NOT_FOUND, null)));
        assertThat(budget.committed("2026")).isEqualTo(3 * NEED);

        ReviewDesk.Decision decision = desk(OverBudgetPolicy.WAITLIST).release("ops-test", a, 3);

        assertThat(decision.ok()).isTrue();
        assertThat(decision.message()).doesNotContain("budget");
        assertThat(reviews.stateOf(a, 3)).contains(RowState.PENDING);
        assertThat(sent).hasSize(1);
        assertThat(budget.committed("2026")).isEqualTo(4 * NEED);
        assertThat(audited).singleElement().extracting(AuditEvent::detail).isEqualTo("released to BPJS");
    }
}
