package id.jamsos.gateway.ledger;

import id.jamsos.gateway.model.RowRejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The check {@link Ledger#recordOutcomes} makes when BPJS answers ENROLLED: is the row's NIK already
 * another row's worker, or BPJS's KPJ already another NIK's? The intake refuses a second row for a NIK
 * that is enrolled or in flight before it is sent; this is the same rule where it matters most, at
 * the moment a worker would be written, for the rows the intake could not see coming: a replay of
 * a parked row, a row sent before the intake check existed, a job of a failed file that arrives late.
 */
final class SecondEnrolments {

    private SecondEnrolments() {
    }

    /**
     * What the check decided for a job's ENROLLED outcomes: the rows that must not enrol, with the reason
     * the agency is given, and the rows that enrol a worker whose cover had ended again (a re-enrollment:
     * BPJS brought the same KPJ back), with the first month of their new period.
     */
    record Decisions(Map<RowKey, RowRejection> refused, Map<RowKey, Reenrolment> reenrolments) {
    }

    /** A worker coming back: their NIK hash, and the month their new period starts. */
    record Reenrolment(String nikHash, YearMonth firstMonth) {
    }

    /**
     * Of the given ENROLLED outcomes, those that must not enrol and those that re-enrol. {@code month}
     * is the month being enrolled (the city's); a re-enrolled worker's new period starts then, or the
     * month after their last covered month when that is later, so that no month is covered twice.
     */
    static Decisions find(Connection c, List<RowOutcome> enrolments, YearMonth month) throws SQLException {
        Map<RowKey, RowRejection> refused = new LinkedHashMap<>();
        Map<RowKey, Reenrolment> reenrolments = new LinkedHashMap<>();
        Decisions decisions = new Decisions(refused, reenrolments);
        if (enrolments.isEmpty()) {
            return decisions;
        }
        Map<RowKey, RowIdentity> rows = rows(c, enrolments);
        List<String> nikHashes = rows.values().stream().map(RowIdentity::nikHash).filter(Objects::nonNull).toList();
        Map<String, Worker> byNik = workers(c, "nik_hash", nikHashes);
        Map<String, Worker> byKpj = workers(c, "kpj", enrolments.stream().map(RowOutcome::kpj).toList());
        for (RowOutcome o : enrolments) {
            RowKey key = RowKey.of(o);
            RowIdentity row = rows.get(key);
            if (row == null || row.nikHash() == null) {
                continue;
            }
            Worker sameNik = byNik.get(row.nikHash());
            if (sameNik != null && !sameNik.origin().equals(key)) {
                RowRejection r = new NikStanding.Enrolled(sameNik.kpj(), sameNik.name(), sameNik.birthHash())
                        .refusal(row.name(), row.birthHash());
                if (r.code().equals(NikStanding.ALREADY_ENROLLED) && sameNik.kpj().equals(o.kpj())) {
                    // The same person under the same KPJ: a re-enrollment when their cover has ended.
                    Cover cover = cover(c, row.nikHash(), CoverageLedger.rowSource(key.fileId(), key.rowNo()));
                    if (cover.openedByThisRow()) {
                        // Applied before (a redelivered answer, or a job sent again after a crash): the
                        // row and its period stand, and nothing is opened twice.
                        continue;
                    }
                    if (cover.diedIn() != null) {
                        refused.put(key, NikStanding.deceased(sameNik.kpj(), cover.diedIn(), row.fileName(),
                                key.rowNo()));
                        continue;
                    }
                    if (!cover.open() && cover.lastMonth() != null) {
                        YearMonth after = cover.lastMonth().plusMonths(1);
                        reenrolments.put(key, new Reenrolment(row.nikHash(), after.isAfter(month) ? after : month));
                        continue;
                    }
                }
                if (r.code().equals(NikStanding.ALREADY_ENROLLED) && !sameNik.kpj().equals(o.kpj())) {
                    r = kpjMismatch(sameNik.kpj(), o.kpj());
                }
                refused.put(key, r);
                continue;
            }
            Worker sameKpj = byKpj.get(o.kpj());
            if (sameKpj != null && !Objects.equals(sameKpj.nikHash(), row.nikHash())) {
                refused.put(key, kpjTaken(o.kpj()));
            }
        }
        return decisions;
    }

    /**
     * A worker's periods as the re-enrollment check needs them: whether one is open, whether one was
     * opened by the row at hand, the month of death if one ended DIED, and the latest last month.
     */
    private record Cover(boolean open, boolean openedByThisRow, YearMonth diedIn, YearMonth lastMonth) {
    }

    /**
     * Reads the worker's periods with the worker's row locked until the transaction ends, as an end or a
     * handover does (CoverageLedger.endOpen): a death recorded meanwhile is seen, or waits for this.
     */
    private static Cover cover(Connection c, String nikHash, String rowSource) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kpj FROM worker WHERE nik_hash = ? FOR UPDATE")) {
            ps.setString(1, nikHash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        boolean open = false;
        boolean byRow = false;
        YearMonth died = null;
        YearMonth last = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT open_nik_hash, opened_by, end_reason, last_month"
                + " FROM coverage_period WHERE nik_hash = ?")) {
            ps.setString(1, nikHash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    open |= rs.getString(1) != null;
                    byRow |= rowSource.equals(rs.getString(2));
                    String reason = rs.getString(3);
                    YearMonth lastMonth = rs.getString(4) == null ? null : YearMonth.parse(rs.getString(4));
                    if (EndReason.DIED.name().equals(reason)) {
                        died = lastMonth;
                    }
                    if (lastMonth != null && (last == null || lastMonth.isAfter(last))) {
                        last = lastMonth;
                    }
                }
            }
        }
        return new Cover(open, byRow, died, last);
    }

    /**
     * The re-enrolled rows' workers are covered again: a new period from the decided month, opened by the
     * row (which is ENROLLED with the KPJ by now), under the re-enrolling agency, which the worker's
     * record then names, as after a handover. The worker keeps the data of their first enrolment, but for
     * the village and trade the new row names (V35: a worker who comes back has often moved or changed work).
     *
     * @return the rows whose period could not be opened (none but in a race the worker's lock forbids)
     */
    static List<RowOutcome> reopen(Connection c, Map<RowKey, Reenrolment> reenrolments, List<RowOutcome> outcomes,
                                   Instant now) throws SQLException {
        List<RowOutcome> notOpened = new ArrayList<>();
        if (reenrolments.isEmpty()) {
            return notOpened;
        }
        try (PreparedStatement period = c.prepareStatement("INSERT INTO coverage_period (nik_hash, kpj, agency_id,"
                + " first_month, opened_at, opened_by, open_nik_hash)"
                + " SELECT r.nik_hash, r.kpj, ?, ?, ?, ?, r.nik_hash FROM file_row r"
                + " WHERE r.file_id = ? AND r.row_no = ? AND CONCAT(r.state, '') = 'ENROLLED' AND r.kpj = ?"
                + " ON CONFLICT DO NOTHING");
             PreparedStatement worker = c.prepareStatement(
                     "UPDATE worker SET agency_id = ?, district = ?, kelurahan = COALESCE(?, kelurahan),"
                     + " occupation = COALESCE(?, occupation) WHERE nik_hash = ?");
             // The income the re-enrolling row declares holds from the new period's first month (V20),
             // replacing a correction made for that month before; a row without income keeps the one in force.
             PreparedStatement dropIncome = c.prepareStatement("DELETE FROM worker_income WHERE kpj = ? AND from_month = ?"
                     + " AND EXISTS (SELECT 1 FROM file_row r WHERE r.file_id = ? AND r.row_no = ?"
                     + " AND r.monthly_income IS NOT NULL)");
             PreparedStatement income = c.prepareStatement("INSERT INTO worker_income (kpj, from_month, monthly_income,"
                     + " source, recorded_at) SELECT ?, ?, r.monthly_income, ?, ? FROM file_row r"
                     + " WHERE r.file_id = ? AND r.row_no = ? AND r.monthly_income IS NOT NULL")) {
            for (RowOutcome o : outcomes) {
                Reenrolment back = reenrolments.get(RowKey.of(o));
                if (back == null) {
                    continue;
                }
                period.setString(1, o.agencyId());
                period.setString(2, back.firstMonth().toString());
                DbTime.set(period, 3, now);
                period.setString(4, CoverageLedger.rowSource(o.fileId(), o.rowNo()));
                period.setLong(5, o.fileId());
                period.setInt(6, o.rowNo());
                period.setString(7, o.kpj());
                if (period.executeUpdate() == 1) {
                    worker.setString(1, o.agencyId());
                    worker.setString(2, o.district());
                    worker.setString(3, o.profile() == null ? null : o.profile().kelurahan());
                    worker.setString(4, o.profile() == null ? null : o.profile().occupation());
                    worker.setString(5, back.nikHash());
                    worker.executeUpdate();
                    dropIncome.setString(1, o.kpj());
                    dropIncome.setString(2, back.firstMonth().toString());
                    dropIncome.setLong(3, o.fileId());
                    dropIncome.setInt(4, o.rowNo());
                    dropIncome.executeUpdate();
                    income.setString(1, o.kpj());
                    income.setString(2, back.firstMonth().toString());
                    income.setString(3, CoverageLedger.rowSource(o.fileId(), o.rowNo()));
                    DbTime.set(income, 4, now);
                    income.setLong(5, o.fileId());
                    income.setInt(6, o.rowNo());
                    income.executeUpdate();
                } else {
                    notOpened.add(o);
                }
            }
        }
        return notOpened;
    }

    /** The refused rows end REJECTED with their reason; an enrolled worker's KPJ is quoted on the row. */
    static int turnAway(Connection c, Map<RowKey, RowRejection> refused, Instant now) throws SQLException {
        if (refused.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'REJECTED', reasons = ?,"
                + " kpj = (SELECT w.kpj FROM worker w WHERE w.nik_hash = file_row.nik_hash AND ? = 1),"
                + " last_error = NULL, live_nik_hash = NULL, updated_at = ?,"
                // A row caught after its own update in this transaction has counted BPJS's answer already.
                + " attempts = attempts + CASE WHEN state = 'ENROLLED' THEN 0 ELSE 1 END"
                // ENROLLED too: a row the check only caught after its own update, in the same transaction.
                + " WHERE file_id = ? AND row_no = ? AND state IN ('PENDING', 'PARKED', 'ENROLLED')")) {
            for (Map.Entry<RowKey, RowRejection> e : refused.entrySet()) {
                ps.setString(1, RejectionsJson.write(List.of(e.getValue())));
                ps.setInt(2, e.getValue().code().equals(NikStanding.ALREADY_ENROLLED) ? 1 : 0);
                DbTime.set(ps, 3, now);
                ps.setLong(4, e.getKey().fileId());
                ps.setInt(5, e.getKey().rowNo());
                ps.addBatch();
            }
            int changed = 0;
            for (int n : ps.executeBatch()) {
                changed += Math.max(0, n);
            }
            return changed;
        }
    }

    /** A re-enrollment whose new period could not be opened: the row is not recorded as enrolled. */
    static RowRejection notReopened(String kpj) {
        return new RowRejection("NIK", NikStanding.ALREADY_ENROLLED,
                "Sudah terdaftar sebagai peserta BPJS Ketenagakerjaan (KPJ " + kpj + ") dan ditanggung; tidak dicatat"
                        + " sebagai pendaftaran ulang",
                "Already enrolled in BPJS Ketenagakerjaan (KPJ " + kpj + ") and covered; not recorded as a"
                        + " re-enrollment");
    }

    private static RowRejection kpjMismatch(String enrolledKpj, String answeredKpj) {
        return new RowRejection("NIK", NikStanding.DATA_CONFLICT,
                "NIK ini sudah terdaftar dengan KPJ " + enrolledKpj + ", tetapi BPJS menjawab KPJ " + answeredKpj
                        + ". Tidak dicatat; petugas TI perlu memeriksa dengan BPJS",
                "This NIK is already enrolled with KPJ " + enrolledKpj + ", but BPJS answered KPJ " + answeredKpj
                        + ". Not recorded; an operator needs to check with BPJS");
    }

    private static RowRejection kpjTaken(String kpj) {
        return new RowRejection("NIK", NikStanding.DATA_CONFLICT,
                "BPJS menjawab KPJ " + kpj + ", yang sudah dimiliki peserta lain (NIK lain). Tidak dicatat;"
                        + " petugas TI perlu memeriksa dengan BPJS",
                "BPJS answered KPJ " + kpj + ", which already belongs to another worker (another NIK). Not recorded;"
                        + " an operator needs to check with BPJS");
    }

    private record RowIdentity(String nikHash, String name, String birthHash, String fileName) {
    }

    private record Worker(String nikHash, String kpj, String name, String birthHash, RowKey origin) {
    }

    /**
     * One query per file (a job's outcomes are all of one file), as a range of the primary key: H2 plans
     * {@code row_no IN (...)} as a walk over all of the file's rows, thousands per job (docs/performance.md).
     * A job's rows lie close together, so the range holds little more than the job.
     */
    private static Map<RowKey, RowIdentity> rows(Connection c, List<RowOutcome> outcomes) throws SQLException {
        Map<Long, List<Integer>> rowsByFile = new LinkedHashMap<>();
        for (RowOutcome o : outcomes) {
            rowsByFile.computeIfAbsent(o.fileId(), f -> new ArrayList<>()).add(o.rowNo());
        }
        Map<RowKey, RowIdentity> rows = new HashMap<>();
        for (Map.Entry<Long, List<Integer>> file : rowsByFile.entrySet()) {
            Set<Integer> wanted = new HashSet<>(file.getValue());
            String fileName = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT file_name FROM agency_file WHERE id = ?")) {
                ps.setLong(1, file.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    fileName = rs.next() ? rs.getString(1) : null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT row_no, nik_hash, name, birth_hash, state FROM file_row"
                    + " WHERE file_id = ? AND row_no BETWEEN ? AND ?")) {
                ps.setLong(1, file.getKey());
                ps.setInt(2, Collections.min(wanted));
                ps.setInt(3, Collections.max(wanted));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int rowNo = rs.getInt(1);
                        // A row already REJECTED or REFUSED was decided before (a redelivered answer): left alone.
                        String state = rs.getString(5);
                        if (wanted.contains(rowNo) && !state.equals("REJECTED") && !state.equals("REFUSED")) {
                            rows.put(new RowKey(file.getKey(), rowNo),
                                    new RowIdentity(rs.getString(2), rs.getString(3), rs.getString(4), fileName));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static Map<String, Worker> workers(Connection c, String column, List<String> values) throws SQLException {
        Map<String, Worker> found = new HashMap<>();
        List<String> distinct = values.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", Collections.nCopies(distinct.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT nik_hash, kpj, name, birth_hash, file_id, row_no"
                + " FROM worker WHERE " + column + " IN (" + marks + ")")) {
            for (int i = 0; i < distinct.size(); i++) {
                ps.setString(i + 1, distinct.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Worker w = new Worker(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            new RowKey(rs.getLong(5), rs.getInt(6)));
                    found.put(column.equals("kpj") ? w.kpj() : w.nikHash(), w);
                }
            }
        }
        return found;
    }
}
