package id.jamsos.gateway.ops;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerWriteHealth;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.Retention;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.support.CountingDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A private in-memory ledger with the status page's parts around it (no broker: queue depths read
 * "unknown"), and ways to fill it with files, rows, workers and claims as the gateway would.
 */
final class SeededStatusLedger implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-03-15T03:00:00Z");
    static final ZoneId ZONE = ZoneId.of("Asia/Jayapura");
    static final long ANNUAL_BUDGET = 100_000L;

    final HikariDataSource h2;
    /** Every ledger part below reads through it, so a test can count the statements a view makes. */
    final CountingDataSource counted;
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Ledger ledger;
    final OpsQueries queries;
    private final CamelContext camel;
    final FinanceLedger finance;
    final StatementBuilder statements;
    /** Programme 2026 (January to December) with a budget of ANNUAL_BUDGET. */
    final BudgetPlanner budget;
    final QueueDepths depths;
    final GatewayMetrics metrics;
    final OpsHealth health;
    final HostKeyAlarm hostKeys;
    private int checksums;
    private int claims;

    SeededStatusLedger() {
        h2 = LedgerDataSource.create(LedgerDataSource.h2MemUrl("status-page-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(h2);
        counted = new CountingDataSource(h2);
        ledger = new Ledger(counted, clock);
        queries = new OpsQueries(counted);
        finance = new FinanceLedger(counted);
        StatementBuilder.InvoiceSource noInvoice = (period, region) -> {
            throw new IllegalStateException("no invoice here");
        };
        statements = new StatementBuilder(finance, ledger, AgencyRegistry.of(List.of()), 
                new id.jamsos.gateway.finance.Programme("2024", java.time.YearMonth.of(2024, 1), java.time.YearMonth.of(2024, 12),
                        List.of(new id.jamsos.gateway.finance.Programme.FundingSource("APBD_KOTA", "APBD Kota",
                                2_200_000_000L, "5.1.02.01.001", List.of())), "APBD_KOTA"), noInvoice, "9671",
                1_000_000L, ANNUAL_BUDGET, ZONE, Json.mapper(), clock);
        budget = new BudgetPlanner(new Programme("2026", java.time.YearMonth.of(2026, 1), java.time.YearMonth.of(2026, 12),
                List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", ANNUAL_BUDGET, "5.1.02.01.001", List.of())),
                "APBD_KOTA"), new BudgetLedger(counted, PersonalDataCipher.forTests(), clock), 1_000_000L, ZONE, clock);
        depths = new QueueDepths(noBroker(), List.of("jamsos.enrollment", "DLQ.jamsos.enrollment"),
                new QueueDepths.DeadLetters("DLQ.", "", List.of("jamsos.enrollment")), 10_000, 5_000, clock);
        metrics = new GatewayMetrics(queries, depths, clock);
        // The page shows the health checks of a started Camel context: here the ledger's readiness check alone.
        camel = new DefaultCamelContext();
        HealthCheckRegistry.get(camel).register(new LedgerReadyCheck(queries, LedgerWriteHealth.of(counted)));
        camel.start();
        health = new OpsHealth(() -> camel, queries, depths);
        hostKeys = new HostKeyAlarm(new SimpleMeterRegistry(), clock);
    }

    /** The page over this ledger, for these configured agencies. */
    OpsPage page(List<String> configuredAgencies) {
        return new OpsPage(queries, metrics, depths, health, () -> configuredAgencies,
                List.of("DLQ.jamsos.enrollment"), clock, ZONE, budget::plan, hostKeys, null,
                new OpsTemplates());
    }

    /**
     * A file that ended DONE: rows 1-2 rejected, 3-5 enrolled (Rp 1,500,000 declared), 6-7 refused
     * (reason {@code refusal}), 8 parked.
     */
    long doneFile(String agency, String name, Instant receivedAt, String refusal) {
        long id = fileWithRows(agency, name, receivedAt, 8);
        ledger.recordOutcomes(List.of(
                new RowOutcome(id, 3, RowState.ENROLLED, kpj(id, 3), null, agency, "Sorong Timur"),
                new RowOutcome(id, 4, RowState.ENROLLED, kpj(id, 4), null, agency, "Sorong Timur"),
                new RowOutcome(id, 5, RowState.ENROLLED, kpj(id, 5), null, agency, "Sorong Timur"),
                new RowOutcome(id, 6, RowState.REFUSED, null, refusal, agency, null),
                new RowOutcome(id, 7, RowState.REFUSED, null, refusal, agency, null),
                new RowOutcome(id, 8, RowState.PARKED, null, "503 after 10 attempts", agency, null)));
        if (!ledger.tryStartReporting(id)) {
            throw new IllegalStateException("file " + id + " did not start reporting");
        }
        ledger.markReported(id);
        return id;
    }

    /** A file still PROCESSING: rows 1-2 rejected, 3-4 enrolled, 5-{@code rows} pending. */
    long processingFile(String agency, String name, Instant receivedAt, int rows) {
        long id = fileWithRows(agency, name, receivedAt, rows);
        ledger.recordOutcomes(List.of(
                new RowOutcome(id, 3, RowState.ENROLLED, kpj(id, 3), null, agency, "Sorong"),
                new RowOutcome(id, 4, RowState.ENROLLED, kpj(id, 4), null, agency, "Sorong")));
        return id;
    }

    /** A file that FAILED with {@code error} before its rows were stored. */
    long failedFile(String agency, String name, Instant receivedAt, String error) {
        long id = ledger.registerFile(agency, name, checksum(), receivedAt).fileId();
        ledger.failFile(id, error);
        return id;
    }

    /** Purges the rows of every file that finished before now, keeping their counts. */
    void purgeFinished() {
        new Retention(counted, clock).purgeFinishedBefore(NOW.plusSeconds(1), 100);
    }

    /** A claim BPJS sent for the worker of {@code kpj}; published to finance when {@code published}. */
    String claim(String claimId, String agency, String kpj, boolean published) {
        finance.recordClaim(new ClaimRecord(claimId, "JKM", kpj, "9271014501900001", 42_000_000L, agency,
                NOW.minusSeconds(60L * ++claims), "{}"), new ClaimMessage(claimId, "finance", null, "{}", Map.of()));
        if (published) {
            finance.markPublished(List.of(claimId), NOW);
        }
        return claimId;
    }

    static String kpj(long fileId, int rowNo) {
        return String.format("K%05d%06d", fileId, rowNo);
    }

    private long fileWithRows(String agency, String name, Instant receivedAt, int count) {
        long id = ledger.registerFile(agency, name, checksum(), receivedAt).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        for (int row = 1; row <= count; row++) {
            boolean rejected = row <= 2;
            rows.add(new LedgerRow(id, row, String.format("9271%06d%06d", id % 1_000_000, row), "Pekerja " + row,
                    rejected ? RowState.REJECTED : RowState.PENDING, List.of(), rejected ? null : "key-" + id + "-" + row,
                    null, null, rejected ? null : 1_500_000L, null));
        }
        ledger.insertRows(id, rows);
        ledger.completeIntake(id, count, 2);
        return id;
    }

    private String checksum() {
        return String.format("%064d", ++checksums);
    }

    /** A broker that is not there: every connection attempt fails at once. */
    private static ConnectionFactory noBroker() {
        return (ConnectionFactory) Proxy.newProxyInstance(ConnectionFactory.class.getClassLoader(),
                new Class<?>[] {ConnectionFactory.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "no broker" : method.invoke("no broker", args);
                    }
                    throw new JMSException("no broker in this test");
                });
    }

    @Override
    public void close() {
        depths.close();
        camel.stop();
        h2.close();
    }
}
