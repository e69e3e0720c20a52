package id.jamsos.gateway.intake;

import com.jcraft.jsch.ChannelSftp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
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
 * agency uploads it again). Camel 4.18 also leaves its SFTP session in the inbox folder after such a failed
 * download, so the rest of that poll could not list the inbox: the intake endpoint sets {@code
 * stepwise=false} (paths, no change of folder; every SFTP server takes them).
 */
public final class UnstorableEntries implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UnstorableEntries.class);
    private static final int REMEMBERED = 1_000;

    private final String agencyId;
    private final GenericFileFilter<Object> next;
    private final BiConsumer<String, String> notes;
    private final Set<String> reported = remembered();
    /** Entries whose download the server refused, passed by without a word until they change. */
    private final Set<String> unreadable = remembered();

    /**
     * @param next  the filter applied to every other entry
     * @param notes writes a note to the agency's {@code inbox/.failed}: (note file name, text)
     */
    public UnstorableEntries(String agencyId, GenericFileFilter<Object> next, BiConsumer<String, String> notes) {
        this.agencyId = agencyId;
        this.next = next;
        this.notes = notes;
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return next.accept(file);
        }
        String name = file.getFileNameOnly();
        synchronized (unreadable) {
            if (unreadable.contains(key(file))) {
                return false;
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
     * until its size or time changes, and said once (log and note) like the entries refused by their listing.
     */
    public void refusedToRead(GenericFile<?> file) {
        boolean first;
        synchronized (unreadable) {
            first = unreadable.add(key(file));
        }
        if (first) {
            tell(file.getFileNameOnly(), Refusal.UNREADABLE, "passed by until it changes");
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
        return Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        });
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
                        + " gateway untuk berkas ini (atau minta bantuan pengelola server), lalu unggah ulang berkasnya",
                "the SFTP server lists this file but does not give the gateway permission to read it, so it cannot"
                        + " be taken and stays in the inbox. Give the gateway's SFTP login permission to read the file"
                        + " (or ask the server's administrator), then upload the file again");

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
