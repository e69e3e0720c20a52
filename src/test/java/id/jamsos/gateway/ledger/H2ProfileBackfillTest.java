package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workers enrolled before V35 get their profile from the request the ledger still keeps, once: a worker
 * whose row lost its request (purged) or whose request cannot be decrypted stays unknown, and a second
 * start changes nothing.
 */
class H2ProfileBackfillTest {

    @Test
    void workersEnrolledBeforeV35GetTheProfileTheirKeptRequestNamesOnce() throws Exception {
        try (H2TestDatabase db = new H2TestDatabase()) {
            LedgerMigrations.migrate(db.dataSource());
            PersonalDataCipher pii = PersonalDataCipher.forTests();
            Instant at = Instant.parse("2026-01-10T01:00:00Z");
            Ledger ledger = new Ledger(db.dataSource(), Clock.fixed(at, ZoneOffset.UTC), pii);
            long file = ledger.registerFile("AG1", "lama.csv", "b".repeat(64), at).fileId();
            ledger.insertRows(file, TestRows.allPending(file, 1, 3));
            ledger.completeIntake(file, 3, 0);
            ledger.recordOutcomes(List.of(TestRows.enrolled(file, 1), TestRows.enrolled(file, 2),
                    TestRows.enrolled(file, 3)));
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "UPDATE file_row SET request_json = ? WHERE file_id = ? AND row_no = ?")) {
                EnrollmentRequest request = new EnrollmentRequest("k1", TestRows.nik(file, 1), "Nama", "1988-04-05",
                        "P", "Sorong", "Jl. Ahmad Yani", "Klasaman", "Sorong Timur", null, "Nelayan", 1_000_000L,
                        List.of("JKK", "JKM"), "9671");
                ps.setString(1, pii.encryptText(Json.mapper().writeValueAsString(
                        new EnrollmentJob.Item(1, "Sorong Timur", request, null)), CipherContext.rowRequest(file, 1)));
                ps.setLong(2, file);
                ps.setInt(3, 1);
                ps.executeUpdate();
                // Row 2's request is under another row's context (as if copied): it does not open.
                ps.setString(1, pii.encryptText(Json.mapper().writeValueAsString(
                        new EnrollmentJob.Item(2, "Sorong Timur", request, null)), CipherContext.rowRequest(file, 9)));
                ps.setLong(2, file);
                ps.setInt(3, 2);
                ps.executeUpdate();
            }

            assertThat(ProfileBackfill.run(db.dataSource(), pii, Json.mapper(), Clock.systemUTC())).isEqualTo(1);
            assertThat(profile(db, TestRows.kpj(file, 1))).containsExactly("Klasaman", "nelayan", "P", "1988");
            assertThat(profile(db, TestRows.kpj(file, 2))).containsExactly(null, null, null, null);
            assertThat(profile(db, TestRows.kpj(file, 3))).containsExactly(null, null, null, null);
            // Done once.
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE worker SET kelurahan = NULL, occupation = NULL,"
                         + " sex = NULL, birth_year = NULL")) {
                ps.executeUpdate();
            }
            assertThat(ProfileBackfill.run(db.dataSource(), pii, Json.mapper(), Clock.systemUTC())).isZero();
            assertThat(profile(db, TestRows.kpj(file, 1))).containsExactly(null, null, null, null);
        }
    }

    private static List<String> profile(H2TestDatabase db, String kpj) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT kelurahan, occupation, sex, birth_year FROM worker WHERE kpj = ?")) {
            ps.setString(1, kpj);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                java.util.ArrayList<String> out = new java.util.ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    out.add(rs.getString(i));
                }
                return out;
            }
        }
    }
}
