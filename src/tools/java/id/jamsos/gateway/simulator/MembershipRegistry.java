package id.jamsos.gateway.simulator;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.bpjs.Membership;
import id.jamsos.gateway.bpjs.Payer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The simulator's membership book: who is enrolled, under which KPJ, in which months they are
 * covered, and the outcome of every refId seen. One lock guards it all: each call is a few map
 * operations, so contention is negligible next to HTTP, and a single lock makes "a NIK is enrolled
 * at most once" and "a refId has exactly one outcome" obviously true under concurrency.
 *
 * <p>Members are immutable records; a change replaces the record, so a copy handed to the invoice
 * never changes under it.
 */
final class MembershipRegistry {

    static final String INVALID_NIK = "411";
    static final String INCOMPLETE = "412";
    static final String AKTIF = Membership.ACTIVE;
    static final String NONAKTIF = "NONAKTIF";

    private static final Pattern NIK = Pattern.compile("\\d{16}");
    private static final long KPJ_MIN = 10_000_000_000L;
    private static final long KPJ_SPAN = 90_000_000_000L;
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /**
     * Months of cover: {@code first} through {@code last} inclusive, {@code last} null while open.
     * A span whose last month is before its first covers no month (withdrawn at once, or lapsed
     * before its first month was paid).
     */
    record Span(YearMonth first, YearMonth last, String alasan) {
        boolean covers(YearMonth m) {
            return !m.isBefore(first) && (last == null || !m.isAfter(last));
        }
    }

    /** A declared income billed from {@code from} on. */
    record Income(YearMonth from, long penghasilan) {
    }

    /**
     * Who pays a member's contributions from {@code from} on (docs/bpjs-api.md, "Who pays: pembayar"):
     * jenis PEMDA (kode the kodeWilayahPemda), MANDIRI, CSR or PEMBERI_KERJA. A region's invoice bills the
     * months its PEMDA pays, no others.
     */
    record PayerSpell(YearMonth from, String jenis, String kode, String nama) {

        Payer toPayer() {
            return new Payer(jenis, kode, nama, from.toString());
        }

        static PayerSpell region(YearMonth from, String kodeWilayah) {
            return new PayerSpell(from, Payer.PEMDA, kodeWilayah, "Pemerintah Daerah " + kodeWilayah);
        }
    }

    /**
     * {@code penghasilan} (whole rupiah, by month) and {@code kodeWilayah} are what the invoice is
     * built from; {@code spans} the months of cover, oldest first, the last one the current.
     */
    record Member(String nik, String kpj, String nama, String jenisKelamin, String tglLahir, String noHp,
                  LocalDate tglDaftar, String kodeWilayah, List<Income> incomes, List<Span> spans,
                  List<PayerSpell> payers) {

        Member {
            incomes = List.copyOf(incomes);
            spans = List.copyOf(spans);
            payers = List.copyOf(payers);
        }

        /** Who pays month {@code m}: the last payer from that month or before (the first one before any). */
        PayerSpell payerIn(YearMonth m) {
            PayerSpell found = payers.get(0);
            for (PayerSpell p : payers) {
                if (!p.from().isAfter(m)) {
                    found = p;
                }
            }
            return found;
        }

        /** True when region {@code kodeWilayah}'s invoice bills month {@code m} of this member: covered, paid by it. */
        boolean billedTo(String kodeWilayah, YearMonth m) {
            PayerSpell p = payerIn(m);
            return coveredIn(m) && Payer.PEMDA.equals(p.jenis()) && kodeWilayah.equals(p.kode());
        }

        /** The income declared now. */
        long penghasilan() {
            return incomes.get(incomes.size() - 1).penghasilan();
        }

        /** The income billed for month {@code m}: the last one declared from that month or before. */
        long penghasilanIn(YearMonth m) {
            long amount = incomes.get(0).penghasilan();
            for (Income i : incomes) {
                if (!i.from().isAfter(m)) {
                    amount = i.penghasilan();
                }
            }
            return amount;
        }

        boolean coveredIn(YearMonth m) {
            for (Span s : spans) {
                if (s.covers(m)) {
                    return true;
                }
            }
            return false;
        }

        Span current() {
            return spans.get(spans.size() - 1);
        }

        /** The span a month belongs to: the last one begun by then, else the first. */
        Span spanAt(YearMonth m) {
            Span found = spans.get(0);
            for (Span s : spans) {
                if (!s.first().isAfter(m)) {
                    found = s;
                }
            }
            return found;
        }

        YearMonth firstMonth() {
            return spans.get(0).first();
        }

        Membership toMembership(YearMonth now) {
            return new Membership(nik, kpj, nama, coveredIn(now) ? AKTIF : NONAKTIF, tglDaftar.toString(),
                    payerIn(now).toPayer());
        }

        Member withSpans(List<Span> newSpans) {
            return new Member(nik, kpj, nama, jenisKelamin, tglLahir, noHp, tglDaftar, kodeWilayah, incomes, newSpans,
                    payers);
        }

        /** From {@code from} on, {@code payer} pays (a later payer of the same month or after is replaced). */
        Member withPayerFrom(PayerSpell payer) {
            List<PayerSpell> p = new ArrayList<>(payers);
            p.removeIf(x -> !x.from().isBefore(payer.from()));
            p.add(payer);
            return new Member(nik, kpj, nama, jenisKelamin, tglLahir, noHp, tglDaftar, kodeWilayah, incomes, spans, p);
        }

        Member withCurrent(Span span) {
            List<Span> s = new ArrayList<>(spans);
            s.set(s.size() - 1, span);
            return withSpans(s);
        }
    }

