package id.jamsos.gateway.ledger;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.model.RowRejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A worker's whole story as the ledger knows it (issue 18), for the {@code worker} command, the
 * operators' /ops/workers and the clerks' /portal/workers: every file row that named them (any file,
 * any state: rejected, refused, in review with the registry's or the eligibility list's reason, change
 * rows), the enrollment, the periods of cover opened and ended, the changes applied (BERHENTI, KOREKSI,
 * PINDAH) and the income lines, the claims BPJS reported and the invoices that billed the KPJ, each
 * with its time and source, in time order.
 *
 * <p>A worker is found by the keyed hash of the NIK (nothing is decrypted to look) or by the KPJ; a KPJ
 * leads to the NIK hash through {@code worker} or {@code coverage_period}, and from then on both keys
 * are used. Every query is an index lookup (V34 added the two that were missing), so a look-up costs
 * the same at a million workers as at ten.
 *
 * <p>{@link #ofAgency} is the clerks' view: only what the agency itself sent or holds (its files' rows,
 * its periods, its change lines, claims on its name); a worker the agency has nothing of is not found,
 * whether another agency has them or not. Reads only.
 */
public final class WorkerStory {

    /**
     * What an event is about. The order breaks ties between events of the same instant: the cause (a
     * change row, a claim) before the end of cover it brought.
     */
    public enum Kind {
        FILE_ROW, ENROLLED, COVER_OPENED, CHANGE, INCOME, CLAIM, COVER_ENDED, BILLED, PROOF,
        /** A message to the worker (V38, docs/notifications.md): its event, state and channel. */
        NOTIFIED
    }

    /**
     * One thing that happened, with its time and source ({@code file:12/row:4}, {@code claim:<id>},
     * {@code invoice:2026-05}, ...). {@code details} are plain values keyed by name (see each kind in
     * {@link WorkerStory}'s readers); they may be personal data (a corrected name): never log them.
     */
    public record Event(Instant at, Kind kind, String agencyId, String source, Map<String, String> details) {
        public Event {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        public String detail(String key) {
            return details.get(key);
        }
    }

    /**
     * What the ledger holds of one worker.
     *
     * @param nik      the full NIK (the one looked up, or decrypted from the worker's enrollment); null
     *                 when unknown. Personal data: shown masked unless a full view was asked and audited
     * @param kpjs     the KPJs found (one, as a rule)
     * @param name     the name on the worker (as corrected), or on the latest row naming them
     * @param agencyId the agency covering them now, or that enrolled them; null when never enrolled
     * @param covered  true while a period of cover is open
     */
    public record Story(String nik, List<String> kpjs, String name, String agencyId, boolean covered,
                        List<Event> events) {

        public Story {
            kpjs = List.copyOf(kpjs);
            events = List.copyOf(events);
        }

        public List<Event> of(Kind kind) {
            return events.stream().filter(e -> e.kind() == kind).toList();
        }

        @Override
        public String toString() {
            // Never the NIK or the name.
            return "Story[" + kpjs + ", " + events.size() + " events]";
        }
    }

    /** Invoices looked at per KPJ: the latest months BPJS billed (the index serves one month each). */
    static final int BILLED_MONTHS = 24;
    /** Rows listed at most: a NIK sent a thousand times is an anomaly, the first thousand tell it. */
    static final int MAX_ROWS = 1_000;

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;

    public WorkerStory(DataSource dataSource, PersonalDataCipher pii) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.pii = Objects.requireNonNull(pii, "pii");
    }

    /** The story of the worker with this NIK; empty when the ledger has nothing of it. */
    public Optional<Story> byNik(String nik) {
        if (nik == null || nik.isBlank()) {
            return Optional.empty();
        }
        return read(nik.strip(), null, null);
    }

    /** The story of the worker with this KPJ; empty when the ledger has nothing of it. */
    public Optional<Story> byKpj(String kpj) {
        if (kpj == null || kpj.isBlank()) {
            return Optional.empty();
        }
        return read(null, kpj.strip(), null);
    }

