package id.jamsos.gateway.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The clerks' uploads in the ledger (table {@code portal_upload}, V28): an upload checked on one replica can
 * be submitted on another, and a submit claimed by a process that died is finished by another.
 *
 * <p>The life of an upload: {@link #store} (UPLOADED, with its bytes), {@link #claim} by a submit
 * (SUBMITTING under a lease, one conditional UPDATE: of two submits at once only one claims it),
 * {@link #registered} once the intake knows its file id, {@link #renew} while its rows are read, and
 * {@link #submitted} when the intake is done with it (the bytes go). An intake whose lease lapsed is taken
 * over with {@link #takeOver}, again one conditional UPDATE. {@link #sweep} expires uploads never
 * submitted (the bytes go) and forgets old rows. Every time is {@link LedgerTime}, the database's clock in
 * production, so replicas whose clocks differ agree on when a lease ends.
 */
public final class PortalUploadLedger {

    public enum State { UPLOADED, SUBMITTING, SUBMITTED, EXPIRED }

    private final PersonalDataCipher pii;

    /** An upload without its bytes. */
    public record Upload(String id, String agencyId, String username, String fileName, long size, String checksum,
                         State state, Long fileId, int attempts) {
    }

    /** Rows of submitted or expired uploads are kept this long (a second submit's answer), then deleted. */
    static final Duration FORGET_AFTER = Duration.ofDays(7);

    private static final String COLUMNS = "id, agency_id, username, file_name, size_bytes, checksum, state, file_id,"
            + " attempts";

    private final Jdbc jdbc;
    private final LedgerTime time;

    /** With the public test key: for tests only. */
    public PortalUploadLedger(DataSource dataSource, LedgerTime time) {
        this(dataSource, time, PersonalDataCipher.forTests());
    }

    /** @param pii encrypts the uploads' bytes (worker lists: NIKs, names, birth dates) in the ledger */
    public PortalUploadLedger(DataSource dataSource, LedgerTime time, PersonalDataCipher pii) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.time = Objects.requireNonNull(time, "time");
        this.pii = Objects.requireNonNull(pii, "pii");
    }

    /** A new upload, UPLOADED, with the bytes of {@code content} (streamed, never held whole by this class). */
    public void store(String id, String agencyId, String username, String fileName, String checksum, Path content) {
        jdbc.call("store portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO portal_upload (id, agency_id, username,"
                    + " file_name, size_bytes, checksum, content, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
                    + " ?, ?, 'UPLOADED', " + time.sql() + ", " + time.sql() + ")");
                 InputStream in = pii.encrypt(Files.newInputStream(content), CipherContext.portalUpload(id))) {
                long size = Files.size(content);
                ps.setString(1, id);
                ps.setString(2, agencyId);
                ps.setString(3, username);
                ps.setString(4, fileName);
                ps.setLong(5, size);
                ps.setString(6, checksum);
                ps.setBinaryStream(7, in, pii.sealedLength(size));
                ps.executeUpdate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** The agency's upload of that id: another agency's is not found, as an unknown one. */
    public Optional<Upload> find(String agencyId, String id) {
        return jdbc.call("find portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM portal_upload WHERE id = ?"
                    + " AND agency_id = ?")) {
                ps.setString(1, id);
                ps.setString(2, agencyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(upload(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The submit's claim: UPLOADED becomes SUBMITTING, leased to {@code owner} for {@code lease}. False when
     * the upload is not the agency's, not UPLOADED (submitted already, being submitted, expired) or unknown:
     * of two submits at once, the database lets exactly one UPDATE change the row.
     */
    public boolean claim(String agencyId, String id, String owner, Duration lease) {
        return jdbc.call("claim portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET state = 'SUBMITTING', lease_owner"
                    + " = ?, lease_until = " + time.sqlPlus(lease.toSeconds()) + ", attempts = attempts + 1,"
                    + " updated_at = " + time.sql() + " WHERE id = ? AND agency_id = ? AND state = 'UPLOADED'")) {
                ps.setString(1, owner);
                ps.setString(2, id);
                ps.setString(3, agencyId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** SUBMITTING uploads whose lease lapsed: their process died or stopped mid-intake. Oldest first. */
    public List<Upload> lapsed(int max) {
        return jdbc.call("find lapsed portal uploads", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM portal_upload WHERE state ="
                    + " 'SUBMITTING' AND lease_until <= " + time.sql() + " ORDER BY lease_until, id")) {
                ps.setMaxRows(max);
                List<Upload> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(upload(rs));
                    }
                }
                return found;
            }
        });
    }

    /**
     * A lapsed intake taken over by {@code owner}: true for the one process whose conditional UPDATE found
     * the lease still lapsed, false for every other (and for an upload finished meanwhile).
     */
    public boolean takeOver(String id, String owner, Duration lease) {
        return jdbc.call("take over portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET lease_owner = ?, lease_until = "
                    + time.sqlPlus(lease.toSeconds()) + ", attempts = attempts + 1, updated_at = " + time.sql()
                    + " WHERE id = ? AND state = 'SUBMITTING' AND lease_until <= " + time.sql())) {
                ps.setString(1, owner);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The running intake still holds the upload: its lease is pushed on. False when another took it over. */
    public boolean renew(String id, String owner, Duration lease) {
        return jdbc.call("renew portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET lease_until = "
                    + time.sqlPlus(lease.toSeconds()) + ", updated_at = " + time.sql() + " WHERE id = ? AND state ="
                    + " 'SUBMITTING' AND lease_owner = ?")) {
                ps.setString(1, id);
                ps.setString(2, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The intake registered the upload as file {@code fileId}: the clerk's page, a second submit's answer. */
    public void registered(String id, long fileId) {
        jdbc.call("note portal upload's file", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET file_id = ?, updated_at = "
                    + time.sql() + " WHERE id = ?")) {
                ps.setLong(1, fileId);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The intake is done with the upload (its rows queued, or the file refused or a duplicate): the bytes go. */
    public void submitted(String id, Long fileId) {
        jdbc.call("finish portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET state = 'SUBMITTED', content ="
                    + " NULL, file_id = COALESCE(?, file_id), lease_owner = NULL, lease_until = NULL, updated_at = "
                    + time.sql() + " WHERE id = ?")) {
                if (fileId == null) {
                    ps.setNull(1, Types.BIGINT);
                } else {
                    ps.setLong(1, fileId);
                }
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The upload's bytes, copied to {@code target} (replaced); false when they are gone (submitted, expired). */
    public boolean copyContent(String id, Path target) {
        return jdbc.call("read portal upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM portal_upload WHERE id = ? AND"
                    + " content IS NOT NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    try (InputStream in = pii.decrypt(rs.getBinaryStream(1), CipherContext.portalUpload(id))) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                }
            }
        });
    }

    /**
     * Uploads never submitted, older than {@code ttl}, become EXPIRED and lose their bytes; rows of uploads
     * submitted or expired more than {@link #FORGET_AFTER} ago are deleted. Safe on every replica at once.
     *
     * @return the uploads expired now
     */
    public int sweep(Duration ttl) {
        return jdbc.call("sweep portal uploads", c -> {
            int expired;
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET state = 'EXPIRED', content = NULL,"
                    + " updated_at = " + time.sql() + " WHERE state = 'UPLOADED' AND created_at <= "
                    + time.sqlPlus(-ttl.toSeconds()))) {
                expired = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_upload WHERE state IN ('SUBMITTED',"
                    + " 'EXPIRED') AND updated_at <= " + time.sqlPlus(-FORGET_AFTER.toSeconds()))) {
                ps.executeUpdate();
            }
            return expired;
        });
    }

    private static Upload upload(ResultSet rs) throws SQLException {
        long fileId = rs.getLong(8);
        Long file = rs.wasNull() ? null : fileId;
        return new Upload(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), State.valueOf(rs.getString(7)), file, rs.getInt(9));
    }
}
