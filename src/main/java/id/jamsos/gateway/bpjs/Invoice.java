package id.jamsos.gateway.bpjs;

import java.util.List;

/**
 * The {@code response} of GET /bpjstk/v1/tagihan: what BPJS bills the paying city for one month.
 * Money in whole rupiah.
 *
 * @param periode     yyyy-MM
 * @param kodeWilayah the paying region (Kota Sorong: 9671)
 * @param peserta     one line per billed worker
 */
public record Invoice(String periode, String kodeWilayah, int jumlahPeserta, long totalIuranJkk, long totalIuranJkm,
                      long totalIuran, List<Line> peserta) {

    /** One billed worker: the contribution per programme for the month. */
    public record Line(String kpj, String nik, String nama, long iuranJkk, long iuranJkm, long total) {
    }
}
