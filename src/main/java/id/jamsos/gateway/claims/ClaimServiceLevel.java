package id.jamsos.gateway.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * How long a paid claim took against the service level BPJS promises (JKM: 3 working days, JKK: 7,
 * settings {@code jamsos.claims.type.<TYPE>.serviceLevelWorkingDays}), as finance reads it in the
 * message's {@code serviceLevel}.
 *
 * <p>The law counts from the complete claim, which BPJS's notice does not carry; the gateway counts
 * from the event (tanggalKejadian: what the heirs or the worker waited), or, without one, from the day
 * the gateway received the notice (basis {@code RECEIVED}: usually after paidAt, so 0 days and never
 * late; shown so that a missing event date is visible, not guessed). A working day is Monday to Friday
 * and not in {@code jamsos.claims.holidays}; the days counted are those after the start day up to and
 * including the day paid, in the city's zone: an accident on Friday paid on Monday took 1 working day.
 *
 * @param basis     {@code EVENT} or {@code RECEIVED}
 * @param from      the day counted from, yyyy-MM-dd
 * @param paidOn    the day paid in the city's zone, yyyy-MM-dd
 * @param workingDays working days from {@code from} to {@code paidOn}
 * @param limit     the service level in working days
 * @param late      whether {@code workingDays} exceeds {@code limit}
 * @param lateDays  working days over the limit (0 when not late)
 * @param note      for a late claim of a type with a late penalty (JKK): that BPJS owes the worker the
 *                  penalty, in Indonesian / English; information only, the gateway computes no money. Null otherwise.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ClaimServiceLevel(String basis, String from, String paidOn, int workingDays, int limit, boolean late,
                                int lateDays, String note) {

    public static final String FROM_EVENT = "EVENT";
    public static final String FROM_RECEIPT = "RECEIVED";

    /**
     * The claim's age against its type's level, or null when the type has none or paidAt is no instant.
     *
     * @param eventDate  the checked event date, or null
     * @param receivedAt when the gateway received the notice
     */
    static ClaimServiceLevel of(ClaimCatalogue.TypeRule type, LocalDate eventDate, Instant paidAt, Instant receivedAt,
                                ClaimCatalogue catalogue) {
        if (type == null || type.serviceLevelWorkingDays() <= 0 || paidAt == null) {
            return null;
        }
        ZoneId zone = catalogue.zone();
        LocalDate from = eventDate != null ? eventDate : receivedAt.atZone(zone).toLocalDate();
        LocalDate paidOn = paidAt.atZone(zone).toLocalDate();
        int days = workingDaysBetween(from, paidOn, catalogue.holidays());
        int limit = type.serviceLevelWorkingDays();
        boolean late = days > limit;
        int over = late ? days - limit : 0;
        String note = null;
        if (late && type.latePenaltyPercentPerDay() > 0) {
            int pct = type.latePenaltyPercentPerDay();
            note = "Dibayar " + over + " hari kerja melewati batas " + limit + " hari kerja; BPJS wajib membayar denda "
                    + pct + " % per hari keterlambatan kepada peserta (PP 44/2015 ps. 37), tidak dihitung gateway / paid "
                    + over + " working days past the " + limit + "-working-day level; BPJS owes the worker a " + pct
                    + " % a day late penalty (PP 44/2015 art. 37), not computed by the gateway";
        }
        return new ClaimServiceLevel(eventDate != null ? FROM_EVENT : FROM_RECEIPT, from.toString(), paidOn.toString(),
                days, limit, late, over, note);
    }

    /**
     * Working days after {@code from} up to and including {@code to}: Monday to Friday, not a holiday.
     * 0 when {@code to} is not after {@code from}. Counted by whole weeks, so a claim paid years late
     * costs no more than one paid on time.
     */
    public static int workingDaysBetween(LocalDate from, LocalDate to, Set<LocalDate> holidays) {
        if (!to.isAfter(from)) {
            return 0;
        }
        long total = to.toEpochDay() - from.toEpochDay();
        long weeks = total / 7;
        long days = weeks * 5;
        LocalDate d = from.plusDays(weeks * 7);
        while (d.isBefore(to)) {
            d = d.plusDays(1);
            if (isWeekday(d)) {
                days++;
            }
        }
        for (LocalDate h : holidays) {
            if (h.isAfter(from) && !h.isAfter(to) && isWeekday(h)) {
                days--;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, days);
    }

    private static boolean isWeekday(LocalDate d) {
        DayOfWeek day = d.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }
}
