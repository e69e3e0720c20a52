package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte pass skips plain ASCII eight bytes at a time after the first 8 KiB. Files larger than
 * that, with NUL bytes, long lines, multi-byte and broken UTF-8 placed anywhere (also across the
 * 64 KiB reads), must get the verdict of the byte-at-a-time pass it replaced (copied below).
 */
class FilePrescanTest {

    @TempDir
    Path dir;

    @Test
    void sameVerdictAsTheByteAtATimePass() throws IOException {
        Random random = new Random(17);
        for (int i = 0; i < 300; i++) {
            ValidationSettings settings = ValidationSettings.defaults().withLimits(1 << 24, random.nextBoolean() ? 300 : 5000);
            byte[] bytes = randomFile(random);
            Path f = dir.resolve("f" + (i % 10) + ".csv");
            Files.write(f, bytes);
            assertThat(verdict(() -> FilePrescan.scan(f, "f.csv", settings)))
                    .as("file %d", i).isEqualTo(verdict(() -> Reference.scan(bytes, settings.maxLineChars())));
        }
    }

    @Test
    void aLongLineOrANulFarIntoTheFileIsFound() throws IOException {
        ValidationSettings settings = ValidationSettings.defaults().withLimits(1 << 24, 300);
        String line = "9271011205900001;Agustinus Kambu;12/05/1990;L\r\n";
        Path longLine = dir.resolve("long.csv");
        Files.writeString(longLine, line.repeat(2_000) + "x".repeat(301) + "\n" + line);
        assertThat(verdict(() -> FilePrescan.scan(longLine, "long.csv", settings)))
                .isEqualTo("FILE_LINE_TOO_LONG Line 2001 is longer than 300 characters");
        Path nul = dir.resolve("nul.csv");
        Files.writeString(nul, line.repeat(2_000) + "ab\u0000c\n");
        assertThat(verdict(() -> FilePrescan.scan(nul, "nul.csv", settings))).startsWith("FILE_NOT_CSV");
        Path accented = dir.resolve("accented.csv");
        Files.writeString(accented, line.repeat(2_000) + "é".repeat(300) + "\n");
        assertThat(verdict(() -> FilePrescan.scan(accented, "accented.csv", settings))).isEqualTo("UTF-8 0");
        Files.write(accented, (line.repeat(2_000) + "é".repeat(300) + "\n").getBytes(FilePrescan.WINDOWS_1252));
        assertThat(verdict(() -> FilePrescan.scan(accented, "accented.csv", settings))).isEqualTo("windows-1252 0");
    }

    private static byte[] randomFile(Random r) {
        String[] pieces = {"9271011205900001;Agustinus Kambu;12/05/1990;L", ";", "\r\n", "\n", "\r", "é", "€", "𝐀",
                "x".repeat(90), "é".repeat(100), "a", " ", "\t"};
        StringBuilder sb = new StringBuilder();
        int target = 8_000 + r.nextInt(140_000);
        while (sb.length() < target) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        byte[] b = (r.nextInt(4) == 0 ? "\uFEFF" + sb : sb.toString()).getBytes(StandardCharsets.UTF_8);
        int damage = r.nextInt(3);
        for (int k = 0; k < damage; k++) {
            int at = r.nextInt(b.length);
            b[at] = switch (r.nextInt(5)) {
                case 0, 4 -> r.nextInt(8) == 0 ? 0 : (byte) 0xE9;
                case 1 -> (byte) 0xE9; // Windows-1252 é: not UTF-8
                case 2 -> (byte) 0x80; // a continuation byte alone
                default -> (byte) 0x1F;
            };
        }
        return b;
    }

    interface Scan {
        FilePrescan.Result run() throws FileRejectedException, IOException;
    }

    private static String verdict(Scan scan) throws IOException {
        try {
            FilePrescan.Result r = scan.run();
            return r.charset().name() + " " + r.bomLength();
        } catch (FileRejectedException e) {
            return e.code() + " " + e.messageEn();
        }
    }

    /** The pass as it was: every byte in turn. */
    private static final class Reference {

        static FilePrescan.Result scan(byte[] all, int maxLineChars) throws FileRejectedException {
            boolean valid = true;
            int pending = 0;
            long line = 1;
            long lineBytes = 0;
            long lineUtf8Chars = 0;
            long firstLongBytesLine = -1;
            int controls = 0;
            int bomLength = all.length >= 3 && (all[0] & 0xFF) == 0xEF && (all[1] & 0xFF) == 0xBB
                    && (all[2] & 0xFF) == 0xBF ? 3 : 0;
            for (int start = 0; start < all.length; start += 64 * 1024) {
                int end = Math.min(all.length, start + 64 * 1024);
                for (int position = start; position < end; position++) {
                    int b = all[position] & 0xFF;
                    if (position < bomLength) {
                        continue;
                    }
                    if (b == 0) {
                        throw FileRefusals.binary("f.csv", "berisi byte NUL", "contains NUL bytes");
                    }
                    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1A && position < 8 * 1024) {
                        controls++;
                    }
                    if (valid) {
                        if (pending > 0) {
                            if ((b & 0xC0) != 0x80) {
                                valid = false;
                            } else {
                                pending--;
                            }
                        } else if (b >= 0x80) {
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
                    }
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
                    if (lineBytes > maxLineChars && firstLongBytesLine < 0) {
                        firstLongBytesLine = line;
                    }
                    if (lineUtf8Chars > maxLineChars) {
                        throw FileRefusals.lineTooLong("f.csv", line, maxLineChars);
                    }
                }
                if (controls > 8 * 1024 / 100) {
                    throw FileRefusals.binary("f.csv", "berisi karakter kontrol", "contains control characters");
                }
            }
            if (valid && pending == 0) {
                return new FilePrescan.Result(StandardCharsets.UTF_8, bomLength);
            }
            if (firstLongBytesLine > 0) {
                throw FileRefusals.lineTooLong("f.csv", firstLongBytesLine, maxLineChars);
            }
            return new FilePrescan.Result(FilePrescan.WINDOWS_1252, bomLength);
        }
    }
}
