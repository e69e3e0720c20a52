package id.jamsos.gateway.intake;

import id.jamsos.gateway.model.FileRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Agency file names are chosen by whoever can write to the inbox. A name is used in the ledger,
 * in report names written back to SFTP, in logs and on the operator page, so one that could
 * climb directories ({@code ..}, {@code /}, {@code \}), hide or forge text (control and
 * bidirectional-format characters) or overflow paths and columns (over 200 characters) is
 * refused before any of those is touched.
 */
public final class SafeFileNames {

    public static final int MAX_CHARS = 200;
    /** What a file name may take on the gateway's disk and most SFTP servers' (ext4, XFS, NTFS: 255). */
    public static final int MAX_STORED_BYTES = 255;
    /**
     * The most the gateway adds to a name: {@code .writing-} while a report is uploaded, a re-upload's
     * {@code .<id>} (12 digits), and {@code .reupload.txt}, the longest report suffix.
     */
    static final int DERIVED_EXTRA_BYTES = ".writing-".length() + 1 + 12 + ".reupload.txt".length();
    /** Longer names (in UTF-8 bytes) could not be stored once the gateway adds its suffixes. */
    public static final int MAX_NAME_BYTES = MAX_STORED_BYTES - DERIVED_EXTRA_BYTES;
    public static final String UNSAFE_NAME = "FILE_NAME_UNSAFE";

    private SafeFileNames() {
    }

    /** Why the name is unsafe (English), or empty when it may be used. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("the name is empty");
        }
        if (name.length() > MAX_CHARS) {
            return Optional.of("the name is longer than " + MAX_CHARS + " characters");
        }
        if (tooLongToStore(name)) {
            return Optional.of("the name is too long to store: " + name.getBytes(StandardCharsets.UTF_8).length
                    + " bytes in UTF-8, at most " + MAX_NAME_BYTES);
        }
        if (name.contains("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of("the name contains '..', '/' or '\\'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (isHidden(name.charAt(i))) {
                return Optional.of("the name contains a control character");
            }
        }
        return Optional.empty();
    }

    /** Over {@link #MAX_NAME_BYTES} in UTF-8: a name the gateway could not store once it adds its suffixes. */
    public static boolean tooLongToStore(String name) {
        return name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES;
    }

    /**
     * Over 244 bytes in UTF-8: Camel could not even download the file, to {@code <name>.inprogress} in the
     * local work folder. Such a name is filtered out before the download ({@link UnstorableEntries}); a
     * shorter one that is still {@link #tooLongToStore} is downloaded and refused like any unsafe name,
     * moved to {@code .failed}.
     */
    public static boolean tooLongToDownload(String name) {
        return name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_STORED_BYTES - ".inprogress".length();
    }

    /** Refuses an unsafe name; the exception carries a printable form of it, never the raw one. */
    public static void requireSafe(String name) throws FileRejectedException {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            throw new FileRejectedException(forLog(name), UNSAFE_NAME,
                    "nama berkas tidak aman (mengandung '..', '/', '\\', karakter kontrol, lebih dari "
                            + MAX_CHARS + " karakter, atau lebih dari " + MAX_NAME_BYTES + " byte UTF-8, misalnya "
                            + "huruf non-Latin); ganti nama berkas dengan nama yang lebih pendek lalu kirim ulang",
                    problem.get() + "; rename the file and upload it again");
        }
    }

    /**
     * A name for the error note beside an unsafe file: the name with every unsafe character
     * replaced, cut short, plus a hash of the original so two such files do not overwrite each
     * other's note.
     */
    public static String noteBase(String name) {
        if (problem(name).isEmpty()) {
            return name;
        }
        String raw = name == null ? "" : name;
        StringBuilder safe = new StringBuilder();
        // At most 80 characters and 120 bytes: the note's name must be storable whatever the script.
        int bytes = 0;
        for (int i = 0; i < raw.length() && safe.length() < 80; i++) {
            char c = raw.charAt(i);
            char kept = isHidden(c) || Character.isSurrogate(c) || c == '/' || c == '\\' || c == '.' ? '_' : c;
            bytes += String.valueOf(kept).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > 120) {
                break;
            }
            safe.append(kept);
        }
        return "unsafe-name_" + safe + "_" + shortHash(raw);
    }

    /** The name as logs and messages may show it: control characters escaped, cut short. */
    public static String forLog(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 120; i++) {
            char c = name.charAt(i);
            out.append(isHidden(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return name.length() > 120 ? out + "...(" + name.length() + " chars)" : out.toString();
    }

    /** C0/C1 controls, DEL, and format characters such as U+202E (right-to-left override). */
    private static boolean isHidden(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
