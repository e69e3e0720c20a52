package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.io.IOException;
import java.io.InputStream;
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

        Utf8Check utf8 = new Utf8Check();
        long line = 1;
        long lineBytes = 0;
        long lineUtf8Chars = 0;
        long firstLongBytesLine = -1;
        long position = 0;
        int controls = 0;
        int bomLength = 0;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (position == 0) {
                    checkMagic(buf, n, fileName);
                    if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                        bomLength = 3;
                    }
                }
                for (int i = 0; i < n; i++, position++) {
                    int b = buf[i] & 0xFF;
                    if (position < bomLength) {
                        continue;
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
                        continue;
                    }
                    if (b == '\r') {
                        continue;
                    }
                    lineBytes++;
                    if ((b & 0xC0) != 0x80) {
                        lineUtf8Chars++;
                    }
                    if (lineBytes > settings.maxLineChars() && firstLongBytesLine < 0) {
                        firstLongBytesLine = line;
                    }
                    if (lineUtf8Chars > settings.maxLineChars()) {
                        // Too long in UTF-8 is too long in any encoding we accept: stop early.
                        throw FileRefusals.lineTooLong(fileName, line, settings.maxLineChars());
                    }
                }
                if (controls > SNIFF_BYTES / 100) {
                    throw FileRefusals.binary(fileName, "berisi karakter kontrol", "contains control characters");
                }
            }
        } catch (NoSuchFileException e) {
            throw FileRefusals.unreadable(fileName, "file not found");
        }
        if (utf8.valid()) {
            return new Result(StandardCharsets.UTF_8, bomLength);
        }
        if (firstLongBytesLine > 0) {
            throw FileRefusals.lineTooLong(fileName, firstLongBytesLine, settings.maxLineChars());
        }
        return new Result(WINDOWS_1252, bomLength);
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
    }
}
