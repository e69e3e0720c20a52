package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The ledger's finance side (tables of V3__finance.sql): who publishes a claim, where it went, how
 * far the claims listing has been read, the workers a statement covers and the statements published.
 * Kept apart from {@link Ledger} so the enrollment ledger does not grow with finance concerns.
 */
public final class FinanceLedger {

    private static final int STREAM_FETCH_SIZE = 1_000;

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;

    /** With the public test key: for tests only. */
    public FinanceLedger(DataSource dataSource) {
        this(dataSource, PersonalDataCipher.forTests());
    }

    public FinanceLedger(DataSource dataSource, PersonalDataCipher pii) {
        this.pii = Objects.requireNonNull(pii, "pii");
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    // ---------------------------------------------------------------- claims

    /**
     * Takes the right to publish a stored claim until {@code until}: true for exactly one caller
     * while the claim is unpublished and nobody else holds a lease that is still running. One
     * conditional UPDATE decides, so a callback and a pull (or two gateway processes) that see the
     * same claim at the same moment publish it once.
     */
    public boolean tryLeaseClaim(String claimId, Instant now, Instant until) {
        return jdbc.call("lease claim", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE claim SET publish_lease_until = ?"
                    + " WHERE claim_id = ? AND published_at IS NULL"
                    + " AND (publish_lease_until IS NULL OR publish_lease_until < ?)")) {
                DbTime.set(ps, 1, until);
                ps.setString(2, claimId);
                DbTime.set(ps, 3, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Gives a lease back without publishing (the publication failed), so the next attempt need not wait. */
    public void releaseClaim(String claimId) {
        jdbc.call("release claim", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE claim SET publish_lease_until = NULL WHERE claim_id = ? AND published_at IS NULL")) {
                ps.setString(1, claimId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records where the claim went (finance or review) and why review; the first publication stays. */
    public void markClaimPublished(String claimId, String destination, String reviewReason, Instant publishedAt) {
        jdbc.call("mark claim published", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE claim SET published_at = ?, destination = ?,"
                    + " review_reason = ? WHERE claim_id = ? AND published_at IS NULL")) {
                DbTime.set(ps, 1, publishedAt);
                ps.setString(2, destination);
                ps.setString(3, reviewReason);
                ps.setString(4, claimId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** finance or review once published; empty while unpublished or unknown. */
    public Optional<String> claimDestination(String claimId) {
        return jdbc.call("read claim destination", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT destination FROM claim WHERE claim_id = ? AND published_at IS NOT NULL")) {
                ps.setString(1, claimId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public int publishedClaimCount() {
        return jdbc.call("count published claims", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM claim WHERE published_at IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The last position read from a claims listing, empty before the first read. */
    public Optional<String> claimWatermark(String source) {
        return jdbc.call("read claim watermark", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT watermark FROM claim_watermark WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Moves the watermark; callers only ever move it forward (claims come oldest first). */
    public void saveClaimWatermark(String source, String watermark, Instant now) {
        jdbc.inTransaction("save claim watermark", c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE claim_watermark SET watermark = ?, updated_at = ? WHERE source = ?")) {
                ps.setString(1, watermark);
                DbTime.set(ps, 2, now);
                ps.setString(3, source);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO claim_watermark (source, watermark,"
                        + " updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, source);
                    ps.setString(2, watermark);
                    DbTime.set(ps, 3, now);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- statements

    /**
     * Every worker enrolled before {@code enrolledBefore}, of one agency or of all when
     * {@code agencyIdOrNull} is null, ordered by agency then KPJ, streamed {@value #STREAM_FETCH_SIZE}
     * at a time. The income comes from the file row that enrolled the worker, or from the worker once
     * that row was purged.
     */
    public void forEachWorkerEnrolledBefore(Instant enrolledBefore, String agencyIdOrNull,
                                            Consumer<CoveredWorker> action) {
        String where = agencyIdOrNull == null ? "" : " AND w.agency_id = ?";
        jdbc.inTransaction("read covered workers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT w.nik_enc, w.kpj, w.name, w.agency_id, w.district,"
                    + " w.enrolled_at, COALESCE(w.monthly_income, r.monthly_income) AS monthly_income FROM worker w"
                    // The row is gone once the retention job purged its file; the income was copied first.
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + " WHERE w.enrolled_at < ?" + where + " ORDER BY w.agency_id, w.kpj",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(STREAM_FETCH_SIZE);
                DbTime.set(ps, 1, enrolledBefore);
                if (agencyIdOrNull != null) {
                    ps.setString(2, agencyIdOrNull);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(new CoveredWorker(pii.decrypt(rs.getString("nik_enc")), rs.getString("kpj"), rs.getString("name"),
                                rs.getString("agency_id"), rs.getString("district"), DbTime.get(rs, "enrolled_at"),
                                rs.getObject("monthly_income", Long.class)));
                    }
                }
            }
            return null;
        });
    }

    /** True when a statement of this period and scope was published (any revision). */
    public boolean statementPublished(String period, String scope) {
        return jdbc.call("read statement run", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM statement_run WHERE period = ? AND scope = ?")) {
                ps.setString(1, period);
                ps.setString(2, scope);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public void recordStatement(String period, String scope, String messageId, Instant publishedAt) {
        jdbc.call("record statement run", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO statement_run (period, scope, message_id,"
                    + " published_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, period);
                ps.setString(2, scope);
                ps.setString(3, messageId);
                DbTime.set(ps, 4, publishedAt);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
