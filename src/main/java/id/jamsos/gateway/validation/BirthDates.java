package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TGL_LAHIR rule: dd-mm-yyyy, dd/mm/yyyy (Indonesian order; Excel may drop leading zeros)
 * or yyyy-mm-dd; a real date, not in the future.
 */
public final class BirthDates {

    public static final String FIELD = "TGL_LAHIR";
    /** Nobody alive was born earlier; an older year is a typo. */
    public static final int MIN_YEAR = 1900;

    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})([-/])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern TWO_DIGIT_YEAR = Pattern.compile("\\d{1,2}[-/]\\d{1,2}[-/]\\d{2}");
    /** Excel's day count, what a date column shows when it was formatted as a number. */
    private static final Pattern EXCEL_SERIAL = Pattern.compile("\\d{4,5}");

    private BirthDates() {
    }

    /** The date, or null (and a reason added) when refused. */
    public static LocalDate parse(String raw, LocalDate today, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            rejections.add(reject("BIRTHDATE_MISSING", "TGL_LAHIR wajib diisi", "TGL_LAHIR is required"));
            return null;
        }
        int day;
        int month;
        int year;
        Matcher m = DAY_FIRST.matcher(s);
        Matcher iso = ISO.matcher(s);
        if (m.matches()) {
            day = Integer.parseInt(m.group(1));
            month = Integer.parseInt(m.group(3));
            year = Integer.parseInt(m.group(4));
        } else if (iso.matches()) {
            year = Integer.parseInt(iso.group(1));
            month = Integer.parseInt(iso.group(2));
            day = Integer.parseInt(iso.group(3));
        } else if (TWO_DIGIT_YEAR.matcher(s).matches()) {
            rejections.add(reject("BIRTHDATE_FORMAT",
                    "Tahun TGL_LAHIR harus 4 digit (dd/mm/yyyy)", "TGL_LAHIR needs a 4-digit year (dd/mm/yyyy)"));
            return null;
        } else if (EXCEL_SERIAL.matcher(s).matches()) {
            rejections.add(reject("BIRTHDATE_FORMAT",
                    "TGL_LAHIR berupa angka (format sel Excel); ubah format sel menjadi tanggal dd/mm/yyyy",
                    "TGL_LAHIR is a number (Excel cell format); format the cell as a date dd/mm/yyyy"));
            return null;
        } else {
            rejections.add(reject("BIRTHDATE_FORMAT",
                    "Format TGL_LAHIR harus dd/mm/yyyy, dd-mm-yyyy atau yyyy-mm-dd",
                    "TGL_LAHIR must be dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd"));
            return null;
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
}
