package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditKey;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LedgerAuditTrail;
import id.jamsos.gateway.ledger.AuditLedger;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.changes.ReplayChecks;
import id.jamsos.gateway.cluster.TaskLock;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.FundingRule;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PeriodFunds;
import id.jamsos.gateway.ops.JmsJobSender;
import id.jamsos.gateway.ops.ReviewDesk;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ops.QueueDepths;
import id.jamsos.gateway.ops.Replayer;
import id.jamsos.gateway.ops.WaitlistRelease;
import java.time.Clock;
import java.time.ZoneId;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The ledger and the broker as {@code run} would reach them, for the operator commands (replay,
 * status) that work on a gateway's data from outside the running process: no route is started, no
 * SFTP inbox polled, no port opened.
 */
public final class OperatorTools implements AutoCloseable {

    private final GatewayProperties props;
    private final HikariDataSource dataSource;
    private final JmsPoolConnectionFactory connectionFactory;
    private final Ledger ledger;
    private final CoverageLedger coverage;
    private final OpsQueries queries;
    private final QueueDepths depths;
    private final JmsJobSender sender;
    private final JmsJobSender changeSender;

    private OperatorTools(GatewayProperties props, HikariDataSource dataSource,
                          JmsPoolConnectionFactory connectionFactory) {
        this.props = props;
        this.dataSource = dataSource;
        this.connectionFactory = connectionFactory;
        // The configured keys: the ledger holds NIKs only hashed and encrypted.
        PersonalDataCipher pii = PersonalDataKeys.cipher(props);
        ZoneId zone = ZoneId.of(props.get("jamsos.finance.zone").trim());
        this.ledger = new Ledger(dataSource, Clock.systemUTC(), pii, zone);
        this.coverage = new CoverageLedger(dataSource, Clock.systemUTC(), zone);
        this.queries = new OpsQueries(dataSource, pii);
        // Cached for longer than a command runs: the broker is browsed once per command.
        this.depths = OpsWiring.queueDepths(props, connectionFactory, 600_000, Clock.systemUTC());
        this.sender = new JmsJobSender(connectionFactory, props.get("jamsos.queue.enrollment"));
        this.changeSender = new JmsJobSender(connectionFactory, props.get("jamsos.queue.changes"));
    }

