package id.jamsos.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AgencyTest {

    private static Agency agency(String password, String passwordEnv, Path key) {
        return new Agency("dinas-sosial", "Dinas Sosial Kota Sorong", "sftp.sorongkota.go.id", 22, "dinas-sosial",
                password, passwordEnv, key, Path.of("/etc/jamsos/known_hosts"), true, "inbox", "outbox", "9671",
                null, true);
    }

    @Test
    void literalPasswordWinsAndIsMaskedInToString() {
        Agency agency = agency("hunter2-literal", null, null);

        assertThat(agency.resolvedPassword(name -> "from-env")).isEqualTo("hunter2-literal");
        assertThat(agency.toString()).doesNotContain("hunter2").contains("password=****");
    }

    @Test
    void passwordComesFromTheNamedVariable() {
        Agency agency = agency(null, "JAMSOS_SFTP_DINAS_SOSIAL_PASSWORD", null);

        assertThat(agency.resolvedPassword(Map.of("JAMSOS_SFTP_DINAS_SOSIAL_PASSWORD", "s3cr3t-env")::get))
                .isEqualTo("s3cr3t-env");
        assertThat(agency.toString()).contains("passwordEnv=JAMSOS_SFTP_DINAS_SOSIAL_PASSWORD")
                .contains("password=null");
    }

    @Test
    void keyAgencyHasNoPassword() {
        Agency agency = agency(null, null, Path.of("/etc/jamsos/id_rsa"));

        assertThat(agency.resolvedPassword(name -> "unused")).isNull();
        assertThat(agency.usesKey()).isTrue();
    }
}
