package id.jamsos.gateway.validation;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Counts the characters the CSV parser pulls for the current record and stops it when a record
 * grows past the limit. An unclosed quote otherwise turns the rest of a 100 MB file into one
 * field held in memory.
 */
final class RecordGuardReader extends FilterReader {

    /** The parser reads ahead in blocks of this size; the guard allows for it so it never fires early. */
    private static final int READ_AHEAD_SLACK = 16 * 1024;

    /** Thrown through the parser, which wraps it; recognised by type afterwards. */
    static final class RecordTooLongException extends IOException {
        RecordTooLongException() {
            super("record too long");
        }
    }

    private final long limit;
    private long total;
    private long recordStart;

    RecordGuardReader(Reader in, int maxRecordChars) {
        super(in);
        this.limit = (long) maxRecordChars + READ_AHEAD_SLACK;
    }

    /** Call after the parser returned a record. */
    void recordEnded() {
        recordStart = total;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n = super.read(cbuf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws RecordTooLongException {
        total += n;
        if (total - recordStart > limit) {
            throw new RecordTooLongException();
        }
    }
}
