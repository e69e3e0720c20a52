package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;

import java.util.List;
import java.util.regex.Pattern;

/** The NAMA rule: letters (accented too), apostrophe, period, comma, hyphen and spaces. */
public final class Names {

    public static final String FIELD = "NAMA";
    /** Longer than any name on a KTP; a longer cell is usually a whole address pasted in. */
    public static final int MAX_LENGTH = 100;

    /** For names with a character outside ASCII; an ASCII name is checked by hand, with the same result. */
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}'.,\\- ]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*\\p{L}.*");

    private Names() {
    }

    /** The name with single spaces and plain apostrophes, or null (and a reason added) when refused. */
    public static String normalize(String raw, List<RowRejection> rejections) {
        String name = raw == null ? "" : Whitespace.collapseInName(raw).strip();
        // Word processors turn ' into a typographic quote; the KTP has the plain one.
        name = name.replace('\u2019', '\'').replace('\u2018', '\'').replace('`', '\'');
        if (name.isEmpty()) {
            rejections.add(new RowRejection(FIELD, "NAME_MISSING", "NAMA wajib diisi", "NAMA is required"));
            return null;
        }
        if (hasDigit(name)) {
            rejections.add(new RowRejection(FIELD, "NAME_DIGITS", "NAMA tidak boleh berisi angka",
                    "NAMA must not contain digits"));
            return null;
        }
        if (!allowedCharacters(name)) {
            rejections.add(new RowRejection(FIELD, "NAME_CHARACTERS",
                    "NAMA hanya boleh berisi huruf, spasi, titik, koma, tanda hubung dan apostrof",
                    "NAMA may contain only letters, spaces, period, comma, hyphen and apostrophe"));
            return null;
        }
        if (name.length() > MAX_LENGTH) {
            rejections.add(new RowRejection(FIELD, "NAME_TOO_LONG",
                    "NAMA lebih dari " + MAX_LENGTH + " karakter", "NAMA is longer than " + MAX_LENGTH + " characters"));
            return null;
        }
        return name;
    }

    private static boolean hasDigit(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isDigit(name.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Only letters, marks and {@code '.,-} and space, with at least one letter. */
    private static boolean allowedCharacters(String name) {
        boolean letter = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                // Letters and marks beyond ASCII (and surrogate pairs): the Unicode classes decide.
                return ALLOWED.matcher(name).matches() && HAS_LETTER.matcher(name).matches();
            }
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                letter = true;
            } else if (c != '\'' && c != '.' && c != ',' && c != '-' && c != ' ') {
                return false;
            }
        }
        return letter;
    }
}
