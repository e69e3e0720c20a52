package id.jamsos.gateway.security;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.routes.GatewayExtension;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One SFTP account per agency: logged in as one agency, nothing of another can be listed or read. */
class SftpIsolationTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void anAgencyCannotReadAnotherAgencysInboxOrOutbox() throws Exception {
        DemoEnvironment env = gateways.startEnvironment();
        Files.writeString(env.inbox(DemoEnvironment.PASSWORD_AGENCY).resolve("rahasia.csv"), "NIK,NAMA\n");
        Files.writeString(env.outbox(DemoEnvironment.PASSWORD_AGENCY).resolve("rahasia.results.csv"), "x\n");

        JSch jsch = new JSch();
        jsch.addIdentity(env.dir().resolve(DemoEnvironment.KEY_AGENCY + ".key").toString());
        jsch.setKnownHosts(env.dir().resolve("known_hosts").toString());
        Session session = jsch.getSession(DemoEnvironment.KEY_AGENCY, env.sftp().host(), env.sftp().port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.connect(10_000);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(10_000);
            List<String> root = new ArrayList<>();
            for (Object e : (Vector<?>) sftp.ls("/")) {
                root.add(((ChannelSftp.LsEntry) e).getFilename());
            }
            assertThat(root).contains("inbox", "outbox").doesNotContain(DemoEnvironment.PASSWORD_AGENCY);
            String other = DemoEnvironment.PASSWORD_AGENCY;
            for (String path : List.of("/" + other + "/inbox/rahasia.csv", "../" + other + "/inbox/rahasia.csv",
                    "/../" + other + "/outbox/rahasia.results.csv", "../../" + other + "/outbox/rahasia.results.csv")) {
                assertThatThrownBy(() -> sftp.get(path).readAllBytes()).as(path).isInstanceOf(SftpException.class);
            }
            assertThatThrownBy(() -> sftp.ls("../" + other)).isInstanceOf(SftpException.class);
            sftp.disconnect();
        } finally {
            session.disconnect();
        }
    }
}
