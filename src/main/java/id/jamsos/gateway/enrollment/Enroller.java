package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import java.util.ArrayList;
import java.util.List;

/** Sends one job to the endpoint and turns each answer into the row's outcome for the ledger. */
public final class Enroller {

    private final BpjsClient client;

    public Enroller(BpjsClient client) {
        this.client = client;
    }

    public List<RowOutcome> enroll(EnrollmentJob job) {
        List<EnrollmentRequest> requests = new ArrayList<>(job.items().size());
        for (EnrollmentJob.Item item : job.items()) {
            requests.add(item.request());
        }
        List<EnrollmentResult> results = client.enroll(requests);
        List<RowOutcome> outcomes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            EnrollmentJob.Item item = job.items().get(i);
            EnrollmentResult r = results.get(i);
            if (r.refId() != null && !r.refId().equals(item.request().refId())) {
                throw new PermanentDeliveryException("endpoint answered out of order at position " + i);
            }
            if (r.isMember() && (r.kpj() == null || r.kpj().isBlank())) {
                // "Enrolled" without a membership number cannot be recorded; retrying will not
                // change BPJS's answer, so the job is parked for an operator at once.
                throw new PermanentDeliveryException("endpoint answered " + r.code() + " without a KPJ number at position " + i);
            }
            if (r.isMember()) {
                outcomes.add(new RowOutcome(job.fileId(), item.rowNo(), RowState.ENROLLED, r.kpj(),
                        EnrollmentResult.ALREADY_REGISTERED.equals(r.code()) ? "BPJS " + r.code() + ": " + r.message() : null,
                        job.agencyId(), item.district()));
            } else {
                outcomes.add(new RowOutcome(job.fileId(), item.rowNo(), RowState.REFUSED, null,
                        "BPJS " + r.code() + ": " + r.message(), job.agencyId(), item.district()));
            }
        }
        return outcomes;
    }

    /** Every row of the job parked for an operator, with the last error as the reason. */
    public static List<RowOutcome> parked(EnrollmentJob job, Throwable cause) {
        String reason = cause == null ? "delivery failed" : cause.getMessage();
        List<RowOutcome> outcomes = new ArrayList<>(job.items().size());
        for (EnrollmentJob.Item item : job.items()) {
            outcomes.add(new RowOutcome(job.fileId(), item.rowNo(), RowState.PARKED, null, reason,
                    job.agencyId(), item.district()));
        }
        return outcomes;
    }
}
