package id.jamsos.gateway.finance;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.BitSet;
import java.util.Optional;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week} (day-of-week 0-7,
 * 0 and 7 Sunday), with {@code *}, lists, ranges and steps ({@code 0 6 1 * *}: 06:00 on the 1st).
 * When both day fields are restricted either may match, as in classic cron. Enough for the monthly
 * statement without pulling in Quartz; see docs/finance.md.
 */
public final class CronExpression {

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
