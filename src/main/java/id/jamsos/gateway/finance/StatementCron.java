package id.jamsos.gateway.finance;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@code jamsos.statements.cron}: five-field Unix cron ({@code minute hour day-of-month month
 * day-of-week}, day-of-week 0-7 with 0 and 7 Sunday; {@code *}, lists, ranges, steps) read by
 * cron-utils in the city's time zone. The schedule asks the past, not only the future: a gateway
 * that was down at the cron minute must still know the statement became due, so this is a cron
 * library's fire times rather than a trigger that only fires while the process runs.
 */
public final class StatementCron {

    /** Any instant will do to ask whether an expression fires at all: its calendar repeats. */
    private static final LocalDateTime NEVER_BEFORE = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final ExecutionTime times;
    private final ZoneId zone;

    private StatementCron(String text, ExecutionTime times, ZoneId zone) {
        this.text = text;
        this.times = times;
        this.zone = zone;
    }

    /**
     * @throws IllegalArgumentException when the text is not a five-field Unix cron expression, or is
     *         one that never fires ({@code 0 6 30 2 *}): no statement would ever be published
     */
    public static StatementCron parse(String text, ZoneId zone) {
        String trimmed = text.trim();
        ExecutionTime times = ExecutionTime.forCron(UNIX.parse(trimmed).validate());
        if (times.nextExecution(NEVER_BEFORE.atZone(zone)).isEmpty()) {
            throw new IllegalArgumentException("cron expression never fires: " + trimmed);
        }
        return new StatementCron(trimmed, times, zone);
    }

    /** The first minute of the month at which the expression fires, if it fires in that month at all. */
    public Optional<ZonedDateTime> firstIn(YearMonth month) {
        ZonedDateTime start = month.atDay(1).atStartOfDay(zone);
        // nextExecution is strictly after its argument: ask from one second before the month begins.
        return times.nextExecution(start.minusSeconds(1))
                .filter(t -> YearMonth.from(t.withZoneSameInstant(zone)).equals(month));
    }

    /** The next minute at which the expression fires after {@code now}, if it ever fires again. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
        return times.nextExecution(now.withZoneSameInstant(zone));
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return text;
    }
}
