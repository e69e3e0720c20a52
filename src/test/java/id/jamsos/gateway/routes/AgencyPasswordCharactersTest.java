package id.jamsos.gateway.routes;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agency whose SFTP password holds the characters an endpoint URI reads as syntax signs in for every SFTP
 * exchange the gateway has with it: the intake's poll, the completion marker's read, the reports and notes
 * written back. A password with ")&" once ended Camel's RAW(...) early and cut the login short.
 */
class AgencyPasswordCharactersTest {

    private static final String AGENCY = "sandi-khusus";
    /**
     * ")&" ends a RAW(...) value early; "+" and "%41" would come back as a space and "A" from a decoded query;
     * "#" starts a URI's fragment; the space, the "=" and the "RAW(" are there for good measure.
     */
    private static final String PASSWORD = "s)&k+%41#x y=RAW(z)";

    @TempDir
    Path dir;

    @Test
    void anAgencyWithAPasswordFullOfUriSyntaxHasItsFilesTakenCheckedAndAnswered() throws Exception {
        try (GatewayFixture fx = GatewayFixture.startWithAgencies(dir.resolve("env"), Map.of(), env -> {
            env.sftp().addPasswordUser(AGENCY, PASSWORD);
            try {
                Files.createDirectories(env.inbox(AGENCY));
                Files.createDirectories(env.outbox(AGENCY));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Agency demo = env.agencies().agencies().get(0);
            return List.of(new Agency(AGENCY, "Uji Sandi", demo.host(), demo.port(), AGENCY, PASSWORD, null, null,
                    demo.knownHostsFile(), true, "inbox", "outbox", "9671", null, true, ".ok"));
        })) {
            Path inbox = fx.env.inbox(AGENCY);
            Path outbox = fx.env.outbox(AGENCY);

            // The file's name holds URI syntax too: its marker is read by that name.
            String name = "gaji & upah+1 %41 #2.csv";
            Path sample = dir.resolve("sample.csv");
            SampleWorkers.generate(sample, 14, 23L, 0);
            fx.drop(AGENCY, sample, name);
            Files.writeString(inbox.resolve(name + ".ok"), "sha256=" + sha256(sample) + "\nrows=14\n",
                    StandardCharsets.US_ASCII);

            FileInfo taken = fx.awaitFinal(AGENCY, name, Duration.ofSeconds(60));
            assertThat(taken.state()).isEqualTo(FileState.DONE);
            assertThat(taken.totalRows()).isEqualTo(14);
            Path results = outbox.resolve(name + ".results.csv");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(results));
            assertThat(Files.readAllLines(results, StandardCharsets.UTF_8)).hasSize(15);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(results))).isEqualTo("rw-------");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".done/" + name)));
            assertThat(inbox.resolve(name + ".ok")).doesNotExist();

            // A marker is really read, by such a name too: one that gives another file's SHA-256 refuses the
            // file, with a note written to inbox/.failed by the same login.
            String other = "kedua (1)&+%41 #.csv";
            Path second = dir.resolve("second.csv");
            SampleWorkers.generate(second, 12, 29L, 0);
            fx.drop(AGENCY, second, other);
            Files.writeString(inbox.resolve(other + ".ok"), "sha256=" + sha256(sample) + "\n", StandardCharsets.US_ASCII);

            FileInfo refused = fx.awaitFinal(AGENCY, other, Duration.ofSeconds(60));
            assertThat(refused.state()).isEqualTo(FileState.FAILED);
            Path note = inbox.resolve(".failed/" + other + ".error.txt");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(note));
            assertThat(Files.readString(note)).contains("FILE_MARKER_MISMATCH");
            System.out.println("[sftp] password with ')&+%#= ': file taken, reports written, marker read and "
                    + "checked; refusal: " + Files.readString(note).lines().findFirst().orElse(""));

            // The login is the component's, on the endpoint's configuration: no endpoint URI carries it, and
            // host keys are checked strictly.
            for (Endpoint endpoint : fx.gateway.context().getEndpoints()) {
                assertThat(endpoint.getEndpointUri()).doesNotContain("s)&k").doesNotContain("password");
            }
            SftpEndpoint intake = (SftpEndpoint) fx.gateway.context().getRoute("intake-" + AGENCY).getEndpoint();
            assertThat(intake.getConfiguration().getStrictHostKeyChecking()).isEqualTo("yes");
            assertThat(intake.getConfiguration().isUseUserKnownHostsFile()).isFalse();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
