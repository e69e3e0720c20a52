package id.jamsos.gateway.intake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP consumer's filter: a remote name holding a path separator ({@code \} on a POSIX SFTP
 * server is a legal name character) is read by Camel as a path into a sub-directory, so the file
 * can be neither downloaded nor moved to {@code .failed} under its own name. Such a file is left
 * untouched in the inbox and reported once in the log; every other unsafe name is let through to
 * {@link FileIntake#register}, which refuses it with a note in {@code .failed}.
 */
public final class UnsafeNameFilter implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UnsafeNameFilter.class);
    private static final int REMEMBERED = 1_000;

    /** Names already reported, bounded so a hostile inbox cannot grow it without end. */
    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return true;
        }
        String relative = file.getRelativeFilePath();
        String name = file.getFileNameOnly();
        boolean pathLike = (relative != null && (relative.indexOf('/') >= 0 || relative.indexOf('\\') >= 0))
                || (name != null && name.indexOf('\\') >= 0);
        if (!pathLike) {
            return true;
        }
        String shown = SafeFileNames.forLog(relative);
        boolean first;
        synchronized (reported) {
            first = reported.add(file.getEndpointPath() + "|" + relative);
        }
        if (first) {
            LOG.warn("inbox {}: file {} refused: its name holds a path separator; it is left untouched in the inbox "
                    + "and never read (the agency must rename it)", SafeFileNames.forLog(file.getEndpointPath()), shown);
        }
        return false;
    }
}
