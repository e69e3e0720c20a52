package id.jamsos.gateway.bpjs;

import java.util.List;

/**
 * The {@code response} of GET /bpjstk/v1/tagihan: what BPJS bills the paying city for one month.
 * Money in whole rupiah.
 *
 * @param periode      yyyy-MM
 * @param kodeWilayah  the paying region (Kota Sorong: 9671)
 * @param peserta      one line per billed worker
 * @param nomorTagihan the invoice's number, null when BPJS gives none
 * @param jatuhTempo   the due date, yyyy-MM-dd, null when BPJS gives none (the gateway then takes
 *                     jamsos.finance.paymentDueDay of the next month)
 */
public record Invoice(String periode, String kodeWilayah, int jumlahPeserta, long totalIuranJkk, long totalIuranJkm,
                      long totalIuran, List<Line> peserta, String nomorTagihan, String jatuhTempo) {

    /** An invoice without number and due date, as BPJS answered before it gave them. */
    public Invoice(String periode, String kodeWilayah, int jumlahPeserta, long totalIuranJkk, long totalIuranJkm,
                   long totalIuran, List<Line> peserta) {
        this(periode, kodeWilayah, jumlahPeserta, totalIuranJkk, totalIuranJkm, totalIuran, peserta, null, null);
    }

    /** One billed worker: the contribution per programme for the month. */
    public record Line(String kpj, String nik, String nama, long iuranJkk, long iuranJkm, long total) {
    }
}
