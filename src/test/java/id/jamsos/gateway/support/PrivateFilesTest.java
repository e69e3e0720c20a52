package id.jamsos.gateway.support;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Folders the gateway creates for personal data are rwx------; one that exists already is left as it is. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posix() {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    @Test
    void theFolderAndEveryMissingParentAreCreatedOwnerOnly() throws Exception {
        Path work = dir.resolve("var/lib/jamsos/work");

        PrivateFiles.createDirectories(work);

        for (Path p = work; !p.equals(dir); p = p.getParent()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rwx------");
        }
    }

    @Test
    void anExistingFolderIsNotChanged() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFiles.createDirectories(shared);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-xr-x");
    }
}
