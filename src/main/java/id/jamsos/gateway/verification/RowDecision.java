package id.jamsos.gateway.verification;

import id.jamsos.gateway.model.RowRejection;
import java.util.List;
import java.util.Objects;

/**
 * What the verification stage decided for one row after the population registry's answer.
 *
 * @param rowNo   the row in its file
 * @param outcome {@link Outcome#GO} on to BPJS, {@link Outcome#REJECT} with {@code reasons}, or
 *                {@link Outcome#REVIEW} for a person, with {@code reviewReason}
 * @param reasons the refusal's reasons, one per field the registry did not match (REGISTRY_MISMATCH), and the
 *                reason validation set aside when the registry did not lift it; empty otherwise
 * @param reviewReason "Indonesian / English", why a person must look (REVIEW only); null otherwise
 * @param warning "Indonesian / English" remark the reports show beside the row (the registry confirmed a
 *                birth date the NIK's digits disagree with); null when there is none
 */
public record RowDecision(int rowNo, Outcome outcome, List<RowRejection> reasons, String reviewReason,
                          String warning) {

    public enum Outcome { GO, REJECT, REVIEW }

    public RowDecision {
        Objects.requireNonNull(outcome, "outcome");
        reasons = List.copyOf(reasons);
    }

    static RowDecision go(int rowNo, String warning) {
        return new RowDecision(rowNo, Outcome.GO, List.of(), null, warning);
    }

    static RowDecision reject(int rowNo, List<RowRejection> reasons) {
        return new RowDecision(rowNo, Outcome.REJECT, reasons, null, null);
    }

    static RowDecision review(int rowNo, String reason, String warning) {
        return new RowDecision(rowNo, Outcome.REVIEW, List.of(), reason, warning);
    }
}
