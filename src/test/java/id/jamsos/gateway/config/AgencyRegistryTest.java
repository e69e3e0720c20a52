package id.jamsos.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import id.jamsos.gateway.embedded.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgencyRegistryTest {

    private static final Path SAMPLE = Path.of("config/agencies.yaml");
    private static final String PASSWORD_VAR = "JAMSOS_SFTP_DINAS_SOSIAL_PASSWORD";
    private static final Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path tmp;

    @Test
    void sampleFileLoadsWithItsSecretsInPlace() throws Exception {
        Path yaml = sampleWithSecrets();

        AgencyRegistry registry = AgencyRegistry.load(yaml, Map.of(PASSWORD_VAR, "pw-from-env")::get);

        assertThat(registry.agencies()).extracting(Agency::id)
                .containsExactly("distrik-sorong-timur", "dinas-sosial");
        Agency distrik = registry.byId("distrik-sorong-timur").orElseThrow();
        assertThat(distrik.name()).isEqualTo("Kantor Distrik Sorong Timur");
        assertThat(distrik.host()).isEqualTo("sftp.sorongkota.go.id");
        assertThat(distrik.port()).isEqualTo(22);
        assertThat(distrik.privateKeyFile()).isEqualTo(tmp.resolve("secrets/distrik-sorong-timur_id_rsa"));
        assertThat(distrik.knownHostsFile()).isEqualTo(tmp.resolve("secrets/known_hosts"));
        assertThat(distrik.strictHostKeyChecking()).isTrue();
        assertThat(distrik.regionCode()).isEqualTo("9671");
        assertThat(distrik.district()).isEqualTo("Sorong Timur");
        assertThat(distrik.resolvedPassword(NO_ENV)).isNull();

        Agency dinsos = registry.byId("dinas-sosial").orElseThrow();
        assertThat(dinsos.passwordEnv()).isEqualTo(PASSWORD_VAR);
        assertThat(dinsos.resolvedPassword(Map.of(PASSWORD_VAR, "pw-from-env")::get)).isEqualTo("pw-from-env");
        // Defaults apply to what the sample leaves out.
        assertThat(dinsos.port()).isEqualTo(22);
        assertThat(dinsos.inbox()).isEqualTo("inbox");
        assertThat(dinsos.outbox()).isEqualTo("outbox");
        assertThat(dinsos.district()).isNull();
        assertThat(dinsos.enabled()).isTrue();
        assertThat(registry.byId("dinas-pendidikan")).isEmpty();
    }

    @Test
    void sampleWithoutSecretsOrPasswordVariableNamesEachGap() throws Exception {
        Path yaml = tmp.resolve("agencies.yaml");
        Files.copy(SAMPLE, yaml);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> AgencyRegistry.load(yaml, NO_ENV));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "agencies[0] (id=distrik-sorong-timur) private_key_file: file not found: "
                        + tmp.resolve("secrets/distrik-sorong-timur_id_rsa"),
                "agencies[0] (id=distrik-sorong-timur) known_hosts_file: file not found: "
                        + tmp.resolve("secrets/known_hosts"),
                "agencies[1] (id=dinas-sosial) password_env: environment variable " + PASSWORD_VAR + " is not set",
                "agencies[1] (id=dinas-sosial) known_hosts_file: file not found: "
                        + tmp.resolve("secrets/known_hosts"));
    }

    @Test
    void brokenFileListsEveryProblemAtOnceWithoutLeakingPasswords() throws Exception {
        Files.writeString(tmp.resolve("known_hosts"), "");
        Path yaml = write("""
                agencies:
                  - id: Dinas_Sosial
                    name: Dinas Sosial
                    host: sftp.example
                    user: dinsos
                    password: hunter2-do-not-leak
                    known_hosts_file: known_hosts
                    region_code: 9671
                    colour: blue
                  - id: distrik-a
                    name: Distrik A
                    port: 70000
                    password_env: MISSING_VAR
                    known_hosts_file: known_hosts
                    region_code: 967
                  - id: distrik-a
                    name: Distrik A again
                    host: sftp.example
                    user: a2
                    private_key_file: keys/nope
                    region_code: "9671"
                  - id: no-auth
                    name: No Auth
                    host: sftp.example
                    user: x
                    strict_host_key_checking: false
                    region_code: 9671
                    enabled: maybe
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> AgencyRegistry.load(yaml, NO_ENV));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "agencies[0] (id=Dinas_Sosial) colour: unknown field",
                "agencies[0] (id=Dinas_Sosial) id: 'Dinas_Sosial' is not a slug (lowercase letters, digits, "
                        + "single hyphens)",
                "agencies[1] (id=distrik-a) host: is required",
                "agencies[1] (id=distrik-a) user: is required",
                "agencies[1] (id=distrik-a) port: 70000 is out of range 1-65535",
                "agencies[1] (id=distrik-a) password_env: environment variable MISSING_VAR is not set",
                "agencies[1] (id=distrik-a) region_code: '967' is not a 4-digit BPS region code like 9671",
                "agencies[2] (id=distrik-a) id: duplicate id 'distrik-a', already used by agencies[1]",
                "agencies[2] (id=distrik-a) private_key_file: file not found: " + tmp.resolve("keys/nope"),
                "agencies[2] (id=distrik-a) known_hosts_file: required while strict_host_key_checking is true "
                        + "(set strict_host_key_checking: false explicitly to connect without it)",
                "agencies[3] (id=no-auth) enabled: must be true or false, got 'maybe'",
                "agencies[3] (id=no-auth) password/password_env/private_key_file: no credentials: set "
                        + "password_env (preferred), password, or private_key_file");
        assertThat(error.getMessage()).startsWith("12 problems in " + yaml).doesNotContain("hunter2");
    }

    @Test
    void disabledAgencyNeedsNoCredentialsYetButMustBeWellFormed() throws Exception {
        Path yaml = write("""
                agencies:
                  - id: dinas-pendidikan
                    name: Dinas Pendidikan
                    host: sftp.sorongkota.go.id
                    user: dikbud
                    password_env: NOT_ISSUED_YET
                    known_hosts_file: secrets/known_hosts
                    region_code: 9671
                    enabled: false
                """);

        AgencyRegistry registry = AgencyRegistry.load(yaml, NO_ENV);

        assertThat(registry.agencies()).singleElement().extracting(Agency::enabled).isEqualTo(false);
        assertThat(registry.enabledAgencies()).isEmpty();
    }

    @Test
    void strictCheckingMayBeTurnedOffOnlyExplicitly() throws Exception {
        Path yaml = write("""
                agencies:
                  - id: lab
                    name: Test lab
                    host: 127.0.0.1
                    port: 2222
                    user: lab
                    password: lab-only
                    strict_host_key_checking: false
                    region_code: 9671
                """);

        Agency lab = AgencyRegistry.load(yaml, NO_ENV).byId("lab").orElseThrow();

        assertThat(lab.strictHostKeyChecking()).isFalse();
        assertThat(lab.knownHostsFile()).isNull();
        assertThat(lab.port()).isEqualTo(2222);
    }

    @Test
    void aCompletionMarkerIsAFileNameSuffix() throws Exception {
        String agency = """
                agencies:
                  - id: skrip
                    name: Upload by script
                    host: 127.0.0.1
                    user: skrip
                    password: lab-only
                    strict_host_key_checking: false
                    region_code: 9671
                """;
        Agency script = AgencyRegistry.load(write(agency + "    completion_marker: .ok\n"), NO_ENV)
                .byId("skrip").orElseThrow();
        assertThat(script.completionMarker()).isEqualTo(".ok");
        assertThat(AgencyRegistry.load(write(agency), NO_ENV).byId("skrip").orElseThrow().completionMarker()).isNull();

        for (String bad : new String[] {"ok", "../x", ".o k", ".${file:name}"}) {
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> AgencyRegistry.load(write(agency + "    completion_marker: \"" + bad + "\"\n"), NO_ENV));
            assertThat(e.problems()).as(bad).singleElement().asString()
                    .contains("completion_marker").contains("is not a file name suffix");
        }
    }

    @Test
    void limitsAreWholeNumbersAboveZeroAndAbsentMeansTheDefault() throws Exception {
        String agency = """
                agencies:
                  - id: batas
                    name: With limits
                    host: 127.0.0.1
                    user: batas
                    password: lab-only
                    strict_host_key_checking: false
                    region_code: 9671
                """;
        Agency limited = AgencyRegistry.load(write(agency + "    max_file_bytes: 10485760\n    max_rows_per_day: 20000\n"
                + "    max_open_rows: 50000\n"), NO_ENV).byId("batas").orElseThrow();
        assertThat(limited.limits()).isEqualTo(new AgencyLimits(10_485_760L, 20_000L, 50_000L));
        assertThat(AgencyRegistry.load(write(agency), NO_ENV).byId("batas").orElseThrow().limits())
                .isEqualTo(AgencyLimits.NONE);
        for (String bad : new String[] {"0", "-5", "1.5", "banyak"}) {
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> AgencyRegistry.load(write(agency + "    max_rows_per_day: " + bad + "\n"), NO_ENV));
            assertThat(e.problems()).as(bad).singleElement().asString()
                    .contains("max_rows_per_day").contains("whole number above 0");
        }
    }

    @Test
    void registryVerifyIsABooleanAndAbsentMeansNotVerified() throws Exception {
        String agency = """
                agencies:
                  - id: periksa
                    name: Verified by the registry
                    host: 127.0.0.1
                    user: periksa
                    password: lab-only
                    strict_host_key_checking: false
                    region_code: 9671
                """;
        assertThat(AgencyRegistry.load(write(agency + "    registry_verify: true\n"), NO_ENV).registryVerify("periksa"))
                .isTrue();
        assertThat(AgencyRegistry.load(write(agency), NO_ENV).registryVerify("periksa")).isFalse();
        assertThat(AgencyRegistry.load(write(agency), NO_ENV).registryVerify("unknown")).isFalse();
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> AgencyRegistry.load(write(agency + "    registry_verify: ya\n"), NO_ENV));
        assertThat(e.problems()).singleElement().asString().contains("registry_verify").contains("true or false");
        // A view answers from the registry it follows.
        AgencyRegistry loaded = AgencyRegistry.load(write(agency + "    registry_verify: true\n"), NO_ENV);
        assertThat(AgencyRegistry.following(() -> loaded).registryVerify("periksa")).isTrue();
    }

    @Test
    void reportSettingsAreCheckedAndAbsentMeansCsvCommaUtf8() throws Exception {
        String agency = """
                agencies:
                  - id: laporan
                    name: Report settings
                    host: 127.0.0.1
                    user: laporan
                    password: lab-only
                    strict_host_key_checking: false
                    region_code: 9671
                """;
        assertThat(AgencyRegistry.load(write(agency), NO_ENV).byId("laporan").orElseThrow().reports())
                .isEqualTo(ReportSettings.DEFAULT);
        Agency chosen = AgencyRegistry.load(write(agency + "    report_formats: [csv, xlsx]\n"
                + "    report_csv_separator: \";\"\n    report_csv_encoding: windows-1252\n"), NO_ENV)
                .byId("laporan").orElseThrow();
        assertThat(chosen.reports()).isEqualTo(new ReportSettings(
                java.util.EnumSet.of(ReportSettings.Format.CSV, ReportSettings.Format.XLSX), ';',
                ReportSettings.WINDOWS_1252));
        assertThat(AgencyRegistry.load(write(agency + "    report_formats: [xlsx]\n    report_csv_separator: tab\n"),
                NO_ENV).byId("laporan").orElseThrow().reports()).satisfies(r -> {
                    assertThat(r.csv()).isFalse();
                    assertThat(r.xlsx()).isTrue();
                    assertThat(r.separator()).isEqualTo('\t');
                });

        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> AgencyRegistry.load(write(agency + "    report_formats: [csv, pdf]\n"
                        + "    report_csv_separator: \"|\"\n    report_csv_encoding: latin-2\n"), NO_ENV));
        assertThat(e.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("report_formats", "'pdf'"))
                .anySatisfy(p -> assertThat(p).contains("report_csv_separator", "'|'"))
                .anySatisfy(p -> assertThat(p).contains("report_csv_encoding", "'latin-2'"));
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> AgencyRegistry.load(write(agency + "    report_formats: []\n"), NO_ENV));
        assertThat(e.problems()).singleElement().asString().contains("report_formats", "csv, xlsx");
    }

    @Test
    void syntaxErrorGivesPositionButNotTheLine() throws Exception {
        Path yaml = write("""
                agencies:
                  - id: x
                    password: "hunter2-unclosed
                    host: [
                """);

        assertThatThrownBy(() -> AgencyRegistry.load(yaml, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML at line")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void wrongShapeAndMissingFileAreReported() throws Exception {
        ConfigException shape = catchThrowableOfType(ConfigException.class,
                () -> AgencyRegistry.load(write("agencys:\n  - id: x\n"), NO_ENV));
        assertThat(shape.problems()).containsExactlyInAnyOrder(
                "unknown top-level field 'agencys'", "missing 'agencies' list");

        assertThatThrownBy(() -> AgencyRegistry.load(tmp.resolve("absent.yaml"), NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file not found");
    }

    private Path sampleWithSecrets() throws Exception {
        Path yaml = tmp.resolve("agencies.yaml");
        Files.copy(SAMPLE, yaml);
        SshKeys.writeOpenSshPrivateKey(SshKeys.generateRsa(2048), tmp.resolve("secrets/distrik-sorong-timur_id_rsa"));
        Files.writeString(tmp.resolve("secrets/known_hosts"), "");
        return yaml;
    }

    private Path write(String yaml) throws Exception {
        Path file = tmp.resolve("agencies.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
