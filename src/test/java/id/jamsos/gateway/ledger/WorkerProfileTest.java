package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProfileTest {

    private static EnrollmentRequest request(String born, String sex, String kelurahan, String trade) {
        return new EnrollmentRequest("r-1", "9271014507900001", "Yohana Kambu", born, sex, "Sorong", "Jl. Baru",
                kelurahan, "Sorong Timur", "081234567890", trade, 1_000_000L, List.of("JKK", "JKM"), "9671");
    }

    @Test
    void takesTheVillageTradeSexAndBirthYearOfTheRequest() {
        assertThat(WorkerProfile.of(request("1990-07-05", "P", "  Klasaman ", "Nelayan")))
                .isEqualTo(new WorkerProfile("Klasaman", "nelayan", "P", 1990));
    }

    @Test
    void emptyOrUnreadableFieldsAreUnknownNotErrors() {
        assertThat(WorkerProfile.of(request("??", "X", " ", null)))
                .isEqualTo(new WorkerProfile(null, null, null, null));
        assertThat(WorkerProfile.of(null)).isNull();
    }
}
