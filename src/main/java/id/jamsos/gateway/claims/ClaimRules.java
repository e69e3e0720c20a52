package id.jamsos.gateway.claims;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a claim must satisfy before finance pays attention to it: a worker this city enrolled, a
 * programme the city pays for (the {@link ClaimCatalogue}), a positive amount under the type's cap,
 * components that are listed once each, include the type's required ones and add up exactly (no
 * sum may overflow), codes the type knows, each within its own cap and made of its rates, a
 * plausible paidAt, an event date (tanggalKejadian) between the programme's start and the day paid;
 * a JKM death benefit must be the PP 82/2019 benefit, with the scholarship on top or alone. Every
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
        long additional = additionalSum(claim, type);
        if (claim.amount() <= 0) {
            problems.add(new ClaimReview(ClaimReview.INVALID_AMOUNT,
                    "Nilai klaim harus positif / claim amount must be positive"));
        } else if (type != null && claim.amount() - additional > type.cap()) {
            // The additional components (the scholarship) have caps of their own and raise the type's.
            String raised = additional > 0 ? " + Rp " + additional : "";
            problems.add(new ClaimReview(ClaimReview.OVER_CAP, "Nilai klaim Rp " + claim.amount()
                    + " melebihi batas Rp " + type.cap() + raised + " untuk " + claim.claimType() + " / claim amount Rp "
                    + claim.amount() + " exceeds the " + claim.claimType() + " cap of Rp " + type.cap() + raised));
        }
        checkComponents(claim, type, problems);
        checkPaidAt(claim, catalogue, now, problems);
        checkEventDate(claim, catalogue, problems);
        if ("JKM".equals(claim.claimType())) {
            checkJkm(claim, type, additional, problems);
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
            checkCatalogueComponents(claim, type, problems);
        }
        if (type != null && !onlyAdditional(claim, type)) {
            Set<String> missing = new TreeSet<>(type.requiredComponents());
            missing.removeAll(seen);
            if (!missing.isEmpty()) {
                problems.add(new ClaimReview(ClaimReview.MISSING_COMPONENTS, "Komponen wajib tidak ada: " + missing
                        + " / required components missing: " + missing));
            }
        }
    }

    /**
     * Codes the type does not know, components over their own cap, and amounts not made of the
     * component's rates. The reasons name the code only when it is one of the catalogue's (a code
     * the claim made up is shown masked and escaped, like the type).
     */
    private static void checkCatalogueComponents(ClaimNotice claim, ClaimCatalogue.TypeRule type,
                                                 List<ClaimReview> problems) {
        Set<String> unknown = new TreeSet<>();
        for (ClaimNotice.Component c : claim.components()) {
            if (c == null) {
                continue;
            }
            if (!type.knows(c.code())) {
                unknown.add(ClaimShape.forLog(String.valueOf(c.code())));
                continue;
            }
            ClaimCatalogue.ComponentRule rule = type.componentRules().get(c.code());
            if (rule == null || c.amount() < 0) {
                continue;
            }
            if (rule.cap() != null && c.amount() > rule.cap()) {
                problems.add(new ClaimReview(ClaimReview.COMPONENT_OVER_CAP, "Komponen " + label(c.code()) + " Rp "
                        + c.amount() + " melebihi batasnya Rp " + rule.cap() + " / component " + labelEn(c.code())
                        + " Rp " + c.amount() + " exceeds its cap of Rp " + rule.cap()));
            } else if (!rule.rates().isEmpty() && !madeOf(c.amount(), rule.rates())) {
                problems.add(new ClaimReview(ClaimReview.COMPONENT_AMOUNT, "Komponen " + label(c.code()) + " Rp "
                        + c.amount() + " bukan jumlah dari tarif " + rule.rates() + " / component " + labelEn(c.code())
                        + " Rp " + c.amount() + " is not a sum of the rates " + rule.rates()
                        + (ClaimCatalogue.BEASISWA.equals(c.code()) ? " (per anak per tahun / per child per year)" : "")));
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(new ClaimReview(ClaimReview.UNKNOWN_COMPONENT, "Komponen tidak dikenal untuk "
                    + claim.claimType() + ": " + unknown + " (yang dikenal: " + new TreeSet<>(type.components())
                    + ") / components unknown for " + claim.claimType() + ": " + unknown + " (known: "
                    + new TreeSet<>(type.components()) + ")"));
        }
    }

    private static String label(String code) {
        return ClaimCatalogue.BEASISWA.equals(code) ? "BEASISWA (beasiswa anak)" : code;
    }

    private static String labelEn(String code) {
        return ClaimCatalogue.BEASISWA.equals(code) ? "BEASISWA (children's scholarship)" : code;
    }

    /**
     * Whether {@code amount} is a sum of the rates, each used any number of times (children and
     * school years). Checked on the amount in units of the rates' greatest common divisor, up to the
     * amount itself: a component's cap keeps that small (the scholarship: 348 units of Rp 500,000).
     */
    static boolean madeOf(long amount, List<Long> rates) {
        if (amount == 0) {
            return true;
        }
        long unit = 0;
        for (long r : rates) {
            unit = gcd(unit, r);
        }
        if (unit == 0 || amount % unit != 0 || amount / unit > 1_000_000) {
            return false;
        }
        int target = (int) (amount / unit);
        boolean[] reachable = new boolean[target + 1];
        reachable[0] = true;
        for (int i = 1; i <= target; i++) {
            for (long r : rates) {
                long step = r / unit;
                if (step <= i && reachable[(int) (i - step)]) {
                    reachable[i] = true;
                    break;
                }
            }
        }
        return reachable[target];
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * An additional component's cap holds over all the worker's claims that went to finance (the
     * scholarship's Rp 174,000,000 is for the children's whole schooling, paid year by year): a finding
     * for each such component whose earlier payments and this claim's together exceed it. A claim over
     * the cap on its own is {@link #check}'s finding, not repeated here.
     *
     * @param earlier the worker's earlier claims that went to finance (not this one)
     */
    public static List<ClaimReview> checkAcrossClaims(ClaimNotice claim, ClaimCatalogue.TypeRule type,
                                                      List<ClaimNotice> earlier) {
        List<ClaimReview> problems = new ArrayList<>();
        if (type == null || claim.components() == null || earlier.isEmpty()) {
            return problems;
        }
        for (String code : new TreeSet<>(type.additionalComponents())) {
            ClaimCatalogue.ComponentRule rule = type.componentRules().get(code);
            long now = componentSum(claim, code);
            if (rule == null || rule.cap() == null || now <= 0 || now > rule.cap()) {
                continue;
            }
            long before = 0;
            for (ClaimNotice c : earlier) {
                if (c != null && Objects.equals(c.claimType(), claim.claimType())) {
                    before = saturatedAdd(before, componentSum(c, code));
                }
            }
            if (saturatedAdd(before, now) > rule.cap()) {
                problems.add(new ClaimReview(ClaimReview.COMPONENT_OVER_CAP, "Komponen " + label(code)
                        + " sudah dibayar Rp " + before + " untuk pekerja ini; dengan klaim ini Rp " + now
                        + " melebihi batasnya Rp " + rule.cap() + " / component " + labelEn(code) + ": Rp " + before
                        + " already paid for this worker; with this claim's Rp " + now + " it exceeds its cap of Rp "
                        + rule.cap()));
            }
        }
        return problems;
    }

    private static long componentSum(ClaimNotice claim, String code) {
        long sum = 0;
        if (claim.components() != null) {
            for (ClaimNotice.Component c : claim.components()) {
                if (c != null && code.equals(c.code()) && c.amount() > 0) {
                    sum = saturatedAdd(sum, c.amount());
                }
            }
        }
        return sum;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** What the claim's additional components (the scholarship) add up to; 0 when none, or when the sum overflows. */
    static long additionalSum(ClaimNotice claim, ClaimCatalogue.TypeRule type) {
        if (type == null || claim.components() == null) {
            return 0;
        }
        long sum = 0;
        for (ClaimNotice.Component c : claim.components()) {
            if (c != null && c.amount() > 0 && type.additionalComponents().contains(c.code())) {
                try {
                    sum = Math.addExact(sum, c.amount());
                } catch (ArithmeticException e) {
                    return 0;
                }
            }
        }
        return sum;
    }

    /** A claim that lists components, all of them additional ones: a scholarship paid as a claim of its own. */
    static boolean onlyAdditional(ClaimNotice claim, ClaimCatalogue.TypeRule type) {
        return type != null && claim.components() != null && !claim.components().isEmpty()
                && claim.components().stream().allMatch(c -> c != null
                && type.additionalComponents().contains(c.code()));
    }

    /**
     * The event date (date of death or accident), when the claim gives one: not after the day it was
     * paid (in the city's zone) and not before the programme started (the day of earliestPaidAt there).
     * One that is no date at all is malformed ({@link ClaimShape}).
     */
    private static void checkEventDate(ClaimNotice claim, ClaimCatalogue catalogue, List<ClaimReview> problems) {
        LocalDate event = ClaimShape.eventDate(claim);
        if (event == null) {
            return;
        }
        LocalDate start = catalogue.earliestPaidAt().atZone(catalogue.zone()).toLocalDate();
        Instant paidAt = ClaimShape.paidAt(claim);
        LocalDate paidOn = paidAt == null ? null : paidAt.atZone(catalogue.zone()).toLocalDate();
        if (event.isBefore(start)) {
            problems.add(new ClaimReview(ClaimReview.INVALID_EVENT_DATE, "tanggalKejadian " + event
                    + " sebelum program dimulai (" + start + ") / event date " + event + " is before the programme"
                    + " started (" + start + ")"));
        } else if (paidOn != null && event.isAfter(paidOn)) {
            problems.add(new ClaimReview(ClaimReview.INVALID_EVENT_DATE, "tanggalKejadian " + event
                    + " sesudah tanggal bayar " + paidOn + " / event date " + event + " is after the day the claim"
                    + " was paid, " + paidOn));
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

    /**
     * A JKM death benefit is the PP 82/2019 benefit, in its three parts; a scholarship beside it
     * (or alone, as a claim of its own) is on top and checked as a component. A claim that lists the
     * scholarship only is no death benefit, and needs none of the three parts.
     */
    private static void checkJkm(ClaimNotice claim, ClaimCatalogue.TypeRule type, long additional,
                                 List<ClaimReview> problems) {
        if (claim.components() == null || claim.components().isEmpty()) {
            if (claim.amount() != JKM_TOTAL) {
                problems.add(jkmAmount(claim.amount(), 0));
            }
            problems.add(new ClaimReview(ClaimReview.JKM_COMPONENTS,
                    "Klaim JKM tanpa rincian komponen / JKM claim without its components"));
            return;
        }
        if (onlyAdditional(claim, type)) {
            return;
        }
        if (claim.amount() - additional != JKM_TOTAL) {
            problems.add(jkmAmount(claim.amount(), additional));
        }
        // Other codes are tolerated as long as the total holds (unless the catalogue is closed); the
        // three known parts must be exact.
        for (ClaimNotice.Component c : claim.components()) {
            Long expected = c == null || c.code() == null ? null : JKM_SPLIT.get(c.code());
            if (expected != null && expected != c.amount()) {
                problems.add(new ClaimReview(ClaimReview.JKM_COMPONENTS, "Komponen " + c.code() + " Rp " + c.amount()
                        + ", seharusnya Rp " + expected + " / component " + c.code() + " is Rp " + c.amount()
                        + ", expected Rp " + expected));
            }
        }
    }

    private static ClaimReview jkmAmount(long amount, long additional) {
        String beside = additional > 0 ? " + beasiswa Rp " + additional : "";
        String besideEn = additional > 0 ? " + scholarship Rp " + additional : "";
        return new ClaimReview(ClaimReview.JKM_AMOUNT, "Manfaat JKM harus Rp 42.000.000 (PP 82/2019)" + beside
                + ", bukan Rp " + amount + " / the JKM benefit is Rp 42,000,000 (PP 82/2019)" + besideEn + ", not Rp "
                + amount);
    }
}
