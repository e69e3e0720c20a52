package id.jamsos.gateway.bpjs;

/**
 * The {@code response} of GET /bpjstk/v1/peserta/kpj/{kpj}/status (docs/bpjs-api.md): BPJS's word on
 * whether a member is covered, and when and why their cover ended.
 *
 * @param status         "AKTIF" while covered in the month asked about, else "NONAKTIF"
 * @param bulanTerakhir  the last month covered (yyyy-MM) of the cover that month falls in; null while it runs
 * @param alasan         why that cover ended (the gateway's EndReason names, "LAPSED" after a lapse); null while it runs
 * @param bulanDibayar   the member's covered months paid so far
 * @param tunggakanBulan consecutive covered months unpaid and past due
 * @param pembayar       who pays the member's contributions in the month asked about (with the month it
 *                       pays from); null when BPJS did not say
 */
public record MemberStatus(String kpj, String status, String bulanTerakhir, String alasan, Integer bulanDibayar,
                           Integer tunggakanBulan, Payer pembayar) {

    public static final String ACTIVE = "AKTIF";
    public static final String NON_ACTIVE = "NONAKTIF";
    public static final String LAPSED = "LAPSED";
}
