package id.jamsos.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders the gateway keeps personal data in (the H2 ledger's, the work folder with its local copies
 * of agency files and reports, the embedded broker's KahaDB) are made readable by the gateway's own
 * user only: {@code rwx------}. The files in them are created by H2, ActiveMQ and Camel with the
 * process's umask (0644 under the usual 0022), which Java cannot change; a folder others cannot enter
 * keeps them from those files whatever their mode, and the systemd unit sets {@code UMask=0077} as
 * well (docs/security.md, "Files on disk").
 *
 * <p>A folder that already exists is never changed, only warned about (once per start) when group or
 * others may enter it: it may be the operator's choice, a shared folder such as {@code /tmp}, or
 * {@code /} itself for a gateway run as root with {@code jdbc:h2:file:/ledger}. On a file system
 * without POSIX modes (Windows) nothing is changed; the folder's own access rules apply.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents as {@code rwx------} (the parents that were missing too). */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        Files.createDirectories(absolute);
        for (Path created : missing) {
            ownerOnly(created, OWNER_ONLY_DIR);
        }
        if (missing.isEmpty()) {
            warnIfOthersMayEnter(absolute);
        }
        return dir;
    }

    private static void ownerOnly(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: no modes to set.
        }
    }

    private static void warnIfOthersMayEnter(Path dir) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if ((mode.contains(PosixFilePermission.GROUP_EXECUTE) || mode.contains(PosixFilePermission.OTHERS_EXECUTE))
                    && WARNED.add(dir)) {
                LOG.warn("{} holds personal data and group or others may enter it (mode {}): chmod 700 it"
                        + " (docs/security.md, Files on disk)", dir, PosixFilePermissions.toString(mode));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Windows, or gone meanwhile: nothing to say.
        }
    }
}