    /**
     * What {@code agencyId} itself holds of the worker (NIK or KPJ, the other null): its own files' rows,
     * its periods, its change lines, claims on its name. Empty when it holds nothing, so a worker of
     * another agency reads exactly as one that does not exist.
     */
    public Optional<Story> ofAgency(String agencyId, String nikOrNull, String kpjOrNull) {
        Objects.requireNonNull(agencyId, "agencyId");
        String nik = nikOrNull == null || nikOrNull.isBlank() ? null : nikOrNull.strip();
        String kpj = kpjOrNull == null || kpjOrNull.isBlank() ? null : kpjOrNull.strip();
        if (nik == null && kpj == null) {
            return Optional.empty();
        }
        return read(nik, kpj, agencyId);
    }

    private Optional<Story> read(String nik, String kpj, String agency) {
        return jdbc.call("read a worker's story", c -> {
            Set<String> hashes = new LinkedHashSet<>();
            Set<String> kpjs = new LinkedHashSet<>();
            if (nik != null) {
                hashes.add(pii.hash(nik));
            }
            if (kpj != null) {
                kpjs.add(kpj);
            }
            // One step from each key to the other: the worker's row names both; failing that, a period.
            Optional<WorkerRow> worker = worker(c, hashes, kpjs);
            worker.ifPresent(w -> {
                hashes.add(w.nikHash);
                kpjs.add(w.kpj);
            });
            if (worker.isEmpty()) {
                linkThroughPeriods(c, hashes, kpjs);
                linkThroughOtherPayers(c, hashes, kpjs);
            }
            List<Event> events = new ArrayList<>();
            String latestRowName = rows(c, hashes, agency, events);
            if (worker.isPresent() && (agency == null || agency.equals(worker.get().enrolledBy))) {
                WorkerRow w = worker.get();
                Map<String, String> d = new LinkedHashMap<>();
                d.put("kpj", w.kpj);
                d.put("district", w.district);
                events.add(new Event(w.enrolledAt, Kind.ENROLLED, w.enrolledBy,
                        CoverageLedger.rowSource(w.fileId, w.rowNo), d));
            }
            boolean covered = periods(c, hashes, kpjs, agency, events);
            changes(c, hashes, kpjs, agency, events);
            if (agency == null) {
                // Income lines and invoices are the city's, not an agency's: a KOREKSI line shows a clerk
                // the income their own agency corrected.
                incomes(c, kpjs, events);
                billed(c, kpjs, events);
                notifications(c, kpjs, events);
            }
            claims(c, hashes, kpjs, agency, events);
            proofs(c, kpjs, agency, events);
            if (events.isEmpty()) {
                return Optional.<Story>empty();
            }
            events.sort(Comparator.comparing(Event::at, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(Event::kind));
            String fullNik = nik;
            String name = latestRowName;
            String agencyNow = null;
            // A clerk is told of the worker row only when their own agency enrolled or covers the worker.
            boolean workerShown = worker.isPresent() && (agency == null || agency.equals(worker.get().enrolledBy)
                    || agency.equals(worker.get().agencyId));
            if (workerShown) {
                WorkerRow w = worker.get();
                if (fullNik == null) {
                    fullNik = pii.decrypt(w.nikEnc, CipherContext.rowNik(w.fileId, w.rowNo));
                }
                name = w.name;
                agencyNow = agency == null || agency.equals(w.agencyId) ? w.agencyId : null;
            }
            if (agency != null) {
                covered = covered && agencyNow != null;
            }
            if (fullNik == null) {
                fullNik = rowNik(c, hashes, agency);
            }
            List<String> shownKpjs = new ArrayList<>(kpjs);
            if (agency != null) {
                // The KPJs the agency's own events name, not one learnt from another agency's worker row.
                shownKpjs = events.stream().map(e -> e.detail("kpj")).filter(Objects::nonNull).distinct().toList();
            }
            return Optional.of(new Story(fullNik, shownKpjs, name, agencyNow, covered, events));
        });
    }

    // ---------------------------------------------------------------- the worker and their keys

    private record WorkerRow(String nikHash, String nikEnc, String kpj, String name, String agencyId,
                             String district, long fileId, int rowNo, Instant enrolledAt, String enrolledBy) {
    }

    private static Optional<WorkerRow> worker(Connection c, Set<String> hashes, Set<String> kpjs) throws SQLException {
        // agency_id on worker follows a PINDAH; who enrolled is the agency of the file that did it.
        String sql = "SELECT w.nik_hash, w.nik_enc, w.kpj, w.name, w.agency_id, w.district, w.file_id, w.row_no,"
                + " w.enrolled_at, f.agency_id FROM worker w LEFT JOIN agency_file f ON f.id = w.file_id WHERE ";
        for (String hash : hashes) {
            Optional<WorkerRow> w = oneWorker(c, sql + "w.nik_hash = ?", hash);
            if (w.isPresent()) {
                return w;
            }
        }
        for (String kpj : kpjs) {
            Optional<WorkerRow> w = oneWorker(c, sql + "w.kpj = ?", kpj);
            if (w.isPresent()) {
                return w;
            }
        }
        return Optional.empty();
    }

    private static Optional<WorkerRow> oneWorker(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String agency = rs.getString(5);
                String enrolledBy = rs.getString(10);
                return Optional.of(new WorkerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        agency, rs.getString(6), rs.getLong(7), rs.getInt(8), DbTime.get(rs, 9),
                        enrolledBy == null ? agency : enrolledBy));
            }
        }
    }

    /** No worker row (purged? never enrolled?): a period still names both keys. */
    private static void linkThroughPeriods(Connection c, Set<String> hashes, Set<String> kpjs) throws SQLException {
        if (!hashes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT kpj FROM coverage_period WHERE nik_hash IN ("
                    + marks(hashes) + ")")) {
                set(ps, 1, hashes);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        kpjs.add(rs.getString(1));
                    }
                }
            }
        }
        if (!kpjs.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT nik_hash FROM coverage_period WHERE kpj IN ("
                    + marks(kpjs) + ")")) {
                set(ps, 1, kpjs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hashes.add(rs.getString(1));
                    }
                }
            }
        }
    }

    /**
     * A member another payer covers has no worker and no period here: their KPJ leads to the rows that
     * ended OTHER_PAYER through other_payer (V36, indexed by KPJ), so a look-up by KPJ finds their story.
     */
    private static void linkThroughOtherPayers(Connection c, Set<String> hashes, Set<String> kpjs) throws SQLException {
        if (kpjs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT r.nik_hash FROM other_payer o JOIN file_row r"
                + " ON r.file_id = o.file_id AND r.row_no = o.row_no WHERE o.kpj IN (" + marks(kpjs) + ")"
                + " AND r.nik_hash IS NOT NULL")) {
            set(ps, 1, kpjs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
        }
    }

    /** The NIK of the latest row naming the worker (of the agency's files, for a clerk), for a story without an enrollment shown. */
    private String rowNik(Connection c, Set<String> hashes, String agency) throws SQLException {
        if (hashes.isEmpty()) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT r.file_id, r.row_no, r.nik_enc FROM file_row r"
                + " JOIN agency_file f ON f.id = r.file_id WHERE r.nik_hash IN (" + marks(hashes) + ")"
                + (agency == null ? "" : " AND f.agency_id = ?") + " ORDER BY r.file_id DESC, r.row_no DESC LIMIT 1")) {
            int i = set(ps, 1, hashes);
            if (agency != null) {
                ps.setString(i, agency);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? pii.decrypt(rs.getString(3), CipherContext.rowNik(rs.getLong(1), rs.getInt(2)))
                        : null;
            }
        }
    }

    // ---------------------------------------------------------------- what happened

    /**
     * Every row naming the worker: details {@code file} (name), {@code fileId}, {@code row}, {@code action}
     * (DAFTAR, BERHENTI, ...), {@code state}, {@code reasons} (bilingual, joined by "; ", NIKs masked by
     * the writers), {@code kpj} and {@code updatedAt}. REVIEW rows carry the registry's or the eligibility
     * list's reason in {@code reasons}: the verdict as recorded. At the file's arrival time.
     *
     * @return the name on the latest row, or null
     */
    private static String rows(Connection c, Set<String> hashes, String agency, List<Event> events) throws SQLException {
        if (hashes.isEmpty()) {
            return null;
        }
        String sql = "SELECT r.file_id, r.row_no, r.name, r.state, r.reasons, r.kpj, r.last_error, r.action,"
                + " r.updated_at, f.agency_id, f.file_name, f.received_at FROM file_row r"
                + " JOIN agency_file f ON f.id = r.file_id WHERE r.nik_hash IN (" + marks(hashes) + ")"
                + (agency == null ? "" : " AND f.agency_id = ?") + " ORDER BY r.file_id, r.row_no LIMIT " + MAX_ROWS;
        String latestName = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = set(ps, 1, hashes);
            if (agency != null) {
                ps.setString(i, agency);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long fileId = rs.getLong(1);
                    int rowNo = rs.getInt(2);
                    Map<String, String> d = new LinkedHashMap<>();
                    d.put("file", rs.getString(11));
                    d.put("fileId", String.valueOf(fileId));
                    d.put("row", String.valueOf(rowNo));
                    String action = rs.getString(8);
                    d.put("action", action == null ? ChangeAction.DAFTAR.name() : action);
                    d.put("state", rs.getString(4));
                    List<String> reasons = new ArrayList<>();
                    for (RowRejection r : RejectionsJson.read(rs.getString(5))) {
                        reasons.add(r.messageId() + " / " + r.messageEn());
                    }
                    if (rs.getString(7) != null) {
                        reasons.add(rs.getString(7));
                    }
                    d.put("reasons", String.join("; ", reasons));
                    d.put("kpj", rs.getString(6));
                    Instant updated = DbTime.get(rs, 9);
                    d.put("updatedAt", updated == null ? null : updated.toString());
                    events.add(new Event(DbTime.get(rs, 12), Kind.FILE_ROW, rs.getString(10),
                            CoverageLedger.rowSource(fileId, rowNo), d));
                    if (rs.getString(3) != null) {
                        latestName = rs.getString(3);
                    }
                }
            }
        }
        return latestName;
    }

    /**
     * Periods: COVER_OPENED at opened_at ({@code firstMonth}, {@code fundingSource}, {@code fundingAccount},
     * {@code kpj}), COVER_ENDED at ended_at ({@code lastMonth}, {@code reason}, {@code reasonText},
     * {@code kpj}), sources as recorded (file:<id>/row:<n>, claim:<id>, lapse:<month>, ...).
     *
     * @return true when one is open
     */
    private static boolean periods(Connection c, Set<String> hashes, Set<String> kpjs, String agency,
                                   List<Event> events) throws SQLException {
        boolean[] open = {false};
        Set<Long> seen = new LinkedHashSet<>();
        byKeys(c, "SELECT id, kpj, agency_id, funding_source, funding_account, first_month, last_month, end_reason,"
                + " opened_at, opened_by, ended_at, ended_by FROM coverage_period", hashes, kpjs, agency, rs -> {
                    if (!seen.add(rs.getLong(1))) {
                        return;
                    }
                    String periodAgency = rs.getString(3);
                    Map<String, String> o = new LinkedHashMap<>();
                    o.put("kpj", rs.getString(2));
                    o.put("firstMonth", rs.getString(6));
                    o.put("fundingSource", rs.getString(4));
                    o.put("fundingAccount", rs.getString(5));
                    events.add(new Event(DbTime.get(rs, 9), Kind.COVER_OPENED, periodAgency, rs.getString(10), o));
                    if (rs.getString(7) == null) {
                        open[0] = true;
                        return;
                    }
                    Map<String, String> e = new LinkedHashMap<>();
                    e.put("kpj", rs.getString(2));
                    e.put("lastMonth", rs.getString(7));
                    EndReason reason = EndReason.valueOf(rs.getString(8));
                    e.put("reason", reason.name());
                    e.put("reasonText", reason.text());
                    events.add(new Event(DbTime.get(rs, 11), Kind.COVER_ENDED, periodAgency, rs.getString(12), e));
                });
        return open[0];
    }

    /**
     * Change lines (worker_change): details {@code action}, {@code fields} (comma separated), for each
     * field {@code old.<field>} and {@code new.<field>} as recorded (decrypted), {@code effectiveMonth},
     * {@code bpjsCode}. At applied_at, sourced by the file row that asked.
     */
    private void changes(Connection c, Set<String> hashes, Set<String> kpjs, String agency, List<Event> events)
            throws SQLException {
        Set<Long> seen = new LinkedHashSet<>();
        byKeys(c, "SELECT id, kpj, action, changed_fields, old_values, new_values, source, agency_id, applied_at,"
                + " bpjs_code, effective_month FROM worker_change", hashes, kpjs, agency, rs -> {
                    if (!seen.add(rs.getLong(1))) {
                        return;
                    }
                    String source = rs.getString(7);
                    Map<String, String> d = new LinkedHashMap<>();
                    d.put("kpj", rs.getString(2));
                    d.put("action", rs.getString(3));
                    d.put("fields", rs.getString(4));
                    ChangeLedger.values(pii, rs.getString(5), CipherContext.changeOldValues(source))
                            .forEach((k, v) -> d.put("old." + k, v));
                    ChangeLedger.values(pii, rs.getString(6), CipherContext.changeNewValues(source))
                            .forEach((k, v) -> d.put("new." + k, v));
                    d.put("effectiveMonth", rs.getString(11));
                    d.put("bpjsCode", rs.getString(10));
                    events.add(new Event(DbTime.get(rs, 9), Kind.CHANGE, rs.getString(8), source, d));
                });
    }

    /** Income lines (worker_income, V20): {@code fromMonth}, {@code monthlyIncome}; at recorded_at. */
    private static void incomes(Connection c, Set<String> kpjs, List<Event> events) throws SQLException {
        for (String kpj : kpjs) {
            try (PreparedStatement ps = c.prepareStatement("SELECT from_month, monthly_income, source, recorded_at"
                    + " FROM worker_income WHERE kpj = ?")) {
                ps.setString(1, kpj);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> d = new LinkedHashMap<>();
                        d.put("kpj", kpj);
                        d.put("fromMonth", rs.getString(1));
                        d.put("monthlyIncome", String.valueOf(rs.getLong(2)));
                        events.add(new Event(DbTime.get(rs, 4), Kind.INCOME, null, rs.getString(3), d));
                    }
                }
            }
        }
    }

    /**
     * The months BPJS's invoice billed the KPJ (invoice_line, V19), the latest {@value #BILLED_MONTHS}:
     * {@code period}, {@code invoiceNo}, {@code total} (whole rupiah); at the invoice's fetch time. One
     * index lookup per month ((period, kpj)), not a scan of the lines.
     */
    private static void billed(Connection c, Set<String> kpjs, List<Event> events) throws SQLException {
        if (kpjs.isEmpty()) {
            return;
        }
        List<String[]> months = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT period, invoice_no, fetched_at FROM invoice_copy"
                + " ORDER BY period DESC LIMIT " + BILLED_MONTHS)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant fetched = DbTime.get(rs, 3);
                    months.add(new String[] {rs.getString(1), rs.getString(2), fetched == null ? null : fetched.toString()});
                }
            }
        }
        for (String[] m : months) {
            try (PreparedStatement ps = c.prepareStatement("SELECT kpj, total FROM invoice_line WHERE period = ?"
                    + " AND kpj IN (" + marks(kpjs) + ")")) {
                ps.setString(1, m[0]);
                set(ps, 2, kpjs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> d = new LinkedHashMap<>();
                        d.put("kpj", rs.getString(1));
                        d.put("period", m[0]);
                        d.put("invoiceNo", m[1]);
                        d.put("total", String.valueOf(rs.getLong(2)));
                        events.add(new Event(m[2] == null ? null : Instant.parse(m[2]), Kind.BILLED, null,
                                "invoice:" + m[0], d));
                    }
                }
            }
        }
    }

    /**
     * Messages to the worker (notification, V38): {@code event}, {@code state}, {@code channel}, {@code kpj},
     * {@code sentAt}, {@code deliveredAt}; at the last change of state, source {@code notification:<id>}. The
     * city's, like invoices: an agency's look-up does not show them.
     */
    private static void notifications(Connection c, Set<String> kpjs, List<Event> events) throws SQLException {
        if (kpjs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event, state, channel, kpj, sent_at, delivered_at,"
                + " updated_at FROM notification WHERE kpj IN (" + marks(kpjs) + ") ORDER BY id LIMIT " + MAX_ROWS)) {
            set(ps, 1, kpjs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> d = new LinkedHashMap<>();
                    d.put("kpj", rs.getString("kpj"));
                    d.put("event", rs.getString("event"));
                    d.put("state", rs.getString("state"));
                    d.put("channel", rs.getString("channel"));
                    Instant sent = DbTime.get(rs, "sent_at");
                    Instant delivered = DbTime.get(rs, "delivered_at");
                    d.put("sentAt", sent == null ? null : sent.toString());
                    d.put("deliveredAt", delivered == null ? null : delivered.toString());
                    events.add(new Event(DbTime.get(rs, "updated_at"), Kind.NOTIFIED, null,
                            "notification:" + rs.getLong("id"), d));
                }
            }
        }
    }

    /**
     * Claims: {@code claimId}, {@code type}, {@code amount}, {@code kpj}, {@code destination} (finance or
     * review), {@code reviewReason}, {@code publishedAt}; at received_at, source {@code claim:<id>}.
     */
    private static void claims(Connection c, Set<String> hashes, Set<String> kpjs, String agency, List<Event> events)
            throws SQLException {
        Set<String> seen = new LinkedHashSet<>();
        byKeys(c, "SELECT claim_id, claim_type, kpj, amount, agency_id, received_at, published_at, destination,"
                + " review_reason FROM claim", hashes, kpjs, agency, rs -> {
                    String id = rs.getString(1);
                    if (!seen.add(id)) {
                        return;
                    }
                    Map<String, String> d = new LinkedHashMap<>();
                    d.put("claimId", id);
                    d.put("type", rs.getString(2));
                    d.put("kpj", rs.getString(3));
                    d.put("amount", String.valueOf(rs.getLong(4)));
                    d.put("destination", rs.getString(8));
                    d.put("reviewReason", rs.getString(9));
                    Instant published = DbTime.get(rs, 7);
                    d.put("publishedAt", published == null ? null : published.toString());
                    events.add(new Event(DbTime.get(rs, 6), Kind.CLAIM, rs.getString(5), "claim:" + id, d));
                });
    }

    /**
     * Printed proofs of cover (V39, docs/proof-of-cover.md), each step its own event: {@code step} PRINTED at
     * the print, HANDED_TO_VILLAGE at the hand-over ({@code handedOn}, {@code handedNote}), DELIVERED at the
     * confirmation ({@code deliveredOn}, {@code receiver}, {@code note}); {@code batch}, {@code kelurahan},
     * {@code kpj} on each; source {@code proof:<batch>}.
     */
    private static void proofs(Connection c, Set<String> kpjs, String agency, List<Event> events) throws SQLException {
        for (ProofLedger.Step s : ProofLedger.steps(c, kpjs, agency)) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("step", ProofLedger.State.PRINTED.name());
            d.put("batch", String.valueOf(s.batchId()));
            d.put("kelurahan", s.kelurahan());
            events.add(new Event(s.printedAt(), Kind.PROOF, s.agencyId(), "proof:" + s.batchId(), d));
            if (s.handedAt() != null) {
                Map<String, String> h = new LinkedHashMap<>(d);
                h.put("step", ProofLedger.State.HANDED_TO_VILLAGE.name());
                h.put("handedOn", s.handedOn() == null ? null : s.handedOn().toString());
                h.put("handedNote", s.handedNote());
                events.add(new Event(s.handedAt(), Kind.PROOF, s.agencyId(), "proof:" + s.batchId(), h));
            }
            if (s.state() == ProofLedger.State.DELIVERED) {
                Map<String, String> r = new LinkedHashMap<>(d);
                r.put("step", ProofLedger.State.DELIVERED.name());
                r.put("deliveredOn", s.deliveredOn() == null ? null : s.deliveredOn().toString());
                r.put("receiver", s.receiver());
                r.put("note", s.note());
                events.add(new Event(s.confirmedAt(), Kind.PROOF, s.agencyId(), "proof:" + s.batchId(), r));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One row of a keyed read. */
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code select} (a table with nik_hash, kpj and agency_id) by the NIK hashes, then by the KPJs,
     * each when there is one, for one agency's rows when {@code agency} is set, and hands each row to
     * {@code reader}; a row found by both keys comes twice (the readers skip what they have seen). Two
     * lookups, each on its own index, rather than one {@code OR} that H2 would answer with a scan.
     */
    private static void byKeys(Connection c, String select, Set<String> hashes, Set<String> kpjs, String agency,
                               RowReader reader) throws SQLException {
        for (Map.Entry<String, Set<String>> key : List.of(Map.entry("nik_hash", hashes), Map.entry("kpj", kpjs))) {
            if (key.getValue().isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(select + " WHERE " + key.getKey() + " IN ("
                    + marks(key.getValue()) + ")" + (agency == null ? "" : " AND agency_id = ?"))) {
                int i = set(ps, 1, key.getValue());
                if (agency != null) {
                    ps.setString(i, agency);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    private static String marks(Collection<String> values) {
        return String.join(", ", Collections.nCopies(values.size(), "?"));
    }

    /** Sets the values from {@code first}; returns the next parameter index. */
    private static int set(PreparedStatement ps, int first, Collection<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }
}
