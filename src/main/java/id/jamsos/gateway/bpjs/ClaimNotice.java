package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A paid claim as BPJS reports it to the gateway's callback (and, later, in its claims listing).
 *
 * @param claimType   JKM (death) or JKK (work accident)
 * @param amount      total paid, whole rupiah
 * @param components  the parts of the benefit, each in whole rupiah
 * @param paidAt      ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClaimNotice(
        String claimId,
        String claimType,
        String kpj,
        String nik,
        long amount,
        List<Component> components,
        String paidAt,
        Beneficiary beneficiary) {

    public record Component(String code, long amount) {
    }

    public record Beneficiary(String name, String relation) {
    }
}
