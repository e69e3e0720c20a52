package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment jobs cross the broker encrypted. A job names each worker (NIK, name, birth date, phone,
 * address: the request BPJS needs), and the broker is a trust boundary: its KahaDB journal, a
 * browse of a queue by anyone who can connect, a dead letter copied by an operator. So the JSON of a
 * job is sealed with the ledger's own AES-256-GCM key ({@link PersonalDataCipher#encryptText}, the
 * same {@code enc:v2.<keyId>:…} as {@code file_row.request_json}) before it is sent, and opened by the
 * enroller after it is taken. GCM authenticates as well: a job somebody else wrote or altered on the
 * broker does not open, and goes to the dead letter queue after its attempts like any unreadable one.
 * The seal is bound to its purpose ({@link CipherContext#ENROLLMENT_JOB}): a value of the ledger
 * sealed with the same key (a stored request, a claim) put on the queue does not open as a job. Jobs
 * sealed by a gateway from before that binding still open, so an upgrade strands none.
 *
 * <p>Why the payload and not only a reference to the ledger row: the job stays self-contained (the
 * parked queue, a dead letter, a replay carry what BPJS is asked), the enroller needs no extra ledger
 * read per job, and nothing of the job path's crash guarantees changes. Anyone with the key can read
 * the ledger itself, so the broker is no weaker than the database. See docs/security.md.
 */
public final class JobSeal {

    private static final Logger LOG = LoggerFactory.getLogger(JobSeal.class);

    private final PersonalDataCipher pii;
    private final boolean acceptPlain;
    private final AtomicBoolean plainSeen = new AtomicBoolean();

    /**
     * @param acceptPlain {@code jamsos.queue.acceptPlainJobs}: also read unsealed JSON jobs, for the first
     *                    start after an upgrade while jobs of the older gateway wait on the queue
     */
    public JobSeal(PersonalDataCipher pii, boolean acceptPlain) {
        this.pii = Objects.requireNonNull(pii, "pii");
        this.acceptPlain = acceptPlain;
    }

    /** The job's JSON sealed for the broker. */
    public String seal(@Body String jobJson) {
        return pii.encryptText(jobJson, CipherContext.ENROLLMENT_JOB);
    }

    /**
     * The job's JSON from a message body. An unsealed job is refused (anyone who can write to the queue
     * could have made it), unless {@code acceptPlain}: then it is read, said once at WARN, so that the
     * jobs an older gateway queued before an upgrade are not stranded. Nothing refused is quoted.
     */
    public String open(@Body String body) {
        if (body == null) {
            throw new IllegalArgumentException("an enrollment message without a body");
        }
        if (body.startsWith("enc:")) {
            return pii.decryptText(body, CipherContext.ENROLLMENT_JOB);
        }
        if (acceptPlain && body.stripLeading().startsWith("{")) {
            if (plainSeen.compareAndSet(false, true)) {
                LOG.warn("an enrollment job arrived unsealed and is read because jamsos.queue.acceptPlainJobs=true;"
                        + " turn it off once the jobs of the older gateway are done (docs/security.md)");
            }
            return body;
        }
        throw new IllegalArgumentException("an enrollment message that is not a sealed job (jobs are encrypted with"
                + " the ledger's key; see jamsos.queue.acceptPlainJobs for jobs of an older gateway)");
    }
}
