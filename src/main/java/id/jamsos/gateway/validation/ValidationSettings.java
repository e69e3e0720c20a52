package id.jamsos.gateway.validation;

import java.time.Clock;
import java.util.Objects;

/**
 * Limits and defaults for agency-file validation.
 *
 * @param defaultMonthlyIncome income in whole rupiah for rows whose PENGHASILAN is empty
 * @param maxFileBytes         larger files are refused before reading, to protect disk and time (the
 *                             file is streamed, so memory does not grow with it); the default
 *                             256 MiB takes a generated 1,000,000-row CSV (about 134 MB)
 * @param maxLineChars         a longer physical line (or quoted record) refuses the file; a real
 *                             worker row is a few hundred characters, a longer one is a broken file
 * @param clock                decides what "in the future" means for birth dates
 */
public record ValidationSettings(long defaultMonthlyIncome, long maxFileBytes, int maxLineChars, Clock clock) {

    public static final long DEFAULT_MONTHLY_INCOME = 1_000_000L;
    public static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_LINE_CHARS = 10_000;

    public ValidationSettings {
        Objects.requireNonNull(clock, "clock");
        if (defaultMonthlyIncome < 0) {
            throw new IllegalArgumentException("defaultMonthlyIncome must not be negative");
        }
        if (maxFileBytes <= 0 || maxLineChars <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static ValidationSettings defaults() {
        return new ValidationSettings(DEFAULT_MONTHLY_INCOME, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_LINE_CHARS,
                Clock.systemDefaultZone());
    }

    public ValidationSettings withClock(Clock newClock) {
        return new ValidationSettings(defaultMonthlyIncome, maxFileBytes, maxLineChars, newClock);
    }

    public ValidationSettings withLimits(long newMaxFileBytes, int newMaxLineChars) {
        return new ValidationSettings(defaultMonthlyIncome, newMaxFileBytes, newMaxLineChars, clock);
    }

    public ValidationSettings withDefaultMonthlyIncome(long income) {
        return new ValidationSettings(income, maxFileBytes, maxLineChars, clock);
    }
}
