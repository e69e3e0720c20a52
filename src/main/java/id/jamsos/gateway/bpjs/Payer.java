package id.jamsos.gateway.bpjs;

import java.util.Locale;

/**
 * {@code pembayar}: who pays a member's contributions, as BPJS's membership look-up and status answer
 * say it (docs/bpjs-api.md, "Who pays: pembayar"). One worker may be known to several payers over time
 * (a city, then an employer); BPJS names the one paying in the month asked about.
 *
 * @param jenis PEMDA (a regional government, {@code kode} its kodeWilayahPemda), MANDIRI (the member
 *              pays themselves, a BPU), CSR (a donor programme, {@code kode} its id) or PEMBERI_KERJA (an
 *              employer, {@code kode} its NPP); another word is kept as it came and read as "someone else"
 * @param kode  the payer's code in its kind (may be null for MANDIRI)
 * @param nama  the payer's name as BPJS knows it, for people to read
 * @param sejak the first month (yyyy-MM) this payer pays; null when BPJS did not say
 */
public record Payer(String jenis, String kode, String nama, String sejak) {

    public static final String PEMDA = "PEMDA";
    public static final String MANDIRI = "MANDIRI";
    public static final String CSR = "CSR";
    public static final String EMPLOYER = "PEMBERI_KERJA";

    /**
     * True when the answer names a payer at all: a kind ({@code jenis}), and for PEMDA the region's code.
     * An empty {@code pembayar: {}}, a null kind or a PEMDA without its code says nothing of who pays: the
     * gateway reads that as "payer unknown", never as "someone else" (it does not turn a worker away on a
     * guess; a change of BPJS's format must not end every city worker's cover).
     */
    public boolean isKnown() {
        if (jenis == null || jenis.isBlank()) {
            return false;
        }
        return !PEMDA.equals(kind()) || !digits(kode).isEmpty();
    }

    /**
     * True when this is the regional government {@code kodeWilayahPemda} (the city the gateway enrolls for).
     * The codes are compared by their digits only: "96.71", " 9671" and "9671" are the same region. The
     * argument may list several codes, comma-separated (s13 review finding 3): a city known by more than one
     * code (Kota Sorong: 96.71 since 2022, 92.71 before, jamsos.payerRegionCodes) is itself under any of them.
     */
    public boolean isRegion(String kodeWilayahPemda) {
        if (!PEMDA.equals(kind()) || kodeWilayahPemda == null) {
            return false;
        }
        String theirs = digits(kode);
        for (String code : kodeWilayahPemda.split(",")) {
            String mine = digits(code);
            if (!mine.isEmpty() && mine.equals(theirs)) {
                return true;
            }
        }
        return false;
    }

    /** True only when the answer names a payer ({@link #isKnown}) and it is not the region {@code kodeWilayahPemda}. */
    public boolean isOtherThan(String kodeWilayahPemda) {
        return isKnown() && !isRegion(kodeWilayahPemda);
    }

    private static String digits(String code) {
        return code == null ? "" : code.replaceAll("[^0-9]", "");
    }

    /** The kind as the ledger and finance store it (upper case; null or blank read as UNKNOWN). */
    public String kind() {
        return jenis == null || jenis.isBlank() ? "UNKNOWN" : jenis.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * "Pemda 9101 (Pemerintah Kabupaten Jayapura)", "peserta mandiri / self-paying" ... for a person to
     * read, Indonesian; {@link #describeEn} in English. Never empty.
     */
    public String describeId() {
        return switch (kind()) {
            case PEMDA -> "pemerintah daerah " + named();
            case MANDIRI -> "peserta sendiri (mandiri)";
            case CSR -> "donor CSR " + named();
            case EMPLOYER -> "pemberi kerja " + named();
            default -> "pembayar lain " + named();
        };
    }

    public String describeEn() {
        return switch (kind()) {
            case PEMDA -> "regional government " + named();
            case MANDIRI -> "the member themselves (self-paying)";
            case CSR -> "CSR donor " + named();
            case EMPLOYER -> "employer " + named();
            default -> "another payer " + named();
        };
    }

    private String named() {
        String n = nama == null || nama.isBlank() ? null : nama.trim();
        String k = kode == null || kode.isBlank() ? null : kode.trim();
        if (n == null && k == null) {
            return "(" + kind() + ")";
        }
        return n == null ? k : k == null ? n : n + " (" + k + ")";
    }
}
