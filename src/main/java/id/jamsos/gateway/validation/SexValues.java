package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;

import java.util.List;
import java.util.Locale;

/** The JENIS_KELAMIN rule: the words Indonesian and English forms use for male and female. */
public final class SexValues {

    public static final String FIELD = "JENIS_KELAMIN";

    private SexValues() {
    }

    /** The sex, or null (and a reason added) when refused. */
    public static Sex parse(String raw, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s_]+", " ");
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
}
