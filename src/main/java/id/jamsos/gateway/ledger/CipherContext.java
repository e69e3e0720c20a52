package id.jamsos.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where an encrypted value belongs: the place (table and column, or the purpose of a message) and the
 * key of its row, given to AES-GCM as associated data. A ciphertext then opens only where it was
 * written: copied into another row, or into another column of its own row, it fails its tag like an
 * altered one. Without it, anyone who can write to the database (or mixes a restored backup with a
 * live one) could make one worker's NIK appear on another worker's row, and every read would believe it.
 *
 * <p>Each row key is one that exists when the value is first written and never changes afterwards,
 * so no update of a row ever has to re-encrypt it: a file row's (file id, row number), a claim's id
 * (BPJS's, the primary key). A worker's NIK is bound to the file row it was read from, whose
 * (file id, row number) the worker keeps for life: the worker's ciphertext is then the very value of
 * that row, copied by SQL when the row is enrolled, without a decryption on the outcome path.
 *
 * <p>The bytes are the place and the key joined by {@code |}. That is unambiguous because each place
 * fixes how many parts follow and only the last part (a claim id) is free text.
 */
public final class CipherContext {

    /** Enrollment jobs on the broker: no row, a purpose, so a job opens only as a job. */
    public static final CipherContext ENROLLMENT_JOB = new CipherContext("jamsos.enrollment-job");

    private final byte[] associatedData;
    private final String description;

    private CipherContext(String text) {
        this.associatedData = text.getBytes(StandardCharsets.UTF_8);
        this.description = text;
    }

    /** {@code file_row.nik_enc} of the row, and {@code worker.nik_enc} of the worker that row enrolled. */
    public static CipherContext rowNik(long fileId, int rowNo) {
        return new CipherContext("file_row.nik_enc|" + fileId + "|" + rowNo);
    }

    /** {@code file_row.request_json}: the row's job item, kept for a replay. */
    public static CipherContext rowRequest(long fileId, int rowNo) {
        return new CipherContext("file_row.request_json|" + fileId + "|" + rowNo);
    }

    /** {@code file_row.change_json}: a change row's job item (changes/ChangeItem), kept for a replay. */
    public static CipherContext rowChange(long fileId, int rowNo) {
        return new CipherContext("file_row.change_json|" + fileId + "|" + rowNo);
    }

    /** {@code portal_upload.content}: a clerk's upload, by its id, until it is submitted or expires. */
    public static CipherContext portalUpload(String uploadId) {
        return new CipherContext("portal_upload.content|" + Objects.requireNonNull(uploadId, "uploadId"));
    }

    /** {@code worker_contact.phone_enc}: a worker's mobile number, bound to their keyed NIK hash (V38). */
    public static CipherContext contactPhone(String nikHash) {
        return new CipherContext("worker_contact.phone_enc|" + Objects.requireNonNull(nikHash, "nikHash"));
    }

    /** {@code notification.params_enc}: a message's template parameters, bound to its event key (V38). */
    public static CipherContext notificationParams(String eventKey) {
        return new CipherContext("notification.params_enc|" + Objects.requireNonNull(eventKey, "eventKey"));
    }

    public static CipherContext claimNik(String claimId) {
        return new CipherContext("claim.nik_enc|" + Objects.requireNonNull(claimId, "claimId"));
    }

    /** {@code claim.payload}: BPJS's JSON as received. */
    public static CipherContext claimPayload(String claimId) {
        return new CipherContext("claim.payload|" + Objects.requireNonNull(claimId, "claimId"));
    }

    /** {@code claim.message}: the finance message of the claim outbox. */
    public static CipherContext claimMessage(String claimId) {
        return new CipherContext("claim.message|" + Objects.requireNonNull(claimId, "claimId"));
    }

    /**
     * {@code worker_change.old_values}: a change line's values before, bound to the line's source (the
     * file row that asked for it, {@code file:12/row:4}), which is unique and never changes.
     */
    public static CipherContext changeOldValues(String source) {
        return new CipherContext("worker_change.old_values|" + Objects.requireNonNull(source, "source"));
    }

    /** {@code worker_change.new_values}: a change line's values after, bound like {@link #changeOldValues}. */
    public static CipherContext changeNewValues(String source) {
        return new CipherContext("worker_change.new_values|" + Objects.requireNonNull(source, "source"));
    }

    byte[] associatedData() {
        return associatedData;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CipherContext other && description.equals(other.description);
    }

    @Override
    public int hashCode() {
        return description.hashCode();
    }

    /** Row keys and places only: never a value. */
    @Override
    public String toString() {
        return description;
    }
}
