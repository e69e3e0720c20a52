package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.model.RowRejection;
import java.util.List;

/**
 * One message on the enrollment queue: a batch of accepted rows of one agency file, sent to the
 * endpoint as one batch request. Rows travel with their ledger coordinates so the enroller can
 * record each row's fate without a lookup.
 *
 * @param reviewed true for rows an operator released from review ({@code review --release}): a person has
 *                 looked at them, so the population registry is not asked again (docs/verification.md).
 *                 A job read from before the field existed has it false
 */
public record EnrollmentJob(long fileId, String agencyId, String fileName, List<Item> items, boolean reviewed) {

    public EnrollmentJob(long fileId, String agencyId, String fileName, List<Item> items) {
        this(fileId, agencyId, fileName, items, false);
    }

    /**
     * @param registryMayLift a reason validation set aside for the population registry to lift
     *                        (jamsos.validation.nikBirthDate=registry: the NIK's birth-date digits differ from
     *                        TGL_LAHIR and nothing else is wrong); the verification stage refuses the row with it
     *                        unless the registry confirms TGL_LAHIR. Null for every other row
     */
    public record Item(int rowNo, String district, EnrollmentRequest request, RowRejection registryMayLift) {

        public Item(int rowNo, String district, EnrollmentRequest request) {
            this(rowNo, district, request, null);
        }
    }

    /** The highest row number the job carries (the intake marks its file queued through it). */
    public int lastRowNo() {
        return items.stream().mapToInt(Item::rowNo).max().orElse(0);
    }

    /** This job with only {@code kept} of its items (the rows the verification stage lets go on). */
    public EnrollmentJob withItems(List<Item> kept) {
        return new EnrollmentJob(fileId, agencyId, fileName, List.copyOf(kept), reviewed);
    }
}
