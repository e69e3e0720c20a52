package id.jamsos.gateway.verification;

import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.registry.RegistryField;
import id.jamsos.gateway.registry.RegistryVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import id.jamsos.gateway.support.FailureCounts;
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
 *   <li>an answer about the worker the gateway cannot read: REVIEW for a person ({@link #UNREADABLE}); when
 *       the job's first {@link #UNREADABLE_IN_A_ROW} answers are all unreadable the job is held as an outage
 *       instead, at most {@link #UNREADABLE_HOLDS} times for the same job (then its rows go to REVIEW);</li>
 *   <li>a row whose NIK birth-date digits differ from TGL_LAHIR (set aside by validation under
 *       jamsos.validation.nikBirthDate=registry): the registry must confirm TGL_LAHIR (BIRTH_DATE matching),
 *       then the rules above apply and the reports keep a remark; otherwise it is refused with the reason
 *       validation set aside, as it would have been without the registry.</li>
 * </ul>
 */
public final class VerificationRules {

    /**
     * Jobs held because their first answers were all unreadable, by job (file and rows), so that a job whose
     * rows the registry really cannot read about is not held at every redelivery forever: bounded in memory,
     * lost on restart (which only gives a job a few more holds).
     */
    private final FailureCounts unreadableHolds = new FailureCounts(10_000);

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
     * Unreadable answers, the first of one job's answers with no readable one among them, at which the job
     * is held instead: the same unknown words for every worker speak of the service (a new error text), not
     * of one person, and must not fill the review list. Counted per verification of one job (a
     * {@link JobAnswers}), never across jobs: unreadable answers about other workers days ago say nothing of
     * this job.
     */
    public static final int UNREADABLE_IN_A_ROW = 3;
    /**
     * Times one job is held for unreadable answers before its unreadable rows go to REVIEW instead: a hold
     * decides nothing, so the same rows are asked again at every redelivery, and without a bound a job about
     * workers the registry really cannot read would be held forever (rows PENDING, an outage said, every
     * call counted in the usage report).
     */
    public static final int UNREADABLE_HOLDS = 3;
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

    /**
     * The answers of one verification of one job so far (verification.camel.yaml sets a new one in
     * {@link Headers#REGISTRY_ANSWERS} before its split; the split's rows share it). Rows are asked one at
     * a time, in order.
     */
    public static final class JobAnswers {
        private int readable;
        private int unreadable;

        synchronized int unreadable() {
            return ++unreadable;
        }

        synchronized void readable() {
            readable++;
        }

        synchronized boolean noneReadable() {
            return readable == 0;
        }
    }

    /** A new count for one verification of one job (the route, before its split). */
    public JobAnswers newJob() {
        return new JobAnswers();
    }

    /**
     * @param job     the job being verified (its file and rows key the holds)
     * @param answers this verification's answers so far; none (a caller outside the route) counts this
     *                answer alone
     */
    public RowDecision decide(@ExchangeProperty(Headers.VERIFIED_ITEM) EnrollmentJob.Item item,
                              @ExchangeProperty(Headers.JOB) EnrollmentJob job,
                              @ExchangeProperty(Headers.REGISTRY_ANSWERS) JobAnswers answers,
                              @Body RegistryVerdict verdict) {
        int row = item.rowNo();
        RowRejection setAside = item.registryMayLift();
        JobAnswers these = answers != null ? answers : new JobAnswers();
        if (verdict.kind() == RegistryVerdict.Kind.UNREADABLE) {
            // About this one worker: the row waits for a person, the rest of the job goes on (a whole job is
            // not held for one person's answer). The same unknown words for the job's first workers, with no
            // readable answer among them, are the service's, not a person's: the job is held as in an outage
            // (the route's catch), but only so often: then the rows go to a person like any unreadable one.
            int unreadable = these.unreadable();
            if (unreadable >= UNREADABLE_IN_A_ROW && these.noneReadable()) {
                String key = job == null ? null : jobKey(job);
                if (key != null && unreadableHolds.get(key) < UNREADABLE_HOLDS) {
                    int held = unreadableHolds.increment(key);
                    throw new RegistryUnavailableException("the population registry answered the job's first "
                            + unreadable + " workers in words the gateway cannot read: held as an outage (" + held
                            + " of " + UNREADABLE_HOLDS + " times for this job, then its rows go to REVIEW)", null);
                }
            }
            return RowDecision.review(row, UNREADABLE, null);
        }
        these.readable();
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

    /** A job by its file and rows: the same job at each redelivery, another job of the same file not. */
    private static String jobKey(EnrollmentJob job) {
        StringBuilder key = new StringBuilder().append(job.fileId());
        for (EnrollmentJob.Item i : job.items()) {
            key.append(',').append(i.rowNo());
        }
        return key.toString();
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
