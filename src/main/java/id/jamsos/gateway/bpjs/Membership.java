package id.jamsos.gateway.bpjs;

/**
 * The {@code response} of GET /bpjstk/v1/peserta/nik/{nik}: a worker's membership.
 *
 * @param status    "AKTIF" while the membership runs
 * @param tglDaftar the enrollment date, yyyy-MM-dd
 * @param pembayar  who pays the member's contributions this month; null when BPJS did not say (an answer
 *                  of before the field, docs/bpjs-api.md "Who pays: pembayar")
 */
public record Membership(String nik, String kpj, String nama, String status, String tglDaftar, Payer pembayar) {

    public static final String ACTIVE = "AKTIF";

    public boolean isActive() {
        return ACTIVE.equals(status);
    }
}
