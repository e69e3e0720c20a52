package id.jamsos.gateway.claims;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a claim must satisfy before finance pays attention to it: a worker this city enrolled, a
 * programme the city pays for, a positive amount, and components that add up; a JKM death benefit
 * must be the PP 82/2019 benefit. Every failed rule is reported, so a clerk sees all of them at once.
 */
public final class ClaimRules {

    /** PP 82/2019: santunan kematian + biaya pemakaman + santunan berkala (24 months, paid at once). */
    public static final Map<String, Long> JKM_SPLIT = Map.of(
            "SANTUNAN_KEMATIAN", 20_000_000L,
            "BIAYA_PEMAKAMAN", 10_000_000L,
            "SANTUNAN_BERKALA", 12_000_000L);
    public static final long JKM_TOTAL = 42_000_000L;

    private ClaimRules() {
    }

    /** Every rule the claim breaks; empty when finance may have it. {@code worker} is null when unknown. */
    public static List<ClaimReview> check(ClaimNotice claim, WorkerEnrollment worker) {
        List<ClaimReview> problems = new ArrayList<>();
        if (worker == null) {
            problems.add(new ClaimReview(ClaimReview.UNKNOWN_WORKER,
                    "KPJ/NIK tidak terdaftar melalui gateway ini / KPJ/NIK not enrolled through this gateway"));
        } else if (claim.kpj() != null && claim.nik() != null
                && !(claim.kpj().equals(worker.kpj()) && claim.nik().equals(worker.nik()))) {
            problems.add(new ClaimReview(ClaimReview.KPJ_NIK_MISMATCH,
                    "KPJ dan NIK klaim bukan milik pekerja yang sama / the claim's KPJ and NIK are not the same worker's"));
        }
        if (!"JKM".equals(claim.claimType()) && !"JKK".equals(claim.claimType())) {
            problems.add(new ClaimReview(ClaimReview.INVALID_TYPE, "Jenis klaim harus JKM atau JKK, bukan "
                    + claim.claimType() + " / claim type must be JKM or JKK, not " + claim.claimType()));
        }
        if (claim.amount() <= 0) {
            problems.add(new ClaimReview(ClaimReview.INVALID_AMOUNT,
                    "Nilai klaim harus positif / claim amount must be positive"));
        }
        if (claim.components() != null && !claim.components().isEmpty()) {
            long sum = 0;
            for (ClaimNotice.Component c : claim.components()) {
                sum += c.amount();
            }
            if (sum != claim.amount()) {
                problems.add(new ClaimReview(ClaimReview.COMPONENTS_SUM, "Jumlah komponen Rp " + sum
                        + " tidak sama dengan nilai klaim Rp " + claim.amount() + " / components sum to Rp " + sum
                        + ", not the claim amount Rp " + claim.amount()));
            }
        }
        if ("JKM".equals(claim.claimType())) {
            checkJkm(claim, problems);
        }
        return problems;
    }

    private static void checkJkm(ClaimNotice claim, List<ClaimReview> problems) {
        if (claim.amount() != JKM_TOTAL) {
            problems.add(new ClaimReview(ClaimReview.JKM_AMOUNT, "Manfaat JKM harus Rp 42.000.000 (PP 82/2019), bukan Rp "
                    + claim.amount() + " / the JKM benefit is Rp 42,000,000 (PP 82/2019), not Rp " + claim.amount()));
        }
        if (claim.components() == null || claim.components().isEmpty()) {
            problems.add(new ClaimReview(ClaimReview.JKM_COMPONENTS,
                    "Klaim JKM tanpa rincian komponen / JKM claim without its components"));
            return;
        }
        // Other codes are tolerated as long as the total holds; the three known parts must be exact.
        for (ClaimNotice.Component c : claim.components()) {
            Long expected = JKM_SPLIT.get(c.code());
            if (expected != null && expected != c.amount()) {
                problems.add(new ClaimReview(ClaimReview.JKM_COMPONENTS, "Komponen " + c.code() + " Rp " + c.amount()
                        + ", seharusnya Rp " + expected + " / component " + c.code() + " is Rp " + c.amount()
                        + ", expected Rp " + expected));
            }
        }
    }
}
