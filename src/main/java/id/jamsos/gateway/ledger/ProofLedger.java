package id.jamsos.gateway.ledger;

import id.jamsos.gateway.nik.NikMask;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Collator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Proofs of cover in the ledger (V39, docs/proof-of-cover.md): who gets one (workers with an open period of
 * cover, by district and village), the print batches, the hand-over of a batch to its village and the
 * deliveries the agencies confirm. The NIK is read only to be masked for the printed page: a
 * {@link Covered} carries the mask, never the NIK.
 */
public final class ProofLedger {

    /** How far a printed proof got. */
    public enum State {
        PRINTED, HANDED_TO_VILLAGE, DELIVERED
    }

    /**
     * One covered worker as a proof shows them.
     *
     * @param agencyId      the agency whose open period covers them
     * @param kelurahan     null when the agency never named the village
     * @param maskedNik     the NIK masked by {@link NikMask}; the full NIK never leaves this class
     * @param firstMonth    the open period's first month, yyyy-MM
     * @param fundingSource the period's source code; null: the agency's configured source
     */
    public record Covered(String agencyId, String district, String kelurahan, String name, String maskedNik,
                          String kpj, String firstMonth, String fundingSource) {
        @Override
        public String toString() {
            return "Covered[" + kpj + "]";
        }
    }

    /** A batch as recorded. */
    public record Batch(long id, String agencyId, String district, String kelurahan, int count, Instant printedAt,
                        String printedBy, LocalDate handedOn, String handedNote, int delivered) {
    }

    /** A village's workers of one agency, as one batch prints them. */
    public record Village(String agencyId, String district, String kelurahan, List<Covered> workers) {
        public Village {
            workers = List.copyOf(workers);
        }
    }

    /** The count of covered workers of an agency in one village, for the portal's list. */
    public record VillageCount(String district, String kelurahan, int workers) {
    }

    /** One KPJ's latest printed proof of an agency. */
    public record Latest(long batchId, String agencyId, State state, Instant printedAt) {
    }

    /** One step of a worker's proof, for their story. */
    public record Step(long batchId, String agencyId, String kelurahan, State state, Instant printedAt,
                       Instant handedAt, LocalDate handedOn, String handedNote, Instant confirmedAt,
                       LocalDate deliveredOn, String receiver, String note, String confirmedBy) {
    }

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;
    private final Clock clock;

