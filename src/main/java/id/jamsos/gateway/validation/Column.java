package id.jamsos.gateway.validation;

import java.util.List;
import java.util.Locale;

/**
 * The columns the gateway understands, with the header words agencies use for them.
 * Headers are compared after {@link #normalize(String)}, so "Tgl. Lahir", "TGL_LAHIR" and
 * "tgl lahir" are the same column.
 */
public enum Column {
    NIK(true, "NIK"),
    NAMA(true, "NAMA", "NAME", "NAMA_LENGKAP"),
    TGL_LAHIR(true, "TGL_LAHIR", "TANGGAL_LAHIR", "DATE_OF_BIRTH"),
    JENIS_KELAMIN(true, "JENIS_KELAMIN", "JK", "SEX", "GENDER"),
    TEMPAT_LAHIR(false, "TEMPAT_LAHIR"),
    ALAMAT(false, "ALAMAT"),
    KELURAHAN(false, "KELURAHAN"),
    DISTRIK(false, "DISTRIK", "KECAMATAN"),
    NO_HP(false, "NO_HP", "NO_TELP", "PHONE"),
    PEKERJAAN(false, "PEKERJAAN", "OCCUPATION"),
    PENGHASILAN(false, "PENGHASILAN", "INCOME"),
    // Change files (issue 16): what a row asks for, and what BERHENTI and PINDAH need beside the NIK.
    AKSI(false, "AKSI", "ACTION", "TINDAKAN"),
    ALASAN_BERHENTI(false, "ALASAN_BERHENTI", "ALASAN", "REASON"),
    BULAN_TERAKHIR(false, "BULAN_TERAKHIR", "LAST_MONTH"),
    INSTANSI_TUJUAN(false, "INSTANSI_TUJUAN", "AGENSI_TUJUAN", "TARGET_AGENCY"),
    // KOREKSI of PENGHASILAN: the first month the corrected income holds (empty: the month it is applied).
    BULAN_BERLAKU(false, "BULAN_BERLAKU", "BERLAKU_MULAI", "EFFECTIVE_MONTH");

    private final boolean required;
    private final List<String> aliases;

    Column(boolean required, String... aliases) {
        this.required = required;
        this.aliases = List.of(aliases).stream().map(Column::normalize).toList();
    }

    public boolean required() {
        return required;
    }

    /**
     * Required in a file with these columns: with an AKSI column only the NIK is, since a BERHENTI or
     * PINDAH row names the worker by NIK alone (a DAFTAR row without NAMA, TGL_LAHIR or JENIS_KELAMIN
     * is then refused row by row, as an empty cell is).
     */
    boolean requiredIn(boolean changeFile) {
        return changeFile ? this == NIK : required;
    }

    /** The column a header cell names, or null when the gateway does not know it. */
    public static Column forHeader(String header) {
        String key = normalize(header);
        for (Column c : values()) {
            if (c.aliases.contains(key)) {
                return c;
            }
        }
        return null;
    }

    /** Upper case without spaces, underscores, periods or a stray BOM. */
    static String normalize(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '_' || c == '.' || c == '\uFEFF' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            sb.append(c);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }
}