    /** A change's outcome: the envelope's code and message and its response (null on a refusal). */
    record Outcome(String code, String message, Object response) {
        boolean remembered() {
            return "200".equals(code) || "212".equals(code);
        }
    }

    /** The answer of POST /peserta/nonaktif. */
    record Deactivation(String refId, String kpj, String status, String bulanTerakhir) {
    }

    /** The answer of PUT /peserta/{kpj}: the fields whose value changed, in a fixed order. */
    record Update(String refId, String kpj, List<String> diubah) {
    }

    /** The fields PUT /peserta/{kpj} may change; null: not sent. */
    record Correction(String nik, String nama, String tglLahir, Long penghasilan, String noHp) {
    }

    private final Clock clock;
    private final SimulatorStats stats;
    private final long kpjSeed;
    private final boolean digitKpjs;
    private final Map<String, Member> byNik = new HashMap<>();
    private final Map<String, String> nikByKpj = new HashMap<>();
    private final Map<String, EnrollmentResult> byRefId = new HashMap<>();
    private final Map<String, Outcome> changesByRefId = new HashMap<>();
    private Random kpjRandom;
    /** Bumped by every change to who is billed what, so a cached invoice total knows it is stale. */
    private long version;

    MembershipRegistry(Clock clock, SimulatorStats stats, long kpjSeed) {
        this(clock, stats, kpjSeed, false);
    }

    /** @param digitKpjs issue the old all-digit KPJs instead of ones with letters (SimulatorConfig) */
    MembershipRegistry(Clock clock, SimulatorStats stats, long kpjSeed, boolean digitKpjs) {
        this.clock = clock;
        this.stats = stats;
        this.kpjSeed = kpjSeed;
        this.digitKpjs = digitKpjs;
        this.kpjRandom = new Random(kpjSeed);
    }

