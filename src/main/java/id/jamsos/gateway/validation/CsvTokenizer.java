package id.jamsos.gateway.validation;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the records of an agency CSV file straight from its bytes, one record at a time, and hands
 * out a cell as text only when asked.
 *
 * <p>The dialect is exactly what commons-csv reads with {@code CSVFormat.RFC4180}, the agency's
 * separator, empty lines kept as records, text after a closing quote kept ({@code trailingData})
 * and an unclosed quote at the end an error ({@code lenientEof} off): a record ends at CR, LF or
 * CRLF outside quotes; a cell that starts with {@code "} is quoted, {@code ""} inside it is one
 * quote, line breaks inside it belong to it, and whatever follows the closing quote up to the next
 * separator is appended as it is; a quote anywhere else is an ordinary character. (The previous
 * implementation was commons-csv itself; {@code CsvTokenizerTest} compares the two.)
 *
 * <p>Working on bytes is safe because the separator, the quote, CR and LF are ASCII, and in both
 * encodings the gateway accepts (UTF-8 checked by {@link FilePrescan}, and Windows-1252) an ASCII
 * byte is always that character and never part of another one. Cells are decoded one by one with
 * the file's charset, which gives the same text as decoding the whole stream.
 *
 * <p>A record is kept whole in the buffer; the buffer grows only for a record longer than itself,
 * and a record longer than the limit (in characters) stops the reading, so an unclosed quote
 * cannot pull the rest of a large file into memory.
 */
final class CsvTokenizer implements RowCells, Closeable {

    /** Why the file's CSV structure cannot be read; {@code line} is where the last good record ended. */
    static final class MalformedException extends IOException {
        private final boolean unclosedQuote;

        MalformedException(boolean unclosedQuote) {
            super(unclosedQuote ? "quote not closed at the end of the file" : "record too long");
            this.unclosedQuote = unclosedQuote;
        }

        /** True for a quote still open at the end of the file, false for a record over the limit. */
        boolean unclosedQuote() {
            return unclosedQuote;
        }
    }

    private static final byte QUOTE = '"';
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int INITIAL_BUFFER = 128 * 1024;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long CRS = ONES * CR;
    private static final long LFS = ONES * LF;
    private static final long QUOTES = ONES * QUOTE;

    private final InputStream in;
    private final Charset charset;
    private final boolean utf8;
    private final byte separator;
    /** The separator in every byte of a long. */
    private final long separators;
    private final long maxRecordChars;

    private byte[] buf = new byte[INITIAL_BUFFER];
    /** Valid bytes are [0, end); the current record starts at {@code recordStart}, the next at {@code pos}. */
    private int end;
    private int pos;
    private int recordStart;
    private boolean eof;

    private int count;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private boolean[] quoted = new boolean[32];
    /** Line breaks consumed by the records returned so far (CRLF counts once), as commons-csv counts lines. */
    private long lines;
    private byte[] scratch = new byte[256];

    /**
     * @param in             the file's bytes after any byte-order mark; closed by {@link #close()}
     * @param maxRecordChars a longer record (in characters, line breaks included) stops the reading
     */
    CsvTokenizer(InputStream in, Charset charset, char separator, long maxRecordChars) {
        if (separator > 0x7F || separator == '"' || separator == '\r' || separator == '\n') {
            throw new IllegalArgumentException("the separator must be an ASCII character other than quote, CR, LF");
        }
        this.in = in;
        this.charset = charset;
        this.utf8 = StandardCharsets.UTF_8.equals(charset);
        this.separator = (byte) separator;
        this.separators = ONES * separator;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * Moves to the next record.
     *
     * @return false at the end of the file
     * @throws MalformedException for a quote not closed by the end of the file or a record over the limit
     */
    boolean next() throws IOException {
        recordStart = pos;
        while (true) {
            int parsed = parseRecord(recordStart);
            if (parsed != NEED_MORE) {
                return parsed == RECORD;
            }
            checkLength(end);
            refill();
        }
    }

    /**
     * Moves past the next record like {@link #next()}, with the same errors and line count, but
     * without noting where its cells are ({@link #size()} is then 0): for a pass that only checks
     * the file's structure. Only CR, LF and a quote opening a cell matter, so whole lines go by
     * eight bytes at a time.
     */
    boolean skip() throws IOException {
        recordStart = pos;
        count = 0;
        while (true) {
            int parsed = skipRecord(recordStart);
            if (parsed != NEED_MORE) {
                return parsed == RECORD;
            }
            checkLength(end);
            refill();
        }
    }

    /** The physical line (1-based) where the record after the last one returned begins. */
    long lineAfterLastRecord() {
        return lines + 1;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public String get(int i) {
        if (i < 0 || i >= count) {
            return "";
        }
        int s = starts[i];
        int e = ends[i];
        if (!quoted[i]) {
            return decode(buf, s, e - s);
        }
        int n = unquote(s, e); // may replace scratch: call it before reading the field
        return decode(scratch, 0, n);
    }

    @Override
    public boolean isBlank(int i) {
        if (i < 0 || i >= count) {
            return true;
        }
        if (quoted[i]) {
            return get(i).isBlank();
        }
        for (int j = starts[i], e = ends[i]; j < e; j++) {
            int b = buf[j];
            if (b < 0) {
                return get(i).isBlank();
            }
            // The ASCII characters Character.isWhitespace accepts: TAB..CR and FS..SPACE.
            if (!((b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20))) {
                return false;
            }
        }
        return true;
    }

    /** True when every cell of the record is blank (an empty line, {@code ;;;}, spaces). */
    boolean recordIsBlank() {
        for (int i = 0; i < count; i++) {
            if (!isBlank(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final int RECORD = 1;
    private static final int END_OF_FILE = 0;
    private static final int NEED_MORE = -1;

    /*
     * parseRecord and skipRecord read the same dialect; they are two methods, not one with a flag,
     * so that the JIT compiles each for the way it is used (a flag that flips between the structure
     * pass and the row pass made the compiled code be thrown away and rebuilt several times).
     */

    /**
     * Parses one record from {@code p}, noting its cells. Returns NEED_MORE when the buffer ends
     * before the record does (and more bytes may come); the caller refills and the record is
     * parsed again from its start, so no partial state survives a refill.
     */
    private int parseRecord(int p) throws IOException {
        count = 0;
        long recordLines = 0;
        final byte[] b = buf;
        final int limit = end;
        final byte sep = separator;
        if (p >= limit) {
            return eof ? END_OF_FILE : NEED_MORE;
        }
        while (true) {
            // At the start of a cell; p < limit, or p == limit after a separator.
            if (p >= limit) {
                if (!eof) {
                    return NEED_MORE;
                }
                // A separator right before the end of the file: one more, empty cell.
                addCell(p, p, false);
                return finish(p, recordLines);
            }
            int cellStart = p;
            if (b[p] == QUOTE) {
                p = afterQuotedText(p);
                if (p == NEED_MORE) {
                    return NEED_MORE;
                }
                recordLines += quotedLines;
                // After the closing quote: anything up to a separator or line break is kept.
                while (p < limit && b[p] != sep && b[p] != CR && b[p] != LF) {
                    p++;
                }
                if (p >= limit && !eof) {
                    return NEED_MORE;
                }
                addCell(cellStart, p, true);
            } else {
                p = endOfPlainCell(b, p, limit);
                if (p >= limit && !eof) {
                    return NEED_MORE;
                }
                addCell(cellStart, p, false);
            }
            if (p >= limit) {
                return finish(p, recordLines);
            }
            if (b[p] != sep) {
                return endOfLine(p, recordLines);
            }
            p++;
        }
    }

    /** As {@link #parseRecord(int)}, without noting cells. */
    private int skipRecord(int p) throws IOException {
        long recordLines = 0;
        final byte[] b = buf;
        final int limit = end;
        final byte sep = separator;
        if (p >= limit) {
            return eof ? END_OF_FILE : NEED_MORE;
        }
        while (true) {
            // At the start of a cell, or inside a plain one.
            if (p >= limit) {
                return eof ? finish(p, recordLines) : NEED_MORE;
            }
            if (b[p] == QUOTE && (p == recordStart || b[p - 1] == sep)) {
                p = afterQuotedText(p);
                if (p == NEED_MORE) {
                    return NEED_MORE;
                }
                recordLines += quotedLines;
                while (p < limit && b[p] != sep && b[p] != CR && b[p] != LF) {
                    p++;
                }
                if (p >= limit) {
                    return eof ? finish(p, recordLines) : NEED_MORE;
                }
                if (b[p] == sep) {
                    p++;
                    continue;
                }
                return endOfLine(p, recordLines);
            }
            p = endOfRecordOrQuotedCell(b, p, limit);
            if (p >= limit) {
                return eof ? finish(p, recordLines) : NEED_MORE;
            }
            if (b[p] != QUOTE) {
                return endOfLine(p, recordLines);
            }
        }
    }

    /** Line breaks inside the last quoted text {@link #afterQuotedText} read. */
    private long quotedLines;

    /**
     * From the opening quote at {@code p}: the position after the closing quote ({@code ""} inside
     * is one quote), with the line breaks inside in {@link #quotedLines}; NEED_MORE when the buffer
     * ends first and more bytes may come.
     *
     * @throws MalformedException when the file ends inside the quotes
     */
    private int afterQuotedText(int p) throws MalformedException {
        final byte[] b = buf;
        final int limit = end;
        long lineBreaks = 0;
        p++;
        while (true) {
            if (p >= limit) {
                if (!eof) {
                    return NEED_MORE;
                }
                throw new MalformedException(true);
            }
            byte q = b[p];
            if (q == QUOTE) {
                if (p + 1 >= limit && !eof) {
                    return NEED_MORE; // is it "" or the closing quote? the next byte decides
                }
                if (p + 1 < limit && b[p + 1] == QUOTE) {
                    p += 2;
                    continue;
                }
                quotedLines = lineBreaks;
                return p + 1;
            }
            if (q == CR || (q == LF && b[p - 1] != CR)) {
                lineBreaks++;
            }
            p++;
        }
    }

    /**
     * The first separator, CR or LF at or after {@code p}, or {@code limit}. Eight bytes at a time:
     * a plain cell is most of a file, and this loop is most of the tokenizer's time.
     */
    private int endOfPlainCell(byte[] b, int p, int limit) {
        final long seps = separators;
        while (p + 8 <= limit) {
            long w = (long) LONG.get(b, p);
            long found = zeroByte(w ^ seps) | zeroByte(w ^ CRS) | zeroByte(w ^ LFS);
            if (found != 0) {
                // The lowest flag of zeroByte is always a real match (only bits above one can be spurious).
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        final byte sep = separator;
        while (p < limit) {
            byte t = b[p];
            if (t == sep || t == CR || t == LF) {
                return p;
            }
            p++;
        }
        return limit;
    }

    /**
     * From inside a plain cell: the first CR or LF, or the first quote right after a separator
     * (a quoted cell starts there; any other quote is text), or {@code limit}.
     */
    private int endOfRecordOrQuotedCell(byte[] b, int p, int limit) {
        while (true) {
            int x = p;
            while (x + 8 <= limit) {
                long w = (long) LONG.get(b, x);
                long found = zeroByte(w ^ QUOTES) | zeroByte(w ^ CRS) | zeroByte(w ^ LFS);
                if (found != 0) {
                    x += Long.numberOfTrailingZeros(found) >>> 3;
                    break;
                }
                x += 8;
            }
            while (x < limit && b[x] != QUOTE && b[x] != CR && b[x] != LF) {
                x++;
            }
            if (x >= limit || b[x] != QUOTE || b[x - 1] == separator) {
                return x;
            }
            p = x + 1;
        }
    }

    /** The high bit of each byte of {@code v} that is 0; above the lowest such byte there may be false flags. */
    private static long zeroByte(long v) {
        return (v - ONES) & ~v & HIGH;
    }

    /** The record ends at the line break at {@code p}: CR, LF or CRLF (one line). */
    private int endOfLine(int p, long recordLines) throws IOException {
        if (buf[p] == CR) {
            if (p + 1 >= end && !eof) {
                return NEED_MORE; // CR at the end of the buffer: a CRLF is one line break
            }
            if (p + 1 < end && buf[p + 1] == LF) {
                p++;
            }
        }
        return finish(p + 1, recordLines + 1);
    }

    private int finish(int next, long recordLines) throws IOException {
        checkLength(next);
        pos = next;
        lines += recordLines;
        return RECORD;
    }

    private void addCell(int s, int e, boolean isQuoted) {
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            quoted = Arrays.copyOf(quoted, n);
        }
        starts[count] = s;
        ends[count] = e;
        quoted[count] = isQuoted;
        count++;
    }

    /** Refuses the current record when its characters from its start to {@code upTo} exceed the limit. */
    private void checkLength(int upTo) throws MalformedException {
        long bytes = upTo - recordStart;
        // A character is at least one byte: only a record with more bytes than the limit needs counting.
        if (bytes > maxRecordChars && chars(recordStart, upTo) > maxRecordChars) {
            throw new MalformedException(false);
        }
    }

    /** Characters (UTF-16 units, as a Reader counts them) the bytes decode to. */
    private long chars(int s, int e) {
        if (!utf8) {
            return e - s;
        }
        long n = 0;
        for (int i = s; i < e; i++) {
            int b = buf[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                n += b >= 0xF0 ? 2 : 1; // a 4-byte sequence is a surrogate pair
            }
        }
        return n;
    }

    /** Keeps the current record, moves it to the front, and reads more bytes (growing for a record that fills the buffer). */
    private void refill() throws IOException {
        if (recordStart > 0) {
            System.arraycopy(buf, recordStart, buf, 0, end - recordStart);
            end -= recordStart;
            pos -= recordStart;
            recordStart = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        while (n == 0) {
            n = in.read(buf, end, buf.length - end);
        }
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** A quoted cell's text into {@code scratch}: the quotes removed, {@code ""} as one quote, trailing text kept. */
    private int unquote(int s, int e) {
        if (scratch.length < e - s) {
            scratch = new byte[Math.max(e - s, scratch.length * 2)];
        }
        int n = 0;
        int j = s + 1;
        while (j < e) {
            byte c = buf[j];
            if (c == QUOTE) {
                if (j + 1 < e && buf[j + 1] == QUOTE) {
                    scratch[n++] = QUOTE;
                    j += 2;
                    continue;
                }
                j++;
                break;
            }
            scratch[n++] = c;
            j++;
        }
        while (j < e) {
            scratch[n++] = buf[j++];
        }
        return n;
    }

    private String decode(byte[] bytes, int off, int len) {
        if (utf8) {
            return new String(bytes, off, len, StandardCharsets.UTF_8);
        }
        for (int i = off; i < off + len; i++) {
            if (bytes[i] < 0) {
                return new String(bytes, off, len, charset);
            }
        }
        // ASCII is the same in every charset the gateway reads, and Latin-1 decoding is a plain copy.
        return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }
}
