package id.jamsos.gateway.routes;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.intake.SftpConnectionWatch;
import id.jamsos.gateway.intake.UploadWatch;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Changes to agencies.yaml reach the running gateway: no restart between the steps. */
class AgencyReloadTest {

    static final String NEW_AGENCY = "distrik-sorong-barat";

    @RegisterExtension
    final GatewayExtension fx = GatewayExtension.withAgenciesFile(Map.of("jamsos.agencies.reloadIntervalMs", "200"));

    @Test
    void anAgencyAddedToTheFileGetsItsRoutesAndItsFilesAreProcessed() throws Exception {
        fx.env().sftp().addPasswordUser(NEW_AGENCY, "barat-password");
        Files.createDirectories(fx.env().inbox(NEW_AGENCY));
        Files.createDirectories(fx.env().outbox(NEW_AGENCY));
        List<Agency> agencies = new ArrayList<>(fx.env().agencies().agencies());
        Agency template = agencies.get(1);
        agencies.add(new Agency(NEW_AGENCY, "Kantor Distrik Sorong Barat", template.host(), template.port(),
                NEW_AGENCY, "barat-password", null, null, template.knownHostsFile(), true, "inbox", "outbox",
                "9671", "Sorong Barat", true));
        AgenciesYaml.write(fx.agenciesFile(), agencies);

        await().atMost(Duration.ofSeconds(20)).until(() -> fx.gateway().context().getRoute("intake-" + NEW_AGENCY) != null
                && fx.gateway().context().getRoute("sftp-writer-" + NEW_AGENCY) != null);

        Path sample = fx.dir().resolve("barat.csv");
        SampleSummary expected = SampleWorkers.generate(sample, 30, 5L, 10);
        fx.drop(NEW_AGENCY, sample, "barat.csv");

        FileInfo file = fx.awaitFinal(NEW_AGENCY, "barat.csv", Duration.ofSeconds(60));
        assertThat(file.state()).isEqualTo(FileState.DONE);
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
        assertThat(counts.get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
        assertThat(counts.get(RowState.REJECTED)).isEqualTo(expected.expectedRejected());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(fx.env().outbox(NEW_AGENCY))
                && Files.list(fx.env().outbox(NEW_AGENCY)).anyMatch(p -> p.getFileName().toString().startsWith("barat")));
    }

    @Test
    void anAgencyRemovedFromTheFileLosesItsRoutesAndTheOthersKeepRunning() throws Exception {
        String removed = DemoEnvironment.PASSWORD_AGENCY;
        String kept = DemoEnvironment.KEY_AGENCY;
        assertThat(fx.gateway().context().getRoute("intake-" + removed)).isNotNull();
        assertThat(fx.gateway().context().getRoute("archive-retention-" + removed + "-done")).isNotNull();

        AgenciesYaml.write(fx.agenciesFile(), fx.env().agencies().agencies().stream()
                .filter(a -> !a.id().equals(removed)).toList());

        await().atMost(Duration.ofSeconds(30)).until(() -> fx.gateway().context().getRoute("intake-" + removed) == null
                && fx.gateway().context().getRoute("sftp-writer-" + removed) == null);
        assertThat(fx.gateway().context().getRoute("intake-" + kept)).isNotNull();
        assertThat(fx.gateway().context().getRoute("sftp-writer-" + kept)).isNotNull();
        // Its archive is no longer cleaned with credentials the city has withdrawn.
        assertThat(fx.gateway().context().getRoute("archive-retention-" + removed + "-done")).isNull();
        assertThat(fx.gateway().context().getRoute("archive-retention-" + removed + "-failed")).isNull();
        assertThat(fx.gateway().context().getRoute("archive-retention-" + kept + "-failed")).isNotNull();
    }

    /**
     * An agency's beans (upload watch, connection watch, archive filter) belong to its routes: each agency
     * has its own, the global registry holds none of them under any name, and a reload that removes the
     * agency leaves nothing of it behind.
     */
    @Test
    void eachAgencysBeansAreLocalToItsRoutesAndLeaveWithThem() throws Exception {
        String removed = DemoEnvironment.PASSWORD_AGENCY;
        String kept = DemoEnvironment.KEY_AGENCY;
        SftpEndpoint removedIntake = intakeEndpoint(removed);
        SftpEndpoint keptIntake = intakeEndpoint(kept);
        assertThat(removedIntake.getFilter()).isInstanceOf(UploadWatch.class);
        assertThat(keptIntake.getFilter()).isInstanceOf(UploadWatch.class).isNotSameAs(removedIntake.getFilter());
        assertThat(removedIntake.getPollStrategy()).isInstanceOf(SftpConnectionWatch.class);
        assertThat(keptIntake.getPollStrategy()).isInstanceOf(SftpConnectionWatch.class)
                .isNotSameAs(removedIntake.getPollStrategy());
        assertThat(archiveEndpoint(removed).getFilter()).isNotNull().isNotSameAs(archiveEndpoint(kept).getFilter());
        assertNoAgencyBeanInTheRegistry(removed);
        assertNoAgencyBeanInTheRegistry(kept);

        AgenciesYaml.write(fx.agenciesFile(), fx.env().agencies().agencies().stream()
                .filter(a -> !a.id().equals(removed)).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.gateway().context().getRoute("intake-" + removed) == null
                && fx.gateway().context().getRoute("archive-retention-" + removed + "-failed") == null);

        assertNoAgencyBeanInTheRegistry(removed);
        assertThat(intakeEndpoint(kept).getFilter()).isSameAs(keptIntake.getFilter());
    }

