package id.jamsos.gateway.retention;

import id.jamsos.gateway.ledger.Retention;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Accepts (for deletion) an archived file of one agency, in {@code inbox/.done} or {@code inbox/.failed},
 * once it was last modified before the retention cutoff and the ledger holds no unpurged file of that
 * name. The second test matters because upload tools (WinSCP by default) keep a file's original time:
 * an old spreadsheet uploaded today would otherwise look expired the moment it is archived.
 */
final class ArchiveFilter<T> implements GenericFileFilter<T> {

    /** The intake's note beside a file refused as a whole (intake/FileFailures). */
    static final String ERROR_NOTE = ".error.txt";

    private final String agencyId;
    private final Retention retention;
    private final Supplier<Instant> cutoff;

    ArchiveFilter(String agencyId, Retention retention, Supplier<Instant> cutoff) {
        this.agencyId = agencyId;
        this.retention = retention;
        this.cutoff = cutoff;
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        // A time of 0 is a server that did not say: its age is unknown, so the file stays.
        if (file.isDirectory() || file.getLastModified() <= 0 || file.getLastModified() >= cutoff.get().toEpochMilli()) {
            return false;
        }
        return !retention.holdsRowsOf(agencyId, ledgerName(file.getFileNameOnly()));
    }

    /** The name the ledger knows the file by: an error note is about the file it is named after. */
    static String ledgerName(String archivedName) {
        return archivedName.endsWith(ERROR_NOTE)
                ? archivedName.substring(0, archivedName.length() - ERROR_NOTE.length())
                : archivedName;
    }
}
