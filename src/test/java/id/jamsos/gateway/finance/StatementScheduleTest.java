package id.jamsos.gateway.finance;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the monthly statement is due: from the cron's first firing of the month, in the city's time
 * zone, until the month's statement is recorded, whether or not the gateway ran at the cron minute;
 * never for a month in which nobody was covered.
 */
class StatementScheduleTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");

    private HikariDataSource ds;
    private FinanceLedger finance;

    @BeforeEach
    void ledgerWithOneWorkerEnrolledOnThe10thOfFebruary() throws Exception {
        ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("schedule-" + UUID.randomUUID()), "sa", "", 2);
        LedgerMigrations.migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO agency_file (id, agency_id, file_name, checksum, received_at, state)"
                    + " VALUES (1, 'dinas-sosial', 'feb.csv', 'abc', TIMESTAMP WITH TIME ZONE '2024-02-10 00:00:00+00', 'DONE')");
            s.executeUpdate("INSERT INTO file_row (file_id, row_no, nik, name, state, kpj, updated_at, monthly_income)"
                    + " VALUES (1, 2, '9271011019900001', 'Pekerja', 'ENROLLED', '20000000000',"
                    + " TIMESTAMP WITH TIME ZONE '2024-02-10 00:00:00+00', 1000000)");
            s.executeUpdate("INSERT INTO worker (nik, kpj, name, agency_id, district, file_id, row_no, enrolled_at)"
                    + " VALUES ('9271011019900001', '20000000000', 'Pekerja', 'dinas-sosial', 'Sorong', 1, 2,"
                    + " TIMESTAMP WITH TIME ZONE '2024-02-10 00:00:00+00')");
        }
        // As the gateway starts on a ledger written before coverage periods: the NIK is hashed and
        // encrypted, and the worker gets the period it lacks, from February (the month enrolled in WIT).
        new id.jamsos.gateway.ledger.PersonalDataMigration(ds, id.jamsos.gateway.ledger.PersonalDataCipher.forTests())
                .run();
        assertThat(new id.jamsos.gateway.ledger.CoverageLedger(ds, Clock.systemUTC(), WIT).openMissing()).isEqualTo(1);
        finance = new FinanceLedger(ds);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void februarysStatementIsDueFromSixOnTheFirstOfMarchInSorong() {
        assertThat(dueAt("2024-03-01T05:59")).isEmpty();
        assertThat(dueAt("2024-03-01T06:00")).hasValue(YearMonth.of(2024, 2));
        // 00:30 WIT on 1 March is still 29 February in UTC: the month is the city's, not the server's.
        assertThat(dueAt("2024-03-01T00:30", "0 0 1 * *")).hasValue(YearMonth.of(2024, 2));
    }

    @Test
    void aGatewayDownAtTheCronMinuteCatchesUpWhenItStartsAndOnlyOnce() {
        assertThat(dueAt("2024-03-19T14:00")).hasValue(YearMonth.of(2024, 2));
        finance.recordStatement("2024-02", ContributionStatement.ALL, "statement-2024-02-all-x", Instant.now());
        assertThat(dueAt("2024-03-19T14:15")).isEmpty();
        assertThat(dueAt("2024-03-31T23:59")).isEmpty();
    }

    @Test
    void aMonthInWhichNobodyWasCoveredHasNoStatement() {
        // January: the only worker was enrolled in February.
        assertThat(dueAt("2024-02-01T06:00")).isEmpty();
    }

    @Test
    void aQuarterlyCronMakesNoStatementDueInTheMonthsBetween() {
        assertThat(dueAt("2024-03-20T12:00", "0 6 1 1,4,7,10 *")).isEmpty();
        assertThat(dueAt("2024-04-01T06:00", "0 6 1 1,4,7,10 *")).hasValue(YearMonth.of(2024, 3));
    }

    private Optional<YearMonth> dueAt(String witTime) {
        return dueAt(witTime, "0 6 1 * *");
    }

    private Optional<YearMonth> dueAt(String witTime, String cron) {
        Clock clock = Clock.fixed(LocalDateTime.parse(witTime).atZone(WIT).toInstant(), ZoneId.of("UTC"));
        StatementBuilder.InvoiceSource noInvoice = (period, region) -> {
            throw new IllegalStateException("no invoice in this test");
        };
        StatementBuilder builder = new StatementBuilder(finance, new Ledger(ds), AgencyRegistry.of(List.of()), 
                new id.jamsos.gateway.finance.Programme("2024", java.time.YearMonth.of(2024, 1), java.time.YearMonth.of(2024, 12),
                        List.of(new id.jamsos.gateway.finance.Programme.FundingSource("APBD_KOTA", "APBD Kota",
                                2_200_000_000L, "5.1.02.01.001", List.of())), "APBD_KOTA"), noInvoice,
                "9671", 1_000_000L, 2_200_000_000L, WIT, Json.mapper(), clock);
        return new StatementSchedule(builder, finance, StatementCron.parse(cron, WIT), Json.mapper(), clock).duePeriod();
    }
}
