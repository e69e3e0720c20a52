package id.jamsos.gateway.claims;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: a claim's age in working days against its type's service level (JKM 3, JKK 7). */
class ClaimServiceLevelTest {

    static final ClaimCatalogue CATALOGUE = ClaimCatalogue.defaults();
    static final LocalDate THU = LocalDate.of(2026, 5, 28);
    static final LocalDate FRI = LocalDate.of(2026, 5, 29);
    static final LocalDate MON = LocalDate.of(2026, 6, 1);
    static final LocalDate TUE = LocalDate.of(2026, 6, 2);

    /** paidAt at 10:00 WIT (01:00 UTC) on that day. */
    static Instant paidOn(LocalDate day) {
        return day.atTime(1, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    @Test
    void workingDaysSkipTheWeekend() {
        assertThat(THU.getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
        assertThat(MON.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        // Friday's accident paid on Monday: one working day (Monday).
        assertThat(ClaimServiceLevel.workingDaysBetween(FRI, MON, Set.of())).isEqualTo(1);
        // Thursday to Tuesday: Friday, Monday, Tuesday.
        assertThat(ClaimServiceLevel.workingDaysBetween(THU, TUE, Set.of())).isEqualTo(3);
        // Saturday to Sunday: none; the same day or earlier: none.
        assertThat(ClaimServiceLevel.workingDaysBetween(FRI.plusDays(1), FRI.plusDays(2), Set.of())).isZero();
        assertThat(ClaimServiceLevel.workingDaysBetween(MON, MON, Set.of())).isZero();
        assertThat(ClaimServiceLevel.workingDaysBetween(TUE, MON, Set.of())).isZero();
        // A holiday on the Monday (1 June, Hari Lahir Pancasila): Thursday to Tuesday is two; one on a Saturday changes nothing.
        assertThat(ClaimServiceLevel.workingDaysBetween(THU, TUE, Set.of(MON))).isEqualTo(2);
        assertThat(ClaimServiceLevel.workingDaysBetween(THU, TUE, Set.of(FRI.plusDays(1)))).isEqualTo(3);
        // The start day itself is not counted, even a holiday there.
        assertThat(ClaimServiceLevel.workingDaysBetween(THU, TUE, Set.of(THU))).isEqualTo(3);
    }

    @Test
    void theWeekArithmeticAgreesWithCountingDayByDay() {
        Random random = new Random(16);
        Set<LocalDate> holidays = Set.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 5, 1), LocalDate.of(2026, 6, 1),
                LocalDate.of(2026, 8, 17), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1));
        for (int i = 0; i < 2_000; i++) {
            LocalDate from = LocalDate.of(2025, 12, 1).plusDays(random.nextInt(400));
            LocalDate to = from.plusDays(random.nextInt(120) - 10);
            int expected = 0;
            for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
                if (d.getDayOfWeek().getValue() <= 5 && !holidays.contains(d)) {
                    expected++;
                }
            }
            assertThat(ClaimServiceLevel.workingDaysBetween(from, to, holidays)).as("%s .. %s", from, to)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aJkmPaidOnTheThirdWorkingDayIsWithinItsLevelAndOnTheFourthLate() {
        ClaimCatalogue.TypeRule jkm = CATALOGUE.types().get("JKM");
        ClaimServiceLevel onTime = ClaimServiceLevel.of(jkm, THU, paidOn(TUE), paidOn(TUE), CATALOGUE);
        assertThat(onTime).isEqualTo(new ClaimServiceLevel("EVENT", "2026-05-28", "2026-06-02", 3, 3, false, 0, null));

        ClaimServiceLevel late = ClaimServiceLevel.of(jkm, THU, paidOn(TUE.plusDays(1)), paidOn(TUE), CATALOGUE);
        assertThat(late.late()).isTrue();
        assertThat(late.lateDays()).isEqualTo(1);
        assertThat(late.note()).as("JKM has no late penalty").isNull();
    }

    @Test
    void aLateJkkCarriesThePenaltyAsANoteNotAsMoney() {
        ClaimCatalogue.TypeRule jkk = CATALOGUE.types().get("JKK");
        // From Thursday 28 May to Friday 12 June: 11 working days, 4 over the 7 of JKK.
        LocalDate paid = LocalDate.of(2026, 6, 12);
        ClaimServiceLevel late = ClaimServiceLevel.of(jkk, THU, paidOn(paid), paidOn(paid), CATALOGUE);

        assertThat(late.workingDays()).isEqualTo(11);
        assertThat(late.limit()).isEqualTo(7);
        assertThat(late.lateDays()).isEqualTo(4);
        assertThat(late.note()).contains("4 hari kerja").contains("1 % per hari").contains("PP 44/2015")
                .contains("4 working days past the 7-working-day level").contains("not computed by the gateway");
        assertThat(ClaimServiceLevel.of(jkk, THU, paidOn(TUE), paidOn(TUE), CATALOGUE).note()).isNull();
    }

    @Test
    void withoutAnEventDateItCountsFromTheGatewaysReceiptAndATypeWithoutALevelHasNone() {
        ClaimCatalogue.TypeRule jkm = CATALOGUE.types().get("JKM");
        ClaimServiceLevel received = ClaimServiceLevel.of(jkm, null, paidOn(TUE), paidOn(TUE).plusSeconds(5), CATALOGUE);
        assertThat(received.basis()).isEqualTo(ClaimServiceLevel.FROM_RECEIPT);
        assertThat(received.from()).isEqualTo("2026-06-02");
        assertThat(received.workingDays()).isZero();
        assertThat(received.late()).isFalse();

        assertThat(ClaimServiceLevel.of(new ClaimCatalogue.TypeRule(1_000L, Set.of()), THU, paidOn(TUE), paidOn(TUE),
                CATALOGUE)).isNull();
        assertThat(ClaimServiceLevel.of(jkm, THU, null, paidOn(TUE), CATALOGUE)).isNull();
    }
}
