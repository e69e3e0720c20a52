package id.jamsos.gateway.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.Set;

import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * SSH key helpers for the demo and the tests: make a client key pair, write the private half where Camel's
 * sftp {@code privateKeyFile=} option (JSch) can load it, and render the public half as an OpenSSH line.
 */
public final class SshKeys {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SshKeys() {
    }

    public static KeyPair generateRsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is unavailable", e);
        }
    }

    /**
     * Writes an unencrypted RSA private key as PKCS#1 PEM ({@code -----BEGIN RSA PRIVATE KEY-----}), the
     * traditional OpenSSH form. It is the one every JSch generation and the OpenSSH tools read, unlike PKCS#8
     * or the newer {@code openssh-key-v1} container. The file is created owner-only (600) where POSIX
     * permissions exist, before any key byte is written, so the key is never briefly world-readable.
     */
    public static void writeOpenSshPrivateKey(KeyPair keyPair, Path file) {
        if (!(keyPair.getPrivate() instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalArgumentException("Only RSA keys with CRT parameters are supported, got "
                    + keyPair.getPrivate().getAlgorithm());
        }
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1(rsa))
                + "\n-----END RSA PRIVATE KEY-----\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write private key to " + file, e);
        }
    }

    /** {@code ssh-rsa AAAA...} (or the matching type for other keys), as in authorized_keys. */
    public static String publicKeyOpenSshLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p } (RFC 8017). */
    private static byte[] pkcs1(RSAPrivateCrtKey key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger value : new BigInteger[] {
                BigInteger.ZERO, key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                key.getCrtCoefficient()}) {
            writeDer(body, 0x02, value.toByteArray());
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        writeDer(sequence, 0x30, body.toByteArray());
        return sequence.toByteArray();
    }

    private static void writeDer(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            // Long form: 0x80 | number of length bytes, then the length big-endian.
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(content);
    }
}
