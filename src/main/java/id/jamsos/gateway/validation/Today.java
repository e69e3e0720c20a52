package id.jamsos.gateway.validation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code LocalDate.now(clock)} for a row rule, worked out again only when the clock has left the
 * day it was last worked out for: the time-zone lookup behind it costs more than the rest of a
 * row's date checks.
 */
final class Today {

    private final Clock clock;
    private LocalDate date;
    /** The day of {@code date} is [dayStart, nextDayStart) in milliseconds since the epoch. */
    private long dayStart;
    private long nextDayStart;

    Today(Clock clock) {
        this.clock = clock;
    }

    LocalDate get() {
        long now = clock.millis();
        if (date == null || now < dayStart || now >= nextDayStart) {
            Instant instant = Instant.ofEpochMilli(now);
            date = LocalDate.ofInstant(instant, clock.getZone());
            // atStartOfDay(zone) is the first instant of the date even where midnight is skipped (DST).
            dayStart = date.atStartOfDay(clock.getZone()).toInstant().toEpochMilli();
            nextDayStart = date.plusDays(1).atStartOfDay(clock.getZone()).toInstant().toEpochMilli();
        }
        return date;
    }
}
