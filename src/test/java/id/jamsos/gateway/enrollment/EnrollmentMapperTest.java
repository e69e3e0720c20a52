package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.model.WorkerRecord;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnrollmentMapperTest {

    @Test
    void mapsAWorkerToTheEndpointsFieldsAndFormats() {
        WorkerRecord w = new WorkerRecord("9671014505900001", "Yohana Kambu", LocalDate.of(1990, 5, 5), Sex.P,
                "Sorong", "Jl. Basuki Rahmat 12", "Klasaman", "Sorong Timur", "+6281234567890", "pedagang", 1_500_000L);

        EnrollmentRequest r = new EnrollmentMapper(List.of("JKK", "JKM"), "9671").toRequest(w, "key-1");

        assertThat(r.refId()).isEqualTo("key-1");
        assertThat(r.nik()).isEqualTo("9671014505900001");
        assertThat(r.nama()).isEqualTo("Yohana Kambu");
        assertThat(r.tglLahir()).isEqualTo("1990-05-05");
        assertThat(r.jenisKelamin()).isEqualTo("P");
        assertThat(r.kecamatan()).isEqualTo("Sorong Timur");
        assertThat(r.noHp()).isEqualTo("+6281234567890");
        assertThat(r.penghasilan()).isEqualTo(1_500_000L);
        assertThat(r.program()).containsExactly("JKK", "JKM");
        assertThat(r.kodeWilayahPemda()).isEqualTo("9671");
    }
}
