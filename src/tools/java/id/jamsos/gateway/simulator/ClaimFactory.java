package id.jamsos.gateway.simulator;

import id.jamsos.gateway.bpjs.ClaimNotice;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds realistic paid claims for enrolled workers. Amounts follow PP 82/2019 for JKM; JKK is
 * split into medical care and wage replacement. A JKM claim may carry the children's scholarship
 * (BEASISWA, on top of the Rp 42,000,000) or be a scholarship paid on its own, and any claim an event
 * date (tanggalKejadian): the static helpers below dress a claim of {@code BpjsSimulator.jkmClaimFor}
 * that way before {@code fireClaim} sends it. Every claim gets a unique claimId (unique across
 * simulator restarts too, so a gateway that deduplicates on claimId is not fooled) and a paidAt
 * strictly later than the previous one, so watermark paging never has ties.
 */
public final class ClaimFactory {

    static final long JKM_SANTUNAN_KEMATIAN = 20_000_000L;
    static final long JKM_BIAYA_PEMAKAMAN = 10_000_000L;
    static final long JKM_SANTUNAN_BERKALA = 12_000_000L;
    static final long JKM_TOTAL = JKM_SANTUNAN_KEMATIAN + JKM_BIAYA_PEMAKAMAN + JKM_SANTUNAN_BERKALA;

    /** Scholarship per child per school year (PP 82/2019): kindergarten and primary school. */
    public static final long BEASISWA_TK_SD = 1_500_000L;
    /** Junior high school. */
    public static final long BEASISWA_SMP = 2_000_000L;
    /** Senior high school. */
    public static final long BEASISWA_SMA = 3_000_000L;
    /** University. */
    public static final long BEASISWA_KULIAH = 12_000_000L;

    private final Clock clock;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private Instant lastPaidAt = Instant.EPOCH;

    ClaimFactory(Clock clock) {
        this.clock = clock;
        this.runId = Long.toString(clock.millis(), 36).toUpperCase(Locale.ROOT);
    }

    ClaimNotice jkm(MembershipRegistry.Member m) {
        String relation = "P".equals(m.jenisKelamin()) ? "SUAMI" : "ISTRI";
        return new ClaimNotice(nextId("JKM"), "JKM", m.kpj(), m.nik(), JKM_TOTAL,
                List.of(new ClaimNotice.Component("SANTUNAN_KEMATIAN", JKM_SANTUNAN_KEMATIAN),
                        new ClaimNotice.Component("BIAYA_PEMAKAMAN", JKM_BIAYA_PEMAKAMAN),
                        new ClaimNotice.Component("SANTUNAN_BERKALA", JKM_SANTUNAN_BERKALA)),
                nextPaidAt().toString(),
                new ClaimNotice.Beneficiary("Ahli waris " + m.nama(), relation));
    }

    ClaimNotice jkk(MembershipRegistry.Member m, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("JKK amount must be positive, whole rupiah");
        }
        long care = amount * 60 / 100;
        long wages = amount - care;
        return new ClaimNotice(nextId("JKK"), "JKK", m.kpj(), m.nik(), amount,
                List.of(new ClaimNotice.Component("BIAYA_PERAWATAN", care),
                        new ClaimNotice.Component("SANTUNAN_STMB", wages)),
                nextPaidAt().toString(),
                new ClaimNotice.Beneficiary(m.nama(), "PESERTA"));
    }

    /** A JKM claim whose worker died on {@code tanggalKejadian}, with the scholarship for these child-years. */
    ClaimNotice jkm(MembershipRegistry.Member m, LocalDate tanggalKejadian, long... beasiswa) {
        return withScholarship(jkm(m), beasiswa).withTanggalKejadian(tanggalKejadian.toString());
    }

    /** A scholarship paid as a JKM claim of its own (a later school year), for a member who died on that day. */
    ClaimNotice beasiswa(MembershipRegistry.Member m, LocalDate tanggalKejadian, long... beasiswa) {
        return scholarshipClaim(jkm(m), nextId("JKM"), nextPaidAt().toString(), beasiswa)
                .withTanggalKejadian(tanggalKejadian.toString());
    }

    /** The claim with this event date (the date of death or of the accident). */
    public static ClaimNotice withEventDate(ClaimNotice claim, LocalDate tanggalKejadian) {
        return claim.withTanggalKejadian(tanggalKejadian == null ? null : tanggalKejadian.toString());
    }

    /**
     * A JKM claim with the scholarship beside its three parts: one BEASISWA component, the sum of the
     * child-years given (e.g. {@code BEASISWA_SMA, BEASISWA_TK_SD} for two children), the amount raised by it.
     */
    public static ClaimNotice withScholarship(ClaimNotice jkm, long... beasiswa) {
        long sum = sum(beasiswa);
        if (sum == 0) {
            return jkm;
        }
        List<ClaimNotice.Component> parts = new ArrayList<>(jkm.components());
        parts.add(new ClaimNotice.Component("BEASISWA", sum));
        return new ClaimNotice(jkm.claimId(), jkm.claimType(), jkm.kpj(), jkm.nik(), Math.addExact(jkm.amount(), sum),
                parts, jkm.paidAt(), jkm.beneficiary(), jkm.tanggalKejadian());
    }

    /**
     * The scholarship as a JKM claim of its own, for the worker of {@code jkm}, under another claim id
     * and paidAt (BPJS pays a later school year as a separate claim): BEASISWA its only component.
     */
    public static ClaimNotice scholarshipClaim(ClaimNotice jkm, String claimId, String paidAt, long... beasiswa) {
        long sum = sum(beasiswa);
        if (sum <= 0) {
            throw new IllegalArgumentException("a scholarship claim pays at least one child-year");
        }
        return new ClaimNotice(claimId, "JKM", jkm.kpj(), jkm.nik(), sum,
                List.of(new ClaimNotice.Component("BEASISWA", sum)), paidAt, jkm.beneficiary(), jkm.tanggalKejadian());
    }

    private static long sum(long... amounts) {
        long sum = 0;
        for (long a : amounts) {
            if (a <= 0) {
                throw new IllegalArgumentException("a child-year of scholarship is a positive amount, whole rupiah");
            }
            sum = Math.addExact(sum, a);
        }
        return sum;
    }

    private String nextId(String type) {
        return type + "-" + runId + "-" + String.format(Locale.ROOT, "%06d", sequence.incrementAndGet());
    }

    private synchronized Instant nextPaidAt() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        lastPaidAt = now.isAfter(lastPaidAt) ? now : lastPaidAt.plusMillis(1);
        return lastPaidAt;
    }
}
