package id.jamsos.gateway.verification;

import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.registry.RegistryField;
import id.jamsos.gateway.registry.RegistryVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import id.jamsos.gateway.registry.RegistryUnavailableException;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import id.jamsos.gateway.Headers;

/**
 * Decides one row from the population registry's verdict (docs/verification.md):
 * <ul>
 *   <li>found, every judged field matching, an e-KTP recorded: the row goes on to BPJS;</li>
 *   <li>found, a field below the threshold, an e-KTP recorded: a clear mismatch, REJECTED with one
 *       REGISTRY_MISMATCH reason per field, naming the column and the score;</li>
 *   <li>not found, or no e-KTP recorded (BELUM REKAM): REVIEW for a person, never refused by itself
 *       (a real resident's NIK can be "not found": a duplicate, or blocked for a missing e-KTP record);</li>
 *   <li>an answer about the worker the gateway cannot read: REVIEW for a person ({@link #UNREADABLE}); the
 *       {@link #UNREADABLE_IN_A_ROW}th in a row holds the job as an outage instead;</li>
 *   <li>a row whose NIK birth-date digits differ from TGL_LAHIR (set aside by validation under
 *       jamsos.validation.nikBirthDate=registry): the registry must confirm TGL_LAHIR (BIRTH_DATE matching),
 *       then the rules above apply and the reports keep a remark; otherwise it is refused with the reason
 *       validation set aside, as it would have been without the registry.</li>
 * </ul>
 */
public final class VerificationRules {

    /** Unreadable answers since the last readable one (this process). */
    private final AtomicInteger unreadableInARow = new AtomicInteger();

    public static final String MISMATCH = "REGISTRY_MISMATCH";

    public static final String NOT_FOUND = "NIK tidak ditemukan di data Dukcapil (bisa NIK ganda atau diblokir);"
            + " petugas memeriksa sebelum didaftarkan ke BPJS, baris ini tidak perlu dikirim lagi"
            + " / The population registry did not find this NIK (it may be a duplicate or blocked);"
            + " a person checks it before enrollment at BPJS, the row need not be sent again";
    public static final String NO_EKTP = "e-KTP belum direkam menurut data Dukcapil (BELUM REKAM);"
            + " petugas memeriksa sebelum didaftarkan ke BPJS, baris ini tidak perlu dikirim lagi"
            + " / The population registry has no e-KTP recorded for this worker (BELUM REKAM);"
            + " a person checks it before enrollment at BPJS, the row need not be sent again";
    public static final String UNREADABLE = "Jawaban registri tidak dapat dibaca (Dukcapil menjawab dengan kata-kata"
            + " yang tidak dikenal gateway); petugas memeriksa sebelum didaftarkan ke BPJS, baris ini tidak perlu"
            + " dikirim lagi / The registry's answer could not be read (the population registry answered about"
            + " this worker in words the gateway does not know); a person checks it before enrollment at BPJS,"
            + " the row need not be sent again";
    /**
     * Unreadable answers in a row, across jobs, after which the next one holds the job instead: the same
     * unknown words for every worker speak of the service (a new error text), not of one person, and must
     * not fill the review list. A readable answer starts the count again.
     */
    public static final int UNREADABLE_IN_A_ROW = 3;
    public static final String BIRTH_DATE_CONFIRMED = "Tanggal lahir NIK berbeda, sesuai data Dukcapil"
            + " / NIK's birth date differs; the registry confirms TGL_LAHIR";

    /**
     * Whether a row in REVIEW was put there by the registry (not found, no e-KTP), as its kept reason says:
     * a person's release then stands for the registry's check. A row held for another cause (the eligibility
     * list) has not been asked yet and goes through verification when released.
     */
    public static boolean heldByRegistry(String reviewReason) {
        return reviewReason != null && (reviewReason.equals(NOT_FOUND) || reviewReason.equals(NO_EKTP)
                || reviewReason.equals(UNREADABLE));
    }

