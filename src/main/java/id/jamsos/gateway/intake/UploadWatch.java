package id.jamsos.gateway.intake;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.FileRefusals;
import id.jamsos.gateway.validation.FileValidationSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agency's guard against half-uploaded files. Camel's {@code readLock=changed} takes a file once
 * its size has been still for a few seconds; an upload from a slow link that pauses longer than that
 * would be taken cut. So a downloaded file is also checked for its own end: a CSV's last line must end
 * with a line break, an XLSX or ODS must be a whole zip archive (its central directory readable).
 *
 * <p>A file without its end is left in the inbox, untouched and unrecorded, and not downloaded again
 * until it changes. Once it has stayed unchanged (by the server's modification time) for the stall
 * period, it is refused as a whole with {@code FILE_TRUNCATED}: no row of it was ever processed.
 *
 * <p>As the intake's filter it also applies {@link UnsafeNameFilter} first; Camel takes one filter.
 */
public final class UploadWatch implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UploadWatch.class);
    private static final int REMEMBERED = 1_000;
    private static final byte[] ZIP_START = {'P', 'K', 3, 4};
    private static final Pattern SHA256 = Pattern.compile("(?<![0-9a-fA-F])([0-9a-fA-F]{64})(?![0-9a-fA-F])");
    /** {@code rows=61} (or {@code rows: 61}) on a line of the marker: the data rows under the header. */
    private static final Pattern ROWS = Pattern.compile("(?im)^\\s*rows\\s*[=:]\\s*(\\d{1,9})\\s*$");

    private final String agencyId;
    private final GenericFileFilter<Object> names;
    private final AgencyFileValidator validator;
    private final Duration stallPeriod;
    private final Clock clock;
    /** Files seen without their end, by name, size and modification time; bounded against a hostile inbox. */
    private final Map<String, Boolean> waiting = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public UploadWatch(String agencyId, GenericFileFilter<Object> names, AgencyFileValidator validator,
                       Duration stallPeriod, Clock clock) {
        this.agencyId = agencyId;
        this.names = names;
        this.validator = validator;
        this.stallPeriod = stallPeriod;
        this.clock = clock;
    }

    /** Before the download: a file already seen without its end waits, unchanged, for its stall period. */
    @Override
    public boolean accept(GenericFile<Object> file) {
        if (!names.accept(file)) {
            return false;
        }
        if (file.isDirectory() || !waiting.containsKey(key(file.getFileNameOnly(), file.getFileLength(),
                file.getLastModified()))) {
            return true;
        }
        return stalled(file.getLastModified());
    }

    /**
     * After the download, before the ledger sees the file. The exchange is not needed: the headers are
     * the remote name, size and modification time Camel read from the listing, and the local copy.
     *
     * @throws UploadIncompleteException the file has no end yet: leave it for a later poll
     * @throws FileRejectedException     it has had no end for the whole stall period: FILE_TRUNCATED
     */
    public void requireComplete(@Header(Exchange.FILE_LOCAL_WORK_PATH) String localPath,
                                @Header(Exchange.FILE_NAME_ONLY) String name,
                                @Header(Exchange.FILE_LENGTH) long size,
                                @Header(Exchange.FILE_LAST_MODIFIED) long lastModified)
            throws IOException, UploadIncompleteException, FileRejectedException {
        Path local = Path.of(localPath);
        Missing missing = missingEnd(local, name);
        String key = key(name, size, lastModified);
        // Binary, too large, not a CSV at all: the rest of the upload cannot save it, so it is refused
        // now with its own reason instead of waiting to be called cut.
        if (missing == null || validator.refusedWhateverFollows(local, name)) {
            waiting.remove(key);
            return;
        }
        if (stalled(lastModified)) {
            waiting.remove(key);
            throw FileRefusals.truncated(name, missing.id, missing.en, stallPeriod.toMinutes());
        }
        if (waiting.put(key, Boolean.TRUE) == null) {
            LOG.info("agency={} file={} size={} is not complete yet ({}); it stays in the inbox until the upload"
                            + " goes on, and is refused if it does not change for {} minutes", agencyId,
                    SafeFileNames.forLog(name), size, missing.en, stallPeriod.toMinutes());
        }
        throw new UploadIncompleteException(name + ": " + missing.en);
    }

    /**
     * An agency that uploads by script may write the file's SHA-256 into its marker, alone or as
     * {@code sha256sum} prints it ({@code <hex>  <name>}) or as {@code sha256=<hex>}; an empty marker
     * only says the upload is done. A file whose bytes differ from what its marker says is refused as a
     * whole: it is not what the agency sent. The exchange is not needed: the marker's text, the local
     * copy and the name are all this takes.
     */
    public void checkMarker(@Header(Headers.MARKER_CONTENT) String marker,
                            @Header(Exchange.FILE_LOCAL_WORK_PATH) String localPath,
                            @Header(Exchange.FILE_NAME_ONLY) String name) throws IOException, FileRejectedException {
        String text = marker == null ? "" : marker;
        Matcher sha = SHA256.matcher(text);
        if (sha.find()) {
            String expected = sha.group(1).toLowerCase(Locale.ROOT);
            String actual = FileChecksum.sha256(Path.of(localPath));
            if (!expected.equals(actual)) {
                throw FileRefusals.markerMismatch(name, expected.substring(0, 12), actual.substring(0, 12));
            }
        }
        Matcher rows = ROWS.matcher(text);
        if (rows.find()) {
            int expected = Integer.parseInt(rows.group(1));
            // One more pass over the file, only for agencies whose script states a count: a file that
            // lost (or gained) rows on the way is refused before any row of it is recorded. A file
            // refused as a whole is left to the intake, which says why in its own words.
            FileValidationSummary read = validator.summarize(Path.of(localPath), name, row -> { }, 0);
            if (!read.fileRefused() && read.rows() != expected) {
                throw FileRefusals.markerRowCount(name, expected, read.rows());
            }
        }
    }

    private boolean stalled(long lastModified) {
        return lastModified > 0 && clock.millis() - lastModified >= stallPeriod.toMillis();
    }

    private static String key(String name, long size, long lastModified) {
        return name + "|" + size + "|" + lastModified;
    }

    /** What a complete file of this kind would have and this one lacks; null when nothing is missing. */
    static Missing missingEnd(Path file, String name) throws IOException {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        long size = Files.size(file);
        if (size == 0) {
            // Nothing was written yet, or an empty file: either way FILE_NO_ROWS says it better.
            return null;
        }
        if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
            return endsWithLineBreak(file, size) ? null : Missing.LINE_END;
        }
        if (lower.endsWith(".xlsx") || lower.endsWith(".xlsm") || lower.endsWith(".ods")) {
            return startsAsZip(file) && !wholeZip(file) ? Missing.ARCHIVE_END : null;
        }
        return null;
    }

    /** LF or CR, also as UTF-16 (a file saved as "Unicode Text" ends with 0A 00 or 00 0A). */
    private static boolean endsWithLineBreak(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            int tail = (int) Math.min(2, size);
            byte[] b = new byte[tail];
            f.seek(size - tail);
            f.readFully(b);
            if (isLineBreak(b[tail - 1])) {
                return true;
            }
            return tail == 2 && (b[1] == 0 && isLineBreak(b[0]) || b[0] == 0 && isLineBreak(b[1]));
        }
    }

    private static boolean isLineBreak(byte b) {
        return b == '\n' || b == '\r';
    }

    /** Only a file that starts as a zip can be a cut one; anything else is for the validator to refuse. */
    private static boolean startsAsZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ZIP_START.length);
            return Arrays.equals(head, ZIP_START);
        }
    }

    /** The JDK finds the end-of-central-directory record and reads the directory, or throws. */
    private static boolean wholeZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size() >= 0;
        } catch (ZipException e) {
            return false;
        }
    }

    /** What is missing from a cut file, in the clerk's two languages. */
    enum Missing {
        LINE_END("baris terakhir tidak diakhiri ganti baris; jika berkas sudah lengkap, simpan ulang dari Excel"
                + " atau LibreOffice", "the last line has no line end; if the file was complete, save it again from"
                + " Excel or LibreOffice"),
        ARCHIVE_END("akhir arsip berkas tidak ada", "the end of the workbook archive is missing");

        final String id;
        final String en;

        Missing(String id, String en) {
            this.id = id;
            this.en = en;
        }
    }
}
