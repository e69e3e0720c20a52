package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.bpjs.EnrollmentBatchRequest;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;

/** The body of the batch request BPJS is sent for one job: the rows' requests, in the job's order. */
public final class BatchRequests {

    public EnrollmentBatchRequest of(@Body EnrollmentJob job) {
        List<EnrollmentRequest> requests = new ArrayList<>(job.items().size());
        for (EnrollmentJob.Item item : job.items()) {
            requests.add(item.request());
        }
        return new EnrollmentBatchRequest(requests);
    }
}
