package id.jamsos.gateway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.model.ContactStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The ledger's side of notifying workers (V38, docs/notifications.md): whom the gateway may tell
 * (worker_contact: consent with its date and source, the phone encrypted, the worker's own opt-out) and what
 * it told them (notification: one row per worker and event, its delivery state).
 *
 * <p>Never twice: an event is queued under a unique key (COVER_STARTED:period:&lt;id&gt;, ...) with ON CONFLICT
 * DO NOTHING, however often the scan finds it; a row is taken for sending by a conditional update from QUEUED
 * to SENDING, committed before the provider is called, so two processes never send the same row; and a row
 * a crash left in SENDING is not sent again by itself: it becomes UNCERTAIN ({@link #markUncertain}) until
 * the WhatsApp status webhook proves what happened or an operator decides ({@link #resend}).
 */
public final class NotificationLedger {

    /** The events a worker is told about. */
    public enum Event {
        COVER_STARTED, COVER_ENDED, COVER_AT_RISK
    }

    /** Where a notification is in its life. */
    public enum State {
        QUEUED, SENDING, SENT, DELIVERED, READ, FAILED, UNCERTAIN, SKIPPED
    }

    /** The channels, WhatsApp first; SMS is the fallback. */
    public static final String WHATSAPP = "WHATSAPP";
    public static final String SMS = "SMS";

    /** End reasons a worker is told about; the others go on with other cover or are not for the worker's phone. */
    static final String TOLD_END_REASONS = "'MOVED', 'NOT_ELIGIBLE', 'WITHDRAWN', 'BUDGET_ENDED', 'LAPSED'";

    /**
     * An event found for a worker who agreed to be told, with what its message needs. {@code nik} is the full
     * NIK, decrypted only so that the message can show its last four digits: never logged, never stored.
     */
    public record Candidate(String eventKey, Event event, String nikHash, String kpj, String name, String nik,
                            String agencyId, String fundingSource, String firstMonth, String lastMonth,
                            String endReason) {

        @Override
        public String toString() {
            return "Candidate[" + eventKey + "]";
        }
    }

    /** A message to queue: its key, worker, template and parameters (encrypted at rest). */
    public record NewNotification(String eventKey, Event event, String nikHash, String kpj, String template,
                                  List<String> params) {
    }

    /**
     * A notification taken for sending (state SENDING): its parameters and the worker's phone, decrypted.
     * Personal data (name, phone): never logged; {@link #toString} shows neither.
     */
    public record Due(long id, String eventKey, Event event, String kpj, String template, List<String> params,
                      String channel, String phone, int attempt) {

        @Override
        public String toString() {
            return "Due[" + id + " " + eventKey + " " + channel + " attempt " + attempt + "]";
        }
    }

    /** One notification as operators and the worker's story see it: no phone, no name, no parameter. */
    public record View(long id, String eventKey, Event event, String kpj, State state, String channel, int attempts,
                       String lastError, Instant createdAt, Instant sentAt, Instant deliveredAt, Instant updatedAt) {
    }

    /** A worker's contact as operators see it: whether a phone is known, never the number. */
    public record Contact(String nikHash, boolean hasPhone, boolean consent, Instant consentAt, String consentSource,
                          Instant optedOutAt, String optOutSource) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public NotificationLedger(DataSource dataSource, PersonalDataCipher pii, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.pii = Objects.requireNonNull(pii, "pii");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The keyed hash a phone number is found by (a reply from it names no worker otherwise). */
    public String phoneHash(String phone) {
        return pii.hash("phone|" + phone);
    }

    /** The keyed hash of a NIK, for the commands that look a worker up by NIK. */
    /**
     * A provider's message id as the ledger keeps it (review s13 finding 2): WhatsApp's {@code wamid.HBgL...}
     * encodes the sender's or recipient's number, so the ledger stores only its keyed hash (the NIK's HMAC key,
     * as {@link #phoneHash}) in notification.provider_id and worker_contact.reply_id, and looks statuses up by
     * it. Null stays null.
     */
    public String messageIdHash(String messageId) {
        return messageId == null ? null : pii.hash("message|" + messageId);
    }

    /**
     * The source written for a worker's own WhatsApp reply (opt_out_source, consent_source): fixed, without the
     * message id (finding 2). MULAI lifts an opt-out whose source starts with {@code whatsapp:}.
     */
    public static final String REPLY_SOURCE = "whatsapp:reply";

    public String nikHash(String nik) {
        return pii.hash(nik);
    }

    // ---------------------------------------------------------------- contacts and consent

    /**
     * Keeps what accepted rows of a file say: a consent (Y or T) replaces the worker's earlier one, with this
     * row as its source and now as its date; a phone replaces the number. A row that states no consent only
     * updates the phone of a worker who has a contact already. A worker's own opt-out is left as it is: an
     * agency file does not lift it (docs/notifications.md, "Opt-out").
     *
     * @return how many contacts were written
     */
    public int recordStatements(long fileId, List<ContactStatement> statements) {
        if (statements.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        return jdbc.inTransaction("record worker contacts of file " + fileId, c -> {
            String agency = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT agency_id FROM agency_file WHERE id = ?")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    agency = rs.next() ? rs.getString(1) : null;
                }
            }
            int written = 0;
            try (PreparedStatement owner = c.prepareStatement("SELECT agency_id FROM worker WHERE nik_hash = ?")) {
                for (ContactStatement s : statements) {
                    String nikHash = pii.hash(s.nik());
                    // Only the agency that enrolled the worker speaks for their phone and consent (review B #3):
                    // another agency's row for the same NIK (refused as a duplicate) must not point the messages at
                    // a number nobody agreed to, nor withdraw the worker's consent.
                    owner.setString(1, nikHash);
                    try (ResultSet rs = owner.executeQuery()) {
                        if (rs.next() && !rs.getString(1).equals(agency)) {
                            continue;
                        }
                    }
                    String source = CoverageLedger.rowSource(fileId, s.rowNo());
                    written += upsert(c, nikHash, s.phone(), s.consent(), source, now) ? 1 : 0;
                }
            }
            return written;
        });
    }

    /** An operator's statement of consent (given with its source, e.g. a signed form); by KPJ. */
    public boolean recordConsent(String kpj, String phone, boolean consent, String source) {
        Instant now = clock.instant();
        return jdbc.inTransaction("record a consent", c -> {
            Optional<String> hash = nikHashOfKpj(c, kpj);
            return hash.isPresent() && upsert(c, hash.get(), phone, consent, source, now);
        });
    }

    private boolean upsert(Connection c, String nikHash, String phone, Boolean consent, String source, Instant now)
            throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM worker_contact WHERE nik_hash = ?")) {
            ps.setString(1, nikHash);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        String phoneEnc = phone == null ? null : pii.encrypt(phone, CipherContext.contactPhone(nikHash));
        String phoneHash = phone == null ? null : phoneHash(phone);
        if (!exists) {
            if (consent == null) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO worker_contact (nik_hash, phone_enc, phone_hash,"
                    + " consent, consent_at, consent_source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, nikHash);
                ps.setString(2, phoneEnc);
                ps.setString(3, phoneHash);
                ps.setString(4, consent ? "Y" : "N");
                DbTime.set(ps, 5, now);
                ps.setString(6, source);
                DbTime.set(ps, 7, now);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
        }
        int n = 0;
        if (consent != null) {
            // Only a change is a new statement (review finding 3): the same consent stated again by every later
            // file or command leaves its date and source as they were, so consent_at says when the worker
            // agreed (or withdrew), not when the agency last repeated it. A "Y" given with a new number is a
            // change: the consent is for that number now.
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET consent = ?, consent_at = ?,"
                    + " consent_source = ?, updated_at = ? WHERE nik_hash = ? AND (consent <> ?"
                    + (phone != null && consent ? " OR phone_hash IS NULL OR phone_hash <> ?" : "") + ")")) {
                ps.setString(1, consent ? "Y" : "N");
                DbTime.set(ps, 2, now);
                ps.setString(3, source);
                DbTime.set(ps, 4, now);
                ps.setString(5, nikHash);
                ps.setString(6, consent ? "Y" : "N");
                if (phone != null && consent) {
                    ps.setString(7, phoneHash);
                }
                n += ps.executeUpdate();
            }
        }
        if (phone != null && !Boolean.TRUE.equals(consent)) {
            // A new number without a "Y" in the same row: the consent was given for the old number, not this one.
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET consent = 'N', consent_at = ?,"
                    + " consent_source = ?, updated_at = ? WHERE nik_hash = ? AND consent = 'Y'"
                    + " AND (phone_hash IS NULL OR phone_hash <> ?)")) {
                DbTime.set(ps, 1, now);
                ps.setString(2, source + " (nomor baru tanpa persetujuan / new number without consent)");
                DbTime.set(ps, 3, now);
                ps.setString(4, nikHash);
                ps.setString(5, phoneHash);
                n += ps.executeUpdate();
            }
        }
        if (phone != null) {
            // The same number again is no change either (its ciphertext differs each time: compared by hash).
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET phone_enc = ?, phone_hash = ?,"
                    + " updated_at = ? WHERE nik_hash = ? AND (phone_hash IS NULL OR phone_hash <> ?)")) {
                ps.setString(1, phoneEnc);
                ps.setString(2, phoneHash);
                DbTime.set(ps, 3, now);
                ps.setString(4, nikHash);
                ps.setString(5, phoneHash);
                n += ps.executeUpdate();
            }
        }
        return n > 0;
    }

    /**
     * The worker's own "stop" (a WhatsApp reply BERHENTI/STOP from their number), received now: see
     * {@link #optOutByReply}.
     *
     * @return how many workers it applied to (a number shared by two workers stops both)
     */
    public int optOutByPhone(String phone, String source) {
        return optOutByReply(phone, source, clock.instant(), source);
    }

    /**
     * The worker's own "stop" (a WhatsApp reply BERHENTI/STOP from their number), written by the provider at
     * {@code sentAt} with message id {@code messageId}: every later event is skipped, queued ones included.
     * Found by the phone's keyed hash. Replies are applied in the provider's order, not the order their webhook
     * calls arrive in (review finding 4): a reply older than the last one applied to the contact (an earlier
     * timestamp, or the same one and a smaller message id) changes nothing. An operator's opt-out already in
     * place keeps its own source.
     *
     * @return how many workers it applied to (a number shared by two workers stops both)
     */
    public int optOutByReply(String phone, String source, Instant sentAt, String messageId) {
        Instant now = clock.instant();
        return jdbc.inTransaction("opt out by a reply", c -> {
            int stopped;
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET opt_out_source = ?,"
                    + " opted_out_at = ?, reply_at = ?, reply_id = ?, updated_at = ?"
                    + " WHERE phone_hash = ? AND opted_out_at IS NULL" + NEWER_REPLY)) {
                int i = 1;
                ps.setString(i++, source);
                DbTime.set(ps, i++, now);
                i = reply(ps, i, sentAt, messageId);
                DbTime.set(ps, i++, now);
                ps.setString(i++, phoneHash(phone));
                newer(ps, i, sentAt, messageId);
                stopped = ps.executeUpdate();
            }
            seen(c, phone, sentAt, messageId);
            return stopped;
        });
    }

    /** The worker asked again (reply MULAI/START), received now: see {@link #optInByReply}. */
    public int optInByPhone(String phone, String source) {
        return optInByReply(phone, source, clock.instant(), source);
    }

    /**
     * The worker asked again (reply MULAI/START, written by the provider at {@code sentAt}): lifts an opt-out
     * that came from the worker's own reply (source {@code whatsapp:...}), in the provider's order as
     * {@link #optOutByReply}. <em>Decision</em> (docs/notifications.md, "Opt-out"): an opt-out an operator set
     * ({@code notify opt-out}, source {@code command:...}: a call to the contact centre, a letter, a family's
     * request after a death) is not lifted by a message from the number; only an operator lifts it. The consent
     * becomes Y; its date and source change only when it was not Y already.
     *
     * @return how many workers it applied to
     */
    public int optInByReply(String phone, String source, Instant sentAt, String messageId) {
        Instant now = clock.instant();
        return jdbc.inTransaction("opt in by a reply", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET"
                    + " consent_at = CASE WHEN consent = 'Y' THEN consent_at ELSE ? END,"
                    + " consent_source = CASE WHEN consent = 'Y' THEN consent_source ELSE ? END, consent = 'Y',"
                    + " opted_out_at = NULL, opt_out_source = NULL, reply_at = ?, reply_id = ?, updated_at = ?"
                    + " WHERE phone_hash = ? AND opted_out_at IS NOT NULL AND opt_out_source LIKE 'whatsapp:%'"
                    + NEWER_REPLY)) {
                int i = 1;
                DbTime.set(ps, i++, now);
                ps.setString(i++, source);
                i = reply(ps, i, sentAt, messageId);
                DbTime.set(ps, i++, now);
                ps.setString(i++, phoneHash(phone));
                newer(ps, i, sentAt, messageId);
                int lifted = ps.executeUpdate();
                seen(c, phone, sentAt, messageId);
                return lifted;
            }
        });
    }

    /**
     * A reply that changed nothing (already opted out, not opted out, an operator's opt-out) still is the latest
     * one the worker sent: an older reply arriving after it must not be applied.
     */
    private void seen(Connection c, String phone, Instant sentAt, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET reply_at = ?, reply_id = ?"
                + " WHERE phone_hash = ?" + NEWER_REPLY)) {
            int j = reply(ps, 1, sentAt, messageId);
            ps.setString(j++, phoneHash(phone));
            newer(ps, j, sentAt, messageId);
            ps.executeUpdate();
        }
    }

    /**
     * The condition that a reply at (?, ?) is not older than the one applied last: three parameters. A reply of
     * the same second that is another message is applied (review s13 finding 7): message ids carry no order
     * (comparing them as strings was neither chronological nor the same collation on H2 and PostgreSQL), so
     * same-second replies apply in the order they are handed over, which the webhook keeps as the order of its
     * call. The same message again (a retried call) is not applied twice.
     */
    private static final String NEWER_REPLY = " AND (reply_at IS NULL OR reply_at < ? OR (reply_at = ?"
            + " AND (reply_id IS NULL OR reply_id <> ?)))";

    private int reply(PreparedStatement ps, int i, Instant sentAt, String messageId) throws SQLException {
        DbTime.set(ps, i++, sentAt);
        ps.setString(i++, messageId == null ? "" : messageIdHash(messageId));
        return i;
    }

    private void newer(PreparedStatement ps, int i, Instant sentAt, String messageId) throws SQLException {
        DbTime.set(ps, i++, sentAt);
        DbTime.set(ps, i++, sentAt);
        ps.setString(i, messageId == null ? "" : messageIdHash(messageId));
    }

    /** An operator's opt-out of the worker with this KPJ; false when the worker has no contact. */
    public boolean optOutByKpj(String kpj, String source) {
        Instant now = clock.instant();
        return jdbc.inTransaction("opt out by KPJ", c -> {
            Optional<String> hash = nikHashOfKpj(c, kpj);
            if (hash.isEmpty()) {
                return false;
            }
            // A worker without a contact row gets one that says no: the opt-out holds against a later file.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO worker_contact (nik_hash, consent, consent_at,"
                    + " consent_source, opted_out_at, opt_out_source, updated_at) VALUES (?, 'N', ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                ps.setString(1, hash.get());
                DbTime.set(ps, 2, now);
                ps.setString(3, source);
                DbTime.set(ps, 4, now);
                ps.setString(5, source);
                DbTime.set(ps, 6, now);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET opted_out_at = ?, opt_out_source = ?,"
                    + " updated_at = ? WHERE nik_hash = ?")) {
                DbTime.set(ps, 1, now);
                ps.setString(2, source);
                DbTime.set(ps, 3, now);
                ps.setString(4, hash.get());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<Contact> contactOfKpj(String kpj) {
        return jdbc.call("read a worker contact", c -> {
            Optional<String> hash = nikHashOfKpj(c, kpj);
            if (hash.isEmpty()) {
                return Optional.<Contact>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT nik_hash, phone_enc, consent, consent_at,"
                    + " consent_source, opted_out_at, opt_out_source FROM worker_contact WHERE nik_hash = ?")) {
                ps.setString(1, hash.get());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Contact>empty();
                    }
                    return Optional.of(new Contact(rs.getString("nik_hash"), rs.getString("phone_enc") != null,
                            "Y".equals(rs.getString("consent")), DbTime.get(rs, "consent_at"),
                            rs.getString("consent_source"), DbTime.get(rs, "opted_out_at"),
                            rs.getString("opt_out_source")));
                }
            }
        });
    }

    private static Optional<String> nikHashOfKpj(Connection c, String kpj) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nik_hash FROM worker WHERE kpj = ?"
                + " UNION SELECT nik_hash FROM coverage_period WHERE kpj = ?")) {
            ps.setString(1, kpj);
            ps.setString(2, kpj);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    // ---------------------------------------------------------------- finding events

    /**
     * Open periods of workers who agreed to be told and were not told yet. A period a handover or a renewal
     * opened is the same cover going on: told only when the worker was never told of a start.
     */
    public List<Candidate> coverStarted(int limit) {
        return candidates(Event.COVER_STARTED, "SELECT p.id, p.nik_hash, p.kpj, p.agency_id, p.funding_source,"
                + " p.first_month, p.last_month, p.end_reason, w.name, w.nik_enc, w.file_id, w.row_no"
                + " FROM coverage_period p JOIN worker w ON w.nik_hash = p.nik_hash"
                + " JOIN worker_contact k ON k.nik_hash = p.nik_hash"
                + " WHERE p.end_reason IS NULL AND k.consent = 'Y' AND k.opted_out_at IS NULL AND k.phone_enc IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.event_key = CONCAT('COVER_STARTED:period:', p.id))"
                + " AND ((p.opened_by NOT LIKE 'transfer:%' AND p.opened_by NOT LIKE 'renewal:%')"
                + "   OR NOT EXISTS (SELECT 1 FROM notification m WHERE m.nik_hash = p.nik_hash AND m.event = 'COVER_STARTED'))"
                + " ORDER BY p.id LIMIT ?", limit, null, null);
    }

    /**
     * Periods that ended since {@code since} (and after the worker's consent) for a reason the worker is told
     * of, of workers with no open period now (a re-enrollment or a handover goes on). Death is not told to the
     * worker's phone: the heirs' path is the claim (docs/notifications.md).
     */
    public List<Candidate> coverEnded(Instant since, int limit) {
        return candidates(Event.COVER_ENDED, "SELECT p.id, p.nik_hash, p.kpj, p.agency_id, p.funding_source,"
                + " p.first_month, p.last_month, p.end_reason, w.name, w.nik_enc, w.file_id, w.row_no"
                + " FROM coverage_period p JOIN worker w ON w.nik_hash = p.nik_hash"
                + " JOIN worker_contact k ON k.nik_hash = p.nik_hash"
                + " WHERE p.end_reason IN (" + TOLD_END_REASONS + ") AND p.ended_at >= ? AND p.ended_at >= k.consent_at"
                + " AND k.consent = 'Y' AND k.opted_out_at IS NULL AND k.phone_enc IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM coverage_period q WHERE q.open_nik_hash = p.nik_hash)"
                + " AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.event_key = CONCAT('COVER_ENDED:period:', p.id))"
                + " ORDER BY p.id LIMIT ?", limit, since, null);
    }

    /**
     * Covered workers who agreed to be told, not yet told that the contributions of {@code arrearsMonth} are
     * unpaid (the city's arrears put the whole cohort's cover at risk: BPJS lapses it at three months).
     */
    public List<Candidate> coverAtRisk(String arrearsMonth, int limit) {
        return candidates(Event.COVER_AT_RISK, "SELECT p.id, p.nik_hash, p.kpj, p.agency_id, p.funding_source,"
                + " p.first_month, p.last_month, p.end_reason, w.name, w.nik_enc, w.file_id, w.row_no"
                + " FROM coverage_period p JOIN worker w ON w.nik_hash = p.nik_hash"
                + " JOIN worker_contact k ON k.nik_hash = p.nik_hash"
                + " WHERE p.end_reason IS NULL AND k.consent = 'Y' AND k.opted_out_at IS NULL AND k.phone_enc IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.event_key = CONCAT('COVER_AT_RISK:', p.kpj, ':', ?))"
                + " ORDER BY p.id LIMIT ?", limit, null, arrearsMonth);
    }

    private List<Candidate> candidates(Event event, String sql, int limit, Instant since, String month) {
        return jdbc.inTransaction("find " + event + " events", c -> {
            List<Candidate> found = new ArrayList<>();
            List<NewNotification> unreadable = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (since != null) {
                    DbTime.set(ps, i++, since);
                }
                if (month != null) {
                    ps.setString(i++, month);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kpj = rs.getString("kpj");
                        String key = switch (event) {
                            case COVER_STARTED -> "COVER_STARTED:period:" + rs.getLong("id");
                            case COVER_ENDED -> "COVER_ENDED:period:" + rs.getLong("id");
                            case COVER_AT_RISK -> "COVER_AT_RISK:" + kpj + ":" + month;
                        };
                        String nik;
                        try {
                            nik = pii.decrypt(rs.getString("nik_enc"),
                                    CipherContext.rowNik(rs.getLong("file_id"), rs.getInt("row_no")));
                        } catch (RuntimeException e) {
                            // The worker's NIK does not decrypt (key gone, damaged): the event is recorded FAILED
                            // without parameters (review finding 2), so it is not found again, does not hold up
                            // the scan's batch, and operators see it (notify list --state FAILED).
                            unreadable.add(new NewNotification(key, event, rs.getString("nik_hash"), kpj, "-", List.of()));
                            continue;
                        }
                        found.add(new Candidate(key, event, rs.getString("nik_hash"), kpj, rs.getString("name"), nik,
                                rs.getString("agency_id"), rs.getString("funding_source"), rs.getString("first_month"),
                                rs.getString("last_month"), rs.getString("end_reason")));
                    }
                }
            }
            if (!unreadable.isEmpty()) {
                Instant now = clock.instant();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO notification (event_key, event, nik_hash, kpj,"
                        + " template, params_enc, state, attempts, next_attempt_at, last_error, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, NULL, 'FAILED', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    for (NewNotification n : unreadable) {
                        ps.setString(1, n.eventKey());
                        ps.setString(2, n.event().name());
                        ps.setString(3, n.nikHash());
                        ps.setString(4, n.kpj());
                        ps.setString(5, n.template());
                        DbTime.set(ps, 6, now);
                        ps.setString(7, UNREADABLE_NIK);
                        DbTime.set(ps, 8, now);
                        DbTime.set(ps, 9, now);
                        ps.executeUpdate();
                    }
                }
            }
            return found;
        });
    }

    /** The last_error of an event whose worker's NIK cannot be decrypted when it is found; no personal data. */
    public static final String UNREADABLE_NIK = "cannot decrypt the worker's NIK (a key missing from jamsos.pii.keys,"
            + " or damaged data): not queued, and it cannot be resent (no parameters were kept)";

    /**
     * Queues each notification once: a key queued before (by this process, another, or before a restart) is
     * left as it is. One transaction.
     *
     * @return how many were queued now
     */
    public int queue(List<NewNotification> notifications) {
        if (notifications.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        return jdbc.inTransaction("queue notifications", c -> {
            int queued = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notification (event_key, event, nik_hash, kpj,"
                    + " template, params_enc, state, channel, attempts, next_attempt_at, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (NewNotification n : notifications) {
                    ps.setString(1, n.eventKey());
                    ps.setString(2, n.event().name());
                    ps.setString(3, n.nikHash());
                    ps.setString(4, n.kpj());
                    ps.setString(5, n.template());
                    ps.setString(6, pii.encryptText(write(n.params()), CipherContext.notificationParams(n.eventKey())));
                    ps.setString(7, WHATSAPP);
                    DbTime.set(ps, 8, now);
                    DbTime.set(ps, 9, now);
                    DbTime.set(ps, 10, now);
                    queued += ps.executeUpdate();
                }
            }
            return queued;
        });
    }

    // ---------------------------------------------------------------- sending

    /**
     * Up to {@code limit} due notifications, oldest first, with their parameters and the worker's phone. A row
     * whose worker withdrew consent, opted out or has no phone any more is SKIPPED here instead. Nothing is
     * taken yet: each is {@link #claim claimed} right before its call, so that the time a row spends in SENDING
     * is one call and its retries, not the wait for the rest of the batch behind the rate limit.
     */
    public List<Due> due(int limit) {
        return dueRound(limit).due();
    }

    /**
     * The due notifications of one round ({@link #due}), and how many rows could not be read: a phone or
     * parameters that do not decrypt (a key missing from jamsos.pii.keys, damaged data) or parameters the
     * retention job removed. Such a row does not stop the round (review finding 2): it is FAILED at once with a
     * reason that names no personal data, counted here, and the round goes on with the others.
     */
    public record Round(List<Due> due, int unreadable) {
    }

    /** The last_error of a row whose phone or parameters cannot be decrypted; no personal data in it. */
    public static final String UNREADABLE = "cannot decrypt the phone or the message parameters (a key missing from"
            + " jamsos.pii.keys, or damaged data): not sent";

    /** The last_error of a row whose parameters the retention job removed. */
    public static final String PURGED = "message parameters removed by retention: not sent";

    public Round dueRound(int limit) {
        Instant now = clock.instant();
        return jdbc.call("read due notifications", c -> {
            record Row(long id, String key, String event, String kpj, String template, String params, String channel,
                       int attempts, String nikHash, String phoneEnc, String consent, boolean optedOut) {
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT n.id, n.event_key, n.event, n.kpj, n.template,"
                    + " n.params_enc, n.channel, n.attempts, n.nik_hash, k.phone_enc, k.consent, k.opted_out_at"
                    + " FROM notification n LEFT JOIN worker_contact k ON k.nik_hash = n.nik_hash"
                    + " WHERE n.state = 'QUEUED' AND n.next_attempt_at <= ? ORDER BY n.next_attempt_at, n.id LIMIT ?")) {
                DbTime.set(ps, 1, now);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong("id"), rs.getString("event_key"), rs.getString("event"),
                                rs.getString("kpj"), rs.getString("template"), rs.getString("params_enc"),
                                rs.getString("channel"), rs.getInt("attempts"), rs.getString("nik_hash"),
                                rs.getString("phone_enc"), rs.getString("consent"), DbTime.get(rs, "opted_out_at") != null));
                    }
                }
            }
            List<Due> due = new ArrayList<>();
            int unreadable = 0;
            for (Row r : rows) {
                String skip = r.optedOut ? "opted out" : !"Y".equals(r.consent) ? "no consent"
                        : r.phoneEnc == null ? "no phone" : null;
                if (skip != null) {
                    move(c, r.id, "state = 'SKIPPED', last_error = '" + skip + "'", State.QUEUED, now);
                    continue;
                }
                if (r.params == null) {
                    move(c, r.id, "state = 'FAILED', last_error = ?", State.QUEUED, now, PURGED);
                    unreadable++;
                    continue;
                }
                List<String> params;
                String phone;
                try {
                    params = read(pii.decryptText(r.params, CipherContext.notificationParams(r.key)));
                    phone = pii.decrypt(r.phoneEnc, CipherContext.contactPhone(r.nikHash));
                } catch (RuntimeException e) {
                    // The cipher's message names the key id or the binding, never the value; not logged here
                    // all the same: the round's caller logs the count, operators see the row (notify list).
                    move(c, r.id, "state = 'FAILED', last_error = ?", State.QUEUED, now, UNREADABLE);
                    unreadable++;
                    continue;
                }
                due.add(new Due(r.id, r.key, Event.valueOf(r.event), r.kpj, r.template, params, r.channel, phone,
                        r.attempts + 1));
            }
            return new Round(due, unreadable);
        });
    }

    /**
     * Takes a due notification for sending, QUEUED to SENDING, committed before the provider is called. False
     * when it is not QUEUED any more (another process took it, an operator or the worker changed it meanwhile),
     * or the worker withdrew consent or opted out since it was read: then it is not sent.
     */
    public boolean claim(long id) {
        return claim(id, null);
    }

    /**
     * {@link #claim(long)} of the notification as {@code read} by {@link #due}: taken only when it is still the
     * row that was read (review finding 5). A process that read it before another took it, failed and put it
     * back (attempts counted up, next_attempt_at later: the back-off; or moved to SMS) holds a stale copy: its
     * claim fails, and it does not send before the back-off nor on the channel that refused. Every claim also
     * requires next_attempt_at to have come, by this process's clock.
     */
    public boolean claim(Due read) {
        return claim(read.id(), read);
    }

    private boolean claim(long id, Due read) {
        Instant now = clock.instant();
        return jdbc.call("claim a notification", c -> {
            // The event is judged again as the message leaves, not only when it was queued: a death claim (JKM) or
            // a period ended DIED recorded since then means the phone is now the family's, and a message that the
            // worker's cover is at risk, started or lapsed must not reach them (the heirs' path is the claim).
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET state = 'SKIPPED',"
                    + " last_error = 'worker died', updated_at = ? WHERE id = ? AND state = 'QUEUED'"
                    + " AND (EXISTS (SELECT 1 FROM claim d WHERE d.claim_type = 'JKM'"
                    + " AND (d.nik_hash = notification.nik_hash OR d.kpj = notification.kpj))"
                    + " OR EXISTS (SELECT 1 FROM coverage_period x WHERE x.nik_hash = notification.nik_hash"
                    + " AND x.end_reason = 'DIED'))")) {
                DbTime.set(ps, 1, now);
                ps.setLong(2, id);
                if (ps.executeUpdate() == 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET state = 'SENDING', claimed_at = ?,"
                    + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'QUEUED' AND next_attempt_at <= ?"
                    + (read == null ? "" : " AND attempts = ? AND channel = ?")
                    + " AND EXISTS (SELECT 1 FROM worker_contact k WHERE k.nik_hash = notification.nik_hash"
                    + " AND k.consent = 'Y' AND k.opted_out_at IS NULL)")) {
                DbTime.set(ps, 1, now);
                DbTime.set(ps, 2, now);
                ps.setLong(3, id);
                DbTime.set(ps, 4, now);
                if (read != null) {
                    ps.setInt(5, read.attempt() - 1);
                    ps.setString(6, read.channel());
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The provider took the message: SENT, with its message id (WhatsApp's wamid, the SMS gateway's id). */
    public void sent(long id, String channel, String providerMessageId) {
        Instant now = clock.instant();
        String providerId = messageIdHash(providerMessageId);
        jdbc.call("mark a notification sent", c -> {
            // By SMS after WhatsApp reported a failure, the wamid stays: a replayed status of it must still find
            // this row (and be ignored), not another.
            String set = SMS.equals(channel)
                    ? "state = 'SENT', channel = ?, provider_id = COALESCE(provider_id, ?), sent_at = ?, last_error = NULL"
                    : "state = 'SENT', channel = ?, provider_id = ?, sent_at = ?, last_error = NULL";
            int n = move(c, id, set, State.SENDING, now, channel, providerId, now);
            if (n == 0) {
                // A call that outlasted jamsos.notify.sendingTimeoutSeconds was marked UNCERTAIN meanwhile: the
                // answer settles it.
                n = move(c, id, set, State.UNCERTAIN, now, channel, providerId, now);
            }
            if (n == 0) {
                // The status webhook was faster than this mark (it found the row through the recipient): keep
                // its state, add the id.
                try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET provider_id = COALESCE(provider_id, ?),"
                        + " sent_at = COALESCE(sent_at, ?), updated_at = ? WHERE id = ?")) {
                    ps.setString(1, providerId);
                    DbTime.set(ps, 2, now);
                    DbTime.set(ps, 3, now);
                    ps.setLong(4, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** A transient failure the route's retries did not get past: QUEUED again, after {@code delay}. */
    public void retryLater(long id, String error, Duration delay) {
        Instant now = clock.instant();
        jdbc.call("retry a notification later", c -> move(c, id, "state = 'QUEUED', next_attempt_at = ?, last_error = ?",
                State.SENDING, now, now.plus(delay), truncate(error)));
    }

    /** WhatsApp cannot carry it (not a WhatsApp user, a permanent error): QUEUED again at once, by SMS. */
    public void fallBackToSms(long id, String error) {
        Instant now = clock.instant();
        jdbc.call("fall back to SMS", c -> move(c, id, "state = 'QUEUED', channel = 'SMS', attempts = 0,"
                + " next_attempt_at = ?, last_error = ?", State.SENDING, now, now, truncate(error)));
    }

    /** Refused for good (by the SMS gateway too): FAILED, shown to operators. */
    public void failed(long id, String error) {
        Instant now = clock.instant();
        jdbc.call("mark a notification failed", c -> move(c, id, "state = 'FAILED', last_error = ?", State.SENDING, now,
                truncate(error)));
    }

    /**
     * The provider may have taken the message but its answer was lost or not recorded: UNCERTAIN at once (from
     * SENDING only), for the status webhook or an operator; never sent again by itself.
     */
    public void uncertain(long id, String error) {
        Instant now = clock.instant();
        jdbc.call("mark a notification uncertain", c -> move(c, id, "state = 'UNCERTAIN', last_error = ?",
                State.SENDING, now, truncate(error)));
    }

    /**
     * Rows in SENDING since before {@code now - after}: the process that took them died (kill -9, power) or
     * hung between taking and recording. Whether the provider got the message is unknown, so they are not sent
     * again by themselves: UNCERTAIN, for the webhook or an operator to settle.
     */
    public int markUncertain(Duration after) {
        Instant now = clock.instant();
        return jdbc.call("mark stuck notifications uncertain", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET state = 'UNCERTAIN', updated_at = ?,"
                    + " last_error = 'sending interrupted: delivery unknown' WHERE state = 'SENDING' AND claimed_at < ?")) {
                DbTime.set(ps, 1, now);
                DbTime.set(ps, 2, now.minus(after));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * A WhatsApp status (sent, delivered, read, failed) from the webhook. Found by the message id; failing
     * that (the process died before it recorded the id, or the status came before the mark), by the
     * recipient: the one UNCERTAIN notification of that number's worker (never a SENDING one: its call's own
     * answer records it). A "failed" of a WhatsApp message not known delivered (SENDING, SENT, UNCERTAIN) falls
     * back to SMS, once: the row is on SMS then, and a replayed status changes nothing. Statuses of a row
     * carried by SMS are ignored.
     *
     * @return true when a notification was found
     */
    public boolean status(String providerMessageId, String recipientPhone, String status, String error) {
        Instant now = clock.instant();
        String providerId = messageIdHash(providerMessageId);
        return jdbc.inTransaction("apply a WhatsApp status", c -> {
            Long id = null;
            String state = null;
            String channel = null;
            boolean byId = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state, channel FROM notification"
                    + " WHERE provider_id = ?")) {
                ps.setString(1, providerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                        state = rs.getString(2);
                        channel = rs.getString(3);
                        byId = true;
                    }
                }
            }
            if (id == null && recipientPhone != null) {
                // Only UNCERTAIN rows: a SENDING row is a call still out, whose own answer records it; a
                // status matched to it by the number alone could be of another message.
                try (PreparedStatement ps = c.prepareStatement("SELECT n.id, n.state, n.channel FROM notification n"
                        + " JOIN worker_contact k ON k.nik_hash = n.nik_hash WHERE k.phone_hash = ?"
                        + " AND n.channel = 'WHATSAPP' AND n.state = 'UNCERTAIN' AND n.provider_id IS NULL")) {
                    ps.setString(1, phoneHash(recipientPhone));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            id = rs.getLong(1);
                            state = rs.getString(2);
                            channel = rs.getString(3);
                            if (rs.next()) {
                                id = null; // two candidates: which one is not known; left to an operator
                            }
                        }
                    }
                }
            }
            if (id == null) {
                return false;
            }
            State now0 = State.valueOf(state);
            if (!WHATSAPP.equals(channel)) {
                return true; // carried by SMS now: WhatsApp's statuses of the earlier attempt change nothing
            }
            String s = status == null ? "" : status.toLowerCase(java.util.Locale.ROOT);
            State next = switch (s) {
                case "sent" -> now0 == State.SENDING || now0 == State.UNCERTAIN ? State.SENT : now0;
                case "delivered" -> now0 == State.READ || now0 == State.FAILED ? now0 : State.DELIVERED;
                case "read" -> State.READ;
                // Proof WhatsApp did not deliver, so SMS may carry it: only for a row still on WhatsApp that
                // WhatsApp has (SENDING, SENT, UNCERTAIN), found by its own wamid (or, UNCERTAIN, by number).
                // A replayed or stray "failed" (the row already moved to SMS, delivered, queued) changes
                // nothing: never a second SMS.
                case "failed" -> WHATSAPP.equals(channel) && (now0 == State.SENDING || now0 == State.SENT
                        || now0 == State.UNCERTAIN) && (byId || now0 == State.UNCERTAIN) ? State.QUEUED : now0;
                default -> now0;
            };
            if (next == now0) {
                return true;
            }
            String set = switch (next) {
                case DELIVERED, READ -> "state = ?, delivered_at = COALESCE(delivered_at, ?), provider_id = COALESCE(provider_id, ?),"
                        + " sent_at = COALESCE(sent_at, ?)";
                case QUEUED -> "state = ?, channel = 'SMS', attempts = 0, next_attempt_at = ?,"
                        + " provider_id = COALESCE(provider_id, ?), sent_at = sent_at, last_error = ?";
                default -> "state = ?, sent_at = COALESCE(sent_at, ?), provider_id = COALESCE(provider_id, ?),"
                        + " last_error = last_error";
            };
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET " + set + ", updated_at = ? WHERE id = ?")) {
                int i = 1;
                ps.setString(i++, next.name());
                DbTime.set(ps, i++, now);
                ps.setString(i++, providerId);
                if (next == State.DELIVERED || next == State.READ) {
                    DbTime.set(ps, i++, now);
                } else if (next == State.QUEUED) {
                    ps.setString(i++, truncate("WhatsApp: " + (error == null ? "failed" : error)));
                }
                DbTime.set(ps, i++, now);
                ps.setLong(i, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /**
     * An operator's decision on an UNCERTAIN or FAILED notification: send it again (QUEUED, on WhatsApp), knowing
     * the worker may get it twice.
     */
    public boolean resend(long id) {
        Instant now = clock.instant();
        return jdbc.call("resend a notification", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET state = 'QUEUED', channel = 'WHATSAPP',"
                    + " attempts = 0, next_attempt_at = ?, updated_at = ?, last_error = 'resent by an operator'"
                    + " WHERE id = ? AND state IN ('UNCERTAIN', 'FAILED') AND params_enc IS NOT NULL")) {
                DbTime.set(ps, 1, now);
                DbTime.set(ps, 2, now);
                ps.setLong(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Why {@link #resend} refuses notification {@code id}, for the operator (s13 review finding 5), or null when
     * it would not: not there, not UNCERTAIN or FAILED, recorded without parameters because the worker's NIK did
     * not decrypt when the event was found, or its parameters removed by retention. English; no personal data.
     */
    public String resendRefusal(long id) {
        return jdbc.call("read why a notification cannot be resent", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, params_enc, last_error FROM notification"
                    + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return "there is no notification " + id;
                    }
                    String state = rs.getString(1);
                    if (!"UNCERTAIN".equals(state) && !"FAILED".equals(state)) {
                        return "it is " + state + ", not UNCERTAIN or FAILED";
                    }
                    if (rs.getString(2) != null) {
                        return null;
                    }
                    if (UNREADABLE_NIK.equals(rs.getString(3))) {
                        return "the worker's NIK could not be decrypted when the event was found, so no message was"
                                + " made: it cannot be resent (restore the key in jamsos.pii.keys; the worker is told"
                                + " by the next event)";
                    }
                    return "its parameters were removed by retention: nothing left to send";
                }
            }
        });
    }

    // ---------------------------------------------------------------- retention

    /**
     * Message states whose parameters and provider id are still needed: about to be sent, being sent, or
     * UNCERTAIN (an operator may still {@code notify resend} it, review s13 finding 5, and its status may come).
     */
    static final String UNSETTLED_STATES = "'QUEUED', 'SENDING', 'UNCERTAIN'";

    /**
     * The row states in which a worker is still on the way to cover (review s13 finding 1): at BPJS (PENDING),
     * waiting for a replay (PARKED), for money (WAITLISTED) or for a person (REVIEW). Such a worker has no period
     * yet, and a restated phone does not move worker_contact.updated_at: their phone is kept whatever its age, or
     * the COVER_STARTED message after the release would have nowhere to go.
     */
    static final String WAITING_ROW_STATES = "'" + RowState.PENDING + "', '" + RowState.PARKED + "', '"
            + RowState.WAITLISTED + "', '" + RowState.REVIEW + "'";

    /** What one retention pass removed: phones of contacts, parameters of messages. */
    public record Purged(long phones, long params) {
    }

    /**
     * Retention (review finding 8, docs/security.md "Retention"): personal data kept for notifying is kept no
     * longer than the purpose needs, by the same {@code jamsos.retention.days} as file rows.
     * <ul>
     *   <li>A worker's phone (phone_enc and its hash) goes once there is nothing left to tell them: no open
     *       cover, no cover that ended on or after {@code cutoff}, and the contact not changed since
     *       {@code cutoff} (a worker never enrolled: once the statement is that old), and no file row of the
     *       worker still waiting to be enrolled ({@link #WAITING_ROW_STATES}). The consent and opt-out
     *       stay, without the number: they hold no personal data beyond the keyed NIK hash, and an opt-out must
     *       still hold against a later file.</li>
     *   <li>A message's parameters (the worker's name) and provider message id go once it is settled (not
     *       QUEUED, SENDING or UNCERTAIN) and has not changed since {@code cutoff}; such a message is never sent
     *       again ({@link #resend} refuses it).</li>
     *   <li>A contact's last reply id goes once the reply is older than {@code cutoff}; a source that names a
     *       message id (written before they were hashed) becomes {@link #REPLY_SOURCE}.</li>
     * </ul>
     * In batches of {@code batch}, each its own transaction.
     */
    public Purged purgeBefore(Instant cutoff, int batch) {
        long phones = 0;
        long params = 0;
        int n;
        do {
            n = jdbc.inTransaction("purge notification contacts", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET phone_enc = NULL,"
                        + " phone_hash = NULL WHERE nik_hash IN (SELECT k.nik_hash FROM worker_contact k"
                        + " WHERE k.phone_enc IS NOT NULL AND k.updated_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM coverage_period p WHERE p.nik_hash = k.nik_hash"
                        + " AND (p.end_reason IS NULL OR p.ended_at IS NULL OR p.ended_at >= ?))"
                        + " AND NOT EXISTS (SELECT 1 FROM file_row r WHERE r.nik_hash = k.nik_hash"
                        + " AND r.state IN (" + WAITING_ROW_STATES + "))"
                        + " ORDER BY k.nik_hash LIMIT ?)")) {
                    DbTime.set(ps, 1, cutoff);
                    DbTime.set(ps, 2, cutoff);
                    ps.setInt(3, batch);
                    return ps.executeUpdate();
                }
            });
            phones += n;
        } while (n >= batch);
        do {
            n = jdbc.inTransaction("purge notification parameters", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET params_enc = NULL"
                        + " WHERE id IN (SELECT id FROM notification WHERE params_enc IS NOT NULL"
                        + " AND state NOT IN (" + UNSETTLED_STATES + ") AND updated_at < ? ORDER BY id LIMIT ?)")) {
                    DbTime.set(ps, 1, cutoff);
                    ps.setInt(2, batch);
                    return ps.executeUpdate();
                }
            });
            params += n;
        } while (n >= batch);
        // Message ids (finding 2): stored as keyed hashes, but of no use once the message is settled and old,
        // and rows written before the hashing hold them raw (a wamid encodes the number). Not counted.
        do {
            n = jdbc.inTransaction("purge notification message ids", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET provider_id = NULL"
                        + " WHERE id IN (SELECT id FROM notification WHERE provider_id IS NOT NULL"
                        + " AND state NOT IN (" + UNSETTLED_STATES + ") AND updated_at < ? ORDER BY id LIMIT ?)")) {
                    DbTime.set(ps, 1, cutoff);
                    ps.setInt(2, batch);
                    return ps.executeUpdate();
                }
            });
        } while (n >= batch);
        do {
            n = jdbc.inTransaction("purge reply details", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE worker_contact SET reply_id = NULL,"
                        + " opt_out_source = CASE WHEN opt_out_source LIKE 'whatsapp:%' THEN '" + REPLY_SOURCE + "'"
                        + " ELSE opt_out_source END,"
                        + " consent_source = CASE WHEN consent_source LIKE 'whatsapp:%' THEN '" + REPLY_SOURCE + "'"
                        + " ELSE consent_source END"
                        + " WHERE nik_hash IN (SELECT nik_hash FROM worker_contact WHERE (reply_id IS NOT NULL AND reply_at < ?)"
                        + " OR (opt_out_source LIKE 'whatsapp:%' AND opt_out_source <> '" + REPLY_SOURCE + "')"
                        + " OR (consent_source LIKE 'whatsapp:%' AND consent_source <> '" + REPLY_SOURCE + "')"
                        + " ORDER BY nik_hash LIMIT ?)")) {
                    DbTime.set(ps, 1, cutoff);
                    ps.setInt(2, batch);
                    return ps.executeUpdate();
                }
            });
        } while (n >= batch);
        return new Purged(phones, params);
    }

    // ---------------------------------------------------------------- reading

    /** Notifications by state (null: all), newest first. */
    public List<View> list(State stateOrNull, int limit) {
        return views("list notifications", (stateOrNull == null ? "" : " WHERE state = ?") + " ORDER BY id DESC LIMIT ?",
                stateOrNull == null ? List.of(limit) : List.of(stateOrNull.name(), limit));
    }

    /** A worker's notifications, oldest first, by KPJ. */
    public List<View> ofKpj(String kpj) {
        return views("read a worker's notifications", " WHERE kpj = ? ORDER BY id", List.of(kpj));
    }

    private List<View> views(String operation, String where, List<Object> args) {
        return jdbc.call(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, event_key, event, kpj, state, channel, attempts,"
                    + " last_error, created_at, sent_at, delivered_at, updated_at FROM notification" + where)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<View> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new View(rs.getLong("id"), rs.getString("event_key"), Event.valueOf(rs.getString("event")),
                                rs.getString("kpj"), State.valueOf(rs.getString("state")), rs.getString("channel"),
                                rs.getInt("attempts"), rs.getString("last_error"), DbTime.get(rs, "created_at"),
                                DbTime.get(rs, "sent_at"), DbTime.get(rs, "delivered_at"), DbTime.get(rs, "updated_at")));
                    }
                }
                return out;
            }
        });
    }

    /** How many notifications are in each state (every state present). */
    public Map<State, Long> counts() {
        return jdbc.call("count notifications", c -> {
            Map<State, Long> counts = new EnumMap<>(State.class);
            for (State s : State.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM notification GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(State.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Moves a notification from {@code from}; the SET clause's own parameters, then updated_at. */
    private static int move(Connection c, long id, String set, State from, Instant now, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE notification SET " + set + ", updated_at = ?"
                + " WHERE id = ? AND state = ?")) {
            int i = 1;
            for (Object a : args) {
                if (a instanceof Instant t) {
                    DbTime.set(ps, i++, t);
                } else {
                    ps.setObject(i++, a);
                }
            }
            DbTime.set(ps, i++, now);
            ps.setLong(i++, id);
            ps.setString(i, from.name());
            return ps.executeUpdate();
        }
    }

    private String write(List<String> params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write template parameters", e);
        }
    }

    private List<String> read(String params) {
        try {
            return json.readValue(params, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read template parameters", e);
        }
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        // A provider's error may quote the number (and a NIK): neither is stored (review finding 6).
        String scrubbed = id.jamsos.gateway.nik.PhoneMask.scrub(s);
        return scrubbed.length() <= 500 ? scrubbed : scrubbed.substring(0, 500);
    }
}
