package id.jamsos.gateway.nik;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of the Indonesian NIK, {@code PP KK CC DDMMYY NNNN}: province, regency/city, district,
 * birth date (women have 40 added to the day) and a serial from 0001.
 */
public final class Nik {

    public static final int LENGTH = 16;
    public static final String FIELD = "NIK";
    /** The code of a NIK whose birth-date digits differ from TGL_LAHIR (policy: jamsos.validation.nikBirthDate). */
    public static final String BIRTHDATE_MISMATCH = "NIK_BIRTHDATE_MISMATCH";

    /**
     * What a NIK looks like after a spreadsheet stored it as a number: {@code 9.27101E+15},
     * {@code 9,27101E+15} (Indonesian locale), {@code 9271010101900000.0} or digit grouping.
     * Such a NIK has lost its last digit and cannot be repaired.
     */
    private static final Pattern SPREADSHEET_NUMBER =
            Pattern.compile("[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?");

    private Nik() {
    }

    /** True when the text is exactly 16 ASCII digits (structure not checked). */
    public static boolean isSixteenDigits(String nik) {
        if (nik == null || nik.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = nik.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The NIK as a number, for compact duplicate tracking; the NIK must be 16 digits. */
    public static long toLong(String nik) {
        if (!isSixteenDigits(nik)) {
            throw new IllegalArgumentException("not a 16-digit NIK: " + NikMask.mask(nik));
        }
        long value = 0;
        for (int i = 0; i < LENGTH; i++) {
            value = value * 10 + (nik.charAt(i) - '0');
        }
        return value;
    }

    /** Sex the birth segment encodes (day above 40 means female), or null when it is no day at all. */
    public static Sex sexOf(String nik) {
        if (!isSixteenDigits(nik)) {
            return null;
        }
        int dd = twoDigits(nik, 6);
        if (dd >= 1 && dd <= 31) {
            return Sex.L;
        }
        if (dd >= 41 && dd <= 71) {
            return Sex.P;
        }
        return null;
    }

    /**
     * The birth date in the NIK for the given century (19 for 19yy, 20 for 20yy), or null when
     * the segment is not a real date in that century.
     */
    public static LocalDate birthDateOf(String nik, int century) {
        if (sexOf(nik) == null) {
            return null;
        }
        int dd = twoDigits(nik, 6);
        int day = dd > 40 ? dd - 40 : dd;
        int month = twoDigits(nik, 8);
        int year = century * 100 + twoDigits(nik, 10);
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The six-digit birth segment {@code DDMMYY} of a NIK, day with 40 added for women. */
    public static String birthSegment(LocalDate birth, Sex sex) {
        int day = birth.getDayOfMonth() + (sex == Sex.P ? 40 : 0);
        return String.format("%02d%02d%02d", day, birth.getMonthValue(), birth.getYear() % 100);
    }

    /**
     * Every reason the NIK cell is refused; empty when it is acceptable.
     *
     * @param rawNik    the cell as it came; it is trimmed here
     * @param birthDate TGL_LAHIR when it was valid, else null (the agreement check is then skipped)
     * @param sex       JENIS_KELAMIN when it was valid, else null
     */
    public static List<RowRejection> check(String rawNik, LocalDate birthDate, Sex sex) {
        List<RowRejection> out = new ArrayList<>(); // no array until a reason is added: most NIKs have none
        String nik = rawNik == null ? "" : rawNik.strip();
        if (nik.isEmpty()) {
            out.add(reject("NIK_MISSING", "NIK wajib diisi", "NIK is required"));
            return out;
        }
        if (!isAllDigits(nik) && SPREADSHEET_NUMBER.matcher(nik).matches()) {
            out.add(reject("NIK_SPREADSHEET",
                    "NIK rusak oleh spreadsheet (Excel mengubahnya menjadi angka); ketik ulang sebagai teks",
                    "NIK damaged by the spreadsheet (Excel turned it into a number); retype it as text"));
            return out;
        }
        if (!isAllDigits(nik)) {
            out.add(reject("NIK_NOT_DIGITS", "NIK hanya boleh berisi angka 0-9 (huruf O bukan angka 0)",
                    "NIK may contain only digits 0-9 (letter O is not zero)"));
        }
        if (nik.length() != LENGTH) {
            out.add(reject("NIK_LENGTH", "NIK harus 16 digit, yang tertulis " + nik.length() + " karakter",
                    "NIK must be 16 digits, found " + nik.length() + " characters"));
        }
        if (!out.isEmpty()) {
            return out;
        }

        if (!ProvinceCodes.isValid(twoDigits(nik, 0))) {
            String province = nik.substring(0, 2);
            out.add(reject("NIK_PROVINCE", "Kode provinsi " + province + " di NIK tidak ada",
                    "Province code " + province + " in the NIK does not exist"));
        }
        if (twoDigits(nik, 2) == 0) {
            out.add(reject("NIK_REGENCY", "Kode kabupaten/kota 00 di NIK tidak pernah diterbitkan",
                    "Regency/city code 00 in the NIK is never issued"));
        }
        if (twoDigits(nik, 4) == 0) {
            out.add(reject("NIK_DISTRICT", "Kode kecamatan/distrik 00 di NIK tidak pernah diterbitkan",
                    "District code 00 in the NIK is never issued"));
        }
        if (nik.endsWith("0000")) {
            out.add(reject("NIK_SERIAL",
                    "Nomor urut 0000 di NIK tidak pernah diterbitkan (mungkin digit terakhir hilang karena spreadsheet)",
                    "Serial 0000 in the NIK is never issued (the last digit may have been lost by a spreadsheet)"));
        }

        LocalDate inNik = birthSegmentDate(nik, birthDate);
        if (inNik == null) {
            out.add(reject("NIK_BIRTHDATE",
                    "Digit 7-12 NIK bukan tanggal lahir yang sah (perempuan: tanggal + 40)",
                    "Digits 7-12 of the NIK are not a real birth date (women: day + 40)"));
            return out;
        }
        Sex nikSex = sexOf(nik);
        if (birthDate != null) {
            List<String> partsId = new ArrayList<>(3);
            List<String> partsEn = new ArrayList<>(3);
            if (inNik.getDayOfMonth() != birthDate.getDayOfMonth()) {
                partsId.add("tanggal");
                partsEn.add("day");
            }
            if (inNik.getMonthValue() != birthDate.getMonthValue()) {
                partsId.add("bulan");
                partsEn.add("month");
            }
            if (inNik.getYear() % 100 != birthDate.getYear() % 100) {
                partsId.add("tahun");
                partsEn.add("year");
            }
            if (!partsId.isEmpty()) {
                // Both dates side by side, so the clerk can tell which one is wrong: the NIK's is read
                // in TGL_LAHIR's century (only two year digits are in the NIK) and names the sex it encodes.
                out.add(reject(BIRTHDATE_MISMATCH,
                        "Tanggal lahir di NIK " + DAY.format(inNik) + " (" + sexId(nikSex) + ") tidak sama dengan"
                                + " TGL_LAHIR " + DAY.format(birthDate) + ": beda " + String.join(", ", partsId),
                        "The NIK's birth date " + DAY.format(inNik) + " (" + sexEn(nikSex) + ") does not match"
                                + " TGL_LAHIR " + DAY.format(birthDate) + ": " + String.join(", ", partsEn)
                                + " differ" + (partsEn.size() == 1 ? "s" : "")));
            }
        }
        if (sex != null && nikSex != sex) {
            int dd = twoDigits(nik, 6);
            out.add(nikSex == Sex.P
                    ? reject("NIK_SEX_MISMATCH",
                            "NIK menunjukkan perempuan (tanggal " + dd + " = tanggal lahir " + (dd - 40)
                                    + " + 40) tetapi JENIS_KELAMIN " + sex.name() + " (laki-laki)",
                            "The NIK says female (day " + dd + " = birth day " + (dd - 40)
                                    + " + 40) but JENIS_KELAMIN is " + sex.name() + " (male)")
                    : reject("NIK_SEX_MISMATCH",
                            "NIK menunjukkan laki-laki (tanggal " + dd + " tanpa + 40) tetapi JENIS_KELAMIN "
                                    + sex.name() + " (perempuan; di NIK perempuan tanggal lahir + 40, mis. "
                                    + (dd + 40) + ")",
                            "The NIK says male (day " + dd + ", without + 40) but JENIS_KELAMIN is " + sex.name()
                                    + " (female; a woman's NIK carries the birth day + 40, e.g. " + (dd + 40) + ")"));
        }
        return out;
    }

    /**
     * The NIK's birth date in the century of TGL_LAHIR when known; otherwise in whichever of
     * 19yy/20yy makes it a real date (29 February needs a leap year).
     */
    private static LocalDate birthSegmentDate(String nik, LocalDate birthDate) {
        if (birthDate != null) {
            LocalDate sameCentury = birthDateOf(nik, birthDate.getYear() / 100);
            if (sameCentury != null) {
                return sameCentury;
            }
        }
        LocalDate d = birthDateOf(nik, 20);
        return d != null ? d : birthDateOf(nik, 19);
    }

    private static boolean isAllDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int twoDigits(String s, int at) {
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    private static String sexId(Sex s) {
        return s == Sex.P ? "perempuan" : "laki-laki";
    }

    private static String sexEn(Sex s) {
        return s == Sex.P ? "female" : "male";
    }

    private static RowRejection reject(String code, String id, String en) {
        return new RowRejection(FIELD, code, id, en);
    }
}
