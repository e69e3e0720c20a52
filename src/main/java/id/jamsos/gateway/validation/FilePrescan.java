package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One pass over the raw bytes before any CSV parsing: file type, size, binary content, encoding
 * and line length. Everything that refuses the whole file is found here or in the structure
 * pass, before a single row is handed out.
 */
final class FilePrescan {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int BUFFER = 64 * 1024;
    /** A text file from Excel has almost no control characters; a binary one has many. */
    private static final int SNIFF_BYTES = 8 * 1024;

    /** What the pass learned: how to decode the file, and where the text starts. */
    record Result(Charset charset, int bomLength) {
        boolean utf8() {
            return StandardCharsets.UTF_8.equals(charset);
        }
    }

    private FilePrescan() {
    }

    static Result scan(Path file, String fileName, ValidationSettings settings)
            throws FileRejectedException, IOException {
        checkExtension(fileName);
        checkSize(file, fileName, settings);

        Bytes bytes = new Bytes(fileName, settings.maxLineChars());
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (bytes.position == 0) {
                    checkMagic(buf, n, fileName);
                    if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                        bytes.bomLength = 3;
                    }
                }
                bytes.scan(buf, n);
                if (bytes.controls > SNIFF_BYTES / 100) {
                    throw FileRefusals.binary(fileName, "berisi karakter kontrol", "contains control characters");
                }
            }
        } catch (NoSuchFileException e) {
            throw FileRefusals.unreadable(fileName, "file not found");
        }
        if (bytes.utf8.valid()) {
            return new Result(StandardCharsets.UTF_8, bytes.bomLength);
        }
        if (bytes.firstLongBytesLine > 0) {
            throw FileRefusals.lineTooLong(fileName, bytes.firstLongBytesLine, settings.maxLineChars());
        }
        return new Result(WINDOWS_1252, bytes.bomLength);
    }

    /** Present, not over the size limit, not empty: asked of every agency file, CSV or xlsx, before it is read. */
    static void checkSize(Path file, String fileName, ValidationSettings settings) throws FileRejectedException,
            IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw FileRefusals.unreadable(fileName, "file not found");
        }
        if (size > settings.maxFileBytes()) {
            throw FileRefusals.tooLarge(fileName, size, settings.maxFileBytes());
        }
        if (size == 0) {
            throw FileRefusals.noRows(fileName);
        }
    }

    /** The state of the pass between buffers: where it is, the current line, what it found so far. */
    private static final class Bytes {
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGH = 0x8080808080808080L;
        private static final long LFS = ONES * '\n';
        private static final long CRS = ONES * '\r';

        private final String fileName;
        private final int maxLineChars;
        final Utf8Check utf8 = new Utf8Check();
        long position;
        int bomLength;
        int controls;
        long firstLongBytesLine = -1;
        private long line = 1;
        private long lineBytes;
        private long lineUtf8Chars;

        Bytes(String fileName, int maxLineChars) {
            this.fileName = fileName;
            this.maxLineChars = maxLineChars;
        }

        void scan(byte[] buf, int n) throws FileRejectedException {
            int i = 0;
            while (i < n) {
                // Plain ASCII text without NUL, CR or LF (most of a file) only lengthens the line:
                // skip it eight bytes at a time. Control characters are counted in the first
                // SNIFF_BYTES only, so the shortcut starts after them.
                if (position >= SNIFF_BYTES && utf8.betweenCharacters()) {
                    int from = i;
                    while (i + 8 <= n) {
                        long w = (long) LONG.get(buf, i);
                        if (((w | zeroByte(w) | zeroByte(w ^ LFS) | zeroByte(w ^ CRS)) & HIGH) != 0) {
                            break;
                        }
                        i += 8;
                    }
                    if (i > from) {
                        lineBytes += i - from;
                        lineUtf8Chars += i - from;
                        position += i - from;
                        checkLineLength();
                    }
                }
                // Then byte by byte up to the next word boundary: the word that stopped the shortcut.
                for (int stop = Math.min(n, i + 8); i < stop; i++, position++) {
                    scanByte(buf[i] & 0xFF);
                }
            }
        }

        /** Non-zero (in the byte's high bit) where a byte of {@code v} is 0; exact as a whole. */
        private static long zeroByte(long v) {
            return (v - ONES) & ~v & HIGH;
        }

        private void scanByte(int b) throws FileRejectedException {
            if (position < bomLength) {
                return;
            }
            if (b == 0) {
                throw FileRefusals.binary(fileName, "berisi byte NUL", "contains NUL bytes");
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1A && position < SNIFF_BYTES) {
                controls++;
            }
            utf8.accept(b);
            if (b == '\n') {
                line++;
                lineBytes = 0;
                lineUtf8Chars = 0;
                return;
            }
            if (b == '\r') {
                return;
            }
            lineBytes++;
            if ((b & 0xC0) != 0x80) {
                lineUtf8Chars++;
            }
            checkLineLength();
        }

        private void checkLineLength() throws FileRejectedException {
            if (lineBytes > maxLineChars && firstLongBytesLine < 0) {
                firstLongBytesLine = line;
            }
            if (lineUtf8Chars > maxLineChars) {
                // Too long in UTF-8 is too long in any encoding we accept: stop early.
                throw FileRefusals.lineTooLong(fileName, line, maxLineChars);
            }
        }
    }

    private static void checkExtension(String fileName) throws FileRejectedException {
        switch (FileType.of(fileName)) {
            case CSV -> { }
            case OTHER_SPREADSHEET -> throw FileRefusals.otherSpreadsheet(fileName);
            default -> throw FileRefusals.wrongExtension(fileName);
        }
    }

    /** Workbooks and UTF-16 text renamed to .csv are common; say what they are. */
    private static void checkMagic(byte[] b, int n, String fileName) throws FileRejectedException {
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            throw FileRefusals.binary(fileName, "isinya buku kerja Excel/ZIP", "it is an Excel workbook/ZIP");
        }
        if (n >= 4 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && (b[2] & 0xFF) == 0x11 && (b[3] & 0xFF) == 0xE0) {
            throw FileRefusals.binary(fileName, "isinya buku kerja Excel lama (.xls)", "it is an old Excel workbook (.xls)");
        }
        if (n >= 2 && (((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) || ((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF))) {
            throw FileRefusals.binary(fileName, "berkode UTF-16", "it is UTF-16 encoded");
        }
    }

    /** A byte-at-a-time UTF-8 well-formedness check (lead and continuation bytes). */
    private static final class Utf8Check {
        private int pending;
        private boolean valid = true;

        void accept(int b) {
            if (!valid) {
                return;
            }
            if (pending > 0) {
                if ((b & 0xC0) != 0x80) {
                    valid = false;
                    return;
                }
                pending--;
                return;
            }
            if (b < 0x80) {
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
            } else {
                valid = false;
            }
        }

        boolean valid() {
            return valid && pending == 0;
        }

        /** True when an ASCII byte would not change the verdict: not inside a sequence, or already invalid. */
        boolean betweenCharacters() {
            return pending == 0 || !valid;
        }
    }
}
