package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.model.WorkerRecord;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Turns a validated worker into the endpoint's enrollment request for the city's PBI cover. */
public final class EnrollmentMapper {

    private final List<String> programs;
    private final String payerRegionCode;

    /**
     * @param programs        the programmes the city pays for, e.g. JKK and JKM
     * @param payerRegionCode the paying city's region code (Kota Sorong: 9671)
     */
    public EnrollmentMapper(List<String> programs, String payerRegionCode) {
        this.programs = List.copyOf(programs);
        this.payerRegionCode = payerRegionCode;
    }

    public EnrollmentRequest toRequest(WorkerRecord w, String idempotencyKey) {
        return new EnrollmentRequest(
                idempotencyKey,
                w.nik(),
                w.name(),
                w.birthDate().format(DateTimeFormatter.ISO_LOCAL_DATE),
                w.sex().name(),
                w.birthPlace(),
                w.address(),
                w.kelurahan(),
                w.district(),
                w.phone(),
                w.occupation(),
                w.monthlyIncome(),
                programs,
                payerRegionCode);
    }
}
