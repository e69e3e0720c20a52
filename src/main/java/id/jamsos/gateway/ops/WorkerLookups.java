package id.jamsos.gateway.ops;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.nik.Nik;
import id.jamsos.gateway.nik.NikMask;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A worker looked up by NIK or KPJ (issue 18), audited: the one way the {@code worker} command,
 * /ops/workers and /portal/workers read a worker's story. Every look-up writes an {@link AuditEvent}
 * {@value #LOOKUP}, found or not; showing a NIK whole writes {@value #FULL_NIK} besides. The subject
 * of an event is the KPJ or the masked NIK, never the full NIK (docs/security.md).
 */
public final class WorkerLookups {

    public static final String LOOKUP = "WORKER_LOOKUP";
    public static final String FULL_NIK = "WORKER_FULL_NIK";

    /** A KPJ as BPJS writes it (11 characters; HR systems keep up to 20): letters and digits. */
    private static final Pattern KPJ = Pattern.compile("[A-Za-z0-9]{5,32}");

    private final WorkerStory stories;
    private final AuditTrail audit;

    public WorkerLookups(WorkerStory stories, AuditTrail audit) {
        this.stories = Objects.requireNonNull(stories, "stories");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** What was asked: a NIK or a KPJ, exactly one. */
    public record Query(String nik, String kpj) {

        /**
         * From what was typed; refuses (with a bilingual reason) none, both, a NIK that is not 16 digits
         * or a KPJ that is not letters and digits. The refusal never quotes what was typed.
         */
        public static Query of(String nik, String kpj) {
            String n = nik == null || nik.isBlank() ? null : nik.strip();
            String k = kpj == null || kpj.isBlank() ? null : kpj.strip();
            if ((n == null) == (k == null)) {
                throw new IllegalArgumentException("Isi NIK atau KPJ, salah satu / give a NIK or a KPJ, one of them");
            }
            if (n != null && !Nik.isSixteenDigits(n)) {
                throw new IllegalArgumentException("NIK harus 16 digit / a NIK is 16 digits");
            }
            if (k != null && !KPJ.matcher(k).matches()) {
                throw new IllegalArgumentException("KPJ hanya huruf dan angka / a KPJ is letters and digits");
            }
            return new Query(n, k);
        }

        /** What the audit names: the KPJ, or the NIK masked. */
        public String subject() {
            return kpj != null ? "kpj:" + kpj : "nik:" + NikMask.mask(nik);
        }

        @Override
        public String toString() {
            return "Query[" + subject() + "]";
        }
    }

    /**
     * An operator's look-up (command or /ops), every agency's parts.
     *
     * @param actorKind {@link AuditEvent#OPERATOR}
     * @param actor     who, as far as the gateway knows (the OS user of a command; the session or token of /ops)
     * @param fullNik   the NIK is to be shown whole: audited as {@value #FULL_NIK} when there is a story
     */
    public Optional<WorkerStory.Story> forOperator(String actorKind, String actor, Query q, boolean fullNik,
                                                   String client) {
        Optional<WorkerStory.Story> story = q.nik() != null ? stories.byNik(q.nik()) : stories.byKpj(q.kpj());
        audit.record(new AuditEvent(actorKind, actor, "", LOOKUP, q.subject(), found(story, fullNik), client));
        if (fullNik && story.isPresent() && story.get().nik() != null) {
            audit.record(new AuditEvent(actorKind, actor, story.get().agencyId(), FULL_NIK, subject(story.get(), q),
                    "NIK shown whole", client));
        }
        return story;
    }

    /** A clerk's look-up: only what the agency itself holds; another agency's worker is not found. */
    public Optional<WorkerStory.Story> forAgency(String agencyId, String clerk, Query q, String client) {
        Optional<WorkerStory.Story> story = stories.ofAgency(agencyId, q.nik(), q.kpj());
        audit.record(new AuditEvent(AuditEvent.CLERK, clerk, agencyId, LOOKUP, q.subject(), found(story, false),
                client));
        return story;
    }

    private static String found(Optional<WorkerStory.Story> story, boolean fullNik) {
        return (story.isPresent() ? "found, " + story.get().events().size() + " events" : "not found")
                + (fullNik ? ", full NIK asked" : "");
    }

    /** The worker as the audit names them: a KPJ when they have one, else the masked NIK. */
    private static String subject(WorkerStory.Story s, Query q) {
        return s.kpjs().isEmpty() ? "nik:" + NikMask.mask(s.nik()) : "kpj:" + s.kpjs().get(0);
    }
}
