package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The combined place-and-date-of-birth column ({@link Column#TEMPAT_TGL_LAHIR}), written as the KTP
 * prints it: "Sorong, 12-03-1985", also "SORONG / 12-03-1985" or "Sorong 12/03/1985". The date is the
 * cell's last three digit runs joined by {@code - / .}; what comes before it, without the separators
 * between, is the place. The date is then read by {@link BirthDates}, so it takes the same forms as a
 * TGL_LAHIR cell (a month written as a word, "12 Maret 1985", is refused there too).
 *
 * <p>When the file also has a TGL_LAHIR column, a row that fills both must give the same date in both:
 * a row whose dates differ is refused ({@code BIRTHDATE_CONFLICT}) rather than one of them silently
 * winning, since either may be the typo and the NIK is checked against the date. A row that fills
 * only one of them takes that one. A separate TEMPAT_LAHIR column likewise wins for the place only
 * when it is filled; the places are free text and not compared.
 */
final class BirthPlaceDate {

    /** The field named in reasons that come from the combined cell. */
    static final String FIELD = "TEMPAT_TGL_LAHIR";

    private static final Pattern SPLIT =
            Pattern.compile("^(.*?)[\\s,;/]*(\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4})$", Pattern.DOTALL);

    /**
     * @param place the text before the date, separators removed; "" when none
     * @param date  the date as written; null when the cell holds no date
     */
    record Split(String place, String date) {
    }

    private BirthPlaceDate() {
    }

    static Split split(String raw) {
        String s = raw == null ? "" : raw.strip();
        Matcher m = SPLIT.matcher(s);
        if (!m.matches()) {
            return new Split(s, null);
        }
        return new Split(m.group(1).strip(), m.group(2));
    }

    /**
     * The row's birth date from its TGL_LAHIR cell ({@code dateCell}, null when the file has no such
     * column) and its combined cell ({@code combined}, null when the file has no such column); reasons
     * go to {@code rejections}.
     */
    static LocalDate resolve(String dateCell, Split combined, LocalDate today, List<RowRejection> rejections) {
        boolean dateGiven = dateCell != null && !dateCell.isBlank();
        boolean combinedGiven = combined != null && !(combined.place().isEmpty() && combined.date() == null);
        if (!combinedGiven) {
            if (dateCell == null && combined != null) {
                rejections.add(new RowRejection(FIELD, "BIRTHDATE_MISSING",
                        "TEMPAT/TGL LAHIR wajib diisi, mis. 'Sorong, 12-03-1985'",
                        "TEMPAT/TGL LAHIR is required, e.g. 'Sorong, 12-03-1985'"));
                return null;
            }
            return BirthDates.parse(dateCell, today, rejections);
        }
        if (combined.date() == null) {
            if (dateGiven) {
                return BirthDates.parse(dateCell, today, rejections); // the combined cell gives the place only
            }
            rejections.add(new RowRejection(FIELD, "BIRTHDATE_FORMAT",
                    "TEMPAT/TGL LAHIR harus berisi tempat lalu tanggal dd-mm-yyyy, mis. 'Sorong, 12-03-1985'"
                            + " (nama bulan tidak diterima)",
                    "TEMPAT/TGL LAHIR must hold the place, then the date dd-mm-yyyy, e.g. 'Sorong, 12-03-1985'"
                            + " (month names are not accepted)"));
            return null;
        }
        List<RowRejection> own = new ArrayList<>(1);
        LocalDate fromCombined = BirthDates.parse(combined.date(), today, own);
        for (RowRejection r : own) {
            rejections.add(new RowRejection(FIELD, r.code(), "TEMPAT/TGL LAHIR: " + r.messageId(),
                    "TEMPAT/TGL LAHIR: " + r.messageEn()));
        }
        if (!dateGiven) {
            return fromCombined;
        }
        LocalDate fromColumn = BirthDates.parse(dateCell, today, rejections);
        if (fromCombined == null || fromColumn == null) {
            return null;
        }
        if (!fromCombined.equals(fromColumn)) {
            rejections.add(new RowRejection(BirthDates.FIELD, "BIRTHDATE_CONFLICT",
                    "TGL_LAHIR tidak sama dengan tanggal di TEMPAT/TGL LAHIR; perbaiki salah satunya"
                            + " (atau kosongkan TGL_LAHIR)",
                    "TGL_LAHIR differs from the date in TEMPAT/TGL LAHIR; correct one of them"
                            + " (or leave TGL_LAHIR empty)"));
            return null;
        }
        return fromColumn;
    }
}
