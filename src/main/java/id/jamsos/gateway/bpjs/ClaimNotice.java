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
 * @param tanggalKejadian the date of death or of the accident, {@code yyyy-MM-dd}; optional (older notices
 *                    have none). A paid JKM claim ends the worker's cover with this month.
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
        Beneficiary beneficiary,
        String tanggalKejadian) {

    /** A notice without an event date, as BPJS sent them before it had the field. */
    public ClaimNotice(String claimId, String claimType, String kpj, String nik, long amount,
                       List<Component> components, String paidAt, Beneficiary beneficiary) {
        this(claimId, claimType, kpj, nik, amount, components, paidAt, beneficiary, null);
    }

    /** The same notice with this event date ({@code yyyy-MM-dd}, or null). */
    public ClaimNotice withTanggalKejadian(String date) {
        return new ClaimNotice(claimId, claimType, kpj, nik, amount, components, paidAt, beneficiary, date);
    }

    public record Component(String code, long amount) {
    }

    public record Beneficiary(String name, String relation) {
    }
}
