package id.jamsos.gateway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.nik.NikMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Applies what BPJS answered to an agency's change rows (AKSI BERHENTI, KOREKSI, PINDAH) and keeps
 * the history of what changed (worker_change, V16). One job's rows are applied in one transaction:
 * a row leaves PENDING the way an enrollment row does ({@link Ledger#recordOutcomes}: state,
 * attempts, updated_at, its NIK let go), and in the same transaction
 * <ul>
 *   <li>BERHENTI ends the worker's open period of cover ({@link CoverageLedger#end}) with the reason,
 *       the last month and the row as what ended it;</li>
 *   <li>KOREKSI corrects what the ledger keeps of the worker: the name, the birth date's keyed hash,
 *       and the monthly income from its effective month on (a worker_income line, V20: the months
 *       before keep the income they were billed with). A phone number is not kept by the ledger (only
 *       BPJS and the history line have it);</li>
 *   <li>PINDAH hands the worker to the target agency ({@link CoverageLedger#transfer}), or refuses the
 *       row when the worker is no longer covered;</li>
 * </ul>
 * and one history line per applied row, with the values before and after encrypted.
 *
 * <p>Only a PENDING row is changed (a PARKED one too when the decision is final, a replay answered),
 * by one conditional UPDATE that takes the row's lock first: a job delivered twice, or two processes
 * with the same job, change the worker once. The history line's unique source says the same.
 */
public final class ChangeLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> VALUES = new TypeReference<>() {
    };
    /** Error texts are for people; a stack trace pasted whole is cut (as in file_row elsewhere). */
    private static final int MAX_TEXT_CHARS = 4_000;

    // Field names of a history line: the words of the change file and of BPJS's update call.
    public static final String NAME = "nama";
    public static final String BIRTH_DATE = "tglLahir";
    public static final String INCOME = "penghasilan";
    public static final String PHONE = "noHp";
    /** KOREKSI of the village (worker.kelurahan, V35): the ledger's own, not BPJS's. */
    public static final String KELURAHAN = "kelurahan";
    /** KOREKSI of the trade (worker.occupation, V35): the ledger's own, not BPJS's. */
    public static final String OCCUPATION = "pekerjaan";
    /** KOREKSI of the district (worker.district): the ledger's own, not BPJS's. */
    public static final String DISTRICT = "distrik";
    public static final String LAST_MONTH = "bulanTerakhir";
    public static final String END_REASON = "alasan";
    public static final String AGENCY = "instansi";
    public static final String FROM_MONTH = "bulanMulai";
    /** KOREKSI of the income: the first month the corrected income holds (change-file column BULAN_BERLAKU). */
    public static final String EFFECTIVE_MONTH = "bulanBerlaku";

    private static final String CHANGE_COLUMNS = "id, kpj, action, changed_fields, old_values, new_values, source,"
            + " file_id, row_no, agency_id, applied_at, bpjs_ref_id, bpjs_code";

    private final Jdbc jdbc;
    private final Clock clock;
    private final PersonalDataCipher pii;
    /** The city's zone (jamsos.finance.zone): an income corrected without BULAN_BERLAKU holds from the month applied in it. */
    private final ZoneId zone;

    private volatile PeriodFunding funding = PeriodFunding.NONE;

    /** The programme's funding rule for the periods handovers open (the gateway sets the ledger's). */
    public void fundPeriodsWith(PeriodFunding funding) {
        this.funding = Objects.requireNonNull(funding, "funding");
    }

    /** In the default zone of jamsos.finance.zone (Asia/Jayapura). */
    public ChangeLedger(DataSource dataSource, Clock clock, PersonalDataCipher pii) {
        this(dataSource, clock, pii, CoverageLedger.DEFAULT_ZONE);
    }

    public ChangeLedger(DataSource dataSource, Clock clock, PersonalDataCipher pii, ZoneId zone) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pii = Objects.requireNonNull(pii, "pii");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * How one row ended. {@code state} null: the row had been decided before (a redelivered job), and
     * nothing changed. {@code note} is the row's line in the results report (bilingual), or the reason
     * it was refused or parked.
     */
    public record Decided(long fileId, int rowNo, ChangeAction action, RowState state, String note) {
    }

    /**
     * Applies the outcomes of one job in one transaction, rows in (file, row) order: the same lock
     * order for every caller. Applying the same outcomes again changes nothing.
     */
    public List<Decided> apply(List<ChangeOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        List<ChangeOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingLong(ChangeOutcome::fileId).thenComparingInt(ChangeOutcome::rowNo));
        Instant now = clock.instant();
        // A handover opens a period at the receiving agency: who pays it is decided as it opens.
        PeriodFunding.Round round = sorted.stream().anyMatch(o -> o.action() == ChangeAction.PINDAH)
                ? funding.round() : null;
        return jdbc.inTransaction("apply change rows", c -> {
            List<Decided> decided = new ArrayList<>(sorted.size());
            for (ChangeOutcome o : sorted) {
                decided.add(applyOne(c, o, now));
                if (round != null && o.action() == ChangeAction.PINDAH && o.kpj() != null) {
                    PeriodFunds.fundOpen(c, round, List.of(o.kpj()));
                }
            }
            return decided;
        });
    }

    private Decided applyOne(Connection c, ChangeOutcome o, Instant now) throws SQLException {
        String first = o.state() == RowState.APPLIED ? null : o.reason();
        if (!leavePending(c, o, o.state(), first, now)) {
            return new Decided(o.fileId(), o.rowNo(), o.action(), null, null);
        }
        if (o.state() != RowState.APPLIED) {
            return new Decided(o.fileId(), o.rowNo(), o.action(), o.state(), o.reason());
        }
        Optional<String> refusal = Optional.empty();
        String note;
        switch (o.action()) {
            case BERHENTI -> note = end(c, o, now);
            case KOREKSI -> {
                YearMonth incomeFrom = o.correction().monthlyIncome() == null ? null : incomeFrom(c, o, now);
                refusal = correct(c, o, incomeFrom, now);
                note = "dikoreksi / corrected: " + String.join(", ", correctedFields(o.correction()))
                        + (incomeFrom == null ? "" : " (penghasilan berlaku mulai " + incomeFrom + " / income from "
                        + incomeFrom + ")");
            }
            case PINDAH -> {
                refusal = handOver(c, o, now);
                note = "dipindahkan ke instansi " + o.targetAgencyId() + " mulai " + o.effectiveMonth()
                        + " / handed to agency " + o.targetAgencyId() + " from " + o.effectiveMonth();
            }
            default -> throw new IllegalArgumentException("DAFTAR is an enrollment, not a change");
        }
        if (refusal.isPresent()) {
            setRow(c, o, RowState.REFUSED, refusal.get());
            return new Decided(o.fileId(), o.rowNo(), o.action(), RowState.REFUSED, refusal.get());
        }
        setRow(c, o, RowState.APPLIED, note);
        return new Decided(o.fileId(), o.rowNo(), o.action(), RowState.APPLIED, note);
    }

    /**
     * The row's one step out of PENDING (or out of PARKED for a final decision, a replay answered; a
     * PARKED outcome never parks a parked row twice), as {@link Ledger#recordOutcomes} takes it. False
     * when the row was decided before: nothing else is done for it then.
     */
    private static boolean leavePending(Connection c, ChangeOutcome o, RowState state, String text, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = ?, last_error = ?,"
                + " kpj = COALESCE(kpj, ?), attempts = attempts + 1, updated_at = ?, live_nik_hash = NULL"
                // CONCAT keeps the planner on the primary key (see Ledger.recordOutcomes).
                + " WHERE file_id = ? AND row_no = ? AND CONCAT(state, '') IN ('PENDING', ?)")) {
            ps.setString(1, state.name());
            ps.setString(2, clip(NikMask.scrub(text)));
            ps.setString(3, o.kpj());
            DbTime.set(ps, 4, now);
            ps.setLong(5, o.fileId());
            ps.setInt(6, o.rowNo());
            ps.setString(7, state == RowState.PARKED ? RowState.PENDING.name() : RowState.PARKED.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** The row's final state and its line, once the ledger has done what it says. */
    private static void setRow(Connection c, ChangeOutcome o, RowState state, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE file_row SET state = ?, last_error = ? WHERE file_id = ? AND row_no = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, clip(NikMask.scrub(text)));
            ps.setLong(3, o.fileId());
            ps.setInt(4, o.rowNo());
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- replay

    /**
     * What {@link #startReplay} did: the rows it put back to PENDING (only these may be sent: another
     * replay, or the retention job, may have taken the others) and how many it refused.
     */
    public record ReplayStart(List<Integer> pending, int refused) {
    }

    /** A change row of the same worker after the given one (a later file, or later in the same file). */
    public record LaterChange(long fileId, int rowNo, ChangeAction action, boolean applied) {
    }

    /**
     * Starts a replay of a file's parked change rows in one transaction: the rows that must not be sent
     * any more are refused ({@code refusals}, REFUSED outcomes, applied as BPJS's refusals are), the rows
     * of {@code toSend} still PARKED go back to PENDING before their job leaves, as the enrollment
     * replay's do ({@link Ledger#resetParkedToPending}): a crash after this leaves them PENDING, never
     * lost; a job the broker does not take puts them back to PARKED ({@link #apply} with PARKED outcomes).
     *
     * <p>The file is locked first, as the retention job locks it: a purged file has nothing to replay.
     * When rows go back to PENDING, a file already reported goes back to PROCESSING, so that its reports
     * are written again once they are decided. When rows were only refused, nothing will decide a row of
     * the file again: a reported file goes to REPORTING with no start time, which the stale-reports route
     * takes up on its next round (jamsos.reports.retryIntervalMs) and writes the reports again.
     */
    public ReplayStart startReplay(long fileId, List<ChangeOutcome> refusals, Collection<Integer> toSend) {
        Instant now = clock.instant();
        return jdbc.inTransaction("start replay of change rows of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT purged_at FROM agency_file WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || DbTime.get(rs, "purged_at") != null) {
                        return new ReplayStart(List.of(), 0);
                    }
                }
            }
            int refused = 0;
            List<ChangeOutcome> sorted = new ArrayList<>(refusals);
            sorted.sort(Comparator.comparingInt(ChangeOutcome::rowNo));
            for (ChangeOutcome o : sorted) {
                if (o.fileId() != fileId || o.state() != RowState.REFUSED) {
                    throw new IllegalArgumentException("a replay refuses rows of its own file only");
                }
                // Only a row still PARKED: another replay of the file (they take the file's lock in turn)
                // may have sent it meanwhile, and a row on its way is BPJS's to decide.
                if (stillParked(c, fileId, o.rowNo()) && applyOne(c, o, now).state() != null) {
                    refused++;
                }
            }
            List<Integer> pending = new ArrayList<>();
            // The NIK held again, as the enrollment replay does, unless another row holds it meanwhile.
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'PENDING', updated_at = ?,"
                    + " live_nik_hash = CASE WHEN EXISTS (SELECT 1 FROM file_row o WHERE o.live_nik_hash = file_row.nik_hash)"
                    + " THEN NULL ELSE nik_hash END"
                    + " WHERE file_id = ? AND row_no = ? AND state = 'PARKED' AND action IS NOT NULL")) {
                for (int rowNo : toSend.stream().sorted().toList()) {
                    DbTime.set(ps, 1, now);
                    ps.setLong(2, fileId);
                    ps.setInt(3, rowNo);
                    if (ps.executeUpdate() == 1) {
                        pending.add(rowNo);
                    }
                }
            }
            if (!pending.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET state = 'PROCESSING'"
                        + " WHERE id = ? AND state IN ('REPORTING', 'DONE')")) {
                    ps.setLong(1, fileId);
                    ps.executeUpdate();
                }
            } else if (refused > 0) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET state = 'REPORTING',"
                        + " reporting_since = NULL WHERE id = ? AND state IN ('REPORTING', 'DONE')"
                        + " AND NOT EXISTS (SELECT 1 FROM file_row r WHERE r.file_id = ? AND r.state = 'PENDING')")) {
                    ps.setLong(1, fileId);
                    ps.setLong(2, fileId);
                    ps.executeUpdate();
                }
            }
            return new ReplayStart(List.copyOf(pending), refused);
        });
    }

    private static boolean stillParked(Connection c, long fileId, int rowNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM file_row WHERE file_id = ? AND row_no = ?")) {
            ps.setLong(1, fileId);
            ps.setInt(2, rowNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && RowState.PARKED.name().equals(rs.getString(1));
            }
        }
    }

    /**
     * The first change row of the worker with this KPJ after row {@code rowNo} of file {@code fileId}
     * (file ids grow with arrival) that has changed the worker (its history line, which outlives the
     * file's rows) or is on its way to BPJS now (PENDING): a replay of the earlier row would undo it or
     * race it. A later row still parked does not count: the replay sends both, in order.
     */
    public Optional<LaterChange> laterChange(String kpj, long fileId, int rowNo) {
        if (kpj == null) {
            return Optional.empty();
        }
        return jdbc.call("look up later changes of a worker", c -> {
            LaterChange first = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT file_id, row_no, action FROM worker_change"
                    + " WHERE kpj = ? AND file_id IS NOT NULL AND (file_id > ? OR (file_id = ? AND row_no > ?))"
                    + " ORDER BY file_id, row_no")) {
                first = firstLater(ps, kpj, fileId, rowNo, true, null);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT file_id, row_no, action FROM file_row"
                    + " WHERE kpj = ? AND action IS NOT NULL AND state = 'PENDING'"
                    + " AND (file_id > ? OR (file_id = ? AND row_no > ?)) ORDER BY file_id, row_no")) {
                first = firstLater(ps, kpj, fileId, rowNo, false, first);
            }
            return Optional.ofNullable(first);
        });
    }

    private static LaterChange firstLater(PreparedStatement ps, String kpj, long fileId, int rowNo, boolean applied,
                                          LaterChange sofar) throws SQLException {
        ps.setString(1, kpj);
        ps.setLong(2, fileId);
        ps.setLong(3, fileId);
        ps.setInt(4, rowNo);
        ps.setMaxRows(1);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return sofar;
            }
            LaterChange found = new LaterChange(rs.getLong(1), rs.getInt(2), ChangeAction.valueOf(rs.getString(3)),
                    applied);
            boolean earlier = sofar == null || found.fileId() < sofar.fileId()
                    || (found.fileId() == sofar.fileId() && found.rowNo() < sofar.rowNo());
            return earlier ? found : sofar;
        }
    }

    // ---------------------------------------------------------------- the three actions

    /** BERHENTI: BPJS has set the member non-active; the open period ends here too. */
    private String end(Connection c, ChangeOutcome o, Instant now) throws SQLException {
        String source = CoverageLedger.rowSource(o.fileId(), o.rowNo());
        CoverageLedger.Ended ended = CoverageLedger.endOpen(c, o.kpj(), o.lastMonth(), o.endReason(), source, now);
        boolean alreadyAtBpjs = "212".equals(o.bpjsCode());
        String bpjs = alreadyAtBpjs ? " (sudah nonaktif di BPJS / already non-active at BPJS)" : "";
        if (ended.outcome() != CoverageLedger.EndOutcome.ENDED) {
            // Ended meanwhile (a paid JKM claim, another row): BPJS is told, the first end stays.
            CoveragePeriod latest = ended.period();
            return "cakupan sudah berakhir / cover had already ended"
                    + (latest == null || latest.lastMonth() == null ? "" : " " + latest.lastMonth()
                    + " (" + latest.endReason().text() + ")") + bpjs;
        }
        Map<String, String> after = new LinkedHashMap<>();
        after.put(LAST_MONTH, o.lastMonth().toString());
        after.put(END_REASON, o.endReason().name());
        history(c, o, nikHash(c, o), List.of(LAST_MONTH, END_REASON), Map.of(), after, null, now);
        return "cakupan berakhir / cover ends " + o.lastMonth() + " (" + o.endReason().text() + ")" + bpjs;
    }

    /**
     * The first month a corrected income holds: the row's BULAN_BERLAKU (checked at intake), else the
     * month it is applied in, in the city's zone. A month a published contribution statement covers
     * (statement_run, any scope) is closed: finance has booked it, and a statement rebuilt for it must
     * come out the same. Intake refuses such a month; one closed since (a statement published while
     * the row waited for BPJS, or the default month after a statement of the current month) moves to
     * the first month after the last published one, and the row's results line says from when.
     */
    private YearMonth incomeFrom(Connection c, ChangeOutcome o, Instant now) throws SQLException {
        YearMonth from = o.effectiveMonth() != null ? o.effectiveMonth() : YearMonth.from(now.atZone(zone));
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(period) FROM statement_run");
             ResultSet rs = ps.executeQuery()) {
            String closed = rs.next() ? rs.getString(1) : null;
            if (closed != null && from.toString().compareTo(closed) <= 0) {
                from = YearMonth.parse(closed).plusMonths(1);
            }
        }
        return from;
    }

    /**
     * KOREKSI: BPJS took the corrected data; the ledger's copy of it follows. The income is not written
     * over the worker's: it is a worker_income line from {@code incomeFrom} (V20), so the months before
     * keep the income in force then; "before" in the history is the income in force in that month.
     */
    private Optional<String> correct(Connection c, ChangeOutcome o, YearMonth incomeFrom, Instant now)
            throws SQLException {
        ChangeOutcome.Correction k = o.correction();
        Map<String, String> before = new LinkedHashMap<>();
        String nikHash;
        YearMonth asOf = incomeFrom == null ? YearMonth.from(now.atZone(zone)) : incomeFrom;
        try (PreparedStatement ps = c.prepareStatement("SELECT w.nik_hash, w.name, w.kelurahan, w.occupation, w.district,"
                + " " + IncomeInForce.INCOME + " AS income FROM worker w"
                + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                + IncomeInForce.JOIN + " WHERE w.kpj = ?")) {
            ps.setString(1, asOf.toString());
            ps.setString(2, o.kpj());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of("NIK tidak terdaftar sebagai peserta melalui gateway ini"
                            + " / the NIK is not a member enrolled through this gateway");
                }
                nikHash = rs.getString("nik_hash");
                if (k.name() != null && rs.getString("name") != null) {
                    before.put(NAME, rs.getString("name"));
                }
                if (k.kelurahan() != null && rs.getString("kelurahan") != null) {
                    before.put(KELURAHAN, rs.getString("kelurahan"));
                }
                if (k.occupation() != null && rs.getString("occupation") != null) {
                    before.put(OCCUPATION, rs.getString("occupation"));
                }
                if (k.district() != null && rs.getString("district") != null) {
                    before.put(DISTRICT, rs.getString("district"));
                }
                Long income = rs.getObject("income", Long.class);
                if (k.monthlyIncome() != null && income != null) {
                    before.put(INCOME, income.toString());
                }
            }
        }
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (k.name() != null) {
            sets.add("name = ?");
            values.add(Ledger.clip(k.name(), Ledger.MAX_STORED_NAME_CHARS));
        }
        if (k.birthDate() != null) {
            sets.add("birth_hash = ?");
            values.add(Ledger.birthHash(pii, k.birthDate()));
            // The year the coverage reports band ages by (V35) follows the corrected date.
            sets.add("birth_year = ?");
            values.add(k.birthDate().getYear());
        }
        // The village and the trade the coverage reports count by (V35), kept as an enrollment keeps
        // them (WorkerProfile: trimmed, the trade in lower case, clipped to the columns).
        WorkerProfile profile = WorkerProfile.corrected(k.kelurahan(), k.occupation());
        if (profile.kelurahan() != null) {
            sets.add("kelurahan = ?");
            values.add(profile.kelurahan());
        }
        if (profile.occupation() != null) {
            sets.add("occupation = ?");
            values.add(profile.occupation());
        }
        // The district as an enrollment records it (the cell as validation read it), clipped to the column:
        // a worker moved to a village of another district is counted and printed there.
        String district = k.district() == null || k.district().isBlank() ? null : Ledger.clip(k.district().strip(), 128);
        if (district != null) {
            sets.add("district = ?");
            values.add(district);
        }
        if (!sets.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker SET " + String.join(", ", sets)
                    + " WHERE kpj = ?")) {
                int i = 1;
                for (Object v : values) {
                    ps.setObject(i++, v);
                }
                ps.setString(i, o.kpj());
                ps.executeUpdate();
            }
        }
        if (k.monthlyIncome() != null) {
            setIncome(c, o.kpj(), incomeFrom, k.monthlyIncome(), CoverageLedger.rowSource(o.fileId(), o.rowNo()), now);
        }
        Map<String, String> after = new LinkedHashMap<>();
        if (k.name() != null) {
            after.put(NAME, k.name());
        }
        if (k.birthDate() != null) {
            after.put(BIRTH_DATE, k.birthDate().toString());
        }
        if (k.monthlyIncome() != null) {
            after.put(INCOME, k.monthlyIncome().toString());
            after.put(EFFECTIVE_MONTH, incomeFrom.toString());
        }
        if (k.phone() != null) {
            after.put(PHONE, k.phone());
        }
        if (profile.kelurahan() != null) {
            after.put(KELURAHAN, profile.kelurahan());
        }
        if (profile.occupation() != null) {
            after.put(OCCUPATION, profile.occupation());
        }
        if (district != null) {
            after.put(DISTRICT, district);
        }
        history(c, o, nikHash, correctedFields(k), before, after, incomeFrom, now);
        return Optional.empty();
    }

    /**
     * The worker's income from {@code from} on (worker_income, one line per worker and month): a
     * second correction from the same month replaces the first; worker_change keeps both.
     */
    private static void setIncome(Connection c, String kpj, YearMonth from, long income, String source, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE worker_income SET monthly_income = ?, source = ?,"
                + " recorded_at = ? WHERE kpj = ? AND from_month = ?")) {
            ps.setLong(1, income);
            ps.setString(2, source);
            DbTime.set(ps, 3, now);
            ps.setString(4, kpj);
            ps.setString(5, from.toString());
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO worker_income (kpj, from_month, monthly_income,"
                + " source, recorded_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, kpj);
            ps.setString(2, from.toString());
            ps.setLong(3, income);
            ps.setString(4, source);
            DbTime.set(ps, 5, now);
            ps.executeUpdate();
        }
    }

    /** PINDAH: the open period ends the month before and the next opens at the target agency. */
    private Optional<String> handOver(Connection c, ChangeOutcome o, Instant now) throws SQLException {
        String source = CoverageLedger.rowSource(o.fileId(), o.rowNo());
        Optional<CoverageLedger.Transfer> t = CoverageLedger.transferOpen(c, o.kpj(), o.targetAgencyId(),
                o.effectiveMonth(), source, now);
        if (t.isEmpty()) {
            return Optional.of("pekerja tidak lagi ditanggung, tidak dapat dipindahkan"
                    + " / the worker is no longer covered and cannot be handed over");
        }
        Map<String, String> after = new LinkedHashMap<>();
        after.put(AGENCY, o.targetAgencyId());
        after.put(FROM_MONTH, o.effectiveMonth().toString());
        history(c, o, nikHash(c, o), List.of(AGENCY), Map.of(AGENCY, t.get().ended().agencyId()), after, null, now);
        return Optional.empty();
    }

    private static List<String> correctedFields(ChangeOutcome.Correction k) {
        List<String> fields = new ArrayList<>();
        if (k.name() != null) {
            fields.add(NAME);
        }
        if (k.birthDate() != null) {
            fields.add(BIRTH_DATE);
        }
        if (k.monthlyIncome() != null) {
            fields.add(INCOME);
        }
        if (k.phone() != null) {
            fields.add(PHONE);
        }
        if (k.kelurahan() != null) {
            fields.add(KELURAHAN);
        }
        if (k.occupation() != null) {
            fields.add(OCCUPATION);
        }
        if (k.district() != null) {
            fields.add(DISTRICT);
        }
        return fields;
    }

    /** The worker's keyed NIK hash: the worker's record, else the change row's own. */
    private static String nikHash(Connection c, ChangeOutcome o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nik_hash FROM worker WHERE kpj = ?")) {
            ps.setString(1, o.kpj());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    return rs.getString(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT nik_hash FROM file_row WHERE file_id = ? AND row_no = ?")) {
            ps.setLong(1, o.fileId());
            ps.setInt(2, o.rowNo());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // ---------------------------------------------------------------- history

    /** @param incomeFrom a KOREKSI of the income: the month it holds from (worker_change.effective_month); else null */
    private void history(Connection c, ChangeOutcome o, String nikHash, List<String> fields, Map<String, String> before,
                         Map<String, String> after, YearMonth incomeFrom, Instant now) throws SQLException {
        String source = CoverageLedger.rowSource(o.fileId(), o.rowNo());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO worker_change (nik_hash, kpj, action,"
                + " changed_fields, old_values, new_values, source, file_id, row_no, agency_id, applied_at, bpjs_ref_id,"
                + " bpjs_code, effective_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, nikHash == null ? "?" : nikHash);
            ps.setString(2, o.kpj());
            ps.setString(3, o.action().name());
            ps.setString(4, String.join(",", fields));
            ps.setString(5, pii.encryptText(write(before), CipherContext.changeOldValues(source)));
            ps.setString(6, pii.encryptText(write(after), CipherContext.changeNewValues(source)));
            ps.setString(7, source);
            ps.setLong(8, o.fileId());
            ps.setInt(9, o.rowNo());
            ps.setString(10, o.agencyId());
            DbTime.set(ps, 11, now);
            ps.setString(12, o.bpjsRefId());
            ps.setString(13, o.bpjsCode());
            ps.setString(14, incomeFrom == null ? null : incomeFrom.toString());
            ps.executeUpdate();
        }
    }

    /** The worker's change history, oldest first, values decrypted (for the {@code worker} command). */
    public List<WorkerChange> history(String kpj) {
        return read("kpj", kpj);
    }

    /** The change history of the worker with this NIK, found by its keyed hash (nothing is decrypted to look). */
    public List<WorkerChange> historyOfNik(String nik) {
        return nik == null ? List.of() : read("nik_hash", pii.hash(nik));
    }

    private List<WorkerChange> read(String column, String value) {
        return jdbc.call("read worker changes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CHANGE_COLUMNS + " FROM worker_change WHERE "
                    + column + " = ? ORDER BY applied_at, id")) {
                ps.setString(1, value);
                List<WorkerChange> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String source = rs.getString("source");
                        String fields = rs.getString("changed_fields");
                        out.add(new WorkerChange(rs.getLong("id"), rs.getString("kpj"),
                                ChangeAction.valueOf(rs.getString("action")),
                                fields.isEmpty() ? List.of() : List.of(fields.split(",")),
                                values(rs.getString("old_values"), CipherContext.changeOldValues(source)),
                                values(rs.getString("new_values"), CipherContext.changeNewValues(source)), source,
                                rs.getObject("file_id", Long.class), rs.getObject("row_no", Integer.class),
                                rs.getString("agency_id"), DbTime.get(rs, "applied_at"), rs.getString("bpjs_ref_id"),
                                rs.getString("bpjs_code")));
                    }
                }
                return out;
            }
        });
    }

    private Map<String, String> values(String stored, CipherContext where) {
        return values(pii, stored, where);
    }

    /** A history line's values as stored (encrypted JSON), decrypted; also the worker story's reader. */
    static Map<String, String> values(PersonalDataCipher pii, String stored, CipherContext where) {
        if (stored == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(pii.decryptText(stored, where), VALUES);
        } catch (JsonProcessingException e) {
            throw new LedgerException("a worker change's values are not readable JSON (" + where + ")");
        }
    }

    private static String write(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write change values as JSON", e);
        }
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS);
    }
}
