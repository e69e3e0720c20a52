package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The eligibility list in the ledger (V32): an import stores only keyed hashes, replaces the active list
 * in one step (a lookup during an import sees the old list whole, a failed import leaves it as it was),
 * and the intake's lookup finds a NIK by the very hash file_row keeps.
 */
abstract class EligibilityLedgerContractTest extends LedgerDatabaseContract {

    private static final String A = "9271014101900001";
    private static final String B = "9271014101900002";
    private static final String C = "9671015202850003";

    private EligibilityLedger lists;
    private final PersonalDataCipher pii = PersonalDataCipher.forTests();

    @Override
    protected void migrated() {
        lists = new EligibilityLedger(db.dataSource(), pii, Clock.systemUTC());
    }

    private static EligibilityLedger.ListHeader header(String name) {
        return new EligibilityLedger.ListHeader(name, "DTSEN", name + ".csv", "ab".repeat(32), "KEMENDAGRI");
    }

    private static EligibilityLedger.Entry entry(String nik, int decile) {
        return new EligibilityLedger.Entry(nik, decile, "9271011001", "KK-" + nik.substring(12));
    }

    @Test
    void anImportBecomesTheActiveListAndStoresNoPersonalDataInTheClear() throws Exception {
        EligibilityLedger.ListInfo list = lists.importList(header("Q1"),
                List.of(entry(A, 2), entry(B, 7)).iterator(), () -> 3);

        assertThat(list.state()).isEqualTo(EligibilityLedger.ACTIVE);
        assertThat(list.rows()).isEqualTo(2);
        assertThat(list.skipped()).isEqualTo(3);
        assertThat(lists.active()).get().extracting(EligibilityLedger.ListInfo::id, EligibilityLedger.ListInfo::name)
                .containsExactly(list.id(), "Q1");
        Map<String, EligibilityLedger.Standing> found = lists.standingOf(List.of(A, B, C));
        assertThat(found).containsOnlyKeys(A, B);
        assertThat(found.get(A)).isEqualTo(new EligibilityLedger.Standing(2, "9271011001"));
        assertThat(found.get(B).decile()).isEqualTo(7);

        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nik_hash, household_hash FROM eligibility_entry ORDER BY decile")) {
            List<String> stored = new ArrayList<>();
            while (rs.next()) {
                stored.add(rs.getString(1) + " " + rs.getString(2));
            }
            // The same keyed hash as file_row.nik_hash: the lookup and a join with the rows agree.
            assertThat(stored.get(0)).startsWith(pii.hash(A) + " ").contains(pii.hash("household:KK-0001"));
            assertThat(String.join(" ", stored)).doesNotContain(A).doesNotContain(B).doesNotContain("KK-");
        }
    }

    @Test
    void anExtractWithNothingUsableLeavesTheActiveListAsItWas() {
        EligibilityLedger.ListInfo working = lists.importList(header("good"), List.of(entry(A, 2)).iterator(), () -> 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lists.importList(header("rusak"),
                        java.util.Collections.<EligibilityLedger.Entry>emptyIterator(), () -> 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 usable lines");
        assertThat(lists.active()).hasValueSatisfying(l -> assertThat(l.id()).isEqualTo(working.id()));
    }

    @Test
    void aNikTwiceOnTheListStandsByItsPoorestDecile() {
        lists.importList(header("dup"), List.of(entry(A, 6), entry(A, 3)).iterator(), () -> 0);

        assertThat(lists.standingOf(List.of(A)).get(A).decile()).isEqualTo(3);
    }

    @Test
    void aNewListReplacesTheActiveOneAtOnceAndTheOldEntriesGo() {
        EligibilityLedger.ListInfo first = lists.importList(header("Q1"), List.of(entry(A, 2)).iterator(), () -> 0);
        AtomicReference<Map<String, EligibilityLedger.Standing>> midway = new AtomicReference<>();
        AtomicReference<Long> activeMidway = new AtomicReference<>();
        // The second import pauses after its first entry to look from another connection.
        Iterator<EligibilityLedger.Entry> second = new Iterator<>() {
            private final List<EligibilityLedger.Entry> entries = List.of(entry(B, 1), entry(C, 4));
            private int next;

            @Override
            public boolean hasNext() {
                if (next == 1 && midway.get() == null) {
                    midway.set(lists.standingOf(List.of(A, B, C)));
                    activeMidway.set(lists.active().orElseThrow().id());
                }
                return next < entries.size();
            }

            @Override
            public EligibilityLedger.Entry next() {
                return entries.get(next++);
            }
        };
        EligibilityLedger.ListInfo replacement = lists.importList(header("Q2"), second, () -> 0);

        // During the import: the old list, whole; none of the new one.
        assertThat(midway.get()).containsOnlyKeys(A);
        assertThat(activeMidway.get()).isEqualTo(first.id());
        // After: the new one, whole; none of the old.
        assertThat(lists.standingOf(List.of(A, B, C))).containsOnlyKeys(B, C);
        assertThat(lists.active().orElseThrow().id()).isEqualTo(replacement.id());
        assertThat(lists.entries(first.id())).isZero();
        assertThat(lists.recent(10)).extracting(EligibilityLedger.ListInfo::state)
                .containsExactly(EligibilityLedger.ACTIVE, EligibilityLedger.REPLACED);
    }

    @Test
    void aFailedImportLeavesTheActiveListAsItWasAndSaysSo() {
        EligibilityLedger.ListInfo first = lists.importList(header("Q1"), List.of(entry(A, 2)).iterator(), () -> 0);
        // Enough entries for a written batch before the failure: those too are rolled back.
        Iterator<EligibilityLedger.Entry> broken = new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public EligibilityLedger.Entry next() {
                if (n++ == EligibilityLedger.BATCH + 10) {
                    throw new IllegalArgumentException("the extract could not be read past line 1012");
                }
                if (n > EligibilityLedger.BATCH + 20) {
                    throw new NoSuchElementException();
                }
                return entry(String.format("92710141019%05d", n), 1);
            }
        };

        assertThatThrownBy(() -> lists.importList(header("broken"), broken, () -> 0))
                .hasMessageContaining("line 1012");

        assertThat(lists.active().orElseThrow().id()).isEqualTo(first.id());
        assertThat(lists.standingOf(List.of(A))).containsOnlyKeys(A);
        assertThat(lists.standingOf(List.of("9271014101900005"))).isEmpty();
        List<EligibilityLedger.ListInfo> recent = lists.recent(10);
        assertThat(recent.get(0).state()).isEqualTo(EligibilityLedger.FAILED);
        assertThat(recent.get(0).error()).contains("line 1012");
        assertThat(lists.entries(recent.get(0).id())).isZero();
    }

    @Test
    void withoutAnImportThereIsNoActiveListAndNoOneIsFound() {
        assertThat(lists.active()).isEmpty();
        assertThat(lists.standingOf(List.of(A))).isEmpty();
    }
}
