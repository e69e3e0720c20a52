package id.jamsos.gateway.registry;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the gateway knows of one worker and asks the registry to judge. {@code birthPlace} may be null
 * (the agency file's column is optional); the others come from a validated row. {@code purpose} is what
 * the call is counted under in the semester usage report ({@link RegistryPurpose}). {@code source} names
 * the file row (or command) asking, for the usage record and the audit, never the NIK itself.
 */
public record RegistryRequest(String nik, String fullName, LocalDate birthDate, String birthPlace, char sex,
                              RegistryPurpose purpose, String agencyId, String source) {

    public RegistryRequest {
        Objects.requireNonNull(nik, "nik");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(purpose, "purpose");
        if (sex != 'L' && sex != 'P') {
            throw new IllegalArgumentException("sex must be L or P: " + sex);
        }
    }

    /**
     * Records print every field: this one travels as a message body, which Camel may print when a step
     * fails, so the NIK is masked and the name, birth date and place are left out.
     */
    @Override
    public String toString() {
        return "RegistryRequest[nik=" + id.jamsos.gateway.nik.NikMask.mask(nik) + ", purpose=" + purpose
                + ", agencyId=" + agencyId + ", source=" + source + "]";
    }
}
