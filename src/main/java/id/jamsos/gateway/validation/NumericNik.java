package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.Nik;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A NIK that an .xlsx stores as a number cell rather than text.
 *
 * <p>A spreadsheet number is a binary double. The rule, decided on the value and never on how the
 * XML happens to spell it ({@code 7371015601920003}, {@code 7.371015601920003E15} and
 * {@code 7371015601920003.0} are the same number; POI itself writes the second form):
 * <ol>
 *   <li>a value that is not a whole number is refused: no NIK has a fraction;</li>
 *   <li>a value above 2^53 = 9,007,199,254,740,992 is refused: from there on a double cannot hold
 *       every whole number (above 2^53 only even ones), so the NIK may already have changed. This
 *       refuses every numeric NIK of provinces 91-99, including Kota Sorong's 9271/9671: they must
 *       be text;</li>
 *   <li>a 16-digit value ending in 0 is refused as "possibly damaged": Excel keeps only 15
 *       significant digits of what a clerk types, so a NIK typed into a number cell always ends in
 *       0, and such a value cannot be told apart from a real NIK whose serial ends in 0;</li>
 *   <li>anything else is read as its exact digits and checked by the ordinary NIK rules
 *       (a 15-digit value, for instance, is refused as too short).</li>
 * </ol>
 * Exact 16-digit numbers therefore come only from programs that wrote the number themselves,
 * and those are read without loss.
 */
final class NumericNik {

    /** 2^53: every whole number up to here is exact as a double. */
    static final BigInteger EXACT_LIMIT = BigInteger.valueOf(1L << 53);

    /**
     * @param shown  the number as plain digits, for the reports (the value the spreadsheet holds)
     * @param damage null when the digits can be trusted; otherwise why they cannot
     */
    record Reading(String shown, RowRejection damage) {
    }

    private NumericNik() {
    }

    static Reading read(String rawXmlNumber) {
        String raw = rawXmlNumber == null ? "" : rawXmlNumber.strip();
        BigDecimal value;
        try {
            value = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            return new Reading(raw, tooLarge());
        }
        if (value.precision() - value.scale() > Nik.LENGTH + 4) {
            // Far too many digits (or 1E+999999999): refused without spelling the number out.
            return new Reading(raw, tooLarge());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return new Reading(stripped.toPlainString(), tooLarge());
        }
        BigInteger whole = stripped.toBigIntegerExact();
        String digits = whole.toString();
        if (whole.compareTo(EXACT_LIMIT) > 0) {
            return new Reading(digits, tooLarge());
        }
        if (digits.length() == Nik.LENGTH && digits.endsWith("0")) {
            return new Reading(digits, lastDigitLost());
        }
        return new Reading(digits, null);
    }

    private static RowRejection tooLarge() {
        return new RowRejection(Nik.FIELD, "NIK_SPREADSHEET",
                "NIK rusak oleh spreadsheet: sel NIK berupa angka, dan Excel tidak dapat menyimpan angka 16 digit ini"
                        + " dengan tepat (digit terakhir berubah); format kolom NIK sebagai Teks lalu ketik ulang NIK",
                "NIK damaged by the spreadsheet: the NIK cell is a number, and Excel cannot hold this 16-digit"
                        + " number exactly (the last digit changes); format the NIK column as Text and retype the NIK");
    }

    private static RowRejection lastDigitLost() {
        return new RowRejection(Nik.FIELD, "NIK_SPREADSHEET",
                "NIK mungkin rusak oleh spreadsheet: sel NIK berupa angka dan Excel hanya menyimpan 15 digit,"
                        + " sehingga digit terakhir menjadi 0; format kolom NIK sebagai Teks lalu ketik ulang NIK",
                "NIK possibly damaged by the spreadsheet: the NIK cell is a number and Excel keeps only 15 digits,"
                        + " so the last digit became 0; format the NIK column as Text and retype the NIK");
    }
}
