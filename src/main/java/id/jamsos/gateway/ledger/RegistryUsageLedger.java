package id.jamsos.gateway.ledger;

import id.jamsos.gateway.registry.RegistryOutcome;
import id.jamsos.gateway.registry.RegistryPurpose;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The population registry's usage record (table registry_usage, V30): calls per month, purpose, agency
 * and outcome. Counted by every gateway process on this ledger together: a count is made by an INSERT
 * that does nothing when the row is there, then an UPDATE adding one, each a statement of its own, so
 * that processes counting at once never lose a call (the same on H2 and PostgreSQL).
 */
public final class RegistryUsageLedger {

    /** Stored for a call made for no agency (an operator's look-up): the key column cannot be null. */
    static final String NO_AGENCY = "";

    /** One row of the record; {@code agencyId} null for calls made for no agency. */
    public record Usage(YearMonth month, RegistryPurpose purpose, String agencyId, RegistryOutcome outcome, long calls) {
    }

    private final Jdbc jdbc;

    public RegistryUsageLedger(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Counts one call. */
    public void count(YearMonth month, RegistryPurpose purpose, String agencyId, RegistryOutcome outcome) {
        String agency = agencyId == null ? NO_AGENCY : agencyId;
        jdbc.call("count a population registry call", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO registry_usage (usage_month, purpose, agency,"
                    + " outcome, calls) VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING");
                 PreparedStatement update = c.prepareStatement("UPDATE registry_usage SET calls = calls + 1"
                         + " WHERE usage_month = ? AND purpose = ? AND agency = ? AND outcome = ?")) {
                for (PreparedStatement ps : List.of(insert, update)) {
                    ps.setString(1, month.toString());
                    ps.setString(2, purpose.name());
                    ps.setString(3, agency);
                    ps.setString(4, outcome.name());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The counts of the months {@code from} to {@code to}, both included, by month, purpose, agency, outcome. */
    public List<Usage> between(YearMonth from, YearMonth to) {
        return jdbc.call("read the population registry usage", c -> {
            List<Usage> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT usage_month, purpose, agency, outcome, calls"
                    + " FROM registry_usage WHERE usage_month >= ? AND usage_month <= ? ORDER BY usage_month, purpose, agency, outcome")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String agency = rs.getString(3);
                        rows.add(new Usage(YearMonth.parse(rs.getString(1).trim()), RegistryPurpose.valueOf(rs.getString(2)),
                                agency == null || agency.isEmpty() ? null : agency,
                                RegistryOutcome.valueOf(rs.getString(4)), rs.getLong(5)));
                    }
                }
            }
            return rows;
        });
    }
}
