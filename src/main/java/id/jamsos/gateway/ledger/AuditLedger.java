package id.jamsos.gateway.ledger;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.nik.NikMask;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The audit trail in the ledger (V33, docs/audit.md): an append-only chain of entries, each with the
 * hash of the one before it ({@code prev_hash}) and its own {@code hash} = HMAC-SHA256(key, prev_hash,
 * canonical text of the entry). Changing, removing or inserting an entry in the database breaks the
 * chain there, and {@link #verify()} names the first sequence number that does not hold.
 *
 * <p>Appends are serialized by the lock on the one row of {@code audit_head} ({@code SELECT ... FOR
 * UPDATE} in the append's transaction): every gateway process on this ledger waits for it, so there is
 * one chain with no two entries on the same predecessor, on H2 and PostgreSQL alike. The head row also
 * keeps where the chain ends and where it starts after retention (the anchor: the last purged entry's
 * seq and hash), under an HMAC of its own, so that cutting entries off either end without the key
 * shows too. What the HMAC does not catch (a whole earlier state of both tables put back, or anyone
 * holding the key) is in docs/security.md.
 *
 * <p>Entries never hold a full NIK: every text goes through {@link NikMask#scrub} before it is hashed
 * and stored, whatever the caller passed; callers never pass passwords, tokens or secrets.
 */
public final class AuditLedger {

    /** The hash before the first entry, and the anchor of a chain nothing was purged from. */
    public static final String GENESIS = "0".repeat(64);
    /** The only row of audit_head. */
    private static final int HEAD_ID = 1;
    private static final int PAGE = 1_000;
    private static final String COLUMNS = "seq, at, actor_kind, actor, agency, action, subject, outcome, detail,"
            + " client_address, prev_hash, hash";

    /** One stored entry. */
    public record Entry(long seq, Instant at, String actorKind, String actor, String agency, String action,
            String subject, String outcome, String detail, String clientAddress, String prevHash, String hash) {
    }

    /** The chain's ends: the last entry, and the anchor retention left (0 and {@link #GENESIS} before any). */
    public record Head(long lastSeq, String lastHash, long anchorSeq, String anchorHash, Instant anchorAt,
            String mac) {
    }

    /**
     * What {@link #verify()} found: {@code checked} entries held; {@code firstBroken} is 0 when the whole
     * chain holds, else the first seq that is altered, missing or out of place, with {@code problem} saying
     * which.
     */
    public record Verification(long checked, long firstBroken, String problem, long anchorSeq, long lastSeq,
            String lastHash) {

        public boolean ok() {
            return firstBroken == 0;
        }
    }

    private final Jdbc jdbc;
    private final byte[] key;
    private final Clock clock;

    /** @param key at least 32 bytes (jamsos.audit.hmacKey, or derived from the personal-data key) */
    public AuditLedger(DataSource dataSource, byte[] key, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("the audit HMAC key must be at least 32 bytes");
        }
        this.key = key.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Appends one entry; its seq. */
    public long append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /** Appends the events in this order, in one transaction: all or none. Their seqs. */
    public List<Long> appendAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return jdbc.inTransaction("append to the audit trail", c -> {
            Head head = lockHead(c);
            long seq = head.lastSeq();
            String prev = head.lastHash();
            Instant at = DbTime.truncate(clock.instant());
            List<Long> seqs = new ArrayList<>(events.size());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEvent e : events) {
                    seq++;
                    Entry entry = sealed(seq, at, e, prev);
                    ps.setLong(1, entry.seq());
                    DbTime.set(ps, 2, entry.at());
                    ps.setString(3, entry.actorKind());
                    ps.setString(4, entry.actor());
                    ps.setString(5, entry.agency());
                    ps.setString(6, entry.action());
                    ps.setString(7, entry.subject());
                    ps.setString(8, entry.outcome());
                    ps.setString(9, entry.detail());
                    ps.setString(10, entry.clientAddress());
                    ps.setString(11, entry.prevHash());
                    ps.setString(12, entry.hash());
                    ps.addBatch();
                    prev = entry.hash();
                    seqs.add(seq);
                }
                ps.executeBatch();
            }
            writeHead(c, new Head(seq, prev, head.anchorSeq(), head.anchorHash(), head.anchorAt(), null));
            return seqs;
        });
    }

    /** The head as stored now (not locked), or a fresh one when nothing was ever appended. */
    public Head head() {
        return jdbc.call("read the audit head", c -> readHead(c, false));
    }

    /** Up to {@code max} entries from {@code fromSeq} on, by seq. */
    public List<Entry> read(long fromSeq, int max) {
        return jdbc.call("read the audit trail", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_entry WHERE seq >= ?"
                    + " ORDER BY seq LIMIT ?")) {
                ps.setLong(1, fromSeq);
                ps.setInt(2, max);
                return entries(ps);
            }
        });
    }

    /**
     * Every entry recorded at or after {@code from} and before {@code to}, in seq order, a page at a time
     * (an export of years does not sit in memory). Returns how many were given.
     */
    public long forEachBetween(Instant from, Instant to, Consumer<Entry> each) {
        long given = 0;
        long after = 0;
        while (true) {
            long fromSeq = after;
            List<Entry> page = jdbc.call("export the audit trail", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > ?"
                        + " AND at >= ? AND at < ? ORDER BY seq LIMIT " + PAGE)) {
                    ps.setLong(1, fromSeq);
                    DbTime.set(ps, 2, from);
                    DbTime.set(ps, 3, to);
                    return entries(ps);
                }
            });
            for (Entry e : page) {
                each.accept(e);
                after = e.seq();
                given++;
            }
            if (page.size() < PAGE) {
                return given;
            }
        }
    }

    /**
     * Walks the chain from the anchor to the head: each entry's seq follows the one before, its
     * prev_hash is that entry's hash and its hash is the HMAC of its content; the head's own HMAC holds
     * and its last seq and hash are the last entry's. Reads a page at a time, without locking: appends
     * made meanwhile lie past the head read first and are left for the next run.
     *
     * <p>A break is reported only if the head did not move while it was found: an append committed
     * between two of the walk's reads, or a retention purge moving the anchor, looks like an entry out of
     * place or missing. Then the walk is made again from the new head (at most {@value #VERIFY_TRIES} times).
     */
    public Verification verify() {
        Verification v = verifyOnce();
        for (int tries = 1; !v.ok() && tries < VERIFY_TRIES; tries++) {
            Head now = jdbc.call("read the audit head", c -> readHead(c, false));
            if (now == null || (now.anchorSeq() == v.anchorSeq() && now.lastSeq() == v.lastSeq())) {
                return v;
            }
            v = verifyOnce();
        }
        return v;
    }

    private static final int VERIFY_TRIES = 3;

    private Verification verifyOnce() {
        boolean headless = jdbc.call("read the audit head", c -> selectHead(c, false) == null
                && count(c, "SELECT COUNT(*) FROM audit_entry WHERE seq > ?", -1L) > 0);
        if (headless) {
            return new Verification(0, 1, "the head row is missing while entries exist (removed outside the gateway)",
                    0, 0, GENESIS);
        }
        Head head = jdbc.call("read the audit head", c -> readHead(c, false));
        if (!mac(headText(head)).equals(head.mac())) {
            return new Verification(0, Math.max(head.anchorSeq() + 1, 1), "the head (anchor or last entry) was"
                    + " changed: its HMAC does not hold", head.anchorSeq(), head.lastSeq(), head.lastHash());
        }
        long expected = head.anchorSeq() + 1;
        String prev = head.anchorHash();
        long checked = 0;
        while (expected <= head.lastSeq()) {
            long fromSeq = expected;
            List<Entry> page = jdbc.call("verify the audit trail", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_entry WHERE seq >= ?"
                        + " AND seq <= ? ORDER BY seq LIMIT " + PAGE)) {
                    ps.setLong(1, fromSeq);
                    ps.setLong(2, head.lastSeq());
                    return entries(ps);
                }
            });
            if (page.isEmpty()) {
                return broken(checked, expected, "missing (the chain ends before its head, seq " + head.lastSeq()
                        + ")", head);
            }
            for (Entry e : page) {
                if (e.seq() != expected) {
                    return broken(checked, expected, "missing (the next entry is seq " + e.seq() + ")", head);
                }
                if (!e.prevHash().equals(prev)) {
                    return broken(checked, e.seq(), "altered (its prev_hash is not the hash of the entry before)", head);
                }
                if (!hash(e).equals(e.hash())) {
                    return broken(checked, e.seq(), "altered (its content does not match its hash)", head);
                }
                prev = e.hash();
                expected++;
                checked++;
            }
        }
        if (!prev.equals(head.lastHash())) {
            return broken(checked, head.lastSeq(), "altered (the head's last hash is not this entry's)", head);
        }
        long before = jdbc.call("verify the audit trail", c -> count(c, "SELECT COUNT(*) FROM audit_entry WHERE seq <= ?",
                head.anchorSeq()));
        if (before > 0) {
            return broken(checked, head.anchorSeq(), "out of place (entries at or before the anchor, which retention"
                    + " removed)", head);
        }
        Head now = jdbc.call("read the audit head", c -> readHead(c, false));
        if (now.lastSeq() == head.lastSeq()) {
            long past = jdbc.call("verify the audit trail", c -> count(c,
                    "SELECT COUNT(*) FROM audit_entry WHERE seq > ?", head.lastSeq()));
            if (past > 0) {
                return broken(checked, head.lastSeq() + 1, "out of place (entries past the chain's head)", head);
            }
        }
        return new Verification(checked, 0, "", head.anchorSeq(), head.lastSeq(), head.lastHash());
    }

    /**
     * Retention: removes the entries recorded before {@code cutoff}, oldest first, {@code batch} per
     * transaction, and moves the anchor to the last one removed, so that the rest still verifies. Stops
     * at the first entry not old enough (seq order, whatever a replica's clock said), and refuses to
     * remove entries whose chain does not hold: purging must not erase the evidence of a change.
     * Returns the entries removed.
     */
    public long purgeBefore(Instant cutoff, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, not " + batch);
        }
        long removed = 0;
        while (true) {
            long n = jdbc.inTransaction("purge the audit trail", c -> {
                Head head = lockHead(c);
                List<Entry> oldest;
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > ?"
                        + " ORDER BY seq LIMIT ?")) {
                    ps.setLong(1, head.anchorSeq());
                    ps.setInt(2, batch);
                    oldest = entries(ps);
                }
                String prev = head.anchorHash();
                long expected = head.anchorSeq() + 1;
                Entry last = null;
                for (Entry e : oldest) {
                    if (!e.at().isBefore(cutoff)) {
                        break;
                    }
                    if (e.seq() != expected || !e.prevHash().equals(prev) || !hash(e).equals(e.hash())) {
                        throw new LedgerException("audit retention stopped at seq " + expected + ": the chain does"
                                + " not hold there (run `audit verify`); nothing past it is removed");
                    }
                    prev = e.hash();
                    expected++;
                    last = e;
                }
                if (last == null) {
                    return 0L;
                }
                long count;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_entry WHERE seq > ? AND seq <= ?")) {
                    ps.setLong(1, head.anchorSeq());
                    ps.setLong(2, last.seq());
                    count = ps.executeUpdate();
                }
                writeHead(c, new Head(head.lastSeq(), head.lastHash(), last.seq(), last.hash(), last.at(), null));
                return count;
            });
            removed += n;
            if (n < batch) {
                return removed;
            }
        }
    }

    /** The entry as stored for this event: texts scrubbed of NIKs and cut to their columns, then hashed. */
    Entry sealed(long seq, Instant at, AuditEvent e, String prevHash) {
        Entry unsealed = new Entry(seq, at, cut(e.actorKind(), 16), cut(e.actor(), 100), cut(e.agency(), 100),
                cut(e.action(), 40), cut(e.subject(), 200), cut(e.outcome(), 16), cut(e.detail(), 500),
                cut(e.clientAddress(), 100), prevHash, null);
        return new Entry(seq, at, unsealed.actorKind(), unsealed.actor(), unsealed.agency(), unsealed.action(),
                unsealed.subject(), unsealed.outcome(), unsealed.detail(), unsealed.clientAddress(), prevHash,
                hash(unsealed));
    }

    /** HMAC-SHA256 of the previous hash and the entry's canonical text, lower-case hex. */
    String hash(Entry e) {
        return mac(e.prevHash() + "\n" + canonical(e));
    }

    /**
     * Each field as its length, a colon and itself, then a line break: no two different entries have
     * the same text, whatever their fields hold. The time as an ISO instant in microseconds.
     */
    static String canonical(Entry e) {
        StringBuilder text = new StringBuilder(256);
        for (String field : new String[] {Long.toString(e.seq()), e.at().toString(), e.actorKind(), e.actor(),
                e.agency(), e.action(), e.subject(), e.outcome(), e.detail(), e.clientAddress()}) {
            text.append(field.length()).append(':').append(field).append('\n');
        }
        return text.toString();
    }

    private String headText(Head h) {
        return "head\n" + h.lastSeq() + "\n" + h.lastHash() + "\n" + h.anchorSeq() + "\n" + h.anchorHash() + "\n"
                + (h.anchorAt() == null ? "" : h.anchorAt().toString());
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
        }
    }

    private static String cut(String text, int max) {
        String s = NikMask.scrub(text == null ? "" : text);
        return s.length() > max ? s.substring(0, max) : s;
    }

    /**
     * The head row, locked for this transaction. Made (unlocked, then locked) when there is none and no
     * entry either: a fresh ledger. A head missing beside entries is refused: someone removed it, and a
     * new one would hide what they did.
     */
    private Head lockHead(Connection c) throws SQLException {
        Head head = selectHead(c, true);
        if (head == null) {
            // Made by the first append only. Another process's first append may have committed the head and
            // its entry since the SELECT above: then the INSERT is skipped (entries exist) or does nothing
            // (conflict), and the SELECT below, a statement of its own, finds that head.
            if (count(c, "SELECT COUNT(*) FROM audit_entry WHERE seq > ?", -1L) == 0) {
                Head fresh = new Head(0, GENESIS, 0, GENESIS, null, null);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_head (id, last_seq, last_hash,"
                        + " anchor_seq, anchor_hash, anchor_at, head_mac) VALUES (?, 0, ?, 0, ?, NULL, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    ps.setInt(1, HEAD_ID);
                    ps.setString(2, GENESIS);
                    ps.setString(3, GENESIS);
                    ps.setString(4, mac(headText(fresh)));
                    ps.executeUpdate();
                }
            }
            head = selectHead(c, true);
            if (head == null) {
                throw new LedgerException("the audit head row is missing while entries exist: it was removed"
                        + " outside the gateway (run `audit verify`)");
            }
        }
        if (!MessageDigest.isEqual(mac(headText(head)).getBytes(StandardCharsets.US_ASCII),
                head.mac().getBytes(StandardCharsets.US_ASCII))) {
            throw new LedgerException("the audit head's HMAC does not hold: it was changed outside the gateway,"
                    + " or jamsos.audit.hmacKey is not the key the trail was written with (run `audit verify`)");
        }
        return head;
    }

    private Head readHead(Connection c, boolean lock) throws SQLException {
        Head head = selectHead(c, lock);
        if (head != null) {
            return head;
        }
        Head fresh = new Head(0, GENESIS, 0, GENESIS, null, null);
        return new Head(0, GENESIS, 0, GENESIS, null, mac(headText(fresh)));
    }

    private static Head selectHead(Connection c, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, anchor_seq, anchor_hash, anchor_at,"
                + " head_mac FROM audit_head WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setInt(1, HEAD_ID);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), DbTime.get(rs, 5),
                        rs.getString(6));
            }
        }
    }

    private void writeHead(Connection c, Head h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ?,"
                + " anchor_seq = ?, anchor_hash = ?, anchor_at = ?, head_mac = ? WHERE id = ?")) {
            ps.setLong(1, h.lastSeq());
            ps.setString(2, h.lastHash());
            ps.setLong(3, h.anchorSeq());
            ps.setString(4, h.anchorHash());
            DbTime.set(ps, 5, h.anchorAt());
            ps.setString(6, mac(headText(h)));
            ps.setInt(7, HEAD_ID);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("audit head row vanished during the append");
            }
        }
    }

    private static long count(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Entry> entries(PreparedStatement ps) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(rs.getLong(1), DbTime.get(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getString(11), rs.getString(12)));
            }
        }
        return out;
    }

    private Verification broken(long checked, long seq, String problem, Head head) {
        return new Verification(checked, seq, problem, head.anchorSeq(), head.lastSeq(), head.lastHash());
    }
}
