package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;

/**
 * The TGL_LAHIR rule: dd-mm-yyyy, dd/mm/yyyy (Indonesian order; Excel may drop leading zeros)
 * or yyyy-mm-dd; a real date, not in the future.
 */
public final class BirthDates {

    public static final String FIELD = "TGL_LAHIR";
    /** Nobody alive was born earlier; an older year is a typo. */
    public static final int MIN_YEAR = 1900;

    /** The accepted and the recognised wrong shapes, matched by hand (ASCII digits only, as the regex class \d). */
    private enum Shape { DAY_FIRST, ISO, TWO_DIGIT_YEAR, EXCEL_SERIAL, OTHER }

    private BirthDates() {
    }

    /** The date, or null (and a reason added) when refused. */
    public static LocalDate parse(String raw, LocalDate today, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            rejections.add(reject("BIRTHDATE_MISSING", "TGL_LAHIR wajib diisi", "TGL_LAHIR is required"));
            return null;
        }
        // Digit runs and the two characters between them: "12/05/1990" is runs 2, 2, 4 split by '/' and '/'.
        int n = s.length();
        int run1 = digits(s, 0);
        char sep1 = run1 < n ? s.charAt(run1) : 0;
        int run2 = run1 + 1 < n ? digits(s, run1 + 1) : 0;
        int at2 = run1 + 1 + run2;
        char sep2 = at2 < n ? s.charAt(at2) : 0;
        int run3 = at2 + 1 < n ? digits(s, at2 + 1) : 0;
        boolean threeRuns = run1 > 0 && run2 > 0 && run3 > 0 && at2 + 1 + run3 == n;
        int day;
        int month;
        int year;
        switch (shape(n, run1, sep1, run2, sep2, run3, threeRuns)) {
            case DAY_FIRST -> {
                day = number(s, 0, run1);
                month = number(s, run1 + 1, run2);
                year = number(s, at2 + 1, run3);
            }
            case ISO -> {
                year = number(s, 0, run1);
                month = number(s, run1 + 1, run2);
                day = number(s, at2 + 1, run3);
            }
            case TWO_DIGIT_YEAR -> {
                rejections.add(reject("BIRTHDATE_FORMAT",
                        "Tahun TGL_LAHIR harus 4 digit (dd/mm/yyyy)", "TGL_LAHIR needs a 4-digit year (dd/mm/yyyy)"));
                return null;
            }
            case EXCEL_SERIAL -> {
                rejections.add(reject("BIRTHDATE_FORMAT",
                        "TGL_LAHIR berupa angka (format sel Excel); ubah format sel menjadi tanggal dd/mm/yyyy",
                        "TGL_LAHIR is a number (Excel cell format); format the cell as a date dd/mm/yyyy"));
                return null;
            }
            default -> {
                rejections.add(reject("BIRTHDATE_FORMAT",
                        "Format TGL_LAHIR harus dd/mm/yyyy, dd-mm-yyyy atau yyyy-mm-dd",
                        "TGL_LAHIR must be dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd"));
                return null;
            }
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            rejections.add(reject("BIRTHDATE_INVALID", "TGL_LAHIR bukan tanggal yang ada di kalender",
                    "TGL_LAHIR is not a real calendar date"));
            return null;
        }
        if (date.isAfter(today)) {
            rejections.add(reject("BIRTHDATE_FUTURE", "TGL_LAHIR ada di masa depan", "TGL_LAHIR is in the future"));
            return null;
        }
        if (year < MIN_YEAR) {
            rejections.add(reject("BIRTHDATE_TOO_OLD", "Tahun TGL_LAHIR sebelum " + MIN_YEAR,
                    "TGL_LAHIR year is before " + MIN_YEAR));
            return null;
        }
        return date;
    }

    private static RowRejection reject(String code, String id, String en) {
        return new RowRejection(FIELD, code, id, en);
    }

    /**
     * {@code d{1,2}([-/])d{1,2}\1d{4}}, {@code d{4}-d{1,2}-d{1,2}}, {@code d{1,2}[-/]d{1,2}[-/]d{2}},
     * {@code d{4,5}}, tried in this order. Digit runs are maximal, so "1 or 2 digits" is a run of 1 or 2.
     */
    private static Shape shape(int n, int run1, char sep1, int run2, char sep2, int run3, boolean threeRuns) {
        boolean slashOrDash1 = sep1 == '-' || sep1 == '/';
        boolean slashOrDash2 = sep2 == '-' || sep2 == '/';
        if (threeRuns && run1 <= 2 && slashOrDash1 && run2 <= 2 && sep2 == sep1 && run3 == 4) {
            return Shape.DAY_FIRST;
        }
        if (threeRuns && run1 == 4 && sep1 == '-' && run2 <= 2 && sep2 == '-' && run3 <= 2) {
            return Shape.ISO;
        }
        if (threeRuns && run1 <= 2 && slashOrDash1 && run2 <= 2 && slashOrDash2 && run3 == 2) {
            return Shape.TWO_DIGIT_YEAR;
        }
        if (run1 == n && (n == 4 || n == 5)) {
            return Shape.EXCEL_SERIAL;
        }
        return Shape.OTHER;
    }

    /** Length of the run of ASCII digits starting at {@code from}. */
    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private static int number(String s, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
