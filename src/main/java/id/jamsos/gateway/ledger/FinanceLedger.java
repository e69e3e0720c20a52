package id.jamsos.gateway.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The ledger's finance side (tables of V3__finance.sql, V8__claim_outbox.sql): the claim outbox (each
 * claim with its finance message, who publishes it, whether it went), how far the claims listing has
 * been read, the workers a statement covers and the statements published.
 * Kept apart from {@link Ledger} so the enrollment ledger does not grow with finance concerns.
 */
public final class FinanceLedger {

    /** A period covers month M (both parameters): first month on or before M, not ended before M. */
    private static final String COVERED_IN = " WHERE p.first_month <= ? AND (p.last_month IS NULL OR p.last_month >= ?)";

    private static final Logger LOG = LoggerFactory.getLogger(FinanceLedger.class);

    private static final int STREAM_FETCH_SIZE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;
    /** For reading periods only: its clock and zone are not used for that. */
    private final CoverageLedger coverage;
    private final InvoiceLedger invoices;

    /** With the public test key: for tests only. */
    public FinanceLedger(DataSource dataSource) {
        this(dataSource, PersonalDataCipher.forTests());
    }

    public FinanceLedger(DataSource dataSource, PersonalDataCipher pii) {
        this.pii = Objects.requireNonNull(pii, "pii");
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.coverage = new CoverageLedger(dataSource, java.time.Clock.systemUTC(), CoverageLedger.DEFAULT_ZONE);
        this.invoices = new InvoiceLedger(dataSource);
    }

    /** BPJS's invoices as fetched, line by line: what the statement's comparison reads (V19). */
    public InvoiceLedger invoices() {
        return invoices;
    }

    // ---------------------------------------------------------------- claims

    /**
     * Stores a claim together with its finance message (the outbox), in one INSERT: true when this
     * call stored it, false when the claim was stored before (a duplicate), whatever came of it since.
     * The primary key decides, so two paths or processes that see the claim at once store it once. A
     * claim stored before the outbox existed (V8) and still unpublished gets its message now.
     */
    public boolean recordClaim(ClaimRecord claim, ClaimMessage message) {
        return recordClaim(claim, message, null);
    }

