package id.jamsos.gateway.simulator;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.bpjs.Membership;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulator's membership book: who is enrolled, under which KPJ, and the outcome of every
 * refId seen. One lock guards it all: each enrollment is a few map operations, so contention is
 * negligible next to HTTP, and a single lock makes "a NIK is enrolled at most once" and
 * "a refId has exactly one outcome" obviously true under concurrency.
 */
final class MembershipRegistry {

    static final String INVALID_NIK = "411";
    static final String INCOMPLETE = "412";

    private static final Pattern NIK = Pattern.compile("\\d{16}");
    private static final long KPJ_MIN = 10_000_000_000L;
    private static final long KPJ_SPAN = 90_000_000_000L;

    /** {@code penghasilan} (whole rupiah) and {@code kodeWilayah} are what the invoice is built from. */
    record Member(String nik, String kpj, String nama, String jenisKelamin, LocalDate tglDaftar, long penghasilan,
                  String kodeWilayah) {
        Membership toMembership() {
            return new Membership(nik, kpj, nama, Membership.ACTIVE, tglDaftar.toString());
        }
    }

    private final Clock clock;
    private final SimulatorStats stats;
    private final long kpjSeed;
    private final Map<String, Member> byNik = new HashMap<>();
    private final Set<String> kpjs = new HashSet<>();
    private final Map<String, EnrollmentResult> byRefId = new HashMap<>();
    private Random kpjRandom;

    MembershipRegistry(Clock clock, SimulatorStats stats, long kpjSeed) {
        this.clock = clock;
        this.stats = stats;
        this.kpjSeed = kpjSeed;
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
            if (existing != null) {
                result = new EnrollmentResult(req.refId(), req.nik(), EnrollmentResult.ALREADY_REGISTERED,
                        "Sudah terdaftar / already registered", existing.kpj());
            } else {
                Member member = new Member(req.nik(), freshKpj(), req.nama().trim(), req.jenisKelamin(),
                        LocalDate.now(clock), req.penghasilan(), req.kodeWilayahPemda());
                byNik.put(member.nik(), member);
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

    synchronized Optional<Member> member(String nik) {
        return Optional.ofNullable(byNik.get(nik));
    }

    synchronized Optional<Member> byKpj(String kpj) {
        return byNik.values().stream().filter(m -> m.kpj().equals(kpj)).findFirst();
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
        kpjs.clear();
        byRefId.clear();
        kpjRandom = new Random(kpjSeed);
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

    private String freshKpj() {
        while (true) {
            String kpj = Long.toString(KPJ_MIN + Math.floorMod(kpjRandom.nextLong(), KPJ_SPAN));
            if (kpjs.add(kpj)) {
                return kpj;
            }
        }
    }
}