    public static OperatorTools open(GatewayProperties props) {
        HikariDataSource dataSource = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2);
        try {
            // The same schema as the gateway's: a ledger older than this jar is brought up to date, as `run` would.
            LedgerMigrations.migrate(dataSource);
            OperatorTools tools = new OperatorTools(props, dataSource, Gateway.connectionFactory(props));
            // As `run` does: workers enrolled before coverage periods existed get theirs, so the commands
            // that read cover (status, statement, budget, coverage) count them before the gateway restarts.
            tools.coverage.openMissing();
            PeriodFunds.backfill(dataSource, FundingRule.asStatedSoFar(Programme.from(k -> props.get(k, ""))),
                    Clock.systemUTC());
            return tools;
        } catch (RuntimeException | Error e) {
            dataSource.close();
            throw e;
        }
    }

    public Ledger ledger() {
        return ledger;
    }

    public CoverageLedger coverage() {
        return coverage;
    }

    public OpsQueries queries() {
        return queries;
    }

    public QueueDepths queueDepths() {
        return depths;
    }

    /**
     * A replayer sending to the enrollment queue and the changes queue; {@code afterEachJob} runs after
     * every job queued.
     */
    public Replayer replayer(Runnable afterEachJob) {
        ChangeLedger changes = new ChangeLedger(dataSource, Clock.systemUTC(), ledger.personalData());
        return new Replayer(ledger, queries, Json.mapper(), (fileId, agencyId, sealedJob) -> {
            sender.send(fileId, agencyId, sealedJob);
            afterEachJob.run();
        }, (fileId, agencyId, sealedJob) -> {
            changeSender.send(fileId, agencyId, sealedJob);
            afterEachJob.run();
        }, changes, new ReplayChecks(coverage, changes), props.getInt("jamsos.bpjs.batchSize"), null);
    }

    /** The budget plan of the configured programme (jamsos.programme.*) on this ledger. */
    public BudgetPlanner budgetPlanner() {
        return budgetPlanner(props, dataSource, ledger.personalData());
    }

    /** The planner as the gateway makes it, on any ledger pool (the commands that need no broker use it). */
    public static BudgetPlanner budgetPlanner(GatewayProperties props, javax.sql.DataSource dataSource,
                                              PersonalDataCipher pii) {
        Clock clock = Clock.systemUTC();
        return new BudgetPlanner(Programme.from(k -> props.get(k, "")), new BudgetLedger(dataSource, pii, clock),
                props.getLong("jamsos.defaultIncome"), ZoneId.of(props.get("jamsos.finance.zone")), clock);
    }

    /** Releases waitlisted rows the budget carries to the enrollment queue; {@code afterEachJob} after each job. */
    public WaitlistRelease waitlistRelease(Runnable afterEachJob) {
        return new WaitlistRelease(budgetPlanner(), ledger.personalData(), Json.mapper(),
                (fileId, agencyId, sealedJob) -> {
                    sender.send(fileId, agencyId, sealedJob);
                    afterEachJob.run();
                }, props.getInt("jamsos.bpjs.batchSize"),
                // The gateway releases by itself too (routes/waitlist.camel.yaml): one release at a time.
                new TaskLock(dataSource, WaitlistRelease.LOCK, java.time.Duration.ofMinutes(15).toMillis()));
    }

    /**
     * The review desk (`review`): rows in REVIEW listed, released to the enrollment queue, or refused; each
     * action recorded in the ledger's audit trail as the gateway's auditTrail bean records it.
     */
    public ReviewDesk reviewDesk() {
        BudgetPlanner budget = budgetPlanner();
        // A release passes the budget as a fresh row does (docs/verification.md, "The review path").
        return new ReviewDesk(new ReviewLedger(dataSource, Clock.systemUTC(), ledger.personalData()), ledger,
                Json.mapper(), sender, auditTrail()).checkBudget(id.jamsos.gateway.finance.OverBudgetPolicy.of(
                        props.get("jamsos.programme.overBudgetPolicy", "WARN")), budget::intakeHeadroom);
    }

    /** A sender to the changes queue (jamsos.queue.changes): a renewal's deactivations; the caller closes it. */
    public JmsJobSender changesSender() {
        return new JmsJobSender(connectionFactory, props.get("jamsos.queue.changes"));
    }

    /**
     * The audit trail on this ledger (docs/audit.md): what an operator does with a command (a replay) is
     * recorded as the same action through the gateway would be.
     */
    public AuditTrail auditTrail() {
        return auditTrail(dataSource, props, ledger.personalData());
    }

    /** The audit trail on the ledger of {@code dataSource}, for a command that opens the ledger alone. */
    public static AuditTrail auditTrail(javax.sql.DataSource dataSource, GatewayProperties props, PersonalDataCipher pii) {
        return new LedgerAuditTrail(auditLedger(dataSource, props, pii),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** The audit ledger of {@code dataSource} under the configuration's audit key (`audit` and the commands). */
    public static AuditLedger auditLedger(javax.sql.DataSource dataSource, GatewayProperties props, PersonalDataCipher pii) {
        return new AuditLedger(dataSource, AuditKey.of(props.get(AuditKey.SETTING, ""), pii), Clock.systemUTC());
    }

    public int batchSize() {
        return props.getInt("jamsos.bpjs.batchSize");
    }

    @Override
    public void close() {
        try {
            sender.close();
            changeSender.close();
            depths.close();
            connectionFactory.stop();
        } finally {
            dataSource.close();
        }
    }
}