    /**
     * As {@link #recordClaim(ClaimRecord, ClaimMessage)}, and when this call stores the claim it also
     * ends {@code coverageEnd}'s cover, in the same transaction: a paid death claim and the end of the
     * worker's cover are recorded together or not at all, so a crash between them cannot leave the city
     * billed for a worker whose death benefit finance was told to book. A repeated claim ends nothing.
     */
    public boolean recordClaim(ClaimRecord claim, ClaimMessage message, CoverageEnd coverageEnd) {
        String body = pii.encryptText(message.body(), CipherContext.claimMessage(claim.claimId()));
        String properties = writeProperties(message.properties());
        Instant now = claim.receivedAt();
        return jdbc.inTransaction("record claim", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO claim (claim_id, claim_type, kpj, nik_hash,"
                    + " nik_enc, amount, agency_id, received_at, payload, destination, review_reason, message,"
                    + " message_properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, Objects.requireNonNull(claim.claimId(), "claimId"));
                ps.setString(2, claim.claimType());
                ps.setString(3, claim.kpj());
                ps.setString(4, pii.hash(claim.nik()));
                ps.setString(5, pii.encrypt(claim.nik(), CipherContext.claimNik(claim.claimId())));
                ps.setLong(6, claim.amount());
                ps.setString(7, claim.agencyId());
                DbTime.set(ps, 8, Objects.requireNonNull(claim.receivedAt(), "receivedAt"));
                // BPJS's own JSON: it carries the NIK and the heir's name.
                ps.setString(9, pii.encryptText(claim.payloadJson(), CipherContext.claimPayload(claim.claimId())));
                ps.setString(10, message.destination());
                ps.setString(11, message.reviewReason());
                ps.setString(12, body);
                ps.setString(13, properties);
                if (ps.executeUpdate() == 1) {
                    if (coverageEnd != null) {
                        CoverageLedger.endOpen(c, coverageEnd.kpj(), coverageEnd.lastMonth(), coverageEnd.reason(),
                                coverageEnd.endedBy(), now);
                    }
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE claim SET destination = ?, review_reason = ?,"
                    + " message = ?, message_properties = ? WHERE claim_id = ? AND message IS NULL"
                    + " AND published_at IS NULL")) {
                ps.setString(1, message.destination());
                ps.setString(2, message.reviewReason());
                ps.setString(3, body);
                ps.setString(4, properties);
                ps.setString(5, claim.claimId());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * The claim's stored payload (BPJS's JSON as received), decrypted; empty when no such claim or
     * none was stored. For telling a repeated notice from a conflicting one.
     */
    public Optional<String> claimPayload(String claimId) {
        return jdbc.call("read claim payload", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM claim WHERE claim_id = ?")) {
                ps.setString(1, claimId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        return Optional.<String>empty();
                    }
                    return Optional.of(pii.decryptText(rs.getString(1), CipherContext.claimPayload(claimId)));
                }
            }
        });
    }

    /**
     * The payloads (BPJS's JSON as received, decrypted) of the claims of one worker that went to
     * finance, but {@code exceptClaimId}: what the worker was paid before, for a cap that holds over
     * several claims (the scholarship's Rp 174,000,000). A claim names the worker by NIK (hash,
     * indexed) or by KPJ; a worker has a handful of claims, so the KPJ half's scan of the claims is
     * cheap next to the claim's own INSERT.
     */
    public List<String> financeClaimPayloads(String kpj, String nik, String exceptClaimId) {
        String nikHash = pii.hash(nik);
        return jdbc.call("read a worker's claims", c -> {
            List<String> payloads = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT claim_id, payload FROM claim WHERE (nik_hash = ?"
                    + " OR kpj = ?) AND destination = 'finance' AND claim_id <> ? ORDER BY received_at, claim_id")) {
                ps.setString(1, nikHash);
                ps.setString(2, kpj);
                ps.setString(3, exceptClaimId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2) != null) {
                            payloads.add(pii.decryptText(rs.getString(2), CipherContext.claimPayload(rs.getString(1))));
                        }
                    }
                }
            }
            return payloads;
        });
    }

    /**
     * Takes up to {@code limit} unpublished messages, oldest first, with the publication lease until
     * {@code until}: each claim is taken by exactly one caller while unpublished and nobody holds a
     * lease still running on it, so two gateway processes never both send it. One conditional
     * UPDATE per claim decides (sent as one batch); a claim another caller took in between is left out.
     */
    public List<ClaimMessage> leaseUnpublished(int limit, Instant now, Instant until) {
        return jdbc.call("lease unpublished claims", c -> {
            List<ClaimMessage> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT claim_id, destination, review_reason, message,"
                    + " message_properties FROM claim WHERE published_at IS NULL AND message IS NOT NULL"
                    + " AND (publish_lease_until IS NULL OR publish_lease_until < ?)"
                    + " ORDER BY received_at, claim_id LIMIT ?")) {
                DbTime.set(ps, 1, now);
                ps.setInt(2, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new ClaimMessage(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), readProperties(rs.getString(5))));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return candidates;
            }
            // Updated in claim_id order, as leaseClaims locks them: a batch of updates may run as one
            // transaction (PostgreSQL's driver), and two callers locking in opposite orders deadlock.
            List<ClaimMessage> byId = candidates.stream().sorted(Comparator.comparing(ClaimMessage::claimId)).toList();
            int[] won;
            try (PreparedStatement ps = c.prepareStatement("UPDATE claim SET publish_lease_until = ?"
                    + " WHERE claim_id = ? AND published_at IS NULL"
                    + " AND (publish_lease_until IS NULL OR publish_lease_until < ?)")) {
                for (ClaimMessage m : byId) {
                    DbTime.set(ps, 1, until);
                    ps.setString(2, m.claimId());
                    DbTime.set(ps, 3, now);
                    ps.addBatch();
                }
                won = ps.executeBatch();
            }
            Set<String> wonIds = new HashSet<>();
            for (int i = 0; i < byId.size(); i++) {
                if (won[i] == 1) {
                    wonIds.add(byId.get(i).claimId());
                }
            }
            List<ClaimMessage> ours = new ArrayList<>(wonIds.size());
            for (ClaimMessage m : candidates) {
                if (wonIds.contains(m.claimId())) {
                    ours.add(m); // oldest first, as selected
                }
            }
            return decrypted(ours, until);
        });
    }

    /**
     * Leases the given claims (the ones this process just recorded) by their primary key, without
     * looking for others: the same conditional UPDATE as {@link #leaseUnpublished}, so a claim already
     * published or under another caller's running lease is left out. The common path of the outbox:
     * on PostgreSQL, the search for unpublished claims also reads every claim published since the
     * last vacuum (their old row versions), which a burst of claims makes slow.
     */
    public List<ClaimMessage> leaseClaims(List<String> claimIds, Instant now, Instant until) {
        if (claimIds.isEmpty()) {
            return List.of();
        }
        // One transaction, rows locked in claim_id order, as leaseUnpublished does: callers never wait
        // on each other crosswise.
        List<String> sorted = claimIds.stream().distinct().sorted().toList();
        List<ClaimMessage> ours = jdbc.inTransaction("lease recorded claims", c -> {
            int[] won;
            try (PreparedStatement ps = c.prepareStatement("UPDATE claim SET publish_lease_until = ?"
                    + " WHERE claim_id = ? AND published_at IS NULL AND message IS NOT NULL"
                    + " AND (publish_lease_until IS NULL OR publish_lease_until < ?)")) {
                for (String id : sorted) {
                    DbTime.set(ps, 1, until);
                    ps.setString(2, id);
                    DbTime.set(ps, 3, now);
                    ps.addBatch();
                }
                won = ps.executeBatch();
            }
            List<String> leasedIds = new ArrayList<>(sorted.size());
            for (int i = 0; i < sorted.size(); i++) {
                if (won[i] == 1) {
                    leasedIds.add(sorted.get(i));
                }
            }
            List<ClaimMessage> rows = new ArrayList<>(leasedIds.size());
            if (leasedIds.isEmpty()) {
                return rows;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT claim_id, destination, review_reason, message,"
                    + " message_properties FROM claim WHERE claim_id IN ("
                    + String.join(", ", Collections.nCopies(leasedIds.size(), "?"))
                    + ") ORDER BY received_at, claim_id")) {
                for (int i = 0; i < leasedIds.size(); i++) {
                    ps.setString(i + 1, leasedIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new ClaimMessage(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), readProperties(rs.getString(5))));
                    }
                }
            }
            return rows;
        });
        return decrypted(ours, until);
    }

    /** Decrypted only once they are ours to send. */
    private List<ClaimMessage> decrypted(List<ClaimMessage> ours, Instant until) {
        List<ClaimMessage> leased = new ArrayList<>(ours.size());
        for (ClaimMessage m : ours) {
            try {
                leased.add(new ClaimMessage(m.claimId(), m.destination(), m.reviewReason(),
                        pii.decryptText(m.body(), CipherContext.claimMessage(m.claimId())), m.properties()));
            } catch (RuntimeException e) {
                // One unreadable message (its key no longer configured) must not hold up the
                // others: it keeps its lease, is left out, and is tried again when the lease ends.
                LOG.warn("claim={} cannot be published: its stored message cannot be read ({}); tried again"
                        + " after {}", m.claimId(), e.getMessage(), until);
            }
        }
        return leased;
    }

    /** After the broker committed the batch: these claims are published; the first publication stays. */
    public void markPublished(List<String> claimIds, Instant publishedAt) {
        if (claimIds.isEmpty()) {
            return;
        }
        jdbc.inTransaction("mark claims published", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE claim SET published_at = ? WHERE claim_id = ? AND published_at IS NULL")) {
                for (String id : claimIds) {
                    DbTime.set(ps, 1, publishedAt);
                    ps.setString(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Gives leases back without publishing (the send failed), so the next attempt need not wait. */
    public void release(List<String> claimIds) {
        if (claimIds.isEmpty()) {
            return;
        }
        jdbc.call("release claims", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE claim SET publish_lease_until = NULL WHERE claim_id = ? AND published_at IS NULL")) {
                for (String id : claimIds) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Claims recorded before the outbox (V8) and never published: they have no stored message, so only
     * a new sighting of the claim (a callback or the pull) publishes them.
     */
    public int unpublishedClaimsWithoutMessage() {
        return jdbc.call("count unpublished claims without a message", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM claim WHERE published_at IS NULL AND message IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Claims recorded with their message and not yet sent: the outbox's depth. */
    public int unpublishedClaimCount() {
        return jdbc.call("count unpublished claims", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM claim WHERE published_at IS NULL AND message IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static String writeProperties(Map<String, String> properties) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(properties));
        } catch (JsonProcessingException e) {
            throw new LedgerException("cannot write the message properties", e);
        }
    }

    private static Map<String, String> readProperties(String stored) {
        if (stored == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(stored, PROPERTIES);
        } catch (JsonProcessingException e) {
            throw new LedgerException("stored message properties are not a JSON object", e);
        }
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

    /**
     * Moves the watermark forward to {@code watermark} (an ISO-8601 instant, a claim's paidAt), never back.
     * Two processes pulling at once, or a slow one finishing after a fast one, would otherwise leave it
     * behind claims already handled, and every pull after would ask BPJS for them again. The order is the
     * instants', not the text's ("...:05.5Z" is later than "...:05Z" but sorts before it, and a
     * database's collation may sort text otherwise still), so the comparison is made here, on the value
     * read; the UPDATE then changes the row only while it still holds that value (a compare-and-set, the
     * same on H2 and PostgreSQL), and when another process moved it in between it is read again.
     *
     * @return whether the watermark moved
     */
    public boolean saveClaimWatermark(String source, String watermark, Instant now) {
        Instant to = Instant.parse(watermark);
        return jdbc.call("save claim watermark", c -> {
            // Each pass that does not end here saw another process's write: a handful at most.
            for (int pass = 0; pass < 100; pass++) {
                String current = null;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT watermark FROM claim_watermark WHERE source = ?")) {
                    ps.setString(1, source);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            current = rs.getString(1);
                        }
                    }
                }
                if (current == null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO claim_watermark (source, watermark,"
                            + " updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                        ps.setString(1, source);
                        ps.setString(2, watermark);
                        DbTime.set(ps, 3, now);
                        if (ps.executeUpdate() == 1) {
                            return true;
                        }
                    }
                    continue;
                }
                if (!before(current, to)) {
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE claim_watermark SET watermark = ?, updated_at = ?"
                                + " WHERE source = ? AND watermark = ?")) {
                    ps.setString(1, watermark);
                    DbTime.set(ps, 2, now);
                    ps.setString(3, source);
                    ps.setString(4, current);
                    if (ps.executeUpdate() == 1) {
                        return true;
                    }
                }
            }
            throw new IllegalStateException("claim watermark " + source
                    + " kept changing under every attempt to move it");
        });
    }

    /** True when the stored watermark is before {@code to}; one that is no instant is nothing to keep. */
    private static boolean before(String stored, Instant to) {
        try {
            return Instant.parse(stored).isBefore(to);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    // ---------------------------------------------------------------- statements

    /**
     * Every worker covered in {@code month} (coverage_period, V14), of one agency or of all when
     * {@code agencyIdOrNull} is null, ordered by agency then KPJ, streamed {@value #STREAM_FETCH_SIZE}
     * at a time. The agency is the period's (a worker handed over mid-year is billed to the agency that
     * held them that month). The income is the one in force in {@code month} ({@link IncomeInForce}):
     * the latest KOREKSI from that month or before, else the file row that enrolled the worker, or the
     * worker once that row was purged.
     */
    public void forEachWorkerCoveredIn(YearMonth month, String agencyIdOrNull, Consumer<CoveredWorker> action) {
        String where = agencyIdOrNull == null ? "" : " AND p.agency_id = ?";
        jdbc.inTransaction("read covered workers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT w.nik_enc, w.file_id, w.row_no, w.kpj, w.name,"
                    + " p.agency_id, w.district, w.enrolled_at,"
                    + " " + IncomeInForce.INCOME + " AS monthly_income"
                    + " FROM coverage_period p JOIN worker w ON w.kpj = p.kpj"
                    // The row is gone once the retention job purged its file; the income was copied first.
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + IncomeInForce.JOIN
                    + COVERED_IN + where + " ORDER BY p.agency_id, w.kpj",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(STREAM_FETCH_SIZE);
                ps.setString(1, month.toString());
                ps.setString(2, month.toString());
                ps.setString(3, month.toString());
                if (agencyIdOrNull != null) {
                    ps.setString(4, agencyIdOrNull);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // Bound to the file row that enrolled the worker (CipherContext.rowNik).
                        String nik = pii.decrypt(rs.getString("nik_enc"),
                                CipherContext.rowNik(rs.getLong("file_id"), rs.getInt("row_no")));
                        action.accept(new CoveredWorker(nik, rs.getString("kpj"), rs.getString("name"),
                                rs.getString("agency_id"), rs.getString("district"), DbTime.get(rs, "enrolled_at"),
                                rs.getObject("monthly_income", Long.class)));
                    }
                }
            }
            return null;
        });
    }

    /**
     * One worker covered in a month as the statement streams them: the period's agency and funding
     * source (null: the agency's configured source), the declared income, and the NIK still encrypted
     * with the coordinates of the file row it is bound to. Nothing personal is decrypted for it:
     * {@link #nikOf} does that for the few workers a statement lists.
     */
    public record CoveredRow(String kpj, String agencyId, String fundingSource, Long monthlyIncome, String name,
                             String nikEnc, long fileId, int rowNo) {
    }

    /**
     * Every worker covered in {@code month} (of one agency, or of all when {@code agencyIdOrNull} is
     * null) in KPJ order, Java's {@link String#compareTo} order (byte order: on PostgreSQL the sort is
     * {@code COLLATE "C"}, whatever the database's collation), streamed {@value #STREAM_FETCH_SIZE} at
     * a time: the statement merges it with the invoice's lines, sorted the same way, and keeps no
     * worker in memory. No NIK is decrypted here.
     */
    public void forEachCoveredByKpj(YearMonth month, String agencyIdOrNull, Consumer<CoveredRow> action) {
        jdbc.inTransaction("read covered workers by kpj", c -> {
            streamCovered(c, month, agencyIdOrNull, action);
            return null;
        });
    }

    /** A statement's merge of the covered workers with the month's stored invoice lines. */
    public interface InvoiceMerge {
        /** The stored lines, opened before the first covered worker. */
        void lines(InvoiceLedger.Lines lines);

        /** Each covered worker (every agency), in KPJ order. */
        void covered(CoveredRow row);

        /** After the last covered worker, the lines still open: the rest of them. */
        void rest();
    }

    /**
     * The covered workers of {@code month} (every agency) merged with the month's stored invoice
     * ({@link InvoiceLedger#linesByKpj}): both cursors on one connection, in one read-only transaction,
     * so that the merge takes one connection as it did with the invoice in memory, and the lookups it
     * makes meanwhile (a billed stranger's periods) take the pool's second; with a cursor each, a pool
     * of two (the statement command's) would wait for itself.
     */
    public void forEachCoveredBesideInvoice(YearMonth month, InvoiceMerge merge) {
        jdbc.inTransaction("read covered workers beside the invoice", c -> {
            try (InvoiceLedger.Lines lines = invoices.linesByKpj(c, month)) {
                merge.lines(lines);
                streamCovered(c, month, null, merge::covered);
                merge.rest();
            }
            return null;
        });
    }

    private void streamCovered(Connection c, YearMonth month, String agencyIdOrNull, Consumer<CoveredRow> action)
            throws SQLException {
        String where = agencyIdOrNull == null ? "" : " AND p.agency_id = ?";
        String order = c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")
                ? " ORDER BY w.kpj COLLATE \"C\"" : " ORDER BY w.kpj";
        try (PreparedStatement ps = c.prepareStatement("SELECT w.kpj, p.agency_id, p.funding_source,"
                + " " + IncomeInForce.INCOME + " AS monthly_income, w.name, w.nik_enc,"
                + " w.file_id, w.row_no"
                + " FROM coverage_period p JOIN worker w ON w.kpj = p.kpj"
                + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                // The income in force in the month (V20): a later KOREKSI does not reprice it.
                + IncomeInForce.JOIN
                + COVERED_IN + where + order,
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(STREAM_FETCH_SIZE);
            ps.setString(1, month.toString());
            ps.setString(2, month.toString());
            ps.setString(3, month.toString());
            if (agencyIdOrNull != null) {
                ps.setString(4, agencyIdOrNull);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(new CoveredRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), rs.getLong(7),
                            rs.getInt(8)));
                }
            }
        }
    }

    /** The NIK of a streamed worker, decrypted: only for a worker a statement lists. */
    public String nikOf(CoveredRow row) {
        // Bound to the file row that enrolled the worker (CipherContext.rowNik).
        return pii.decrypt(row.nikEnc(), CipherContext.rowNik(row.fileId(), row.rowNo()));
    }

    /** Every coverage period of the worker with this KPJ, oldest first (as {@link CoverageLedger#periods}). */
    public List<CoveragePeriod> coveragePeriods(String kpj) {
        return coverage.periods(kpj);
    }

    /** The top-ups recorded for the programme (budget_topup, V18), summed in whole rupiah; 0 when none. */
    public long topUpTotal(String programmeId) {
        return jdbc.call("sum budget top-ups", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(amount), 0) FROM budget_topup WHERE programme_id = ?")) {
                ps.setString(1, programmeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** How many workers are covered in {@code month} (every agency): counted by the database. */
    public long coveredCount(YearMonth month) {
        return coverage.coveredIn(month, null);
    }

    /** How many covered workers declared one monthly income (null: none was kept, the default applies). */
    public record IncomeCount(Long monthlyIncome, long workers) {
    }

    /**
     * The workers covered in {@code month} (every agency), counted per declared monthly income, the
     * income read as {@link #forEachWorkerCoveredIn} reads it. For totals such as the budget check: the
     * database counts, and no worker's personal data is read or decrypted. One answer row per distinct
     * income, far fewer than workers (incomes are declared in round figures).
     */
    public List<IncomeCount> workersByIncome(YearMonth month) {
        return jdbc.call("count covered workers by income", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + IncomeInForce.INCOME
                    + " AS monthly_income, COUNT(*) AS workers FROM coverage_period p JOIN worker w ON w.kpj = p.kpj"
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + IncomeInForce.JOIN
                    + COVERED_IN + " GROUP BY " + IncomeInForce.INCOME)) {
                ps.setString(1, month.toString());
                ps.setString(2, month.toString());
                ps.setString(3, month.toString());
                List<IncomeCount> counts = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.add(new IncomeCount(rs.getObject("monthly_income", Long.class), rs.getLong("workers")));
                    }
                }
                return counts;
            }
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
