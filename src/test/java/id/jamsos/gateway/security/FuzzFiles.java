package id.jamsos.gateway.security;

import id.jamsos.gateway.demo.SampleWorkers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded fuzz input for the agency-file fuzz tests: a few valid sample files (with and without
 * defects) and mutations of them, byte-wise, line-wise and structural, plus pure noise. The same seed
 * gives the same files, so a failure names the seed and the file number that reproduce it.
 */
public final class FuzzFiles {

    private FuzzFiles() {
    }

    /** Four valid sample files of 20 to 50 rows; the first without defects, the others with one every 3 rows. */
    public static List<byte[]> seeds(Path dir, long seed) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path s = dir.resolve("seed" + i + ".csv");
            SampleWorkers.generate(s, 20 + i * 10, seed + i, i == 0 ? 0 : 3);
            seeds.add(Files.readAllBytes(s));
        }
        return seeds;
    }

    /** One mutation of {@code seed}, drawn from {@code r}. */
    public static byte[] mutate(byte[] seed, Random r) {
        switch (r.nextInt(8)) {
            case 0 -> {
                byte[] b = seed.clone();
                for (int k = 0; k < 1 + r.nextInt(20); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(seed, r.nextInt(seed.length + 1));
            }
            case 2 -> {
                byte[] noise = new byte[r.nextInt(4096)];
                r.nextBytes(noise);
                return noise;
            }
            case 3 -> {
                String text = new String(seed, StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                StringBuilder sb = new StringBuilder();
                for (String line : lines) {
                    int op = r.nextInt(6);
                    if (op == 0) {
                        continue;
                    }
                    sb.append(op == 1 ? line + line : op == 2 ? line.replace(',', ';') : op == 3 ? "\"" + line : line)
                            .append(r.nextBoolean() ? "\n" : "\r\n");
                }
                return sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                String quotes = "\"".repeat(r.nextInt(50)) + "NIK,NAMA\n" + ",".repeat(r.nextInt(20_000));
                return quotes.getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFF, (byte) 0xFE};
                byte[] b = new byte[seed.length + 5];
                System.arraycopy(bom, 0, b, 0, 5);
                System.arraycopy(seed, 0, b, 5, seed.length);
                return b;
            }
            case 6 -> {
                // A zip-looking prefix on CSV bytes: the type sniffing must not be fooled into a crash.
                byte[] b = seed.clone();
                b[0] = 'P';
                b[1] = 'K';
                b[2] = 3;
                b[3] = 4;
                return b;
            }
            default -> {
                return new byte[0];
            }
        }
    }
}
