package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row rules were rewritten without regular expressions on their common path, for speed. Here
 * the regex versions they replaced (copied below as they were) and the rules as they are now get
 * the same random cells, built from the pieces that matter (digits, separators, currency words,
 * every kind of space, accented letters, surrogate pairs), and must give the same value and the
 * same reasons.
 */
class HandWrittenRulesTest {

    private static final String[] PIECES = {"0", "1", "2", "9", "12", "05", "1990", "2025", "31", "29", "00", "0000",
            "00000", ".", ",", "-", "/", " ", "  ", "\t", "\n", "\r", "\u000B", "\f", "\u00A0", "\u2007", "\u202F",
            "\u2003", "\u3000", "\u001C", "\u0085", "\u2028", "Rp", "rp.", "RP ", "rP", "IDR", "idr", "Id", "(", ")",
            "+62", "62", "08", "8", "812", "é", "ß", "ﬁ", "\u2019", "\u2018", "`", "'", "L", "P", "p", "l", "laki-laki",
            "Laki_Laki", "LAKI - LAKI", "laki2", "pria", "Wanita", "female", "M", "F", "_", "O", "9.27101E+15",
            "Agustinus", "Kambu", "André", "La Ode", "e\u0301", "\uD835\uDC00", "\u0660", "\u00B2", "\u0967", "000",
            ".000", ",000", ",00", ",0", ",-", ".00", ".0", "1.000.000", "1,000,000", "Rp 1.500.000,-", "x", "Z", "!",
            "\u00AD", "\uFEFF", "İ", "ı", "12/05/", "1/5/", "12-05-", "7/11-", "2024-", "-05-", "-1-", "19900", "199",
            "123"};

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);

    @Test
    void sameResultsAsTheRegexRulesOnRandomCells() {
        Random random = new Random(5);
        for (int i = 0; i < 40_000; i++) {
            String cell = randomCell(random);
            assertSame(cell);
        }
    }

    @Test
    void sameResultsOnTheCellsTheGeneratorAndClerksWrite() {
        for (String cell : new String[] {"", " ", "L", "P", "laki-laki", "Laki Laki", "LAKI_LAKI", "perempuan", "m",
                "12/05/1990", "1/5/1990", "12-05-1990", "12-05/1990", "1990-05-12", "1990-5-1", "12/05/90", "12-5/90",
                "32640", "123456", "29/02/2023", "31/04/1990", "00/01/1990", "01/01/1899", "01/01/2030",
                "1000000", "1.000.000", "Rp 1.000.000", "Rp1.000.000,-", "1.000.000,00", "rp. 2.500.000", "IDR 900000",
                "-500", "(500)", "1,000,000.00", "1.000.0", "0", "99999999999999", "10000000000000",
                "0812-3456-7890", "+62 821 5897 2819", "6285714278079", "(0951) 323653", "08123",
                "Agustinus  Kambu", "  Yosina\tMambrasar ", "O'Neil", "Ma`ruf", "Andi Muh. Arief, S.Pd.", "R2D2",
                "Jl. Ahmad Yani  No.\n3", "André Rumbiak", "\u00A0Nur\u00A0Aini\u00A0"}) {
            assertSame(cell);
        }
    }

    private static void assertSame(String cell) {
        List<RowRejection> now = new ArrayList<>();
        List<RowRejection> before = new ArrayList<>();
        assertThat(Names.normalize(cell, now)).as("name %s", cell).isEqualTo(Regex.name(cell, before));
        assertThat(now).as("name reasons %s", cell).isEqualTo(before);

        now.clear();
        before.clear();
        assertThat(BirthDates.parse(cell, TODAY, now)).as("date %s", cell).isEqualTo(Regex.birth(cell, TODAY, before));
        assertThat(now).as("date reasons %s", cell).isEqualTo(before);

        now.clear();
        before.clear();
        assertThat(SexValues.parse(cell, now)).as("sex %s", cell).isEqualTo(Regex.sex(cell, before));
        assertThat(now).as("sex reasons %s", cell).isEqualTo(before);

        now.clear();
        before.clear();
        assertThat(Incomes.parse(cell, 7L, now)).as("income %s", cell).isEqualTo(Regex.income(cell, 7L, before));
        assertThat(now).as("income reasons %s", cell).isEqualTo(before);

        assertThat(PhoneNumbers.normalize(cell)).as("phone %s", cell).isEqualTo(Regex.phone(cell));
        assertThat(Whitespace.collapse(cell)).as("text %s", cell)
                .isEqualTo(Pattern.compile("[\\s\\u00A0]+").matcher(cell).replaceAll(" "));
    }

    private static String randomCell(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(5);
        for (int k = 0; k < n; k++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** The rules as they were, with their regular expressions. */
    private static final class Regex {

        private static final Pattern NAME_ALLOWED = Pattern.compile("[\\p{L}\\p{M}'.,\\- ]+");
        private static final Pattern NAME_HAS_LETTER = Pattern.compile(".*\\p{L}.*");
        private static final Pattern NAME_SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");

        static String name(String raw, List<RowRejection> rejections) {
            String name = raw == null ? "" : NAME_SPACES.matcher(raw).replaceAll(" ").strip();
            name = name.replace('\u2019', '\'').replace('\u2018', '\'').replace('`', '\'');
            if (name.isEmpty()) {
                rejections.add(new RowRejection(Names.FIELD, "NAME_MISSING", "NAMA wajib diisi", "NAMA is required"));
                return null;
            }
            if (name.chars().anyMatch(Character::isDigit)) {
                rejections.add(new RowRejection(Names.FIELD, "NAME_DIGITS", "NAMA tidak boleh berisi angka",
                        "NAMA must not contain digits"));
                return null;
            }
            if (!NAME_ALLOWED.matcher(name).matches() || !NAME_HAS_LETTER.matcher(name).matches()) {
                rejections.add(new RowRejection(Names.FIELD, "NAME_CHARACTERS",
                        "NAMA hanya boleh berisi huruf, spasi, titik, koma, tanda hubung dan apostrof",
                        "NAMA may contain only letters, spaces, period, comma, hyphen and apostrophe"));
                return null;
            }
            if (name.length() > Names.MAX_LENGTH) {
                rejections.add(new RowRejection(Names.FIELD, "NAME_TOO_LONG",
                        "NAMA lebih dari " + Names.MAX_LENGTH + " karakter",
                        "NAMA is longer than " + Names.MAX_LENGTH + " characters"));
                return null;
            }
            return name;
        }

        private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})([-/])(\\d{1,2})\\2(\\d{4})");
        private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
        private static final Pattern TWO_DIGIT_YEAR = Pattern.compile("\\d{1,2}[-/]\\d{1,2}[-/]\\d{2}");
        private static final Pattern EXCEL_SERIAL = Pattern.compile("\\d{4,5}");

        static LocalDate birth(String raw, LocalDate today, List<RowRejection> rejections) {
            String s = raw == null ? "" : raw.strip();
            if (s.isEmpty()) {
                rejections.add(date("BIRTHDATE_MISSING", "TGL_LAHIR wajib diisi", "TGL_LAHIR is required"));
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
                rejections.add(date("BIRTHDATE_FORMAT",
                        "Tahun TGL_LAHIR harus 4 digit (dd/mm/yyyy)", "TGL_LAHIR needs a 4-digit year (dd/mm/yyyy)"));
                return null;
            } else if (EXCEL_SERIAL.matcher(s).matches()) {
                rejections.add(date("BIRTHDATE_FORMAT",
                        "TGL_LAHIR berupa angka (format sel Excel); ubah format sel menjadi tanggal dd/mm/yyyy",
                        "TGL_LAHIR is a number (Excel cell format); format the cell as a date dd/mm/yyyy"));
                return null;
            } else {
                rejections.add(date("BIRTHDATE_FORMAT",
                        "Format TGL_LAHIR harus dd/mm/yyyy, dd-mm-yyyy atau yyyy-mm-dd",
                        "TGL_LAHIR must be dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd"));
                return null;
            }
            LocalDate d;
            try {
                d = LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                rejections.add(date("BIRTHDATE_INVALID", "TGL_LAHIR bukan tanggal yang ada di kalender",
                        "TGL_LAHIR is not a real calendar date"));
                return null;
            }
            if (d.isAfter(today)) {
                rejections.add(date("BIRTHDATE_FUTURE", "TGL_LAHIR ada di masa depan", "TGL_LAHIR is in the future"));
                return null;
            }
            if (year < BirthDates.MIN_YEAR) {
                rejections.add(date("BIRTHDATE_TOO_OLD", "Tahun TGL_LAHIR sebelum " + BirthDates.MIN_YEAR,
                        "TGL_LAHIR year is before " + BirthDates.MIN_YEAR));
                return null;
            }
            return d;
        }

        private static RowRejection date(String code, String id, String en) {
            return new RowRejection(BirthDates.FIELD, code, id, en);
        }

        static Sex sex(String raw, List<RowRejection> rejections) {
            String s = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s_]+", " ");
            if (s.isEmpty()) {
                rejections.add(new RowRejection(SexValues.FIELD, "SEX_MISSING", "JENIS_KELAMIN wajib diisi",
                        "JENIS_KELAMIN is required"));
                return null;
            }
            switch (s) {
                case "L", "LAKI-LAKI", "LAKI LAKI", "LAKI - LAKI", "LAKI2", "LAKI", "PRIA", "M", "MALE":
                    return Sex.L;
                case "P", "PEREMPUAN", "WANITA", "F", "FEMALE":
                    return Sex.P;
                default:
                    rejections.add(new RowRejection(SexValues.FIELD, "SEX_INVALID",
                            "JENIS_KELAMIN harus L/P atau LAKI-LAKI/PEREMPUAN",
                            "JENIS_KELAMIN must be L/P or LAKI-LAKI/PEREMPUAN (M/F)"));
                    return null;
            }
        }

        private static final Pattern CURRENCY = Pattern.compile("^(?i)(rp\\.?|idr)\\s*");
        private static final Pattern PLAIN = Pattern.compile("\\d+");
        private static final Pattern DOT_GROUPS = Pattern.compile("\\d{1,3}(\\.\\d{3})+");
        private static final Pattern COMMA_GROUPS = Pattern.compile("\\d{1,3}(,\\d{3})+");
        private static final Pattern WHOLE_TAIL = Pattern.compile("(,0{1,2}|,-|\\.0{1,2})$");

        static long income(String raw, long defaultIncome, List<RowRejection> rejections) {
            String s = raw == null ? "" : raw.strip();
            if (s.isEmpty()) {
                return defaultIncome;
            }
            String body = CURRENCY.matcher(s).replaceFirst("").replaceAll("[\\s\\u00A0]", "");
            boolean negative = body.startsWith("-") || (body.startsWith("(") && body.endsWith(")"));
            if (negative) {
                rejections.add(new RowRejection(Incomes.FIELD, "INCOME_NEGATIVE", "PENGHASILAN tidak boleh negatif",
                        "PENGHASILAN must not be negative"));
                return -1;
            }
            String digits = wholeRupiah(WHOLE_TAIL.matcher(body).replaceFirst(""));
            if (digits == null || digits.length() > 13 || Long.parseLong(digits) > Incomes.MAX) {
                rejections.add(new RowRejection(Incomes.FIELD, "INCOME_INVALID",
                        "PENGHASILAN harus angka rupiah bulat, misalnya 1.000.000",
                        "PENGHASILAN must be whole rupiah, e.g. 1.000.000"));
                return -1;
            }
            return Long.parseLong(digits);
        }

        private static String wholeRupiah(String s) {
            if (PLAIN.matcher(s).matches()) {
                return s;
            }
            if (DOT_GROUPS.matcher(s).matches()) {
                return s.replace(".", "");
            }
            if (COMMA_GROUPS.matcher(s).matches()) {
                return s.replace(",", "");
            }
            return null;
        }

        static String phone(String raw) {
            if (raw == null) {
                return null;
            }
            String s = raw.strip().replaceAll("[\\s\\-.()\\u00A0]", "");
            if (s.startsWith("+62")) {
                s = s.substring(3);
            } else if (s.startsWith("62")) {
                s = s.substring(2);
            } else if (s.startsWith("0")) {
                s = s.substring(1);
            }
            if (s.length() < 9 || s.length() > 13 || s.charAt(0) != '8') {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                    return null;
                }
            }
            return "+62" + s;
        }
    }
}
