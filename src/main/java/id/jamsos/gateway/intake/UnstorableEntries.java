package id.jamsos.gateway.intake;

import com.jcraft.jsch.ChannelSftp;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agency's guard against inbox entries the gateway cannot take: a name too long to download (over 244
 * bytes in UTF-8, {@link SafeFileNames#tooLongToDownload}: an 85-character Thai name is 247 bytes),
 * and a symbolic link (dangling, or pointing anywhere: the gateway reads only files the agency
 * uploaded). Left to Camel, either fails its download, and a failed download ends the whole poll:
 * the files after it were never taken, poll after poll. Here such an entry is never downloaded: it
 * stays in the inbox, the log says so once, and the agency gets one note in {@code inbox/.failed}
 * (under a sanitised name) saying what to do. A changed entry (size or time) is said again.
 *
 * <p>A regular file the server lists but will not let the gateway read (permission denied on open) cannot
 * be told from its listing: its mode bits may say readable while the server refuses (ownership, ACLs, a
 * quarantine). Its download fails once; {@link SftpConnectionWatch} then hands it to {@link #refusedToRead},
 * which says so like the others, and from then on this filter passes the entry by until it changes (the
 * agency uploads it again) or {@link #RETRY_UNREADABLE} has passed: the usual remedy (chmod, chown, an
 * ACL) changes neither size nor time, so the entry is tried again now and then, and said only once. Camel 4.18 also leaves its SFTP session in the inbox folder after such a failed
 * download, so the rest of that poll could not list the inbox: the intake endpoint sets {@code
 * stepwise=false} (paths, no change of folder; every SFTP server takes them).
 */
public final class UnstorableEntries implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UnstorableEntries.class);
    private static final int REMEMBERED = 1_000;
    /** How long a file the server refused to open is passed by before it is tried again. */
    public static final Duration RETRY_UNREADABLE = Duration.ofMinutes(10);

    private final String agencyId;
    private final GenericFileFilter<Object> next;
    private final BiConsumer<String, String> notes;
    private final Set<String> reported = remembered();
    /** Entries whose download the server refused, with when (clock millis): passed by without a word for a while. */
    private final Map<String, Long> unreadable = rememberedMap();
    /** Unreadable entries already said (log and note): a retry that fails again says nothing new. */
    private final Set<String> toldUnreadable = remembered();
    private final LongSupplier clockMillis;
    private final long retryMillis;

    /**
     * @param next  the filter applied to every other entry
     * @param notes writes a note to the agency's {@code inbox/.failed}: (note file name, text)
     */
    public UnstorableEntries(String agencyId, GenericFileFilter<Object> next, BiConsumer<String, String> notes) {
        this(agencyId, next, notes, System::currentTimeMillis, RETRY_UNREADABLE);
    }

    UnstorableEntries(String agencyId, GenericFileFilter<Object> next, BiConsumer<String, String> notes,
                      LongSupplier clockMillis, Duration retryUnreadable) {
        this.agencyId = agencyId;
        this.next = next;
        this.notes = notes;
        this.clockMillis = clockMillis;
        this.retryMillis = retryUnreadable.toMillis();
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return next.accept(file);
        }
        String name = file.getFileNameOnly();
        synchronized (unreadable) {
            Long refusedAt = unreadable.get(key(file));
            if (refusedAt != null) {
                if (clockMillis.getAsLong() - refusedAt < retryMillis) {
                    return false;
                }
                unreadable.remove(key(file));
            }
        }
        Refusal refusal = isLink(file) ? Refusal.LINK : SafeFileNames.tooLongToDownload(name) ? Refusal.TOO_LONG : null;
        if (refusal == null) {
            return next.accept(file);
        }
        boolean first;
        synchronized (reported) {
            first = reported.add(key(file));
        }
        if (first) {
            tell(name, refusal, "never downloaded");
        }
        return false;
    }

    /**
     * The server listed this entry but refused to open it for reading: it is passed by from the next poll on,
     * until its size or time changes or {@link #RETRY_UNREADABLE} has passed, and said once (log and note)
     * like the entries refused by their listing.
     */
    public void refusedToRead(GenericFile<?> file) {
        boolean first;
        synchronized (unreadable) {
            unreadable.put(key(file), clockMillis.getAsLong());
            first = toldUnreadable.add(key(file));
        }
        if (first) {
            tell(file.getFileNameOnly(), Refusal.UNREADABLE, "passed by until it changes (tried again every "
                    + RETRY_UNREADABLE.toMinutes() + " min)");
        }
    }

    private void tell(String name, Refusal refusal, String whatHappens) {
        String shown = SafeFileNames.forLog(name);
        String note = SafeFileNames.noteBase(name) + ".error.txt";
        LOG.warn("agency={} file={} refused: {}; it is left in the inbox, {}, and the agency is told in .failed/{}",
                agencyId, shown, refusal.log, whatHappens, SafeFileNames.forLog(note));
        try {
            notes.accept(note, refusal.note(shown));
        } catch (RuntimeException e) {
            LOG.warn("agency={} file={}: the note could not be written: {}", agencyId, shown, e.toString());
        }
    }

    private static String key(GenericFile<?> file) {
        return file.getFileNameOnly() + "|" + file.getFileLength() + "|" + file.getLastModified();
    }

    /** Insertion-ordered and bounded: a flood of distinct bad entries cannot grow the gateway's memory. */
    private static Set<String> remembered() {
        return Collections.newSetFromMap(rememberedMap());
    }

    private static <V> Map<String, V> rememberedMap() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** A link by its attributes (JSch) or by its listing line ({@code lrwxrwxrwx ...}), whatever the server. */
    static boolean isLink(GenericFile<Object> file) {
        if (file.getFile() instanceof SftpRemoteFile<?> remote) {
            if (remote.getRemoteFile() instanceof ChannelSftp.LsEntry entry && entry.getAttrs() != null
                    && entry.getAttrs().isLink()) {
                return true;
            }
            String line = remote.getLongname();
            return line != null && line.startsWith("l");
        }
        return false;
    }

    enum Refusal {
        TOO_LONG("its name is too long to store once the gateway adds its suffixes (more than "
                + SafeFileNames.MAX_NAME_BYTES + " bytes in UTF-8)", SafeFileNames.UNSAFE_NAME,
                "nama berkas terlalu panjang untuk disimpan (lebih dari " + SafeFileNames.MAX_NAME_BYTES
                        + " byte UTF-8; huruf non-Latin memakai 2-4 byte per huruf). Berkas tidak dibaca dan tetap di"
                        + " folder inbox; ganti nama berkas dengan nama yang lebih pendek (huruf Latin) lalu kirim ulang",
                "the file name is too long to store (more than " + SafeFileNames.MAX_NAME_BYTES
                        + " bytes in UTF-8; non-Latin letters take 2-4 bytes each). The file was not read and stays in"
                        + " the inbox; rename it to a shorter name (Latin letters) and upload it again"),
        LINK("it is a symbolic link, which the gateway never follows", "FILE_UNREADABLE",
                "entri ini adalah tautan simbolik (symlink), bukan berkas; gateway tidak membacanya. Hapus tautan itu"
                        + " lalu unggah berkasnya sendiri",
                "this entry is a symbolic link, not a file; the gateway does not read it. Delete the link and upload"
                        + " the file itself"),
        UNREADABLE("the SFTP server lists it but refuses to let the gateway read it (permission denied)",
                "FILE_UNREADABLE",
                "server SFTP menampilkan berkas ini tetapi tidak memberi izin kepada gateway untuk membacanya, jadi"
                        + " berkas tidak dapat diambil dan tetap di folder inbox. Berikan izin baca kepada akun SFTP"
                        + " gateway untuk berkas ini (atau minta bantuan pengelola server): gateway mencobanya lagi"
                        + " setiap 10 menit, atau segera bila berkas diunggah ulang",
                "the SFTP server lists this file but does not give the gateway permission to read it, so it cannot"
                        + " be taken and stays in the inbox. Give the gateway's SFTP login permission to read the file"
                        + " (or ask the server's administrator): the gateway tries it again every 10 minutes, or at"
                        + " once when the file is uploaded again");

        final String log;
        final String code;
        final String id;
        final String en;

        Refusal(String log, String code, String id, String en) {
            this.log = log;
            this.code = code;
            this.id = id;
            this.en = en;
        }

        String note(String shownName) {
            return "Berkas " + shownName + " ditolak: " + id + ".\r\n"
                    + "File " + shownName + " was refused: " + en + ".\r\n"
                    + "Kode / code: " + code + "\r\n";
        }
    }
}
