package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.finance.FinanceSigner;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.SmartTransactionObject;

/**
 * routes/claim-outbox.camel.yaml, with claim-outbox-errors (routes/error-handling.camel.yaml) that it
 * names: claims the callback or the pull recorded in the ledger (H2 here) are sent, signed, to the
 * finance queue or the review queue, the batch inside the transaction policy, and marked published;
 * a batch the broker refused is rolled back, its leases given back, and sent again whole at the next
 * round, later each time while the broker keeps refusing; a round the ledger failed is handled by
 * claim-outbox-errors. The broker's queues are mocks.
 */
class ClaimOutboxRouteTest extends RouteTestSupport {

    private static final String FINANCE = "mock:activemq:queue:jamsos.finance";
    private static final String REVIEW = "mock:activemq:queue:jamsos.finance.review";

    /**
     * The publication lease of a batch: far longer than any test here waits, so that a batch sent again
     * was given back by claimOutbox.failed, not freed by its lease running out.
     */
    private static final Duration LEASE = Duration.ofMinutes(10);
    /** The publisher's interval, and so its first back-off after a failed send. */
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final KeyPair keys = FinanceSignature.generate();
    private final Transactions transactions = new Transactions();
    private HikariDataSource dataSource;
    private FinanceLedger finance;

    @Override
    protected String routeFile() {
        return "routes/claim-outbox.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.finance.publishDelayMs", "0");
    }

    /** For the real claim-outbox-errors that claim-outbox names. */
    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    /** As FinanceWiring makes them, with short waits and a transaction manager that only counts. */
    @Override
    protected void bindToRegistry(Registry registry) {
        dataSource = ledgerDatabase("claim-outbox-route");
        finance = new FinanceLedger(dataSource);
        registry.bind("claimOutbox", new ClaimOutbox(finance, 10, new ClaimOutbox.Timing(INTERVAL,
                Duration.ofMillis(5), Duration.ofMillis(50), LEASE), Clock.systemUTC()));
        registry.bind("financeSigner", new FinanceSigner(new FinanceSignature.Signer(keys.getPrivate(), keys.getPublic())));
        registry.bind("financeTransaction", new SpringTransactionPolicy(transactions));
        // Gateway binds the broker's component under this name; here its sends are mocked and skipped.
        registry.bind("activemq", new ActiveMQComponent());
    }

    @BeforeEach
    void replaceTheBroker() throws Exception {
        AdviceWith.adviceWith(context, "claim-outbox-send", a -> a.mockEndpointsAndSkip("activemq:*"));
    }

    @AfterEach
    void closeTheLedger() {
        context.stop();
        dataSource.close();
    }

    @Test
    void recordedClaimsAreSentSignedToTheirQueueInOneTransactionAndMarkedPublished() throws Exception {
        record("KLM-2001", "finance");
        record("KLM-2002", "review");
        MockEndpoint toFinance = getMockEndpoint(FINANCE);
        toFinance.expectedBodiesReceived(body("KLM-2001"));
        toFinance.expectedHeaderReceived("messageId", "msg-KLM-2001");
        MockEndpoint toReview = getMockEndpoint(REVIEW);
        toReview.expectedBodiesReceived(body("KLM-2002"));

        start();

        MockEndpoint.assertIsSatisfied(context);
        Exchange sent = toFinance.getReceivedExchanges().get(0);
        assertThat(FinanceSignature.verify(List.of(keys.getPublic()), "claim", "msg-KLM-2001", body("KLM-2001"),
                sent.getMessage().getHeader(Headers.SIGNATURE, String.class)))
                .isEqualTo(FinanceSignature.Verdict.VALID);
        await().atMost(Duration.ofSeconds(5)).until(() -> finance.unpublishedClaimCount() == 0);
        assertThat(finance.publishedClaimCount()).isEqualTo(2);
        assertThat(transactions.outcomes).containsExactly("commit");
    }

    @Test
    void aBatchTheBrokerRefusedIsRolledBackGivenBackAndSentAgainWholeAtTheNextRound() throws Exception {
        record("KLM-2101", "finance");
        record("KLM-2102", "finance");
        MockEndpoint toFinance = getMockEndpoint(FINANCE);
        toFinance.whenExchangeReceived(2, e -> {
            throw new IllegalStateException("broker went away (test)");
        });
        // The first try: KLM-2101 sent, KLM-2102 refused; the second: both again, in the same order.
        toFinance.expectedMessageCount(4);
        // Seconds, against a lease of minutes: only claimOutbox.failed giving the leases back sends it so soon.
        toFinance.setResultWaitTime(10_000);

        try (LogCapture log = LogCapture.attach()) {
            start();

            MockEndpoint.assertIsSatisfied(context);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN " + ClaimOutbox.class.getName()))
                    .isNotEmpty().allMatch(l -> l.contains("could not publish 2 claim(s)") && l.contains("broker went away (test)"));
            // Caught in claim-outbox, not left to the timer to log with its stack trace.
            assertThat(log.lines()).noneMatch(l -> l.contains("\tat ") && l.contains("broker went away (test)"));
        }
        assertThat(toFinance.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader("messageId"))
                .containsExactly("msg-KLM-2101", "msg-KLM-2102", "msg-KLM-2101", "msg-KLM-2102");
        await().atMost(Duration.ofSeconds(5)).until(() -> finance.unpublishedClaimCount() == 0);
        assertThat(finance.publishedClaimCount()).isEqualTo(2);
        assertThat(transactions.outcomes).containsExactly("rollback", "commit");
    }

    @Test
    void whileTheBrokerRefusesEverySendTheRoundsBackOffDoublingTheInterval() throws Exception {
        record("KLM-2201", "finance");
        List<Long> attempts = new CopyOnWriteArrayList<>();
        getMockEndpoint(FINANCE).whenAnyExchangeReceived(e -> {
            attempts.add(System.nanoTime());
            throw new IllegalStateException("broker down (test)");
        });

        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 4);
        context.getRouteController().stopRoute("claim-outbox");
        // The waits between attempts: at least the interval, then twice, then four times it.
        for (int i = 1; i <= 3; i++) {
            long gapMillis = Duration.ofNanos(attempts.get(i) - attempts.get(i - 1)).toMillis();
            assertThat(gapMillis).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(INTERVAL.toMillis() << (i - 1));
        }
        assertThat(transactions.outcomes).isNotEmpty().containsOnly("rollback");
        assertThat(finance.unpublishedClaimCount()).isEqualTo(1);
    }

    @Test
    void aRoundWhoseTakeFailsIsHandledByClaimOutboxErrorsAndTheClaimsGoOnceTheLedgerIsBack() throws Exception {
        record("KLM-2301", "finance");
        MockEndpoint toFinance = getMockEndpoint(FINANCE);
        toFinance.expectedBodiesReceived(body("KLM-2301"));
        toFinance.setResultWaitTime(10_000);
        // The ledger "down": the claims' table is not there for the search (H2 names it claim).
        ledger("ALTER TABLE claim RENAME TO claim_down");

        try (LogCapture log = LogCapture.attach()) {
            start();

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.startsWith("WARN " + ClaimOutbox.class.getName()) && l.contains("could not publish")));
            ledger("ALTER TABLE claim_down RENAME TO claim");

            MockEndpoint.assertIsSatisfied(context);
            assertThat(log.lines()).noneMatch(l -> l.contains("TimerConsumer"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> finance.unpublishedClaimCount() == 0);
    }

    private void ledger(String sql) throws Exception {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void record(String claimId, String destination) {
        finance.recordClaim(new ClaimRecord(claimId, "JKK", "KPJ7001", "9171012345678901", 7_500_000L, "AG1",
                        Instant.now(), "{}"),
                new ClaimMessage(claimId, destination, "review".equals(destination) ? "UNKNOWN_WORKER: test" : null,
                        body(claimId), Map.of("messageType", "claim", "messageId", "msg-" + claimId)));
    }

    private static String body(String claimId) {
        return "{\"claimId\":\"" + claimId + "\"}";
    }

    /**
     * Stands in for the broker's JMS transaction manager under the same SpringTransactionPolicy as
     * FinanceWiring's: one transaction per thread that the steps inside join, as with a JMS session;
     * says how each batch's transaction ended.
     */
    static final class Transactions extends AbstractPlatformTransactionManager {
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        private final ThreadLocal<Tx> current = new ThreadLocal<>();

        /** The thread's transaction, if one is open. */
        static final class Tx implements SmartTransactionObject {
            final boolean existing;
            volatile boolean rollbackOnly;

            Tx(boolean existing) {
                this.existing = existing;
            }

            @Override
            public boolean isRollbackOnly() {
                return rollbackOnly;
            }

            @Override
            public void flush() {
            }
        }

        @Override
        protected Object doGetTransaction() {
            Tx open = current.get();
            return open != null ? open : new Tx(false);
        }

        @Override
        protected boolean isExistingTransaction(Object transaction) {
            return current.get() != null;
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            current.set(new Tx(true));
        }

        @Override
        protected void doSetRollbackOnly(DefaultTransactionStatus status) {
            current.get().rollbackOnly = true;
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            outcomes.add("commit");
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            outcomes.add("rollback");
        }

        @Override
        protected void doCleanupAfterCompletion(Object transaction) {
            current.remove();
        }
    }
}
