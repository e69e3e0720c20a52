package id.jamsos.gateway.simulator;

import id.jamsos.gateway.bpjs.ClaimNotice;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds realistic paid claims for enrolled workers. Amounts follow PP 82/2019 for JKM; JKK is
 * split into medical care and wage replacement. Every claim gets a unique claimId (unique across
 * simulator restarts too, so a gateway that deduplicates on claimId is not fooled) and a paidAt
 * strictly later than the previous one, so watermark paging never has ties.
 */
final class ClaimFactory {

    static final long JKM_SANTUNAN_KEMATIAN = 20_000_000L;
    static final long JKM_BIAYA_PEMAKAMAN = 10_000_000L;
    static final long JKM_SANTUNAN_BERKALA = 12_000_000L;
    static final long JKM_TOTAL = JKM_SANTUNAN_KEMATIAN + JKM_BIAYA_PEMAKAMAN + JKM_SANTUNAN_BERKALA;

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

    private String nextId(String type) {
        return type + "-" + runId + "-" + String.format(Locale.ROOT, "%06d", sequence.incrementAndGet());
    }

    private synchronized Instant nextPaidAt() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        lastPaidAt = now.isAfter(lastPaidAt) ? now : lastPaidAt.plusMillis(1);
        return lastPaidAt;
    }
}
