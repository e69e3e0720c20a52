package id.jamsos.gateway.finance;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PersonalDataMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statement totals on a known ledger: Kota Sorong's 19,336 workers at a declared Rp 1,000,000,
 * twelve months of 2024, come to Rp 3,898,137,600, well over the Rp 2.2 billion budget.
 */
abstract class StatementTotalsContract extends SeededLedgerContract {

    static final int WORKERS = 19_336;
    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(StatementTotalsContract.class.getResourceAsStream("/schemas/contribution-statement-v2.schema.json"));

    StatementTotalsContract(Kind kind) {
        super(kind);
    }

    @Override
    StatementBuilder seed() throws Exception {
        // Enrolled during the last day of 2023 in Sorong (evening, local time), so covered all of 2024.
        Instant enrolled = OffsetDateTime.of(2023, 12, 31, 20, 0, 0, 0, ZoneOffset.ofHours(9)).toInstant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO agency_file (id, agency_id, file_name, checksum, received_at, state)"
                        + " VALUES (1, 'dinas-sosial', 'pbi-2024.csv', 'abc', TIMESTAMP WITH TIME ZONE"
                        + " '2023-12-31 10:00:00+00', 'DONE')");
            }
            try (PreparedStatement row = c.prepareStatement("INSERT INTO file_row (file_id, row_no, nik, name, state,"
                    + " kpj, updated_at, monthly_income) VALUES (1, ?, ?, ?, 'ENROLLED', ?, ?, 1000000)");
                 PreparedStatement worker = c.prepareStatement("INSERT INTO worker (nik, kpj, name, agency_id,"
                         + " district, file_id, row_no, enrolled_at) VALUES (?, ?, ?, 'dinas-sosial', 'Sorong', 1, ?, ?)")) {
                OffsetDateTime at = enrolled.atOffset(ZoneOffset.UTC);
                for (int i = 0; i < WORKERS; i++) {
                    String nik = String.format("927101%06d%04d", 10190 + i / 9000, 1 + i % 9000);
                    String kpj = Long.toString(20_000_000_000L + i);
                    row.setInt(1, i + 2);
                    row.setString(2, nik);
                    row.setString(3, "Pekerja " + i);
                    row.setString(4, kpj);
                    row.setObject(5, at);
                    row.addBatch();
                    worker.setString(1, nik);
                    worker.setString(2, kpj);
                    worker.setString(3, "Pekerja " + i);
                    worker.setInt(4, i + 2);
                    worker.setObject(5, at);
                    worker.addBatch();
                }
                row.executeBatch();
                worker.executeBatch();
            }
            c.commit();
        }
        // As the gateway starts on a ledger written before these columns and tables: the plain NIKs
        // are hashed and encrypted, then every worker gets the period of cover it lacks, from the month
        // enrolled in WIT (December 2023: covered all of 2024).
        new PersonalDataMigration(ds, PersonalDataCipher.forTests()).run();
        assertThat(new CoverageLedger(ds, Clock.systemUTC(), CoverageLedger.DEFAULT_ZONE).openMissing())
                .isEqualTo(WORKERS);
        return builderAt(Instant.parse("2024-06-15T00:00:00Z"), 1_000_000L, 2_200_000_000L);
    }

    @Test
    void twelveMonthsOfTheSorongCohortComeToTheKnownTotal() throws Exception {
        long year = 0;
        for (int month = 1; month <= 12; month++) {
            ContributionStatement s = builder.build(YearMonth.of(2024, month), null);
            assertThat(s.totals()).isEqualTo(new ContributionStatement.Totals(WORKERS, 193_360_000L, 131_484_800L,
                    324_844_800L));
            assertThat(s.invoice()).isNull();
            assertThat(s.invoiceError()).contains("invoice unavailable");
            JsonNode body = Json.mapper().valueToTree(s);
            assertThat(SCHEMA.validate(body)).isEmpty();
            year += s.totals().total();
        }
        assertThat(year).isEqualTo(3_898_137_600L);
    }

    @Test
    void theYearlyProjectionExceedsTheBudgetAndTheStatementWarns() {
        ContributionStatement s = builder.build(YearMonth.of(2024, 3), null);
        assertThat(s.budget().projectedAnnualCost()).isEqualTo(3_898_137_600L);
        assertThat(s.budget().headroom()).isEqualTo(2_200_000_000L - 3_898_137_600L);
        assertThat(s.budget().exceeded()).isTrue();
        assertThat(s.budget().warning()).contains("3.898.137.600").contains("2.200.000.000");
        assertThat(s.summary()).contains("WARNING");
        assertThat(builder.budgetNow()).isEqualTo(s.budget());
    }

    @Test
    void nobodyIsCoveredBeforeTheyEnrolled() {
        assertThat(builder.build(YearMonth.of(2023, 11), null).totals())
                .isEqualTo(new ContributionStatement.Totals(0, 0, 0, 0));
    }

    @Test
    void theSameFiguresGetTheSameMessageId() {
        assertThat(builder.build(YearMonth.of(2024, 5), null).messageId())
                .isEqualTo(builder.build(YearMonth.of(2024, 5), null).messageId())
                .startsWith("statement-2024-05-all-");
    }

    @Test
    void contributionsFollowTheIncomeWithTheMinimumAndMaximum() {
        assertThat(ContributionRules.jkk(1_000_000L)).isEqualTo(10_000L);
        assertThat(ContributionRules.jkk(500_000L)).isEqualTo(10_000L);
        assertThat(ContributionRules.jkk(1_234_550L)).isEqualTo(12_346L);
        assertThat(ContributionRules.jkk(1_234_549L)).isEqualTo(12_345L);
        assertThat(ContributionRules.jkk(20_700_000L)).isEqualTo(207_000L);
        assertThat(ContributionRules.jkk(50_000_000L)).isEqualTo(207_000L);
        assertThat(ContributionRules.jkm()).isEqualTo(6_800L);
    }

}
