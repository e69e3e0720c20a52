package id.jamsos.gateway.validation;

import java.util.List;
import java.util.Locale;

/**
 * The columns the gateway understands, with the header words agencies use for them.
 * Headers are compared after {@link #normalize(String)}, so "Tgl. Lahir", "TGL_LAHIR" and
 * "tgl lahir" are the same column.
 */
public enum Column {
    // The names as clerks write them (issue: files as offices make them). Each is compared after
    // normalize(), so "NO. NIK", "No Nik" and "NO_NIK" are one name; docs/validation.md lists them all
    // in a table that ColumnNamesDocTest holds against this list.
    NIK(true, "NIK", "NO NIK", "NOMOR NIK", "NIK KTP", "NO KTP", "NOMOR KTP", "NOMOR INDUK KEPENDUDUKAN"),
    NAMA(true, "NAMA", "NAME", "NAMA LENGKAP", "NAMA SESUAI KTP", "NAMA PESERTA", "NAMA PEKERJA"),
    TGL_LAHIR(true, "TGL LAHIR", "TANGGAL LAHIR", "TGL LHR", "DATE OF BIRTH"),
    JENIS_KELAMIN(true, "JENIS KELAMIN", "JENIS KELAMIN (L/P)", "L/P", "JK", "KELAMIN", "SEX", "GENDER"),
    TEMPAT_LAHIR(false, "TEMPAT LAHIR", "TMP LAHIR", "TPT LAHIR"),
    /**
     * Place and date of birth in one cell ("Sorong, 12-03-1985"), as the KTP prints them: stands for
     * TGL_LAHIR when the file has no such column, and gives TEMPAT_LAHIR (see {@link BirthPlaceDate}).
     */
    TEMPAT_TGL_LAHIR(false, "TEMPAT/TGL LAHIR", "TEMPAT/TANGGAL LAHIR", "TTL"),
    ALAMAT(false, "ALAMAT", "ALAMAT LENGKAP", "ALAMAT RUMAH"),
    KELURAHAN(false, "KELURAHAN", "DESA", "KAMPUNG", "KELURAHAN/DESA", "DESA/KELURAHAN", "KELURAHAN/KAMPUNG"),
    DISTRIK(false, "DISTRIK", "KECAMATAN"),
    NO_HP(false, "NO HP", "NOMOR HP", "NO TELP", "NO TELEPON", "NOMOR TELEPON", "TELEPON", "HP", "NO HP/WA",
            "WA", "NO WA", "NOMOR WA", "PHONE"),
    PEKERJAAN(false, "PEKERJAAN", "JENIS PEKERJAAN", "OCCUPATION"),
    PENGHASILAN(false, "PENGHASILAN", "PENGHASILAN PER BULAN", "PENDAPATAN", "PENDAPATAN PER BULAN", "INCOME"),
    // Change files (issue 16): what a row asks for, and what BERHENTI and PINDAH need beside the NIK.
    AKSI(false, "AKSI", "ACTION", "TINDAKAN"),
    ALASAN_BERHENTI(false, "ALASAN BERHENTI", "ALASAN", "REASON"),
    BULAN_TERAKHIR(false, "BULAN TERAKHIR", "LAST MONTH"),
    INSTANSI_TUJUAN(false, "INSTANSI TUJUAN", "AGENSI TUJUAN", "TARGET AGENCY"),
    // KOREKSI of PENGHASILAN: the first month the corrected income holds (empty: the month it is applied).
    BULAN_BERLAKU(false, "BULAN BERLAKU", "BERLAKU MULAI", "EFFECTIVE MONTH"),
    // Notifying workers (issue 19, docs/notifications.md): whether the worker agreed to be told about their
    // cover by WhatsApp or SMS on NO_HP. Y/YA or T/TIDAK; empty: not stated (no message is sent).
    PERSETUJUAN(false, "PERSETUJUAN", "SETUJU DIHUBUNGI", "PERSETUJUAN DIHUBUNGI", "SETUJU WA", "CONSENT");

    private final boolean required;
    /** The names as the docs and the refusal notes show them. */
    private final List<String> names;
    private final List<String> aliases;

    Column(boolean required, String... names) {
        this.required = required;
        this.names = List.of(names);
        this.aliases = this.names.stream().map(Column::normalize).toList();
    }

    /** The header names accepted for this column, as a clerk would write them. */
    public List<String> names() {
        return names;
    }

    /** The names normalized: what a header cell is compared with. */
    List<String> keys() {
        return aliases;
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

    /**
     * Upper case without spaces, the punctuation clerks put in headers ({@code _ . , : - / \} and
     * brackets) or a stray BOM: "NO. NIK" is NONIK, "JENIS KELAMIN (L/P)" JENISKELAMINLP, "TEMPAT/TGL
     * LAHIR" TEMPATTGLLAHIR. The bracket's content stays: "NAMA (IBU KANDUNG)" is not NAMA.
     */
    static String normalize(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (IGNORED.indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            sb.append(c);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    private static final String IGNORED = "_.,:-/\\()[]\uFEFF";
}
