package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.enrolled;
import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static id.jamsos.gateway.ledger.TestRows.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each encrypted value opens only in the row and column it was written for: a ciphertext moved by
 * plain SQL (someone with write access, a restored backup mixed with a live one) fails to decrypt
 * instead of showing one worker's NIK on another's row. Values written before that binding are still
 * read, and the start-up pass binds them, in batches, finishing a pass cut off half way.
 */
abstract class PersonalDataBindingContractTest extends LedgerDatabaseContract {

    private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");
    private static final String UNREADABLE = "an encrypted value could not be decrypted (wrong key or altered)";

    private Ledger ledger;
    private FinanceLedger finance;
    private OpsQueries ops;
    private int files;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource());
        finance = new FinanceLedger(db.dataSource());
        ops = new OpsQueries(db.dataSource());
    }

    @Test
    void aNikCopiedToAnotherRowDoesNotDecryptThere() throws Exception {
        long file = fileWithPendingRows(2);
        sql("UPDATE file_row SET nik_enc = (SELECT nik_enc FROM file_row WHERE file_id = ? AND row_no = 1)"
                + " WHERE file_id = ? AND row_no = 2", file, file);

        assertUnreadable(() -> ledger.forEachRow(file, r -> { }), nik(file, 1), nik(file, 2));
        assertUnreadable(() -> ops.rows(file, List.of(RowState.PENDING), 10), nik(file, 1), nik(file, 2));
    }

    @Test
    void workersWhoseNiksAreSwappedCannotBeRead() throws Exception {
        long file = fileWithPendingRows(2);
        ledger.recordOutcomes(List.of(enrolled(file, 1), enrolled(file, 2)));
        assertThat(ledger.findWorkerByKpj(kpj(file, 2))).get().extracting(WorkerEnrollment::nik).isEqualTo(nik(file, 2));

        String one = value("SELECT nik_enc FROM worker WHERE kpj = ?", kpj(file, 1));
        String two = value("SELECT nik_enc FROM worker WHERE kpj = ?", kpj(file, 2));
        sql("UPDATE worker SET nik_enc = ? WHERE kpj = ?", two, kpj(file, 1));
        sql("UPDATE worker SET nik_enc = ? WHERE kpj = ?", one, kpj(file, 2));

        assertUnreadable(() -> ledger.findWorkerByKpj(kpj(file, 1)), nik(file, 1), nik(file, 2));
        assertUnreadable(() -> ledger.findWorkerByKpj(kpj(file, 2)), nik(file, 1), nik(file, 2));
        assertUnreadable(() -> finance.forEachWorkerCoveredIn(
                YearMonth.from(NOW.atZone(CoverageLedger.DEFAULT_ZONE)).plusMonths(13), null, w -> { }),
                nik(file, 1), nik(file, 2));
    }

    @Test
    void aClaimsNikCopiedToAnotherClaimDoesNotDecryptThere() throws Exception {
        recordClaim("C-1", "3171010101900001");
        recordClaim("C-2", "3171010101900002");
        sql("UPDATE claim SET nik_enc = (SELECT nik_enc FROM claim WHERE claim_id = 'C-1') WHERE claim_id = 'C-2'");

        assertThat(ledger.claim("C-1")).get().extracting(ClaimRecord::nik).isEqualTo("3171010101900001");
        assertUnreadable(() -> ledger.claim("C-2"), "3171010101900001", "3171010101900002");
    }

    @Test
    void aValueMovedToAnotherColumnOfItsOwnRowDoesNotDecrypt() throws Exception {
        recordClaim("C-1", "3171010101900001");
        // Both are encrypted JSON of the same claim: before binding, the finance message read as the payload.
        sql("UPDATE claim SET payload = message WHERE claim_id = 'C-1'");
        assertUnreadable(() -> finance.claimPayload("C-1"), "3171010101900001");

        long file = fileWithPendingRows(1);
        sql("UPDATE file_row SET request_json = CONCAT('enc:', nik_enc) WHERE file_id = ?", file);
        sql("UPDATE file_row SET state = 'PARKED', live_nik_hash = NULL WHERE file_id = ?", file);
        assertUnreadable(() -> ops.parkedItems(file), nik(file, 1));
    }

    @Test
    void aStoredRequestCopiedToAnotherRowDoesNotDecryptThere() throws Exception {
        long file = fileWithPendingRows(2);
        sql("UPDATE file_row SET request_json = (SELECT request_json FROM file_row WHERE file_id = ? AND row_no = 1)"
                + " WHERE file_id = ? AND row_no = 2", file, file);
        sql("UPDATE file_row SET state = 'PARKED', live_nik_hash = NULL WHERE file_id = ?", file);

        assertUnreadable(() -> ops.parkedItems(file), nik(file, 1), nik(file, 2));
    }

    @Test
    void valuesWrittenBeforeBindingAreReadThenBoundAtStart() throws Exception {
        long file = fileWithPendingRows(3);
        ledger.recordOutcomes(List.of(enrolled(file, 1)));
        recordClaim("C-1", "3171010101900001");
        // As a ledger of the gateway before binding holds them.
        for (int row = 1; row <= 3; row++) {
            sql("UPDATE file_row SET nik_enc = ?, request_json = ? WHERE file_id = ? AND row_no = ?",
                    UnboundCiphertexts.forTests(nik(file, row)),
                    "enc:" + UnboundCiphertexts.forTests(request(file, row)), file, row);
        }
        sql("UPDATE worker SET nik_enc = ? WHERE kpj = ?", UnboundCiphertexts.forTests(nik(file, 1)), kpj(file, 1));
        sql("UPDATE claim SET nik_enc = ?, payload = ?, message = ? WHERE claim_id = 'C-1'",
                UnboundCiphertexts.forTests("3171010101900001"), "enc:" + UnboundCiphertexts.forTests("{\"p\":1}"),
                "enc:" + UnboundCiphertexts.forTests("{\"m\":1}"));

        readsBack(file);
        assertThat(new PersonalDataMigration(db.dataSource(), PersonalDataCipher.forTests()).run()).isEqualTo(3 + 3 + 1 + 3);
        assertThat(storedValues()).hasSize(10).allSatisfy(v -> assertThat(v).matches("(enc:)?v2\\.test:.*"));
        readsBack(file);
        assertThat(new PersonalDataMigration(db.dataSource(), PersonalDataCipher.forTests()).run()).isZero();

        // Bound now: the same move as above fails.
        sql("UPDATE file_row SET nik_enc = (SELECT nik_enc FROM file_row WHERE file_id = ? AND row_no = 1)"
                + " WHERE file_id = ? AND row_no = 2", file, file);
        assertUnreadable(() -> ledger.forEachRow(file, r -> { }), nik(file, 1), nik(file, 2));
    }

    @Test
    void aPassCutOffHalfWayIsFinishedByTheNextStart() throws Exception {
        int rows = 700;
        long file = fileWithPendingRows(rows);
        List<Object[]> unbound = new ArrayList<>();
        for (int row = 1; row <= rows; row++) {
            // The last row under a key this start lacks: the pass stops there, in its second batch.
            unbound.add(new Object[] {row == rows ? UnboundCiphertexts.encrypt("gone", GONE_KEY, nik(file, row))
                    : UnboundCiphertexts.forTests(nik(file, row)), file, row});
        }
        sqlBatch("UPDATE file_row SET nik_enc = ? WHERE file_id = ? AND row_no = ?", unbound);

        assertThatThrownBy(() -> new PersonalDataMigration(db.dataSource(), PersonalDataCipher.forTests()).run())
                .isInstanceOf(LedgerException.class).hasMessageContaining("gone").hasMessageNotContaining(nik(file, rows));
        // The first batch of 500 stays done; the second was rolled back whole.
        assertThat(count("SELECT COUNT(*) FROM file_row WHERE nik_enc LIKE 'v2.test:%'")).isEqualTo(500);
        assertThat(count("SELECT COUNT(*) FROM file_row WHERE nik_enc LIKE 'test:%'")).isEqualTo(rows - 501);

        PersonalDataCipher withOldKey = new PersonalDataCipher(
                "jamsos-test-only-hmac-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII), "test",
                Map.of("test", UnboundCiphertexts.TEST_KEY, "gone", GONE_KEY));
        assertThat(new PersonalDataMigration(db.dataSource(), withOldKey).run()).isEqualTo(rows - 500);
        assertThat(count("SELECT COUNT(*) FROM file_row WHERE nik_enc LIKE 'v2.test:%'")).isEqualTo(rows);
        List<String> niks = new ArrayList<>();
        new Ledger(db.dataSource(), withOldKey).forEachRow(file, r -> niks.add(r.nik()));
        assertThat(niks).hasSize(rows).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, rows).mapToObj(r -> nik(file, r)).toList());
    }

    private static final byte[] GONE_KEY = "another-aes-key-exactly-32-bytes".getBytes(StandardCharsets.US_ASCII);

    private void readsBack(long file) {
        List<String> niks = new ArrayList<>();
        ledger.forEachRow(file, r -> niks.add(r.nik()));
        assertThat(niks).containsExactly(nik(file, 1), nik(file, 2), nik(file, 3));
        assertThat(ledger.findWorkerByKpj(kpj(file, 1))).get().extracting(WorkerEnrollment::nik).isEqualTo(nik(file, 1));
        assertThat(ledger.claim("C-1")).get().satisfies(c -> {
            assertThat(c.nik()).isEqualTo("3171010101900001");
            assertThat(c.payloadJson()).isEqualTo("{\"p\":1}");
        });
        sql("UPDATE file_row SET state = 'PARKED', live_nik_hash = NULL WHERE file_id = ? AND row_no = 2", file);
        assertThat(ops.parkedItems(file)).singleElement()
                .satisfies(i -> assertThat(i.itemJson()).isEqualTo(request(file, 2)));
        sql("UPDATE file_row SET state = 'PENDING' WHERE file_id = ? AND row_no = 2", file);
    }

    private List<String> storedValues() throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String q : List.of("SELECT nik_enc FROM file_row", "SELECT request_json FROM file_row",
                    "SELECT nik_enc FROM worker", "SELECT nik_enc FROM claim", "SELECT payload FROM claim",
                    "SELECT message FROM claim")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
        }
        return values;
    }

    private static String request(long file, int row) {
        return "{\"rowNo\":" + row + ",\"nik\":\"" + nik(file, row) + "\"}";
    }

    /** A file with rows 1..n PENDING and each row's request stored. */
    private long fileWithPendingRows(int n) {
        long id = ledger.registerFile("AG1", "f" + (++files) + ".csv", String.format("%064d", files), NOW).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        Map<Integer, String> requests = new java.util.HashMap<>();
        for (int row = 1; row <= n; row++) {
            rows.add(pending(id, row));
            requests.put(row, request(id, row));
        }
        ledger.insertRows(id, rows);
        ops.storeItems(id, requests);
        return id;
    }

    private void recordClaim(String claimId, String nik) {
        assertThat(finance.recordClaim(new ClaimRecord(claimId, "JKM", "K" + claimId, nik, 42_000_000L, "AG1", NOW,
                "{\"nik\":\"" + nik + "\"}"), new ClaimMessage(claimId, "finance", null, "{\"claimId\":\"" + claimId
                + "\"}", Map.of()))).isTrue();
    }

    private static void assertUnreadable(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String... niks) {
        var thrown = assertThatThrownBy(read).isInstanceOf(LedgerException.class).hasMessage(UNREADABLE);
        for (String nik : niks) {
            thrown.hasMessageNotContaining(nik);
        }
    }

    private void sql(String sql, Object... params) {
        sqlBatch(sql, List.<Object[]>of(params));
    }

    private void sqlBatch(String sql, List<Object[]> rows) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] params : rows) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String value(String sql, Object param) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
