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
 * @param maxSharedStringBytes heap an {@code .xlsx}'s shared strings (each distinct text of the
 *                             workbook, the one part that must be held whole) may take, counted as
 *                             they are read (UTF-8 bytes plus 6 per string); past it the file is refused
 *                             as {@link FileRefusals#TOO_COMPLEX}. The file's own count is not trusted
 * @param maxRows              records (CSV) or rows (.xlsx) a file may have; past it the file is refused
 *                             as {@link FileRefusals#TOO_MANY_ROWS} before the first row is validated. It
 *                             bounds the duplicate check (one long per NIK), the one structure that grows
 *                             with the file
 * @param maxPackagePartBytes  how far each {@code .xlsx} part that POI reads whole (content types,
 *                             relationships, the workbook part with one entry per sheet, the styles) may
 *                             inflate; past it the file is refused as {@link FileRefusals#TOO_COMPLEX}
 *                             before POI opens it. A real workbook's are a few kilobytes
 * @param maxStylesPartBytes   how far an {@code .xlsx}'s styles part may inflate (refused as
 *                             {@link FileRefusals#TOO_COMPLEX} past it, before POI opens the file). It is
 *                             read streaming ({@code DateStyles}: one bit per cell format), so this bounds
 *                             time, not memory
 * @param nikBirthDate         a row whose only problem is NIK_BIRTHDATE_MISMATCH: refused ({@code refuse}, the
 *                             default) or accepted for the population registry to confirm TGL_LAHIR
 *                             ({@code registry}; see {@link NikBirthDatePolicy})
 */
public record ValidationSettings(long defaultMonthlyIncome, long maxFileBytes, int maxLineChars, Clock clock,
                                 long maxSharedStringBytes, long maxRows, long maxPackagePartBytes,
                                 long maxStylesPartBytes, NikBirthDatePolicy nikBirthDate) {

    public static final long DEFAULT_MONTHLY_INCOME = 1_000_000L;
    public static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_LINE_CHARS = 10_000;
    /**
     * 64 MiB: about 650,000 rows whose NIK, name, address and phone are all text and all distinct
     * (Excel keeps repeated texts once). Two agencies' files at once stay well inside a 512 MiB heap
     * beside the broker and the ledger pool; a longer list goes as CSV, which has no such table.
     */
    public static final long DEFAULT_MAX_SHARED_STRING_BYTES = 64L * 1024 * 1024;
    /** 1,048,576 data rows: Excel's own sheet limit, and above the million-row lists the bench generates. */
    public static final long DEFAULT_MAX_ROWS = 1L << 20;
    /**
     * 4 MiB: POI holds these parts as a DOM at several times their size, so a 30 MB workbook naming
     * 580,000 sheets ran a 128 MiB JVM out of heap (security/MemoryFuzzTest); a thousand sheets take
     * about 150 KB.
     */
    public static final long DEFAULT_MAX_PACKAGE_PART_BYTES = 4L << 20;
    /**
     * 32 MiB: Excel's own ceiling is 64,000 cell formats; at some 200 bytes each with their alignment,
     * beside as many fonts, fills and borders and the named styles that copying between workbooks piles
     * up, a heavily formatted workbook's styles come to tens of MB at most (an estimate, not a measured
     * workbook). Read streaming, so what this bounds is the time of two passes over the part.
     */
    public static final long DEFAULT_MAX_STYLES_PART_BYTES = 32L << 20;

    public ValidationSettings {
        Objects.requireNonNull(clock, "clock");
        nikBirthDate = nikBirthDate == null ? NikBirthDatePolicy.REFUSE : nikBirthDate;
        if (defaultMonthlyIncome < 0) {
            throw new IllegalArgumentException("defaultMonthlyIncome must not be negative");
        }
        if (maxFileBytes <= 0 || maxLineChars <= 0 || maxSharedStringBytes <= 0 || maxRows <= 0
                || maxPackagePartBytes <= 0 || maxStylesPartBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxSharedStringBytes > 1L << 30) {
            throw new IllegalArgumentException("maxSharedStringBytes must be at most 1 GiB");
        }
        if (maxPackagePartBytes > 1L << 30 || maxStylesPartBytes > 1L << 30) {
            throw new IllegalArgumentException("maxPackagePartBytes and maxStylesPartBytes must be at most 1 GiB");
        }
    }

    /** A birth-date mismatch refused as always ({@link NikBirthDatePolicy#REFUSE}). */
    public ValidationSettings(long defaultMonthlyIncome, long maxFileBytes, int maxLineChars, Clock clock,
                              long maxSharedStringBytes, long maxRows, long maxPackagePartBytes,
                              long maxStylesPartBytes) {
        this(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock, maxSharedStringBytes, maxRows,
                maxPackagePartBytes, maxStylesPartBytes, NikBirthDatePolicy.REFUSE);
    }

    /** The styles part's limit at its default. */
    public ValidationSettings(long defaultMonthlyIncome, long maxFileBytes, int maxLineChars, Clock clock,
                              long maxSharedStringBytes, long maxRows, long maxPackagePartBytes) {
        this(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock, maxSharedStringBytes, maxRows,
                maxPackagePartBytes, DEFAULT_MAX_STYLES_PART_BYTES);
    }

    /** The memory limits at their defaults. */
    public ValidationSettings(long defaultMonthlyIncome, long maxFileBytes, int maxLineChars, Clock clock) {
        this(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock, DEFAULT_MAX_SHARED_STRING_BYTES,
                DEFAULT_MAX_ROWS, DEFAULT_MAX_PACKAGE_PART_BYTES);
    }

    public static ValidationSettings defaults() {
        return new ValidationSettings(DEFAULT_MONTHLY_INCOME, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_LINE_CHARS,
                Clock.systemDefaultZone());
    }

    public ValidationSettings withClock(Clock newClock) {
        return new ValidationSettings(defaultMonthlyIncome, maxFileBytes, maxLineChars, newClock,
                maxSharedStringBytes, maxRows, maxPackagePartBytes, maxStylesPartBytes, nikBirthDate);
    }

    public ValidationSettings withLimits(long newMaxFileBytes, int newMaxLineChars) {
        return new ValidationSettings(defaultMonthlyIncome, newMaxFileBytes, newMaxLineChars, clock,
                maxSharedStringBytes, maxRows, maxPackagePartBytes, maxStylesPartBytes, nikBirthDate);
    }

    public ValidationSettings withMemoryLimits(long newMaxSharedStringBytes, long newMaxRows) {
        return new ValidationSettings(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock,
                newMaxSharedStringBytes, newMaxRows, maxPackagePartBytes, maxStylesPartBytes, nikBirthDate);
    }

    public ValidationSettings withMaxPackagePartBytes(long newMaxPackagePartBytes) {
        return new ValidationSettings(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock, maxSharedStringBytes,
                maxRows, newMaxPackagePartBytes, maxStylesPartBytes, nikBirthDate);
    }

    public ValidationSettings withMaxStylesPartBytes(long newMaxStylesPartBytes) {
        return new ValidationSettings(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock, maxSharedStringBytes,
                maxRows, maxPackagePartBytes, newMaxStylesPartBytes, nikBirthDate);
    }

    public ValidationSettings withDefaultMonthlyIncome(long income) {
        return new ValidationSettings(income, maxFileBytes, maxLineChars, clock, maxSharedStringBytes, maxRows,
                maxPackagePartBytes, maxStylesPartBytes, nikBirthDate);
    }

    /** What a row whose only problem is NIK_BIRTHDATE_MISMATCH becomes ({@link NikBirthDatePolicy}). */
    public ValidationSettings withNikBirthDate(NikBirthDatePolicy policy) {
        return new ValidationSettings(defaultMonthlyIncome, maxFileBytes, maxLineChars, clock, maxSharedStringBytes,
                maxRows, maxPackagePartBytes, maxStylesPartBytes, policy);
    }
}