    EnrollmentResult enroll(EnrollmentRequest req) {
        if (req == null) {
            return new EnrollmentResult(null, null, INCOMPLETE,
                    "Data peserta kosong / empty member entry", null);
        }
        String refusal = validate(req);
        if (refusal != null) {
            String code = refusal.startsWith("NIK") ? INVALID_NIK : INCOMPLETE;
            return new EnrollmentResult(req.refId(), req.nik(), code, refusal, null);
        }
        synchronized (this) {
            if (req.refId() != null) {
                EnrollmentResult earlier = byRefId.get(req.refId());
                if (earlier != null) {
                    // A retry: same answer as the first time, and it must not count again.
                    return earlier;
                }
            }
            EnrollmentResult result;
            Member existing = byNik.get(req.nik());
            YearMonth now = YearMonth.now(clock);
            if (existing != null && existing.current().last() != null) {
                // Cover ended (deactivated or lapsed): a new registration brings the same KPJ back,
                // from this month, or straight on when the end was set in the future.
                Span ended = existing.current();
                List<Span> spans = new ArrayList<>(existing.spans());
                YearMonth from;
                if (!ended.last().isBefore(now)) {
                    spans.set(spans.size() - 1, new Span(ended.first(), null, null));
                    from = ended.first();
                } else {
                    spans.add(new Span(now, null, null));
                    from = now;
                }
                // The region that registers them again pays from then on, whoever paid before.
                Member back = existing.withSpans(spans);
                if (req.kodeWilayahPemda() != null && !existing.payerIn(from).equals(PayerSpell.region(from,
                        req.kodeWilayahPemda()))) {
                    back = back.withPayerFrom(PayerSpell.region(from, req.kodeWilayahPemda()));
                }
                byNik.put(existing.nik(), back);
                version++;
                result = new EnrollmentResult(req.refId(), req.nik(), EnrollmentResult.ENROLLED,
                        "Berhasil didaftarkan kembali / enrolled again", existing.kpj());
            } else if (existing != null) {
                result = new EnrollmentResult(req.refId(), req.nik(), EnrollmentResult.ALREADY_REGISTERED,
                        "Sudah terdaftar / already registered", existing.kpj());
            } else {
                Member member = new Member(req.nik(), freshKpj(), req.nama().trim(), req.jenisKelamin(),
                        req.tglLahir(), req.noHp(), LocalDate.now(clock), req.kodeWilayahPemda(),
                        List.of(new Income(now, req.penghasilan())), List.of(new Span(now, null, null)),
                        List.of(req.kodeWilayahPemda() == null ? new PayerSpell(now, Payer.MANDIRI, null, null)
                                : PayerSpell.region(now, req.kodeWilayahPemda())));
                byNik.put(member.nik(), member);
                nikByKpj.put(member.kpj(), member.nik());
                version++;
                stats.recordNewEnrollment(member.nik());
                result = new EnrollmentResult(req.refId(), req.nik(), EnrollmentResult.ENROLLED,
                        "Berhasil didaftarkan / enrolled", member.kpj());
            }
            if (req.refId() != null) {
                byRefId.put(req.refId(), result);
            }
            return result;
        }
    }

    /**
     * Ends a member's cover with {@code bulanTerakhir} (POST /peserta/nonaktif). The fields are
     * checked by the caller; this judges them against the member.
     */
    synchronized Outcome deactivate(String refId, String kpj, String alasan, YearMonth bulanTerakhir) {
        Outcome earlier = changesByRefId.get("nonaktif|" + refId);
        if (earlier != null) {
            return earlier;
        }
        Member m = byKpj(kpj).orElse(null);
        Outcome outcome;
        if (m == null) {
            outcome = new Outcome("201", "Peserta tidak ditemukan / member not found", null);
        } else if (m.current().last() != null) {
            outcome = new Outcome("212", "Peserta sudah nonaktif / member already non-active",
                    new Deactivation(refId, kpj, NONAKTIF, m.current().last().toString()));
        } else if (bulanTerakhir.isBefore(m.current().first().minusMonths(1))) {
            outcome = new Outcome(INCOMPLETE, "bulanTerakhir sebelum bulan pertama kepesertaan ("
                    + m.current().first() + ") / bulanTerakhir is before the first month of cover", null);
        } else if (bulanTerakhir.isAfter(YearMonth.now(clock).plusMonths(1))) {
            outcome = new Outcome(INCOMPLETE, "bulanTerakhir lebih dari satu bulan ke depan / "
                    + "bulanTerakhir is more than one month ahead", null);
        } else {
            byNik.put(m.nik(), m.withCurrent(new Span(m.current().first(), bulanTerakhir, alasan)));
            version++;
            outcome = new Outcome("200", "Berhasil dinonaktifkan / deactivated",
                    new Deactivation(refId, kpj, NONAKTIF, bulanTerakhir.toString()));
        }
        if (outcome.remembered()) {
            changesByRefId.put("nonaktif|" + refId, outcome);
        }
        return outcome;
    }

