package id.jamsos.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

/**
 * A file the SFTP server refused to open is passed by for a while, then tried again: the usual remedy
 * (chmod, chown, an ACL on the server) changes neither its size nor its time, so waiting for a change
 * alone would pass it by until the gateway restarts.
 */
class UnstorableEntriesTest {

    private final AtomicLong now = new AtomicLong(1_000_000L);
    private final List<String> notes = new ArrayList<>();
    private final UnstorableEntries entries = new UnstorableEntries("dinsos", f -> true,
            (name, text) -> notes.add(name), now::get, Duration.ofMinutes(10));

    @Test
    void aFileTheServerRefusedIsPassedByThenTriedAgainAndSaidOnlyOnce() {
        GenericFile<Object> file = file("pekerja.csv", 120, 5_000L);
        assertThat(entries.accept(file)).isTrue();

        entries.refusedToRead(file);
        assertThat(notes).containsExactly("pekerja.csv.error.txt");
        assertThat(entries.accept(file)).as("passed by right after the refusal").isFalse();
        now.addAndGet(Duration.ofMinutes(9).toMillis());
        assertThat(entries.accept(file)).as("still passed by within the retry interval").isFalse();

        now.addAndGet(Duration.ofMinutes(2).toMillis());
        assertThat(entries.accept(file)).as("tried again after the interval, unchanged").isTrue();

        // Still refused: passed by again, without a second note.
        entries.refusedToRead(file);
        assertThat(entries.accept(file)).isFalse();
        assertThat(notes).hasSize(1);
    }

    @Test
    void aChangedFileIsTriedAtOnce() {
        entries.refusedToRead(file("pekerja.csv", 120, 5_000L));
        assertThat(entries.accept(file("pekerja.csv", 120, 6_000L))).isTrue();
    }

    private static GenericFile<Object> file(String name, long length, long modified) {
        GenericFile<Object> file = new GenericFile<>();
        file.setFileNameOnly(name);
        file.setFileName(name);
        file.setFileLength(length);
        file.setLastModified(modified);
        return file;
    }
}