    public ProofLedger(DataSource dataSource, PersonalDataCipher pii, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.pii = Objects.requireNonNull(pii, "pii");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The one definition of a place's key (district or village) as agencies write it: surrounding spaces
     * and case do not count, and a blank is no place at all (NULL). Every query here that matches, groups
     * or sorts by a district or village uses it, on both sides of a comparison, so the database alone
     * decides what "the same village" is: the portal's list, the print and the batches never disagree
     * ("Klasaman" and "KLASAMAN " are one village, review A #10).
     */
    static String placeKey(String sqlExpression) {
        return "NULLIF(UPPER(TRIM(" + sqlExpression + ")), '')";
    }

    /**
     * The workers covered now (an open period) in {@code district}, in one village when {@code kelurahan}
     * is set, of one agency when {@code agencyId} is set (null: every agency), grouped by agency and village,
     * villages and names in Indonesian alphabetical order. District and village are matched by
     * {@link #placeKey}, as agencies write them; the workers whose village was never recorded are a group
     * of their own (kelurahan null), last in the district.
     */
    public List<Village> covered(String district, String kelurahan, String agencyId) {
        return covered(district, kelurahan, false, agencyId);
    }

    /**
     * As {@link #covered(String, String, String)}; with {@code withoutVillage}, only the district's workers
     * whose village was never recorded ({@code kelurahan} is then ignored), so they can be printed too.
     */
    public List<Village> covered(String district, String kelurahan, boolean withoutVillage, String agencyId) {
        Objects.requireNonNull(district, "district");
        String villageFilter = withoutVillage ? " AND " + placeKey("w.kelurahan") + " IS NULL"
                : kelurahan == null ? "" : " AND " + placeKey("w.kelurahan") + " = " + placeKey("?");
        List<Keyed> all = jdbc.call("read covered workers for proofs", c -> {
            String sql = "SELECT p.agency_id, w.district, w.kelurahan, w.name, w.nik_enc, w.file_id, w.row_no, w.kpj,"
                    + " p.first_month, p.funding_source, " + placeKey("w.kelurahan") + " FROM worker w JOIN coverage_period p"
                    + " ON p.open_nik_hash = w.nik_hash WHERE " + placeKey("w.district") + " = " + placeKey("?")
                    + villageFilter
                    + (agencyId == null ? "" : " AND p.agency_id = ?");
            List<Keyed> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, district);
                if (kelurahan != null && !withoutVillage) {
                    ps.setString(i++, kelurahan);
                }
                if (agencyId != null) {
                    ps.setString(i, agencyId);
                }
                ps.setFetchSize(1_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String nik = rs.getString(5) == null ? null
                                : pii.decrypt(rs.getString(5), CipherContext.rowNik(rs.getLong(6), rs.getInt(7)));
                        String villageKey = rs.getString(11);
                        out.add(new Keyed(new Covered(rs.getString(1), blankToNull(rs.getString(2)),
                                villageKey == null ? null : blankToNull(rs.getString(3)), rs.getString(4),
                                NikMask.mask(nik), rs.getString(8), rs.getString(9), rs.getString(10)), villageKey));
                    }
                }
            }
            return out;
        });
        Comparator<String> text = Comparator.nullsLast(collator());
        all.sort(Comparator.comparing((Keyed k) -> k.worker().agencyId())
                .thenComparing(Keyed::villageKey, text)
                .thenComparing(k -> k.worker().name() == null ? "" : k.worker().name(), text)
                .thenComparing(k -> k.worker().kpj()));
        // One district (one key): one spelling for all its batches, the one most of its covered workers have
        // (of the agency when one is asked), whichever of its villages is printed, as the portal's list shows it.
        Map<String, Integer> districts = all.isEmpty() ? Map.of() : jdbc.call("spell a district", c -> {
            Map<String, Integer> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT TRIM(w.district), COUNT(*) FROM worker w"
                    + " JOIN coverage_period p ON p.open_nik_hash = w.nik_hash WHERE " + placeKey("w.district") + " = "
                    + placeKey("?") + (agencyId == null ? "" : " AND p.agency_id = ?") + " GROUP BY TRIM(w.district)")) {
                ps.setString(1, district);
                if (agencyId != null) {
                    ps.setString(2, agencyId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            return out;
        });
        String districtName = spelling(districts);
        List<Village> villages = new ArrayList<>();
        List<Keyed> current = new ArrayList<>();
        for (Keyed w : all) {
            if (!current.isEmpty() && !(current.get(0).worker().agencyId().equals(w.worker().agencyId())
                    && Objects.equals(current.get(0).villageKey(), w.villageKey()))) {
                villages.add(village(districtName, current));
                current = new ArrayList<>();
            }
            current.add(w);
        }
        if (!current.isEmpty()) {
            villages.add(village(districtName, current));
        }
        return villages;
    }

