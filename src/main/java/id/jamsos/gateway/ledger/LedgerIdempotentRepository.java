package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's idempotent repository over the ledger's processed_key table, one key space per
 * {@code processorName}. Safe for several gateway processes on one database: {@link #add} is a single
 * INSERT ... ON CONFLICT DO NOTHING, so the primary key decides who was first, never a read followed
 * by a write.
 */
public class LedgerIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final Jdbc jdbc;
    private final String processorName;

    public LedgerIdempotentRepository(DataSource dataSource, String processorName) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.processorName = Objects.requireNonNull(processorName, "processorName");
    }

    public String getProcessorName() {
        return processorName;
    }

    /** True when the key was not there and is now; false when some process had added it already. */
    @Override
    public boolean add(String key) {
        return jdbc.call("add processed key", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO processed_key (processor_name, message_key)"
                    + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, processorName);
                ps.setString(2, key);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean contains(String key) {
        return jdbc.call("look up processed key", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM processed_key WHERE processor_name = ? AND message_key = ?")) {
                ps.setString(1, processorName);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Forgets the key (Camel calls this when processing failed, so the message may come again). */
    @Override
    public boolean remove(String key) {
        return jdbc.call("remove processed key", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM processed_key WHERE processor_name = ? AND message_key = ?")) {
                ps.setString(1, processorName);
                ps.setString(2, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The key was stored by {@link #add}; there is nothing more to make durable. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Forgets every key of this processor, and only of this one. */
    @Override
    public void clear() {
        jdbc.call("clear processed keys", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM processed_key WHERE processor_name = ?")) {
                ps.setString(1, processorName);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "LedgerIdempotentRepository[" + processorName + "]";
    }
}
