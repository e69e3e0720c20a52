package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Workers BPJS says another payer covers (table other_payer, V36): an enrollment row answered "already
 * registered" whose membership names an active payer other than this city (the row ends OTHER_PAYER), or
 * a covered worker whose status names another payer from some month (the lapse round ends their cover
 * OTHER_PAYER). Each finding is told to finance once (COVERED_BY_OTHER_PAYER, docs/finance.md), so that
 * finance never pays for them; the NIK is kept masked only.
 */
public final class OtherPayerLedger {

    /**
     * One finding. {@code source} is its key: file:&lt;id&gt;/row:&lt;n&gt; or period:&lt;id&gt;; {@code fromMonth} the
     * first month the city does not pay for the worker; {@code agencyId} and {@code nikMasked} may be null
     * for a period's finding (read from the period and the worker when finance is told).
     */
    public record Found(String source, String kpj, String nikMasked, String agencyId, Long fileId, Integer rowNo,
                        Long periodId, String payerKind, String payerCode, String payerName, YearMonth fromMonth) {

        public Found {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(kpj, "kpj");
            Objects.requireNonNull(payerKind, "payerKind");
            Objects.requireNonNull(fromMonth, "fromMonth");
        }

        public static String rowSource(long fileId, int rowNo) {
            return "file:" + fileId + "/row:" + rowNo;
        }

        public static String periodSource(long periodId) {
            return "period:" + periodId;
        }
    }

    /**
     * Where the city's cover of a worker another payer pays for ends (docs/finance.md, "Workers another payer
     * covers"): the payer pays from {@code from} (its {@code sejak}, this month when BPJS gave none or one that
     * is not yyyy-MM), so the city's last month is the one before, never before the period's first month less
     * one (a period that then covered no month). One rule for the lapse round, the payer round and an
     * enrollment row that finds the same person covered by another file; {@code endedBy} is
     * other-payer:&lt;from&gt;.
     *
     * @param sejakReadable false when BPJS gave a sejak that is not yyyy-MM (the caller may say so)
     */
    public record CityEnd(YearMonth from, YearMonth last, boolean sejakReadable) {

        public static CityEnd of(String sejak, YearMonth firstMonth, YearMonth thisMonth) {
            YearMonth from = thisMonth;
            boolean readable = true;
            if (sejak != null && !sejak.isBlank()) {
                try {
                    from = YearMonth.parse(sejak.trim());
                } catch (java.time.format.DateTimeParseException e) {
                    readable = false;
                }
            }
            YearMonth last = from.minusMonths(1);
            YearMonth beforeFirst = firstMonth.minusMonths(1);
            return new CityEnd(from, last.isBefore(beforeFirst) ? beforeFirst : last, readable);
        }

        public String endedBy() {
            return "other-payer:" + from;
        }
    }

    /** A finding as stored, with when it was found and (for a period's) the period's agency. */
    public record Finding(Found found, String agencyId, Instant foundAt, Instant announcedAt) {
    }

    private static final String COLUMNS = "o.source, o.kpj, o.nik_masked, COALESCE(o.agency_id, p.agency_id) AS agency,"
            + " o.agency_id, o.file_id, o.row_no, o.period_id, o.payer_kind, o.payer_code, o.payer_name, o.from_month,"
            + " o.found_at, o.announced_at";

    private final Jdbc jdbc;
    private final Clock clock;

    public OtherPayerLedger(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records the findings in their own transaction; a finding already recorded (same source) is kept as it was. */
    public void record(List<Found> found) {
        if (found.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.inTransaction("record workers another payer covers", c -> {
            insert(c, found, now);
            return null;
        });
    }

    /** {@link #record} inside a caller's transaction (the outcomes of an enrollment job). */
    static void insert(Connection c, List<Found> found, Instant now) throws SQLException {
        if (found == null || found.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO other_payer (source, kpj, nik_masked, agency_id,"
                + " file_id, row_no, period_id, payer_kind, payer_code, payer_name, from_month, found_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Found f : found) {
                ps.setString(1, f.source());
                ps.setString(2, f.kpj());
                ps.setString(3, f.nikMasked());
                ps.setString(4, f.agencyId());
                setLong(ps, 5, f.fileId());
                if (f.rowNo() == null) {
                    ps.setNull(6, java.sql.Types.INTEGER);
                } else {
                    ps.setInt(6, f.rowNo());
                }
                setLong(ps, 7, f.periodId());
                ps.setString(8, cut(f.payerKind(), 20));
                ps.setString(9, cut(f.payerCode(), 64));
                ps.setString(10, cut(f.payerName(), 200));
                ps.setString(11, f.fromMonth().toString());
                DbTime.set(ps, 12, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * A row's finding whose person the city covered through another period, ended now: the finding names the
     * period and the first month the city no longer pays (inside the caller's transaction; a finding already
     * told to finance is left as it was told).
     */
    static void tieToPeriod(Connection c, String source, long periodId, YearMonth fromMonth) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE other_payer SET period_id = ?, from_month = ?"
                + " WHERE source = ? AND period_id IS NULL AND announced_at IS NULL")) {
            ps.setLong(1, periodId);
            ps.setString(2, fromMonth.toString());
            ps.setString(3, source);
            ps.executeUpdate();
        }
    }

    /** Findings finance has not been told about, oldest first (the COVERED_BY_OTHER_PAYER publisher). */
    public List<Finding> unannounced(int limit) {
        return jdbc.call("read unannounced other payers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM other_payer o"
                    + " LEFT JOIN coverage_period p ON p.id = o.period_id"
                    + " WHERE o.announced_at IS NULL ORDER BY o.found_at, o.source")) {
                ps.setMaxRows(limit);
                return read(ps);
            }
        });
    }

    /** Every finding about this KPJ, oldest first (the worker's story, the operator's look-up). */
    public List<Finding> ofKpj(String kpj) {
        return jdbc.call("read a worker's other payers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM other_payer o"
                    + " LEFT JOIN coverage_period p ON p.id = o.period_id WHERE o.kpj = ? ORDER BY o.found_at, o.source")) {
                ps.setString(1, kpj);
                return read(ps);
            }
        });
    }

    /** Finance was told about this finding. */
    public void markAnnounced(String source, Instant at) {
        jdbc.inTransaction("mark an other payer announced", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE other_payer SET announced_at = ? WHERE source = ? AND announced_at IS NULL")) {
                DbTime.set(ps, 1, at);
                ps.setString(2, source);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<Finding> read(PreparedStatement ps) throws SQLException {
        List<Finding> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Found f = new Found(rs.getString("source"), rs.getString("kpj"), rs.getString("nik_masked"),
                        rs.getString("agency_id"), rs.getObject("file_id", Long.class),
                        rs.getObject("row_no", Integer.class), rs.getObject("period_id", Long.class),
                        rs.getString("payer_kind"), rs.getString("payer_code"), rs.getString("payer_name"),
                        YearMonth.parse(rs.getString("from_month").trim()));
                out.add(new Finding(f, rs.getString("agency"), DbTime.get(rs, "found_at"),
                        DbTime.get(rs, "announced_at")));
            }
        }
        return out;
    }

    private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
