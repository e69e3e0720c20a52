package id.jamsos.gateway.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency key of a row: derived from the agency, the file's checksum and the row, so that
 * a retry, a redelivery or a replay of the same row always carries the same key, while the same
 * worker in a different file gets a different one (the endpoint then answers "already registered").
 */
public final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    public static String of(String agencyId, String fileChecksum, int rowNo) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((agencyId + '\n' + fileChecksum + '\n' + rowNo).getBytes(StandardCharsets.UTF_8));
            // 128 bits is ample against collisions and keeps the key short in logs and headers.
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