    /** Corrects a member's data (PUT /peserta/{kpj}); a new income is billed from this month on. */
    synchronized Outcome update(String refId, String kpj, Correction c) {
        Outcome earlier = changesByRefId.get("ubah|" + refId);
        if (earlier != null) {
            return earlier;
        }
        Member m = byKpj(kpj).orElse(null);
        if (m == null) {
            return new Outcome("201", "Peserta tidak ditemukan / member not found", null);
        }
        if (c.nik() != null && !c.nik().equals(m.nik())) {
            return new Outcome(INCOMPLETE, "NIK tidak dapat diubah / the NIK cannot be changed", null);
        }
        List<String> changed = new ArrayList<>();
        String nama = m.nama();
        if (c.nama() != null && !c.nama().trim().equals(nama)) {
            nama = c.nama().trim();
            changed.add("nama");
        }
        String tglLahir = m.tglLahir();
        if (c.tglLahir() != null && !c.tglLahir().equals(tglLahir)) {
            tglLahir = c.tglLahir();
            changed.add("tglLahir");
        }
        List<Income> incomes = new ArrayList<>(m.incomes());
        if (c.penghasilan() != null && c.penghasilan() != m.penghasilan()) {
            YearMonth now = YearMonth.now(clock);
            // A second correction in one month replaces the first: one income per month.
            incomes.removeIf(i -> !i.from().isBefore(now));
            incomes.add(new Income(now, c.penghasilan()));
            changed.add("penghasilan");
        }
        String noHp = m.noHp();
        if (c.noHp() != null && !c.noHp().equals(noHp)) {
            noHp = c.noHp();
            changed.add("noHp");
        }
        byNik.put(m.nik(), new Member(m.nik(), m.kpj(), nama, m.jenisKelamin(), tglLahir, noHp, m.tglDaftar(),
                m.kodeWilayah(), incomes, m.spans(), m.payers()));
        version++;
        Outcome outcome = new Outcome("200", changed.isEmpty() ? "Tidak ada perubahan / nothing changed"
                : "Data diubah / updated", new Update(refId, kpj, List.copyOf(changed)));
        changesByRefId.put("ubah|" + refId, outcome);
        return outcome;
    }

    /**
     * The lapse: every member of the region whose cover began by {@code lastUnpaid} and runs past
     * {@code lastPaid} ends with {@code lastPaid}, reason LAPSED.
     *
     * @return how many members lapsed
     */
    synchronized int lapse(String kodeWilayah, YearMonth lastPaid, YearMonth lastUnpaid) {
        int lapsed = 0;
        for (Member m : List.copyOf(byNik.values())) {
            Span s = m.current();
            // Only members the region still pays at the end of the run: a worker another payer took over by
            // then (an employer, themselves) keeps their cover; the region's unpaid months are its own debt.
            if (kodeWilayah.equals(m.kodeWilayah()) && !s.first().isAfter(lastUnpaid)
                    && (s.last() == null || s.last().isAfter(lastPaid)) && m.billedTo(kodeWilayah, lastUnpaid)) {
                byNik.put(m.nik(), m.withCurrent(new Span(s.first(), lastPaid, "LAPSED")));
                lapsed++;
            }
        }
        if (lapsed > 0) {
            version++;
        }
        return lapsed;
    }

    /**
     * A person who is a member already, paid by someone other than a region the gateway enrolls for
     * (POST /sim/members): self-paying (MANDIRI), a CSR donor, an employer, or another region (PEMDA with
     * its code). Covered from {@code from}, with a fresh KPJ; a NIK already a member is left as it is.
     *
     * @return the member's KPJ
     */
    synchronized String addMember(String nik, String nama, LocalDate tglLahir, String jenisKelamin,
                                  PayerSpell payer) {
        if (!validNik(nik)) {
            throw new IllegalArgumentException("nik must be 16 digits");
        }
        Member existing = byNik.get(nik);
        if (existing != null) {
            return existing.kpj();
        }
        String region = Payer.PEMDA.equals(payer.jenis()) ? payer.kode() : null;
        Member member = new Member(nik, freshKpj(), nama == null ? "Peserta " + nik.substring(12) : nama.trim(),
                jenisKelamin == null ? "L" : jenisKelamin, tglLahir == null ? null : tglLahir.toString(), null,
                payer.from().atDay(1), region, List.of(new Income(payer.from(), 1_000_000L)),
                List.of(new Span(payer.from(), null, null)), List.of(payer));
        byNik.put(nik, member);
        nikByKpj.put(member.kpj(), nik);
        version++;
        return member.kpj();
    }

