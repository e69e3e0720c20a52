package id.jamsos.gateway.validation;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The byte-level CSV reader: the dialect's edge cases, and the same records as commons-csv gave. */
class CsvTokenizerTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    /** Records (cells as text), or the error and the line where the record after the last good one starts (0 without error). */
    record Outcome(List<List<String>> records, String error, long lineAfterLastRecord) {
    }

    @Test
    void quotedCellsHoldSeparatorsEscapedQuotesAndLineBreaks() throws IOException {
        Outcome o = read("a;\"b;\"\"c\"\"\r\nd\";e\r\n");
        assertThat(o.records()).containsExactly(List.of("a", "b;\"c\"\r\nd", "e"));
    }

    @Test
    void crLfAndCrlfEndRecordsAndCountAsOneLineEach() throws IOException {
        assertThat(read("a;b\r\nc;d\ne;f\rg;h").records())
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"), List.of("g", "h"));
        Outcome o = read("a\r\nb\r\n\"c\r\n");
        assertThat(o.error()).isEqualTo("quote");
        assertThat(o.lineAfterLastRecord()).isEqualTo(3);
    }

    @Test
    void emptyCellsEmptyLinesAndATrailingSeparator() throws IOException {
        assertThat(read(";a;;\n\n;;\nb;").records()).containsExactly(
                List.of("", "a", "", ""), List.of(""), List.of("", "", ""), List.of("b", ""));
        assertThat(read("").records()).isEmpty();
        assertThat(read("\n").records()).containsExactly(List.of(""));
    }

    @Test
    void textAfterAClosingQuoteIsKeptAndAQuoteInsideAPlainCellIsText() throws IOException {
        assertThat(read("\"ab\"c\"d;x 5\" tall;\"\"\n").records())
                .containsExactly(List.of("abc\"d", "x 5\" tall", ""));
    }

    @Test
    void anUnclosedQuoteIsAnErrorAtTheEndOfTheFile() throws IOException {
        Outcome o = read("NIK;NAMA\n1;\"Marthen\n2;Yosina\n");
        assertThat(o.error()).isEqualTo("quote");
        assertThat(o.records()).containsExactly(List.of("NIK", "NAMA"));
        assertThat(o.lineAfterLastRecord()).isEqualTo(2);
    }

    @Test
    void aRecordLongerThanTheLimitInCharactersStopsTheReading() throws IOException {
        String longQuoted = "a;\"" + "x\n".repeat(40) + "\"\n";
        CsvTokenizer.MalformedException e = catchThrowableOfType(CsvTokenizer.MalformedException.class,
                () -> readAll(tokenizer(bytes(longQuoted), StandardCharsets.UTF_8, ';', 50)));
        assertThat(e.unclosedQuote()).isFalse();
        // Limits count characters, not bytes: 30 three-byte characters are 30.
        String wide = "\u20AC".repeat(30) + "\n";
        assertThat(readAll(tokenizer(bytes(wide), StandardCharsets.UTF_8, ';', 40)).records()).hasSize(1);
    }

    @Test
    void windows1252AndUtf8DecodeTheirOwnBytes() throws IOException {
        byte[] cp = {'A', 'n', 'd', 'r', (byte) 0xE9, ';', (byte) 0x96, '\n'};
        assertThat(readAll(tokenizer(cp, CP1252, ';', 1000)).records()).containsExactly(List.of("André", "\u2013"));
        byte[] utf8 = "André;–\n".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(tokenizer(utf8, StandardCharsets.UTF_8, ';', 1000)).records())
                .containsExactly(List.of("André", "–"));
    }

    @Test
    void aByteOrderMarkLeftInIsPartOfTheFirstCellSoTheCallerSkipsIt() throws IOException {
        byte[] bom = "\uFEFFNIK;NAMA\n".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(tokenizer(bom, StandardCharsets.UTF_8, ';', 1000)).records().get(0).get(0))
                .isEqualTo("\uFEFFNIK");
        InputStream skipped = new ByteArrayInputStream(bom);
        skipped.skipNBytes(3);
        assertThat(readAll(new CsvTokenizer(skipped, StandardCharsets.UTF_8, ';', 1000)).records())
                .containsExactly(List.of("NIK", "NAMA"));
    }

    @Test
    void blankMeansWhitespaceOnlyAsStringIsBlank() throws IOException {
        CsvTokenizer t = tokenizer(" \t;\u001C;\"  \";\u00A0;\u2003;x\n".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, ';', 1000);
        assertThat(t.next()).isTrue();
        assertThat(t.isBlank(0)).isTrue();
        assertThat(t.isBlank(1)).isTrue();
        assertThat(t.isBlank(2)).isTrue();
        assertThat(t.isBlank(3)).as("no-break space is not whitespace").isFalse();
        assertThat(t.isBlank(4)).as("em space is").isTrue();
        assertThat(t.isBlank(5)).isFalse();
        assertThat(t.isBlank(6)).as("past the end").isTrue();
        assertThat(t.get(6)).isEmpty();
        assertThat(t.recordIsBlank()).isFalse();
    }

    @Test
    void recordsLargerThanTheBufferAndManyCells() throws IOException {
        String big = "x".repeat(300_000) + ";" + ";".repeat(5_000) + "\"" + "y".repeat(200_000) + "\"\nz\n";
        Outcome o = readAll(tokenizer(bytes(big), StandardCharsets.UTF_8, ';', 1_000_000));
        assertThat(o.records()).hasSize(2);
        assertThat(o.records().get(0)).hasSize(5_002);
        assertThat(o.records().get(0).get(0)).hasSize(300_000);
        assertThat(o.records().get(0).get(5_001)).hasSize(200_000);
        assertThat(o.records().get(1)).containsExactly("z");
    }

    /**
     * Random texts over the characters that matter (separators, quotes, CR, LF, spaces, non-ASCII),
     * read whole and a few bytes at a time (every refill boundary), against commons-csv with the
     * format the gateway used before.
     */
    @Test
    void sameRecordsAndErrorsAsCommonsCsvAlsoWhenOnlySkipping() throws IOException {
        String[] alphabet = {"a", "b", "é", "\u20AC", " ", ";", ",", "\t", "\"", "\"\"", "\r", "\n", "\r\n", "x y"};
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(random.nextBoolean() ? 40 : 120);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = sb.toString();
            char sep = ";,\t".charAt(random.nextInt(3));
            Charset charset = random.nextBoolean() ? StandardCharsets.UTF_8 : CP1252;
            byte[] b = text.getBytes(charset);
            Outcome expected = commonsCsv(b, charset, sep);
            assertThat(readAll(tokenizer(b, charset, sep, 1_000_000))).as("%s %s", quoted(text), charset)
                    .isEqualTo(expected);
            assertThat(readAll(new CsvTokenizer(new Trickle(b, 1 + random.nextInt(3)), charset, sep, 1_000_000)))
                    .as("trickled %s", quoted(text)).isEqualTo(expected);
            assertThat(skipAll(tokenizer(b, charset, sep, 1_000_000))).as("skipped %s", quoted(text))
                    .isEqualTo(List.of(expected.records().size(), String.valueOf(expected.error()),
                            expected.lineAfterLastRecord()));
            assertThat(skipAll(new CsvTokenizer(new Trickle(b, 1 + random.nextInt(9)), charset, sep, 1_000_000)))
                    .as("skipped, trickled %s", quoted(text))
                    .isEqualTo(List.of(expected.records().size(), String.valueOf(expected.error()),
                            expected.lineAfterLastRecord()));
        }
    }

    private static String quoted(String s) {
        return "[" + s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "]";
    }

    private static Outcome read(String text) throws IOException {
        byte[] b = bytes(text);
        Outcome o = readAll(tokenizer(b, StandardCharsets.UTF_8, ';', 1_000_000));
        assertThat(o).as("same as commons-csv").isEqualTo(commonsCsv(b, StandardCharsets.UTF_8, ';'));
        return o;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CsvTokenizer tokenizer(byte[] b, Charset charset, char sep, long limit) {
        return new CsvTokenizer(new ByteArrayInputStream(b), charset, sep, limit);
    }

    private static Outcome readAll(CsvTokenizer t) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (t) {
            while (t.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < t.size(); i++) {
                    cells.add(t.get(i));
                }
                records.add(cells);
            }
        } catch (CsvTokenizer.MalformedException e) {
            if (!e.unclosedQuote()) {
                throw e;
            }
            return new Outcome(records, "quote", t.lineAfterLastRecord());
        }
        return new Outcome(records, null, 0);
    }

    /** Records counted with {@link CsvTokenizer#skip()}: count, error, line of the error. */
    private static List<Object> skipAll(CsvTokenizer t) throws IOException {
        int records = 0;
        try (t) {
            while (t.skip()) {
                records++;
            }
        } catch (CsvTokenizer.MalformedException e) {
            if (!e.unclosedQuote()) {
                throw e;
            }
            return List.of(records, "quote", t.lineAfterLastRecord());
        }
        return List.of(records, "null", 0L);
    }

    /** What the gateway did before: commons-csv, RFC 4180, empty lines kept, trailing data kept, strict EOF. */
    private static Outcome commonsCsv(byte[] b, Charset charset, char sep) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(sep).setQuote('"').setIgnoreEmptyLines(false)
                .setTrailingData(true).setLenientEof(false).get();
        List<List<String>> records = new ArrayList<>();
        long lineAfter = 1;
        try (CSVParser parser = CSVParser.builder()
                .setReader(new InputStreamReader(new ByteArrayInputStream(b), charset)).setFormat(format).get()) {
            for (CSVRecord r : parser) {
                records.add(r.toList());
                lineAfter = parser.getCurrentLineNumber() + 1;
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException) {
                return new Outcome(records, "quote", lineAfter);
            }
            throw e;
        }
        return new Outcome(records, null, 0);
    }

    /** Hands out at most {@code chunk} bytes per read, so every buffer boundary is crossed. */
    private static final class Trickle extends InputStream {
        private final byte[] b;
        private final int chunk;
        private int pos;

        Trickle(byte[] b, int chunk) {
            this.b = b;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < b.length ? b[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            if (pos >= b.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), b.length - pos);
            System.arraycopy(b, pos, dst, off, n);
            pos += n;
            return n;
        }
    }
}
