package id.jamsos.gateway.app;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code run} (and a reload of agencies.yaml while it runs) refuses or warns about in the
 * agencies' SFTP settings, beyond their shape ({@link AgencyRegistry} checks that):
 *
 * <ul>
 *   <li>refused: {@code strict_host_key_checking: false} on an enabled agency. The server's host key
 *       would not be checked, so anyone on the path could pose as the agency's server and read the
 *       workers' files and the reports. There is no override: the key can always be put in
 *       {@code known_hosts_file} ({@code ssh-keyscan}, its fingerprint compared with the agency's by
 *       phone). The registry still accepts the field for the demo and tests, which build agencies in
 *       code.</li>
 *   <li>refused: a {@code private_key_file} that group or others may read or write (mode other than
 *       600 or 400), or a {@code known_hosts_file} that group or others may write (whoever can
 *       write it can add their own server's key). Skipped on a file system without POSIX modes.</li>
 *   <li>warned: a literal {@code password:} in the file; a key or {@code password_env} is
 *       recommended, as the file is a ConfigMap or lies in /etc/jamsos readable by more people than
 *       the secrets.</li>
 * </ul>
 * Disabled agencies are not checked: they connect nowhere. Messages name the agency, the field and the
 * file, never a password.
 */
public final class SftpSettingsCheck {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private SftpSettingsCheck() {
    }

    /** What {@code run} refuses to start (or a reload refuses to apply) with. */
    public static List<String> problems(AgencyRegistry agencies) {
        List<String> problems = new ArrayList<>();
        for (Agency a : agencies.enabledAgencies()) {
            String where = "agency " + a.id() + ": ";
            if (!a.strictHostKeyChecking()) {
                problems.add(where + "strict_host_key_checking: false is refused in production: the server's host key"
                        + " would not be checked (anyone on the path could pose as it); put its verified key in"
                        + " known_hosts_file and remove the line (docs/security.md)");
            }
            if (a.privateKeyFile() != null) {
                mode(a.privateKeyFile()).filter(m -> m.stream().anyMatch(GROUP_OR_OTHERS::contains)).ifPresent(m ->
                        problems.add(where + "private_key_file " + a.privateKeyFile() + " may be read by group or others"
                                + " (mode " + PosixFilePermissions.toString(m) + "): chmod 600 it"));
            }
            if (a.knownHostsFile() != null) {
                mode(a.knownHostsFile()).filter(m -> m.stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)).ifPresent(m ->
                        problems.add(where + "known_hosts_file " + a.knownHostsFile() + " may be written by group or"
                                + " others (mode " + PosixFilePermissions.toString(m) + "), who could add their own"
                                + " server's key: chmod 644 it"));
            }
        }
        return problems;
    }

    /** Settings that work but deserve an operator's look; logged at start. */
    public static List<String> warnings(AgencyRegistry agencies) {
        List<String> warnings = new ArrayList<>();
        for (Agency a : agencies.enabledAgencies()) {
            if (a.password() != null) {
                warnings.add("agency " + a.id() + ": its SFTP password is written in agencies.yaml; use"
                        + " private_key_file, or password_env with the password in the gateway's environment");
            }
        }
        return warnings;
    }

    /** The file's POSIX mode; empty on a file system without one, or when it cannot be read (the registry says so). */
    private static Optional<Set<PosixFilePermission>> mode(Path file) {
        try {
            return Optional.of(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
    }
}
