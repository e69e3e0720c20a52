package id.jamsos.gateway.bpjs;

import java.util.List;

/** Body of POST /bpjstk/v1/peserta/batch. */
public record EnrollmentBatchRequest(List<EnrollmentRequest> peserta) {
}
