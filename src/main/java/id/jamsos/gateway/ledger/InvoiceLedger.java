package id.jamsos.gateway.ledger;

import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.nik.NikMask;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * BPJS's invoices as fetched, line by line (V19__invoice_lines.sql): written while the endpoint's
 * answer is read ({@link #replace}), read back in KPJ order by the statement's comparison
 * ({@link #linesByKpj}). Neither side holds an invoice in memory: writes go in batches of
 * {@value #BATCH} lines, reads through a cursor of {@value #FETCH_SIZE} rows.
 */
public final class InvoiceLedger {

    /** Lines per INSERT: one statement with this many rows (8 parameters each, far below PostgreSQL's 32,767). */
    static final int BATCH = 500;
    private static final int FETCH_SIZE = 1_000;
    private static final String COLUMNS = "(period, line_no, kpj, nik_masked, name, iuran_jkk, iuran_jkm, total)";

    private final DataSource dataSource;
    private final Jdbc jdbc;

    public InvoiceLedger(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Removes the stored copies of the months before {@code firstKept} (retention: a million lines a
     * month would otherwise stay for ever). The header goes first, in its own transaction, so the month
     * reads as "no stored copy" at once (a statement rebuilt for it fetches the invoice again rather than
     * compare with half its lines); then the lines, {@code batchRows} at a time, each batch its own
     * transaction. Lines a crash left without their header are removed by the next run.
     * The first invoice's totals that payments are measured against (invoice_month, V17) stay.
     *
     * @return the lines removed
     */
    public long purgeBefore(YearMonth firstKept, int batchRows) {
        String cutoff = firstKept.toString();
        jdbc.inTransaction("drop invoice copies before " + cutoff, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM invoice_copy WHERE period < ?")) {
                ps.setString(1, cutoff);
                return ps.executeUpdate();
            }
        });
        List<String> periods = jdbc.inTransaction("months of old invoice lines", c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT period FROM invoice_line WHERE period < ? ORDER BY period")) {
                ps.setString(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
        long removed = 0;
        for (String period : periods) {
            int removedNow;
            do {
                removedNow = jdbc.inTransaction("drop invoice lines of " + period, c -> {
                    // Lowest line numbers first, a batch at a time: a bound on each transaction's size.
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM invoice_line WHERE period = ?"
                            + " AND line_no < (SELECT MIN(line_no) FROM invoice_line WHERE period = ?) + ?")) {
                        ps.setString(1, period);
                        ps.setString(2, period);
                        ps.setInt(3, batchRows);
                        return ps.executeUpdate();
                    }
                });
                removed += removedNow;
            } while (removedNow > 0);
        }
        return removed;
    }

    /**
     * Replaces the copy of {@code period}'s invoice, in one transaction: the earlier copy is removed,
     * then {@code read} is handed where to put each line as it reads them and returns the invoice's
     * header (its {@code peserta} not used). When {@code read} throws, everything is rolled back and
     * the earlier copy stays as it was.
     *
     * @return the header as {@code read} returned it
     */
    public Invoice replace(YearMonth period, Instant fetchedAt, Function<Consumer<Invoice.Line>, Invoice> read) {
        return jdbc.inTransaction("store invoice of " + period, c -> {
            String month = period.toString();
            try (PreparedStatement lines = c.prepareStatement("DELETE FROM invoice_line WHERE period = ?");
                 PreparedStatement header = c.prepareStatement("DELETE FROM invoice_copy WHERE period = ?")) {
                lines.setString(1, month);
                lines.executeUpdate();
                header.setString(1, month);
                header.executeUpdate();
            }
            // The header first (the lines refer to it), its figures filled in once the answer is read.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO invoice_copy (period, billed_workers,"
                    + " total_jkk, total_jkm, billed_total, line_count, fetched_at) VALUES (?, 0, 0, 0, 0, 0, ?)")) {
                ps.setString(1, month);
                DbTime.set(ps, 2, fetchedAt);
                ps.executeUpdate();
            }
            Invoice head;
            int count;
            try (Batch batch = new Batch(c, month)) {
                head = read.apply(batch::add);
                batch.flush();
                count = batch.lineNo;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE invoice_copy SET region_code = ?, invoice_no = ?,"
                    + " due_text = ?, billed_workers = ?, total_jkk = ?, total_jkm = ?, billed_total = ?, line_count = ?"
                    + " WHERE period = ?")) {
                ps.setString(1, cut(head.kodeWilayah(), 16));
                ps.setString(2, cut(head.nomorTagihan(), 64));
                ps.setString(3, cut(head.jatuhTempo(), 32));
                ps.setInt(4, head.jumlahPeserta());
                ps.setLong(5, head.totalIuranJkk());
                ps.setLong(6, head.totalIuranJkm());
                ps.setLong(7, head.totalIuran());
                ps.setInt(8, count);
                ps.setString(9, month);
                ps.executeUpdate();
            }
            return head;
        });
    }

    /**
     * The lines read so far, written {@value #BATCH} at a time: on PostgreSQL into one COPY that
     * stays open while the answer is read (1,000,000 lines took 169 s as multi-row INSERTs on a
     * loaded machine, docs/performance.md), elsewhere (H2) in one multi-row INSERT per batch.
     */
    private static final class Batch implements AutoCloseable {
        private final Connection c;
        private final String month;
        private final Invoice.Line[] pending = new Invoice.Line[BATCH];
        private int size;
        private int lineNo;
        private PreparedStatement full;
        /** PostgreSQL: the lines go through COPY, several times faster than INSERTs; null on H2. */
        private final CopyIn copy;

        Batch(Connection c, String month) throws SQLException {
            this.c = c;
            this.month = month;
            this.copy = c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY invoice_line " + COLUMNS + " FROM STDIN") : null;
        }

        void add(Invoice.Line line) {
            pending[size++] = Objects.requireNonNull(line, "line");
            if (size == BATCH) {
                try {
                    if (copy != null) {
                        copy();
                    } else {
                        if (full == null) {
                            full = c.prepareStatement(insert(BATCH));
                        }
                        write(full);
                    }
                } catch (SQLException e) {
                    throw new LedgerException("store invoice lines of " + month, e);
                }
            }
        }

        void flush() throws SQLException {
            if (copy != null) {
                copy();
                copy.endCopy();
            } else if (size > 0) {
                try (PreparedStatement rest = c.prepareStatement(insert(size))) {
                    write(rest);
                }
            }
        }

        /** The pending lines in COPY's text format: a tab between columns, {@code \N} for null, escapes. */
        private void copy() throws SQLException {
            StringBuilder rows = new StringBuilder(size * 96);
            for (int i = 0; i < size; i++) {
                Invoice.Line l = pending[i];
                rows.append(month).append('\t').append(++lineNo).append('\t');
                text(rows, l.kpj());
                rows.append('\t');
                text(rows, NikMask.mask(l.nik()));
                rows.append('\t');
                text(rows, cut(l.nama(), 256));
                rows.append('\t').append(l.iuranJkk()).append('\t').append(l.iuranJkm()).append('\t').append(l.total())
                        .append('\n');
                pending[i] = null;
            }
            size = 0;
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
        }

        private static void text(StringBuilder out, String value) {
            if (value == null) {
                out.append("\\N");
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        }

        private void write(PreparedStatement ps) throws SQLException {
            int p = 1;
            for (int i = 0; i < size; i++) {
                Invoice.Line l = pending[i];
                ps.setString(p++, month);
                ps.setInt(p++, ++lineNo);
                // Not cut: a KPJ longer than the column is refused by the database, not stored as another.
                ps.setString(p++, l.kpj());
                ps.setString(p++, NikMask.mask(l.nik()));
                ps.setString(p++, cut(l.nama(), 256));
                ps.setLong(p++, l.iuranJkk());
                ps.setLong(p++, l.iuranJkm());
                ps.setLong(p++, l.total());
                pending[i] = null;
            }
            ps.executeUpdate();
            size = 0;
        }

        private static String insert(int rows) {
            StringBuilder sql = new StringBuilder("INSERT INTO invoice_line ").append(COLUMNS).append(" VALUES ");
            for (int i = 0; i < rows; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
            }
            return sql.toString();
        }

        @Override
        public void close() throws SQLException {
            if (copy != null && copy.isActive()) {
                // The answer failed midway: the COPY is cancelled, and the transaction rolled back after.
                copy.cancelCopy();
            }
            if (full != null) {
                full.close();
            }
        }
    }

    /** The stored copy's header as an {@link Invoice} without lines ({@code peserta} null), if there is one. */
    public Optional<Invoice> header(YearMonth period) {
        return jdbc.call("read invoice copy of " + period, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT region_code, billed_workers, total_jkk, total_jkm,"
                    + " billed_total, invoice_no, due_text FROM invoice_copy WHERE period = ?")) {
                ps.setString(1, period.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Invoice(period.toString(), rs.getString(1), rs.getInt(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), null, rs.getString(6), rs.getString(7)));
                }
            }
        });
    }

    /** How many lines the stored copy of {@code period} has; empty when there is no copy. */
    public Optional<Integer> lineCount(YearMonth period) {
        return jdbc.call("count invoice lines of " + period, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT line_count FROM invoice_copy WHERE period = ?")) {
                ps.setString(1, period.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
                }
            }
        });
    }

    /**
     * The stored lines of {@code period}, in KPJ order (Java's String order: {@code COLLATE "C"} on
     * PostgreSQL, H2's own order being that already; a line without KPJ first, as the statement's
     * comparator puts it), lines of one KPJ in the answer's order; NIKs
     * masked. Read through a cursor: on PostgreSQL only with auto-commit off and a fetch size, so
     * the connection is held until {@link Lines#close}. Refused when the month has no copy: an absent
     * invoice must not read as one that bills nobody.
     */
    public Lines linesByKpj(YearMonth period) {
        if (lineCount(period).isEmpty()) {
            throw noCopy(period);
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            return open(c, true, period);
        } catch (SQLException e) {
            if (c != null) {
                Lines.release(c);
            }
            throw new LedgerException("read invoice lines of " + period, e);
        }
    }

    /**
     * As {@link #linesByKpj(YearMonth)}, on {@code c} (auto-commit off, the caller's transaction),
     * which stays the caller's: closing the lines closes their cursor only. For a reading that keeps
     * another cursor open on the same connection ({@link FinanceLedger#forEachCoveredBesideInvoice}).
     */
    Lines linesByKpj(Connection c, YearMonth period) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT line_count FROM invoice_copy WHERE period = ?")) {
            ps.setString(1, period.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noCopy(period);
                }
            }
        }
        return open(c, false, period);
    }

    private static LedgerException noCopy(YearMonth period) {
        return new LedgerException("no invoice of " + period + " is stored (the bpjs-invoice route stores it)");
    }

    private static Lines open(Connection c, boolean owned, YearMonth period) throws SQLException {
        String order = c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")
                ? " ORDER BY kpj COLLATE \"C\" NULLS FIRST, line_no" : " ORDER BY kpj NULLS FIRST, line_no";
        PreparedStatement ps = c.prepareStatement("SELECT kpj, nik_masked, name, iuran_jkk, iuran_jkm, total"
                + " FROM invoice_line WHERE period = ?" + order, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        try {
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(1, period.toString());
            return new Lines(owned ? c : null, ps, ps.executeQuery(), period);
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    /** A month's stored lines, one at a time; close it (it holds a cursor, and a connection of its own if opened so). */
    public static final class Lines implements Iterator<Invoice.Line>, AutoCloseable {
        private final Connection c;
        private final PreparedStatement ps;
        private final ResultSet rs;
        private final YearMonth period;
        private Invoice.Line next;
        private boolean done;

        private Lines(Connection c, PreparedStatement ps, ResultSet rs, YearMonth period) {
            this.c = c;
            this.ps = ps;
            this.rs = rs;
            this.period = period;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    if (rs.next()) {
                        next = new Invoice.Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6));
                    } else {
                        done = true;
                    }
                } catch (SQLException e) {
                    throw new LedgerException("read invoice lines of " + period, e);
                }
            }
            return next != null;
        }

        @Override
        public Invoice.Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Invoice.Line line = next;
            next = null;
            return line;
        }

        @Override
        public void close() {
            try {
                rs.close();
                ps.close();
            } catch (SQLException e) {
                // Only read: nothing to keep; the connection is given back below either way.
            }
            if (c != null) {
                release(c);
            }
        }

        static void release(Connection c) {
            try {
                c.rollback();
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // A connection that cannot be reset is closed anyway; the pool drops a broken one.
            }
            try {
                c.close();
            } catch (SQLException e) {
                // Nothing more to do with it.
            }
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
