package id.jamsos.gateway.claims;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a claim must satisfy before finance pays attention to it: a worker this city enrolled, a
 * programme the city pays for (the {@link ClaimCatalogue}), a positive amount under the type's cap,
 * components that are listed once each, include the type's required ones and add up exactly (no
 * sum may overflow), a plausible paidAt; a JKM death benefit must be the PP 82/2019 benefit. Every
 * failed rule is reported, so a clerk sees all of them at once. Reasons quote no identifier the
 * claim sent (the claim type is shown masked and escaped), so they are safe in logs and messages.
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

    /** With the default catalogue and the current time: for tools and tests. */
    public static List<ClaimReview> check(ClaimNotice claim, WorkerEnrollment worker) {
        return check(claim, worker, ClaimCatalogue.defaults(), Instant.now());
    }

    /** Every rule the claim breaks; empty when finance may have it. {@code worker} is null when unknown. */
    public static List<ClaimReview> check(ClaimNotice claim, WorkerEnrollment worker, ClaimCatalogue catalogue,
                                          Instant now) {
        List<ClaimReview> problems = new ArrayList<>();
        List<String> malformed = ClaimShape.problems(claim);
        if (!malformed.isEmpty()) {
            problems.add(new ClaimReview(ClaimShape.MALFORMED, String.join("; ", malformed)));
        }
        if (worker == null) {
            problems.add(new ClaimReview(ClaimReview.UNKNOWN_WORKER,
                    "KPJ/NIK tidak terdaftar melalui gateway ini / KPJ/NIK not enrolled through this gateway"));
        } else if (claim.kpj() != null && claim.nik() != null
                && !(claim.kpj().equals(worker.kpj()) && claim.nik().equals(worker.nik()))) {
            problems.add(new ClaimReview(ClaimReview.KPJ_NIK_MISMATCH,
                    "KPJ dan NIK klaim bukan milik pekerja yang sama / the claim's KPJ and NIK are not the same worker's"));
        }
        ClaimCatalogue.TypeRule type = claim.claimType() == null ? null : catalogue.types().get(claim.claimType());
        if (type == null) {
            String shown = ClaimShape.forLog(String.valueOf(claim.claimType()));
            problems.add(new ClaimReview(ClaimReview.INVALID_TYPE, "Jenis klaim harus salah satu dari "
                    + catalogue.types().keySet() + ", bukan " + shown + " / claim type must be one of "
                    + catalogue.types().keySet() + ", not " + shown));
        }
        if (claim.amount() <= 0) {
            problems.add(new ClaimReview(ClaimReview.INVALID_AMOUNT,
                    "Nilai klaim harus positif / claim amount must be positive"));
        } else if (type != null && claim.amount() > type.cap()) {
            problems.add(new ClaimReview(ClaimReview.OVER_CAP, "Nilai klaim Rp " + claim.amount()
                    + " melebihi batas Rp " + type.cap() + " untuk " + claim.claimType() + " / claim amount Rp "
                    + claim.amount() + " exceeds the " + claim.claimType() + " cap of Rp " + type.cap()));
        }
        checkComponents(claim, type, problems);
        checkPaidAt(claim, catalogue, now, problems);
        if ("JKM".equals(claim.claimType())) {
            checkJkm(claim, problems);
        }
        return problems;
    }

    private static void checkComponents(ClaimNotice claim, ClaimCatalogue.TypeRule type, List<ClaimReview> problems) {
        if (claim.components() == null || claim.components().isEmpty()) {
            problems.add(new ClaimReview(ClaimReview.MISSING_COMPONENTS,
                    "Klaim tanpa rincian komponen / claim without its components"));
            return;
        }
        long sum = 0;
        boolean overflow = false;
        boolean negative = false;
        Set<String> seen = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (ClaimNotice.Component c : claim.components()) {
            if (c == null) {
                continue;
            }
            if (c.amount() < 0) {
                negative = true;
            }
            if (!seen.add(String.valueOf(c.code()))) {
                twice.add(ClaimShape.forLog(String.valueOf(c.code())));
            }
            if (!overflow) {
                try {
                    sum = Math.addExact(sum, c.amount());
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
        }
        if (negative) {
            problems.add(new ClaimReview(ClaimReview.INVALID_AMOUNT,
                    "Komponen bernilai negatif / a component is negative"));
        }
        if (overflow) {
            problems.add(new ClaimReview(ClaimReview.COMPONENTS_SUM, "Jumlah komponen melampaui batas angka / the"
                    + " components' sum overflows"));
        } else if (sum != claim.amount()) {
            problems.add(new ClaimReview(ClaimReview.COMPONENTS_SUM, "Jumlah komponen Rp " + sum
                    + " tidak sama dengan nilai klaim Rp " + claim.amount() + " / components sum to Rp " + sum
                    + ", not the claim amount Rp " + claim.amount()));
        }
        if (!twice.isEmpty()) {
            problems.add(new ClaimReview(ClaimReview.DUPLICATE_COMPONENT, "Komponen tercantum lebih dari sekali: "
                    + twice + " / components listed more than once: " + twice));
        }
        if (type != null) {
            Set<String> missing = new TreeSet<>(type.requiredComponents());
            missing.removeAll(seen);
            if (!missing.isEmpty()) {
                problems.add(new ClaimReview(ClaimReview.MISSING_COMPONENTS, "Komponen wajib tidak ada: " + missing
                        + " / required components missing: " + missing));
            }
        }
    }

    private static void checkPaidAt(ClaimNotice claim, ClaimCatalogue catalogue, Instant now,
                                    List<ClaimReview> problems) {
        Instant paidAt = ClaimShape.paidAt(claim);
        if (paidAt == null) {
            problems.add(new ClaimReview(ClaimReview.INVALID_DATE,
                    "paidAt bukan tanggal yang sah / paidAt is not a valid instant"));
        } else if (paidAt.isBefore(catalogue.earliestPaidAt()) || paidAt.isAfter(now.plus(catalogue.paidAtSkew()))) {
            problems.add(new ClaimReview(ClaimReview.INVALID_DATE, "paidAt " + paidAt + " di luar rentang "
                    + catalogue.earliestPaidAt() + " .. sekarang / paidAt " + paidAt + " is outside "
                    + catalogue.earliestPaidAt() + " .. now"));
        }
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
            Long expected = c == null || c.code() == null ? null : JKM_SPLIT.get(c.code());
            if (expected != null && expected != c.amount()) {
                problems.add(new ClaimReview(ClaimReview.JKM_COMPONENTS, "Komponen " + c.code() + " Rp " + c.amount()
                        + ", seharusnya Rp " + expected + " / component " + c.code() + " is Rp " + c.amount()
                        + ", expected Rp " + expected));
            }
        }
    }
}