    private SftpEndpoint intakeEndpoint(String agencyId) {
        return (SftpEndpoint) fx.gateway().context().getRoute("intake-" + agencyId).getEndpoint();
    }

    private SftpEndpoint archiveEndpoint(String agencyId) {
        return (SftpEndpoint) fx.gateway().context().getRoute("archive-retention-" + agencyId + "-done").getEndpoint();
    }

    /** Neither under the template's names nor under names made from the agency's id (name-id, as before). */
    private void assertNoAgencyBeanInTheRegistry(String agencyId) {
        Registry registry = fx.gateway().context().getRegistry();
        for (String name : List.of("uploadWatch", "sftpConnectionWatch", "archiveFilter")) {
            assertThat(registry.lookupByName(name)).as(name).isNull();
            assertThat(registry.lookupByName(name + "-" + agencyId)).as(name + "-" + agencyId).isNull();
        }
        assertThat(registry.findByTypeWithName(UploadWatch.class)).isEmpty();
        assertThat(registry.findByTypeWithName(SftpConnectionWatch.class)).isEmpty();
        assertThat(registry.findByTypeWithName(GenericFileFilter.class).keySet())
                .noneMatch(name -> name.contains(agencyId));
    }

    @Test
    void aBrokenFileKeepsTheRunningAgenciesAndLogsEveryProblem() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            Files.writeString(fx.agenciesFile(), Files.readString(fx.agenciesFile())
                    .replaceFirst("port: \\d+", "port: 99999")
                    .replaceFirst("    enabled: true", "    enabled: true\n    colour: blue"));

            await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.contains("cannot be used") && l.contains("99999 is out of range")
                            && l.contains("colour: unknown field")));
        }
        for (Agency agency : fx.env().agencies().agencies()) {
            assertThat(fx.gateway().context().getRoute("intake-" + agency.id())).isNotNull();
            assertThat(fx.gateway().context().getRoute("sftp-writer-" + agency.id())).isNotNull();
        }
    }

    @Test
    void aChangeThatTurnsHostKeyCheckingOffIsRefusedAndTheAgencyKeepsItsRoutes() throws Exception {
        Agency first = fx.env().agencies().agencies().get(0);
        // The endpoint itself: its URI no longer carries the login (the agency's component does).
        Endpoint before = fx.gateway().context().getRoute("intake-" + first.id()).getEndpoint();
        try (LogCapture logs = LogCapture.attach()) {
            Files.writeString(fx.agenciesFile(), Files.readString(fx.agenciesFile())
                    .replaceFirst("    enabled: true", "    enabled: true\n    strict_host_key_checking: false"));

            await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.contains("cannot be used") && l.contains("agency " + first.id()
                            + ": strict_host_key_checking: false is refused in production")));
        }
        assertThat(fx.gateway().context().getRoute("intake-" + first.id()).getEndpoint()).isSameAs(before);
        assertThat(((SftpEndpoint) before).getConfiguration().getStrictHostKeyChecking()).isEqualTo("yes");
    }

    /**
     * A new password in the file is the one every SFTP exchange of the agency signs in with from then on: the
     * writer's endpoints, which outlive its route in Camel's endpoint registry, are not found again with the
     * old one.
     */
    @Test
    void aChangedPasswordIsTheOneTheAgencysIntakeAndWriterSignInWith() throws Exception {
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path first = fx.dir().resolve("sebelum.csv");
        SampleWorkers.generate(first, 8, 31L, 0);
        fx.upload(agency, first, "sebelum.csv");
        assertThat(fx.awaitFinal(agency, "sebelum.csv", Duration.ofSeconds(60)).state()).isEqualTo(FileState.DONE);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(fx.env().outbox(agency).resolve("sebelum.csv.results.csv")));
        var intakeBefore = fx.gateway().context().getRoute("intake-" + agency).getEndpoint();

        // The city changes the password on its server, and the operator in agencies.yaml.
        fx.env().sftp().addPasswordUser(agency, "dinsos-password-baru");
        AgenciesYaml.write(fx.agenciesFile(), fx.env().agencies().agencies().stream()
                .map(a -> a.id().equals(agency) ? new Agency(a.id(), a.name(), a.host(), a.port(), a.user(),
                        "dinsos-password-baru", null, null, a.knownHostsFile(), true, a.inbox(), a.outbox(),
                        a.regionCode(), a.district(), true) : a)
                .toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.gateway().context().getRoute("intake-" + agency) != null
                && fx.gateway().context().getRoute("intake-" + agency).getEndpoint() != intakeBefore
                && fx.gateway().context().getRoute("sftp-writer-" + agency) != null);

        Path second = fx.dir().resolve("sesudah.csv");
        SampleWorkers.generate(second, 9, 37L, 0);
        // Not through env.upload: it signs in with the demo's password, which the server no longer takes.
        fx.drop(agency, second, "sesudah.csv");
        assertThat(fx.awaitFinal(agency, "sesudah.csv", Duration.ofSeconds(60)).state()).isEqualTo(FileState.DONE);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(fx.env().outbox(agency).resolve("sesudah.csv.results.csv")));
    }
}
