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
 * enrolled (by kodeWilayahPemda) registered on or before the last day of the month, billed a full
 * month (no pro-rata) of JKK (1 % of declared income, Rp 10,000 to Rp 207,000) and JKM (Rp 6,800).
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

    synchronized Invoice invoice(YearMonth periode, String kodeWilayah, List<MembershipRegistry.Member> members) {
        LocalDate end = periode.atEndOfMonth();
        List<Invoice.Line> lines = new ArrayList<>();
        for (MembershipRegistry.Member m : members) {
            if (kodeWilayah.equals(m.kodeWilayah()) && !m.tglDaftar().isAfter(end) && !dropped.contains(m.nik())) {
                long jkk = jkk(m.penghasilan());
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
        return new Invoice(periode.toString(), kodeWilayah, lines.size(), totalJkk, totalJkm, totalJkk + totalJkm, lines);
    }

    private static long jkk(long penghasilan) {
        long onePercent = (penghasilan + 50) / 100;
        return Math.max(JKK_MIN, Math.min(JKK_MAX, onePercent));
    }
}
