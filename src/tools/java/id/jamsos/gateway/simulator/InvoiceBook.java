package id.jamsos.gateway.simulator;

import id.jamsos.gateway.bpjs.Invoice;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The simulator's monthly invoice to a paying city, GET /bpjstk/v1/tagihan: every member the city
 * enrolled (by kodeWilayahPemda) whose cover includes the month (from the month of registration
 * through the last month of a deactivation or a lapse), billed a full month (no pro-rata) of JKK
 * (1 % of the income declared for that month, Rp 10,000 to Rp 207,000) and JKM (Rp 6,800). Due on
 * the 15th of the next month; the invoice number is derived from region and month, so every fetch
 * of one month's invoice carries the same number.
 * Worked out here on its own, as BPJS would, not with the gateway's code. Tests plant mismatches
 * with {@link #drop} and {@link #add}.
 */
final class InvoiceBook {

    static final long JKK_MIN = 10_000L;
    static final long JKK_MAX = 207_000L;
    static final long JKM = 6_800L;

    private final Set<String> dropped = new HashSet<>();
    private final List<Invoice.Line> extra = new ArrayList<>();

    /** Leaves the member with this NIK out of every invoice, as if BPJS had lost them. */
    synchronized void drop(String nik) {
        dropped.add(Objects.requireNonNull(nik, "nik"));
    }

    /** Bills a worker the city never enrolled, in every invoice. */
    synchronized void add(String kpj, String nik, String nama, long penghasilan) {
        long jkk = jkk(penghasilan);
        extra.add(new Invoice.Line(kpj, nik, nama, jkk, JKM, jkk + JKM));
    }

    synchronized void clear() {
        dropped.clear();
        extra.clear();
    }

    /**
     * The answer of GET /bpjstk/v1/tagihan: {@link Invoice}'s fields, with the invoice number and the
     * due date after the region (a client reading {@link Invoice} passes over them).
     */
    record Bill(String periode, String kodeWilayah, String nomorTagihan, String jatuhTempo, int jumlahPeserta,
                long totalIuranJkk, long totalIuranJkm, long totalIuran, List<Invoice.Line> peserta) {
    }

    /** The 15th of the month after: BPU contributions are due by then (a choice of ours, documented). */
    static LocalDate dueDate(YearMonth periode) {
        return periode.plusMonths(1).atDay(15);
    }

    static String number(YearMonth periode, String kodeWilayah) {
        return "TAG/" + kodeWilayah + "/" + periode.getYear() + String.format(java.util.Locale.ROOT, "%02d",
                periode.getMonthValue());
    }

    synchronized Bill invoice(YearMonth periode, String kodeWilayah, List<MembershipRegistry.Member> members) {
        List<Invoice.Line> lines = new ArrayList<>();
        for (MembershipRegistry.Member m : members) {
            if (m.billedTo(kodeWilayah, periode) && !dropped.contains(m.nik())) {
                long jkk = jkk(m.penghasilanIn(periode));
                lines.add(new Invoice.Line(m.kpj(), m.nik(), m.nama(), jkk, JKM, jkk + JKM));
            }
        }
        lines.addAll(extra);
        lines.sort(Comparator.comparing(Invoice.Line::kpj));
        long totalJkk = 0;
        long totalJkm = 0;
        for (Invoice.Line l : lines) {
            totalJkk += l.iuranJkk();
            totalJkm += l.iuranJkm();
        }
        return new Bill(periode.toString(), kodeWilayah, number(periode, kodeWilayah), dueDate(periode).toString(),
                lines.size(), totalJkk, totalJkm, totalJkk + totalJkm, lines);
    }

    private static long jkk(long penghasilan) {
        long onePercent = (penghasilan + 50) / 100;
        return Math.max(JKK_MIN, Math.min(JKK_MAX, onePercent));
    }
}
