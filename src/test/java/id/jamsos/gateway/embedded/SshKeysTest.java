package id.jamsos.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import com.jcraft.jsch.JSch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {

    @TempDir
    Path tmp;

    @Test
    void privateKeyIsPkcs1PemReadableOnlyByOwner() throws Exception {
        Path file = tmp.resolve("id_rsa");
        SshKeys.writeOpenSshPrivateKey(SshKeys.generateRsa(2048), file);

        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .endsWith("-----END RSA PRIVATE KEY-----\n");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void jschLoadsThePrivateKeyAndDerivesTheSamePublicKey() throws Exception {
        KeyPair pair = SshKeys.generateRsa(2048);
        Path file = tmp.resolve("id_rsa");
        SshKeys.writeOpenSshPrivateKey(pair, file);

        com.jcraft.jsch.KeyPair loaded = com.jcraft.jsch.KeyPair.load(new JSch(), file.toString());

        assertThat(loaded.isEncrypted()).isFalse();
        assertThat(loaded.getKeyType()).isEqualTo(com.jcraft.jsch.KeyPair.RSA);
        String ourBlob = SshKeys.publicKeyOpenSshLine(pair.getPublic()).split(" ")[1];
        assertThat(Base64.getEncoder().encodeToString(loaded.getPublicKeyBlob())).isEqualTo(ourBlob);
    }

    @Test
    void writingAgainReplacesTheKey() throws Exception {
        Path file = tmp.resolve("id_rsa");
        SshKeys.writeOpenSshPrivateKey(SshKeys.generateRsa(2048), file);
        KeyPair second = SshKeys.generateRsa(2048);
        SshKeys.writeOpenSshPrivateKey(second, file);

        com.jcraft.jsch.KeyPair loaded = com.jcraft.jsch.KeyPair.load(new JSch(), file.toString());
        assertThat(Base64.getEncoder().encodeToString(loaded.getPublicKeyBlob()))
                .isEqualTo(SshKeys.publicKeyOpenSshLine(second.getPublic()).split(" ")[1]);
    }

    @Test
    void publicKeyLineIsAuthorizedKeysForm() {
        KeyPair pair = SshKeys.generateRsa(3072);

        String line = SshKeys.publicKeyOpenSshLine(pair.getPublic());

        assertThat(line).startsWith("ssh-rsa AAAA");
        assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(3072);
    }
}
