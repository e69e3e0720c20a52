package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The JENIS_KELAMIN rule: the words Indonesian and English forms use for male and female. */
public final class SexValues {

    public static final String FIELD = "JENIS_KELAMIN";
    private static final Pattern SPACES_OR_UNDERSCORES = Pattern.compile("[\\s_]+");

    private SexValues() {
    }

    /** The sex, or null (and a reason added) when refused. */
    public static Sex parse(String raw, List<RowRejection> rejections) {
        String s = raw == null ? "" : spacesOrUnderscoresToOneSpace(raw.strip().toUpperCase(Locale.ROOT));
        if (s.isEmpty()) {
            rejections.add(new RowRejection(FIELD, "SEX_MISSING", "JENIS_KELAMIN wajib diisi",
                    "JENIS_KELAMIN is required"));
            return null;
        }
        switch (s) {
            case "L", "LAKI-LAKI", "LAKI LAKI", "LAKI - LAKI", "LAKI2", "LAKI", "PRIA", "M", "MALE":
                return Sex.L;
            case "P", "PEREMPUAN", "WANITA", "F", "FEMALE":
                return Sex.P;
            default:
                rejections.add(new RowRejection(FIELD, "SEX_INVALID",
                        "JENIS_KELAMIN harus L/P atau LAKI-LAKI/PEREMPUAN",
                        "JENIS_KELAMIN must be L/P or LAKI-LAKI/PEREMPUAN (M/F)"));
                return null;
        }
    }

    /** "LAKI_LAKI", "LAKI  LAKI" become "LAKI LAKI"; most cells ("L", "PEREMPUAN") have nothing to replace. */
    private static String spacesOrUnderscoresToOneSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' || c == ' ' || (c >= '\t' && c <= '\r')) {
                return SPACES_OR_UNDERSCORES.matcher(s).replaceAll(" ");
            }
        }
        return s;
    }
}
