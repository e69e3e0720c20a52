package id.jamsos.gateway.bpjs;

import java.util.List;

/** The {@code response} part of a batch enrollment answer: one result per request, same order. */
public record EnrollmentBatchResult(List<EnrollmentResult> hasil) {
}
