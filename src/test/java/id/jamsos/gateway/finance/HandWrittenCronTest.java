package id.jamsos.gateway.finance;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The statement's cron was a hand-written five-field parser ({@code finance/CronExpression}, copied
 * below as it was) until cron-utils replaced it ({@link StatementCron}). Both read the same random
 * expressions, built from the pieces cron allows (star, numbers at and beyond the field's ends,
 * ranges, steps, lists, day-of-week 7), and must agree on every minute asked and on the first
 * firing of every month asked, which is what the schedule's catch-up rests on.
 */
class HandWrittenCronTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final int[][] FIELDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    @Test
    void sameMinutesAndSameFirstFiringAsTheHandWrittenCronOnRandomExpressions() {
        Random random = new Random(15);
        int compared = 0;
        int neverFires = 0;
        List<String> oldWasWrong = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            String text = randomExpression(random);
            Reference reference = new Reference(text);
            StatementCron cron;
            try {
                cron = StatementCron.parse(text, WIT);
            } catch (IllegalArgumentException e) {
                // Refused as never firing (the 30th of February): the hand-written cron took it and
                // never fired either, in any month of twelve years.
                assertThat(e).hasMessageContaining("never fires");
                for (YearMonth m = YearMonth.of(2020, 1); m.getYear() < 2032; m = m.plusMonths(1)) {
                    assertThat(reference.firstIn(m)).as("%s in %s", text, m).isEmpty();
                }
                neverFires++;
                compared++;
                continue;
            }
            boolean disagreed = false;
            for (int k = 0; k < 20; k++) {
                LocalDateTime t = LocalDateTime.of(2020 + random.nextInt(12), 1 + random.nextInt(12), 1, 0, 0)
                        .plusDays(random.nextInt(31)).withHour(random.nextInt(24)).withMinute(random.nextInt(60));
                ZonedDateTime minute = t.atZone(WIT);
                boolean fires = cron.nextAfter(minute.minusMinutes(1)).filter(minute::equals).isPresent();
                assertThat(fires).as("%s at %s", text, t).isEqualTo(reference.matches(t));
                disagreed |= reference.old.matches(t) != reference.matches(t);
            }
            for (int k = 0; k < 3; k++) {
                YearMonth month = YearMonth.of(2020 + random.nextInt(12), 1 + random.nextInt(12));
                assertThat(cron.firstIn(month).map(ZonedDateTime::toLocalDateTime)).as("%s in %s", text, month)
                        .isEqualTo(reference.firstIn(month));
                disagreed |= !reference.old.firstIn(month).equals(reference.firstIn(month));
            }
            if (disagreed) {
                oldWasWrong.add(text);
            }
            compared++;
        }
        System.out.println("[differential] " + compared + " random expressions, " + neverFires + " of them refused as never"
                + " firing (the hand-written cron never fired them either); cron-utils and the hand-written cron"
                + " agreed on all but " + oldWasWrong.size() + ", each with a day field of */1 or a weekday step"
                + " from 7, spelt as cron-utils reads them (see Reference), e.g. " + oldWasWrong.stream()
                .limit(3).toList());
        assertThat(compared).isEqualTo(800);
        // The generator must reach the cases where they differ, or the test would not see them.
        assertThat(oldWasWrong).isNotEmpty().allMatch(r -> new Reference(r).readDifferently());
    }

    @Test
    void aDayFieldOfEveryDayWrittenAsAStepIsAStar() {
        // "*/1" is every day, as "*" is; cron-utils reads it so, and then the day-of-month OR
        // day-of-week rule does not apply: only the 15th fires. The hand-written cron took "*/1" for
        // a restriction and, with the OR, fired every day.
        LocalDateTime saturdayThe1st = LocalDateTime.of(2024, 6, 1, 6, 0);
        assertThat(StatementCron.parse("0 6 15 * */1", WIT).nextAfter(saturdayThe1st.minusDays(1).atZone(WIT)))
                .hasValue(LocalDateTime.of(2024, 6, 15, 6, 0).atZone(WIT));
        assertThat(CronExpression.parse("0 6 15 * */1").matches(saturdayThe1st)).isTrue();
        // Any other step is a restriction for both: either day field may match (Vixie cron would
        // need both, for a field starting with a star).
        assertThat(StatementCron.parse("0 6 15 * */2", WIT).nextAfter(saturdayThe1st.minusDays(1).atZone(WIT)))
                .hasValue(saturdayThe1st.atZone(WIT));
        assertThat(CronExpression.parse("0 6 15 * */2").matches(saturdayThe1st)).isTrue();
    }

    @Test
    void theExpressionsOperatorsWriteFireWhereBothSay() {
        for (String text : new String[] {"0 6 1 * *", "30 7 2 1,4,7,10 *", "0 8 * * 1-5", "*/15 * * * *",
                "0 6 1-7 * 1", "0 0 * * 7", "0 0 * * 0", "59 23 31 * *", "0 6 29 2 *", "5/20 6 1 * *"}) {
            CronExpression old = CronExpression.parse(text);
            StatementCron cron = StatementCron.parse(text, WIT);
            for (int m = 0; m < 60; m++) {
                YearMonth month = YearMonth.of(2024, 1).plusMonths(m);
                assertThat(cron.firstIn(month).map(ZonedDateTime::toLocalDateTime)).as("%s in %s", text, month)
                        .isEqualTo(old.firstIn(month));
            }
        }
    }

    @Test
    void whatTheHandWrittenCronRefusedTheLibraryRefusesToo() {
        for (String text : new String[] {"0 6 1 *", "0 6 1 * * *", "60 6 1 * *", "0 24 1 * *", "0 6 0 * *",
                "0 6 32 * *", "0 6 1 13 *", "0 6 1 * 8", "x 6 1 * *", "0 6 5-1 * *", ""}) {
            assertThatThrownBy(() -> CronExpression.parse(text)).as("old: %s", text)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> StatementCron.parse(text, WIT)).as("cron-utils: %s", text)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anExpressionThatNeverFiresIsRefusedWhereTheHandWrittenCronTookIt() {
        for (String text : new String[] {"0 6 30 2 *", "0 6 31 4,6,9,11 *"}) {
            for (YearMonth m = YearMonth.of(2024, 1); m.getYear() < 2029; m = m.plusMonths(1)) {
                assertThat(CronExpression.parse(text).firstIn(m)).as("old: %s in %s", text, m).isEmpty();
            }
            assertThatThrownBy(() -> StatementCron.parse(text, WIT)).as("cron-utils: %s", text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never fires");
        }
    }

    private static String randomExpression(Random random) {
        List<String> fields = new ArrayList<>();
        for (int[] range : FIELDS) {
            int parts = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
            List<String> list = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                list.add(randomPart(random, range[0], range[1], parts == 1));
            }
            fields.add(String.join(",", list));
        }
        return String.join(" ", fields);
    }

    private static String randomPart(Random random, int min, int max, boolean alone) {
        int a = min + random.nextInt(max - min + 1);
        int b = a + random.nextInt(max - a + 1);
        int step = 1 + random.nextInt(Math.max(1, (max - min) / 2));
        return switch (random.nextInt(alone ? 6 : 5)) {
            case 0 -> Integer.toString(a);
            case 1 -> a + "-" + b;
            case 2 -> a + "-" + b + "/" + step;
            case 3 -> "*/" + step;
            case 4 -> a + "/" + step;
            default -> "*";
        };
    }

    /**
     * What cron-utils must answer: the hand-written cron's answer, except for two spellings that the
     * two read differently, both harmless for a monthly statement and both found by this test:
     * <ul>
     *   <li>a day field of {@code *}{@code /1}: every day, an unrestricted field as {@code *} is for
     *       cron-utils, so both day fields must match; the hand-written cron counted it as a
     *       restriction and needed either. The answer is the old parser's own day-of-month and
     *       day-of-week readings joined with AND;</li>
     *   <li>a day-of-week step from 7 ({@code 7/3}): cron-utils turns 7 into Sunday (0) first and
     *       steps through the week (Sunday, Wednesday, Saturday); the hand-written cron stepped from
     *       7 to its end, Sunday alone. The answer is the old parser's reading of {@code 0/3}.</li>
     * </ul>
     */
    private static final class Reference {
        final CronExpression old;
        private final boolean readDifferently;
        private final boolean bothDays;
        private final CronExpression asTheLibraryReadsIt;
        private final CronExpression daysOfMonth;
        private final CronExpression daysOfWeek;
        private final CronExpression timeOfDay;

        Reference(String text) {
            String[] f = text.split(" ");
            String weekdays = Arrays.stream(f[4].split(",")).map(part -> part.replaceFirst("^7/", "0/"))
                    .collect(Collectors.joining(","));
            bothDays = f[2].equals("*/1") || f[4].equals("*/1");
            readDifferently = bothDays || !weekdays.equals(f[4]);
            old = CronExpression.parse(text);
            asTheLibraryReadsIt = CronExpression.parse(f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + weekdays);
            daysOfMonth = CronExpression.parse(f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " *");
            daysOfWeek = CronExpression.parse(f[0] + " " + f[1] + " * " + f[3] + " " + weekdays);
            timeOfDay = CronExpression.parse(f[0] + " " + f[1] + " * * *");
        }

        boolean readDifferently() {
            return readDifferently;
        }

        boolean matches(LocalDateTime t) {
            return bothDays ? daysOfMonth.matches(t) && daysOfWeek.matches(t) : asTheLibraryReadsIt.matches(t);
        }

        Optional<LocalDateTime> firstIn(YearMonth month) {
            if (!bothDays) {
                return asTheLibraryReadsIt.firstIn(month);
            }
            // The hours and minutes do not depend on the day: the first firing is at the first of
            // them on the first day that matches.
            LocalTime first = timeOfDay.firstIn(month).orElseThrow().toLocalTime();
            for (int day = 1; day <= month.lengthOfMonth(); day++) {
                LocalDateTime t = month.atDay(day).atTime(first);
                if (matches(t)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** The hand-written parser as it was in the gateway, kept only to hold cron-utils against. */
    static final class CronExpression {

        private final String text;
        private final BitSet minutes;
        private final BitSet hours;
        private final BitSet daysOfMonth;
        private final BitSet months;
        private final BitSet daysOfWeek;
        private final boolean domRestricted;
        private final boolean dowRestricted;

        private CronExpression(String text, String[] f) {
            this.text = text;
            this.minutes = parse(f[0], 0, 59, "minute");
            this.hours = parse(f[1], 0, 23, "hour");
            this.daysOfMonth = parse(f[2], 1, 31, "day of month");
            this.months = parse(f[3], 1, 12, "month");
            this.daysOfWeek = parse(f[4], 0, 7, "day of week");
            if (daysOfWeek.get(7)) {
                daysOfWeek.set(0);
            }
            this.domRestricted = !f[2].equals("*");
            this.dowRestricted = !f[4].equals("*");
        }

        public static CronExpression parse(String text) {
            String[] fields = text.trim().split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException("cron expression needs 5 fields (minute hour day month weekday): " + text);
            }
            return new CronExpression(text.trim(), fields);
        }

        public boolean matches(LocalDateTime t) {
            return minutes.get(t.getMinute()) && hours.get(t.getHour()) && months.get(t.getMonthValue()) && dayMatches(t);
        }

        private boolean dayMatches(LocalDateTime t) {
            boolean dom = daysOfMonth.get(t.getDayOfMonth());
            boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
            if (domRestricted && dowRestricted) {
                return dom || dow;
            }
            return dom && dow;
        }

        /** The first minute of the month the expression fires, if it fires in that month at all. */
        public Optional<LocalDateTime> firstIn(YearMonth month) {
            if (!months.get(month.getMonthValue())) {
                return Optional.empty();
            }
            for (int day = 1; day <= month.lengthOfMonth(); day++) {
                LocalDateTime date = month.atDay(day).atStartOfDay();
                if (!dayMatches(date)) {
                    continue;
                }
                int hour = hours.nextSetBit(0);
                int minute = minutes.nextSetBit(0);
                if (hour >= 0 && minute >= 0) {
                    return Optional.of(date.withHour(hour).withMinute(minute));
                }
            }
            return Optional.empty();
        }

        private static BitSet parse(String field, int min, int max, String name) {
            BitSet bits = new BitSet(max + 1);
            for (String part : field.split(",")) {
                int step = 1;
                String range = part;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    step = number(part.substring(slash + 1), 1, max, name);
                    range = part.substring(0, slash);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", 2);
                    from = number(ends[0], min, max, name);
                    to = number(ends[1], min, max, name);
                } else {
                    from = number(range, min, max, name);
                    to = slash >= 0 ? max : from;
                }
                if (from > to) {
                    throw new IllegalArgumentException("cron " + name + " range " + range + " runs backwards");
                }
                for (int v = from; v <= to; v += step) {
                    bits.set(v);
                }
            }
            return bits;
        }

        private static int number(String s, int min, int max, String name) {
            try {
                int v = Integer.parseInt(s);
                if (v < min || v > max) {
                    throw new IllegalArgumentException("cron " + name + " " + v + " is outside " + min + "-" + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cron " + name + " is not a number: " + s);
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