    public RowDecision decide(@ExchangeProperty(Headers.VERIFIED_ITEM) EnrollmentJob.Item item,
                              @Body RegistryVerdict verdict) {
        int row = item.rowNo();
        RowRejection setAside = item.registryMayLift();
        if (verdict.kind() == RegistryVerdict.Kind.UNREADABLE) {
            // About this one worker: the row waits for a person, the rest of the job goes on (a whole job is
            // not held for one person's answer). The same unknown words for several workers in a row are the
            // service's, not a person's: the job is held as in an outage (the route's catch).
            if (unreadableInARow.incrementAndGet() >= UNREADABLE_IN_A_ROW) {
                throw new RegistryUnavailableException("the population registry answered " + unreadableInARow.get()
                        + " workers in a row in words the gateway cannot read: held as an outage", null);
            }
            return RowDecision.review(row, UNREADABLE, null);
        }
        unreadableInARow.set(0);
        if (verdict.kind() == RegistryVerdict.Kind.NOT_FOUND) {
            // The registry cannot confirm a birth date it has no record of: refused as validation would have.
            return setAside != null ? RowDecision.reject(row, List.of(setAside))
                    : RowDecision.review(row, NOT_FOUND, null);
        }
        List<RowRejection> mismatches = mismatches(verdict);
        if (setAside != null && !birthDateConfirmed(verdict)) {
            List<RowRejection> reasons = new ArrayList<>(mismatches.size() + 1);
            reasons.add(setAside);
            reasons.addAll(mismatches);
            return RowDecision.reject(row, reasons);
        }
        String warning = setAside != null ? BIRTH_DATE_CONFIRMED : null;
        if (!verdict.ektpRecorded()) {
            return RowDecision.review(row, mismatches.isEmpty() ? NO_EKTP : withFields(NO_EKTP, mismatches), warning);
        }
        if (!mismatches.isEmpty()) {
            return RowDecision.reject(row, mismatches);
        }
        return RowDecision.go(row, warning);
    }

    /** One REGISTRY_MISMATCH per judged field below the threshold, in the order of {@link RegistryField}. */
    static List<RowRejection> mismatches(RegistryVerdict verdict) {
        List<RowRejection> out = new ArrayList<>();
        for (RegistryField field : RegistryField.values()) {
            RegistryVerdict.FieldVerdict v = verdict.fields().get(field);
            if (v != null && !v.matches()) {
                out.add(mismatch(field, v.score(), verdict.threshold()));
            }
        }
        return out;
    }

    /** "NAMA tidak sesuai data Dukcapil (skor 43 < 80) / NAME does not match the population registry (...)". */
    static RowRejection mismatch(RegistryField field, int score, int threshold) {
        String scores = " (skor " + score + " < " + threshold + ")";
        return new RowRejection(field.column(), MISMATCH, field.column() + " tidak sesuai data Dukcapil" + scores,
                english(field) + " does not match the population registry (score " + score + " < " + threshold + ")");
    }

    private static boolean birthDateConfirmed(RegistryVerdict verdict) {
        RegistryVerdict.FieldVerdict birth = verdict.fields().get(RegistryField.BIRTH_DATE);
        return birth != null && birth.matches();
    }

    /** The review reason with the fields that did not match named in both languages. */
    private static String withFields(String reason, List<RowRejection> mismatches) {
        int split = reason.indexOf(" / ");
        String id = reason.substring(0, split) + "; " + String.join(", ",
                mismatches.stream().map(RowRejection::messageId).toList());
        String en = reason.substring(split + 3) + "; " + String.join(", ",
                mismatches.stream().map(RowRejection::messageEn).toList());
        return id + " / " + en;
    }

    private static String english(RegistryField field) {
        return ENGLISH.get(field);
    }

    private static final Map<RegistryField, String> ENGLISH = Map.of(
            RegistryField.FULL_NAME, "NAME",
            RegistryField.BIRTH_DATE, "BIRTH DATE",
            RegistryField.BIRTH_PLACE, "BIRTH PLACE",
            RegistryField.SEX, "SEX");
}
