package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One worker to enroll, as the BPJS-style endpoint takes it (see docs/bpjs-api.md).
 * Field names follow BPJS bridging style; dates are yyyy-MM-dd, sex L/P, money whole rupiah.
 *
 * @param refId the idempotency key: the same refId always yields the same outcome
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentRequest(
        String refId,
        String nik,
        String nama,
        String tglLahir,
        String jenisKelamin,
        String tempatLahir,
        String alamat,
        String kelurahan,
        String kecamatan,
        String noHp,
        String pekerjaan,
        long penghasilan,
        List<String> program,
        String kodeWilayahPemda) {
}
