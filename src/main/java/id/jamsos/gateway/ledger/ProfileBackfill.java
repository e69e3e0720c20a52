package id.jamsos.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * One-off at start (ledger_task "profile-backfill", as CoverageLedger.openMissing): workers enrolled
 * before V35 get their village, trade, sex and birth year from their enrollment request, for as long
 * as retention has kept the row's request_json (decrypted with the personal-data cipher, read one row
 * at a time, never logged). A row whose request cannot be read (a key retired, a foreign shape) is
 * left unknown. Done once: afterwards the coverage reports count the rest as "tidak diketahui / unknown".
 */
public final class ProfileBackfill {

    static final String TASK = "profile-backfill";
    private static final int BATCH = 500;

    private ProfileBackfill() {
    }

    /** The workers given a profile; 0 once the task is done. */
    public static int run(DataSource dataSource, PersonalDataCipher pii, ObjectMapper json, Clock clock) {
        return new Jdbc(dataSource).inTransaction("backfill worker profiles", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ledger_task WHERE name = ?")) {
                ps.setString(1, TASK);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return 0;
                    }
                }
            }
            int filled = 0;
            try (PreparedStatement read = c.prepareStatement("SELECT w.kpj, r.file_id, r.row_no, r.request_json"
                    + " FROM worker w JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + " WHERE w.kelurahan IS NULL AND w.occupation IS NULL AND w.sex IS NULL AND w.birth_year IS NULL"
                    + " AND r.request_json IS NOT NULL", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                 PreparedStatement update = c.prepareStatement("UPDATE worker SET kelurahan = ?, occupation = ?,"
                         + " sex = ?, birth_year = ? WHERE kpj = ?")) {
                read.setFetchSize(BATCH);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        WorkerProfile p = profile(pii, json, rs.getString(4), rs.getLong(2), rs.getInt(3));
                        if (p == null) {
                            continue;
                        }
                        update.setString(1, p.kelurahan());
                        update.setString(2, p.occupation());
                        update.setString(3, p.sex());
                        if (p.birthYear() == null) {
                            update.setNull(4, Types.INTEGER);
                        } else {
                            update.setInt(4, p.birthYear());
                        }
                        update.setString(5, rs.getString(1));
                        update.addBatch();
                        if (++filled % BATCH == 0) {
                            update.executeBatch();
                        }
                    }
                }
                if (filled % BATCH != 0) {
                    update.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_task (name, done_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, TASK);
                DbTime.set(ps, 2, clock.instant());
                ps.executeUpdate();
            }
            return filled;
        });
    }

    /** The row's job item (EnrollmentJob.Item as JSON) read for its request; null when it cannot be. */
    private static WorkerProfile profile(PersonalDataCipher pii, ObjectMapper json, String stored, long fileId,
                                         int rowNo) {
        try {
            JsonNode item = json.readTree(pii.decryptText(stored, CipherContext.rowRequest(fileId, rowNo)));
            JsonNode request = item.path("request");
            if (!request.isObject()) {
                return null;
            }
            return WorkerProfile.of(json.treeToValue(request, EnrollmentRequest.class));
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }
}