    /**
     * The villages of an agency's covered workers with their counts (the portal's list), by district and
     * village as {@link #placeKey} groups them, each shown in the spelling most of its workers have; the
     * workers with no village recorded are one line per district (kelurahan null), after its villages.
     */
    public List<VillageCount> villagesOf(String agencyId) {
        record Spelt(String districtKey, String villageKey, String district, String kelurahan, int workers) {
        }
        List<Spelt> spellings = jdbc.call("count an agency's covered workers by village", c -> {
            List<Spelt> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + placeKey("w.district") + ", "
                    + placeKey("w.kelurahan") + ", TRIM(w.district), TRIM(w.kelurahan), COUNT(*) FROM worker w"
                    + " JOIN coverage_period p ON p.open_nik_hash = w.nik_hash WHERE p.agency_id = ?"
                    + " GROUP BY " + placeKey("w.district") + ", " + placeKey("w.kelurahan")
                    + ", TRIM(w.district), TRIM(w.kelurahan)")) {
                ps.setString(1, agencyId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Spelt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5)));
                    }
                }
            }
            return out;
        });
        // One line per (district key, village key); the spelling is the one most workers have.
        Map<List<String>, List<Spelt>> byPlace = new LinkedHashMap<>();
        for (Spelt s : spellings) {
            byPlace.computeIfAbsent(Arrays.asList(s.districtKey(), s.villageKey()), k -> new ArrayList<>()).add(s);
        }
        Map<String, Map<String, Integer>> districtSpellings = new HashMap<>();
        for (Spelt s : spellings) {
            if (s.districtKey() != null) {
                districtSpellings.computeIfAbsent(s.districtKey(), k -> new HashMap<>()).merge(s.district(), s.workers(),
                        Integer::sum);
            }
        }
        List<VillageCount> out = new ArrayList<>();
        for (List<Spelt> place : byPlace.values()) {
            Spelt first = place.get(0);
            Map<String, Integer> villageSpellings = new HashMap<>();
            int workers = 0;
            for (Spelt s : place) {
                workers += s.workers();
                if (s.villageKey() != null) {
                    villageSpellings.merge(s.kelurahan(), s.workers(), Integer::sum);
                }
            }
            out.add(new VillageCount(first.districtKey() == null ? null : spelling(districtSpellings.get(first.districtKey())),
                    first.villageKey() == null ? null : spelling(villageSpellings), workers));
        }
        Comparator<String> text = Comparator.nullsLast(collator());
        out.sort(Comparator.comparing(VillageCount::district, text).thenComparing(VillageCount::kelurahan, text));
        return out;
    }

    /** The spelling most workers have; of two as common, the first in Indonesian order (a stable choice). */
    private static String spelling(Map<String, Integer> counts) {
        Collator collator = collator();
        return counts.entrySet().stream()
                .min(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue())
                        .thenComparing(Map.Entry::getKey, collator::compare))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static Collator collator() {
        Collator collator = Collator.getInstance(Locale.forLanguageTag("id-ID"));
        collator.setStrength(Collator.SECONDARY);
        return collator;
    }

    /** A covered worker with the village key the database gave them (null: no village recorded). */
    private record Keyed(Covered worker, String villageKey) {
    }

    /**
     * Records one batch per village, each of its workers PRINTED, in one transaction; returns the batch
     * ids in the order of {@code villages}. The PDF names these ids; a PDF that could not be written is
     * taken back with {@link #forget}.
     */
    public List<Long> recordPrinted(List<Village> villages, String printedBy) {
        Instant now = DbTime.truncate(clock.instant());
        return jdbc.inTransaction("record printed proofs", c -> {
            List<Long> ids = new ArrayList<>();
            for (Village v : villages) {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO proof_batch (agency_id, district, kelurahan,"
                        + " worker_count, printed_at, printed_by) VALUES (?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, v.agencyId());
                    ps.setString(2, v.district());
                    ps.setString(3, v.kelurahan());
                    ps.setInt(4, v.workers().size());
                    DbTime.set(ps, 5, now);
                    ps.setString(6, clip(printedBy, 128));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO proof_delivery (batch_id, kpj, agency_id,"
                        + " state) VALUES (?, ?, ?, 'PRINTED')")) {
                    int n = 0;
                    for (Covered w : v.workers()) {
                        ps.setLong(1, id);
                        ps.setString(2, w.kpj());
                        ps.setString(3, v.agencyId());
                        ps.addBatch();
                        if (++n % 1_000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                ids.add(id);
            }
            return ids;
        });
    }

    /** Takes back batches whose PDF was never written (the print failed): as if never printed. */
    public void forget(List<Long> batchIds) {
        jdbc.inTransaction("forget unprinted proofs", c -> {
            for (long id : batchIds) {
                for (String sql : List.of("DELETE FROM proof_delivery WHERE batch_id = ?",
                        "DELETE FROM proof_batch WHERE id = ?")) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    public Optional<Batch> batch(long id) {
        return jdbc.call("read a proof batch", c -> {
            List<Batch> found = batches(c, "b.id = ?", ps -> ps.setLong(1, id), 1);
            return found.stream().findFirst();
        });
    }

    /** An agency's batches (every agency's: null), latest first, at most {@code limit}. */
    public List<Batch> batches(String agencyId, int limit) {
        return jdbc.call("list proof batches", c -> agencyId == null
                ? batches(c, "1 = 1", ps -> { }, limit)
                : batches(c, "b.agency_id = ?", ps -> ps.setString(1, agencyId), limit));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<Batch> batches(Connection c, String where, Binder binder, int limit) throws SQLException {
        List<Batch> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT b.id, b.agency_id, b.district, b.kelurahan, b.worker_count,"
                + " b.printed_at, b.printed_by, b.handed_on, b.handed_note,"
                + " (SELECT COUNT(*) FROM proof_delivery d WHERE d.batch_id = b.id AND d.state = 'DELIVERED')"
                + " FROM proof_batch b WHERE " + where + " ORDER BY b.id DESC LIMIT " + limit)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Date handed = rs.getDate(8);
                    out.add(new Batch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            DbTime.get(rs, 6), rs.getString(7), handed == null ? null : handed.toLocalDate(),
                            rs.getString(9), rs.getInt(10)));
                }
            }
        }
        return out;
    }

    /**
     * A batch handed to its village on {@code on}: its PRINTED proofs become HANDED_TO_VILLAGE (delivered
     * ones stay delivered). Returns the proofs moved; empty when there is no such batch. The operator's
     * {@code proof-of-cover handed}: a batch already handed over is corrected (docs/proof-of-cover.md).
     */
    public Optional<Integer> handOver(long batchId, LocalDate on, String by, String note) {
        return handOver(batchId, on, by, note, false);
    }

    /**
     * As {@link #handOver}, but only a batch not yet handed over (the portal's clerk): empty also when the
     * batch was handed over already, however close together two clerks press the button. The guard is in
     * the UPDATE itself, so the day, name and note first recorded stay.
     */
    public Optional<Integer> handOverFirst(long batchId, LocalDate on, String by, String note) {
        return handOver(batchId, on, by, note, true);
    }

    private Optional<Integer> handOver(long batchId, LocalDate on, String by, String note, boolean firstOnly) {
        Instant now = DbTime.truncate(clock.instant());
        return jdbc.inTransaction("hand a proof batch over", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE proof_batch SET handed_at = ?, handed_on = ?,"
                    + " handed_by = ?, handed_note = ? WHERE id = ?" + (firstOnly ? " AND handed_on IS NULL" : ""))) {
                DbTime.set(ps, 1, now);
                ps.setDate(2, Date.valueOf(on));
                ps.setString(3, clip(by, 128));
                ps.setString(4, clip(note, 256));
                ps.setLong(5, batchId);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Integer>empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE proof_delivery SET state = 'HANDED_TO_VILLAGE'"
                    + " WHERE batch_id = ? AND state = 'PRINTED'")) {
                ps.setLong(1, batchId);
                return Optional.of(ps.executeUpdate());
            }
        });
    }

    /** Whether any agency's period, open or ended, names the KPJ. */
    public boolean agencyKnows(String agencyId, String kpj) {
        return jdbc.call("look a KPJ up", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM coverage_period WHERE kpj = ? AND agency_id = ?"
                    + " LIMIT 1")) {
                ps.setString(1, kpj);
                ps.setString(2, agencyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The KPJ's latest proof in a batch of {@code agencyId}. */
    public Optional<Latest> latest(String agencyId, String kpj) {
        return jdbc.call("find a KPJ's latest proof", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.batch_id, d.state, b.printed_at FROM proof_delivery d"
                    + " JOIN proof_batch b ON b.id = d.batch_id WHERE d.kpj = ? AND d.agency_id = ?"
                    + " ORDER BY d.batch_id DESC LIMIT 1")) {
                ps.setString(1, kpj);
                ps.setString(2, agencyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Latest(rs.getLong(1), agencyId, State.valueOf(rs.getString(2)),
                            DbTime.get(rs, 3))) : Optional.<Latest>empty();
                }
            }
        });
    }

    /** One delivery to record. */
    public record Delivery(long batchId, String kpj, LocalDate on, String receiver, String note, String source) {
    }

    /**
     * Records the deliveries (checked by the caller) in one transaction; returns those recorded. A proof
     * already DELIVERED is left as it was and not returned: the caller's "already delivered" check reads
     * outside this transaction, so two confirmations of one KPJ at once (the portal and the SFTP folder, two
     * clerks) would otherwise both record and the later overwrite the day, receiver and source. The guard is
     * in the UPDATE: the second waits for the first's row lock and then finds the row DELIVERED.
     */
    public List<Delivery> deliver(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Instant now = DbTime.truncate(clock.instant());
        return jdbc.inTransaction("record proof deliveries", c -> {
            List<Delivery> recorded = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE proof_delivery SET state = 'DELIVERED',"
                    + " delivered_on = ?, receiver = ?, note = ?, confirmed_at = ?, confirmed_by = ?"
                    + " WHERE batch_id = ? AND kpj = ? AND state <> 'DELIVERED'")) {
                for (Delivery d : deliveries) {
                    ps.setDate(1, Date.valueOf(d.on()));
                    ps.setString(2, clip(d.receiver(), 128));
                    ps.setString(3, clip(d.note(), 256));
                    DbTime.set(ps, 4, now);
                    ps.setString(5, clip(d.source(), 256));
                    ps.setLong(6, d.batchId());
                    ps.setString(7, d.kpj());
                    if (ps.executeUpdate() > 0) {
                        recorded.add(d);
                    }
                }
            }
            return recorded;
        });
    }

    /** Every printed proof of the KPJs (of one agency's batches when {@code agencyId} is set), oldest first. */
    public List<Step> steps(List<String> kpjs, String agencyId) {
        if (kpjs.isEmpty()) {
            return List.of();
        }
        return jdbc.call("read a worker's proofs", c -> steps(c, kpjs, agencyId));
    }

    /** As {@link #steps(List, String)} on a connection the caller holds (the worker's story). */
    static List<Step> steps(Connection c, java.util.Collection<String> kpjs, String agencyId) throws SQLException {
        List<Step> out = new ArrayList<>();
        for (String kpj : kpjs) {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.batch_id, d.agency_id, b.kelurahan, d.state,"
                    + " b.printed_at, b.handed_at, b.handed_on, b.handed_note, d.confirmed_at, d.delivered_on,"
                    + " d.receiver, d.note, d.confirmed_by FROM proof_delivery d JOIN proof_batch b ON b.id = d.batch_id"
                    + " WHERE d.kpj = ?" + (agencyId == null ? "" : " AND d.agency_id = ?") + " ORDER BY d.batch_id")) {
                ps.setString(1, kpj);
                if (agencyId != null) {
                    ps.setString(2, agencyId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Date handedOn = rs.getDate(7);
                        Date deliveredOn = rs.getDate(10);
                        out.add(new Step(rs.getLong(1), rs.getString(2), rs.getString(3), State.valueOf(rs.getString(4)),
                                DbTime.get(rs, 5), DbTime.get(rs, 6), handedOn == null ? null : handedOn.toLocalDate(),
                                rs.getString(8), DbTime.get(rs, 9), deliveredOn == null ? null : deliveredOn.toLocalDate(),
                                rs.getString(11), rs.getString(12), rs.getString(13)));
                    }
                }
            }
        }
        return out;
    }

    /** One village's workers in {@code district}; the village in the spelling most of them have. */
    private static Village village(String district, List<Keyed> workers) {
        Covered first = workers.get(0).worker();
        Map<String, Integer> villages = new HashMap<>();
        List<Covered> covered = new ArrayList<>(workers.size());
        for (Keyed k : workers) {
            covered.add(k.worker());
            if (k.worker().kelurahan() != null) {
                villages.merge(k.worker().kelurahan(), 1, Integer::sum);
            }
        }
        return new Village(first.agencyId(), district, spelling(villages), covered);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
