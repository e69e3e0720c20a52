package id.jamsos.gateway.bpjs;

/**
 * The {@code response} of GET /bpjstk/v1/peserta/nik/{nik}: a worker's membership.
 *
 * @param status    "AKTIF" while the membership runs
 * @param tglDaftar the enrollment date, yyyy-MM-dd
 */
public record Membership(String nik, String kpj, String nama, String status, String tglDaftar) {

    public static final String ACTIVE = "AKTIF";
}
