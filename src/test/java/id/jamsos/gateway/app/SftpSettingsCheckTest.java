package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistry;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production refuses weakened SFTP settings of an enabled agency (no host key check, a private key
 * others may read, a known_hosts others may write) and warns about a password written in
 * agencies.yaml; a disabled agency is not looked at (issue 14, "Secrets and files on disk").
 */
class SftpSettingsCheckTest {

    private static final String PASSWORD = "literal-sftp-password-in-the-file";

    @TempDir
    Path dir;
    private Path key;
    private Path knownHosts;

    @BeforeEach
    void files() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "modes are only checked on POSIX file systems");
        key = Files.writeString(dir.resolve("agency.key"), "not really a key\n");
        knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:2222 ssh-ed25519 AAAA\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(knownHosts, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private AgencyRegistry agencies(String keyAgencyExtra, String passwordAgencyExtra) throws Exception {
        Path yaml = dir.resolve("agencies.yaml");
        Files.writeString(yaml, """
                agencies:
                  - id: distrik
                    name: Distrik
                    host: 127.0.0.1
                    user: distrik
                    private_key_file: agency.key
                    known_hosts_file: known_hosts
                    region_code: "9671"
                %s
                  - id: dinsos
                    name: Dinas Sosial
                    host: 127.0.0.1
                    user: dinsos
                    password_env: SFTP_PW
                    known_hosts_file: known_hosts
                    region_code: "9671"
                %s
                """.formatted(keyAgencyExtra, passwordAgencyExtra));
        return AgencyRegistry.load(yaml, name -> "pw-from-env");
    }

    @Test
    void keyOwnerOnlyAndHostKeysCheckedIsNoProblem() throws Exception {
        AgencyRegistry ok = agencies("", "");
        assertThat(SftpSettingsCheck.problems(ok)).isEmpty();
        assertThat(SftpSettingsCheck.warnings(ok)).isEmpty();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertThat(SftpSettingsCheck.problems(ok)).isEmpty();
    }

    @Test
    void hostKeyCheckingTurnedOffIsRefusedNamingTheAgency() throws Exception {
        List<String> problems = SftpSettingsCheck.problems(agencies("", "    strict_host_key_checking: false"));

        assertThat(problems).singleElement().asString()
                .startsWith("agency dinsos: strict_host_key_checking: false is refused in production");
    }

    @Test
    void aPrivateKeyGroupOrOthersMayReadIsRefusedNamingTheFile() throws Exception {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> problems = SftpSettingsCheck.problems(agencies("", ""));

        assertThat(problems).containsExactly("agency distrik: private_key_file " + key.toAbsolutePath()
                + " may be read by group or others (mode rw-r--r--): chmod 600 it");
    }

    @Test
    void aKnownHostsFileOthersMayWriteIsRefused() throws Exception {
        Files.setPosixFilePermissions(knownHosts, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(SftpSettingsCheck.problems(agencies("", ""))).hasSize(2)
                .allMatch(p -> p.contains("known_hosts_file " + knownHosts.toAbsolutePath() + " may be written by group or others"));
    }

    @Test
    void aLiteralPasswordIsWarnedAboutWithoutShowingIt() throws Exception {
        AgencyRegistry agencies = loadWithLiteralPassword();

        assertThat(SftpSettingsCheck.problems(agencies)).isEmpty();
        assertThat(SftpSettingsCheck.warnings(agencies)).singleElement().asString()
                .startsWith("agency dinsos: its SFTP password is written in agencies.yaml")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aDisabledAgencyIsNotChecked() throws Exception {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(SftpSettingsCheck.problems(agencies("    enabled: false",
                "    enabled: false\n    strict_host_key_checking: false"))).isEmpty();
    }

    private AgencyRegistry loadWithLiteralPassword() throws Exception {
        Path yaml = dir.resolve("agencies.yaml");
        Files.writeString(yaml, """
                agencies:
                  - id: dinsos
                    name: Dinas Sosial
                    host: 127.0.0.1
                    user: dinsos
                    password: %s
                    known_hosts_file: known_hosts
                    region_code: "9671"
                """.formatted(PASSWORD));
        return AgencyRegistry.load(yaml, name -> null);
    }
}