    /**
     * From {@code payer.from()} on, the member is paid by {@code payer} (POST /sim/payer): e.g. a city's
     * worker who got a job is paid by the employer from that month, and the city's invoice no longer
     * lists them from then.
     *
     * @return the member, or empty when no member has that KPJ or NIK
     */
    synchronized Optional<Member> changePayer(String nikOrKpj, PayerSpell payer) {
        Member m = byNik.get(nikOrKpj);
        if (m == null) {
            m = byKpj(nikOrKpj).orElse(null);
        }
        if (m == null) {
            return Optional.empty();
        }
        Member changed = m.withPayerFrom(payer);
        byNik.put(m.nik(), changed);
        version++;
        return Optional.of(changed);
    }

    synchronized long version() {
        return version;
    }

    synchronized Optional<Member> member(String nik) {
        return Optional.ofNullable(byNik.get(nik));
    }

    synchronized Optional<Member> byKpj(String kpj) {
        String nik = nikByKpj.get(kpj);
        return nik == null ? Optional.empty() : Optional.ofNullable(byNik.get(nik));
    }

    /** The member with the lowest KPJ, so that a claim "for anyone" picks the same worker each time. */
    synchronized Optional<Member> any() {
        return byNik.values().stream().min(java.util.Comparator.comparing(Member::kpj));
    }

    /** A copy of every member, for the invoice. */
    synchronized List<Member> members() {
        return new ArrayList<>(byNik.values());
    }

    synchronized int size() {
        return byNik.size();
    }

    synchronized void reset() {
        byNik.clear();
        nikByKpj.clear();
        byRefId.clear();
        changesByRefId.clear();
        kpjRandom = new Random(kpjSeed);
        version++;
    }

    static boolean validNik(String nik) {
        return nik != null && NIK.matcher(nik).matches();
    }

    /** @return a bilingual refusal, starting with "NIK" when the NIK is the problem; null when fine */
    private static String validate(EnrollmentRequest req) {
        if (!validNik(req.nik())) {
            return "NIK harus 16 digit / NIK must be 16 digits";
        }
        if (req.nama() == null || req.nama().isBlank()) {
            return "Nama wajib diisi / nama is required";
        }
        if (req.tglLahir() == null) {
            return "Tanggal lahir wajib diisi / tglLahir is required";
        }
        try {
            LocalDate.parse(req.tglLahir());
        } catch (DateTimeParseException e) {
            return "Tanggal lahir harus yyyy-MM-dd / tglLahir must be yyyy-MM-dd";
        }
        if (!"L".equals(req.jenisKelamin()) && !"P".equals(req.jenisKelamin())) {
            return "Jenis kelamin harus L atau P / jenisKelamin must be L or P";
        }
        return null;
    }

    /**
     * A KPJ as BPJS writes them (shared/domain.md): 11 characters, the first seven digits or
     * capital letters, the last four digits. Ours: two digits, a letter, four digits or (one time in
     * ten each) letters, then four digits, e.g. {@code 05K40081234}, so every KPJ the gateway meets
     * has a letter. With {@code digitKpjs}, 11 digits as before, same seed, same numbers.
     */
    private String freshKpj() {
        while (true) {
            String kpj;
            if (digitKpjs) {
                kpj = Long.toString(KPJ_MIN + Math.floorMod(kpjRandom.nextLong(), KPJ_SPAN));
            } else {
                StringBuilder b = new StringBuilder(11);
                b.append(kpjRandom.nextInt(10)).append(kpjRandom.nextInt(10));
                b.append(LETTERS.charAt(kpjRandom.nextInt(LETTERS.length())));
                for (int i = 0; i < 4; i++) {
                    b.append(kpjRandom.nextInt(10) == 0 ? LETTERS.charAt(kpjRandom.nextInt(LETTERS.length()))
                            : (char) ('0' + kpjRandom.nextInt(10)));
                }
                b.append(String.format(java.util.Locale.ROOT, "%04d", kpjRandom.nextInt(10_000)));
                kpj = b.toString();
            }
            if (!nikByKpj.containsKey(kpj)) {
                return kpj;
            }
        }
    }
}
