package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.util.List;

/**
 * One message on the enrollment queue: a batch of accepted rows of one agency file, sent to the
 * endpoint as one batch request. Rows travel with their ledger coordinates so the enroller can
 * record each row's fate without a lookup.
 */
public record EnrollmentJob(long fileId, String agencyId, String fileName, List<Item> items) {

    public record Item(int rowNo, String district, EnrollmentRequest request) {
    }

    /** The highest row number the job carries (the intake marks its file queued through it). */
    public int lastRowNo() {
        return items.stream().mapToInt(Item::rowNo).max().orElse(0);
    }
}
