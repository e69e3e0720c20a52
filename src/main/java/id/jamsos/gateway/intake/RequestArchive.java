package id.jamsos.gateway.intake;

import id.jamsos.gateway.enrollment.EnrollmentJob;
import java.util.List;

/**
 * Keeps the job items of accepted rows so that an operator can replay parked rows later without the
 * agency's original file (which has been moved to .done on the agency's server by then).
 */
@FunctionalInterface
public interface RequestArchive {

    RequestArchive NONE = (fileId, items) -> { };

    void keep(long fileId, List<EnrollmentJob.Item> items);
}
