package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.finance.ArrearsWatch;
import id.jamsos.gateway.finance.FinanceNotices;
import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.finance.FinanceSigner;
import id.jamsos.gateway.finance.PaymentDesk;
import id.jamsos.gateway.finance.PaymentMessages;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.support.MutableClock;
import jakarta.jms.JMSException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * routes/payments.camel.yaml alone, on an H2 ledger with three workers covered from April 2026 and a
 * clock the test moves: an invoice recorded gives one PAYMENT_DUE; a month unpaid after its due date
 * one ARREARS_WARNING at stage 1, the next month stage 2, each once; PAYMENT messages recorded (a
 * bad one moved to the dead-letter queue with its reason, the next recorded); COVERAGE_ENDED once per
 * ended period, sent again with the same id after a failed send. Timers are replaced by direct:, the
 * invoice call and the broker by mocks; every message sent is checked against its schema and signature.
 */
class PaymentsRouteTest extends RouteTestSupport {

    private static final String FINANCE_QUEUE = "test.finance";
    private static final KeyPair KEYS = FinanceSignature.generate();
    private static final Instant ENROLLED = Instant.parse("2026-04-02T01:00:00Z");
    private static final long MONTH = 3 * 16_800L;

    private final HikariDataSource ledgerDb = ledgerDatabase("payments-route");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-02T00:00:00Z"));
    private final Ledger ledger = new Ledger(ledgerDb, Clock.fixed(ENROLLED, ZoneOffset.UTC));
    private final PaymentLedger payments = new PaymentLedger(ledgerDb);
    private final CoverageLedger coverage = new CoverageLedger(ledgerDb, clock, CoverageLedger.DEFAULT_ZONE);
    private final PaymentDesk desk = new PaymentDesk(payments, new FinanceLedger(ledgerDb), programme(), "9671",
            1_000_000L, 15, CoverageLedger.DEFAULT_ZONE, clock);
    private final ArrearsWatch watch = new ArrearsWatch(desk::arrears, clock, Duration.ZERO);
    private final List<String> kpjs = new ArrayList<>();
    /** Invoices BPJS has, by month; a month not here is not billed yet (the call fails). */
    private final Map<String, Invoice> invoices = new java.util.HashMap<>();

    @Override
    protected String routeFile() {
        return "routes/payments.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.finance.invoices.enabled", "true", "jamsos.finance.notices.enabled", "true",
                "jamsos.finance.queue", FINANCE_QUEUE, "jamsos.finance.paymentsQueue", "test.payments");
    }

    private static Programme programme() {
        return Programme.from(Map.of("jamsos.programme.id", "2026", "jamsos.programme.firstMonth", "2026-04",
                "jamsos.programme.lastMonth", "2026-12", "jamsos.programme.sources", "APBD_KOTA",
                "jamsos.programme.defaultSource", "APBD_KOTA", "jamsos.programme.source.APBD_KOTA.name", "APBD Kota",
                "jamsos.programme.source.APBD_KOTA.budget", "2200000000",
                "jamsos.programme.source.APBD_KOTA.account", "5.1.02.01.001")::get);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("financeSigner", new FinanceSigner(new FinanceSignature.Signer(KEYS.getPrivate(), KEYS.getPublic())));
        registry.bind("paymentDesk", desk);
        registry.bind("paymentMessages", new PaymentMessages(desk));
        registry.bind("financeNotices", new FinanceNotices(desk, coverage,
                kpj -> ledger.findWorkerByKpj(kpj).map(w -> w.nik()), id -> "Dinas " + id, watch, 100, Json.mapper(),
                clock));
    }

    @AfterEach
    void closeLedger() {
        ledgerDb.close();
    }

    /** Three workers enrolled in April 2026 (WIT) by agency AG1, at the default income. */
    private void enrollThree() {
        long file = ledger.registerFile("AG1", "april.csv", "e".repeat(64), ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int row = 1; row <= 3; row++) {
            rows.add(new LedgerRow(file, row, String.format("9271%012d", row), "Pekerja " + row, RowState.PENDING,
                    List.of(), "key-" + row, null, null));
            String kpj = String.format("05K4%07d", row);
            kpjs.add(kpj);
            outcomes.add(new RowOutcome(file, row, RowState.ENROLLED, kpj, null, "AG1", "Sorong Timur"));
        }
        ledger.insertRows(file, rows);
        ledger.completeIntake(file, 3, 0);
        ledger.recordOutcomes(outcomes);
    }

    private MockEndpoint startWithMocks() throws Exception {
        enrollThree();
        AdviceWith.adviceWith(context, "invoices-monthly", false, a -> {
            a.replaceFromWith("direct:invoices");
            a.weaveById("fetch-month-invoice").replace().to("mock:bpjs-invoice");
        });
        AdviceWith.adviceWith(context, "finance-notices", false, a -> {
            a.replaceFromWith("direct:notices");
            a.weaveByToUri("activemq:*").replace().to("mock:finance");
        });
        AdviceWith.adviceWith(context, "finance-payments", false, a -> a.replaceFromWith("direct:payments"));
        AdviceWith.adviceWith(context, "payment-dead-letter", false,
                a -> a.weaveByToUri("activemq:*").replace().to("mock:dlq"));
        start();
        getMockEndpoint("mock:bpjs-invoice").whenAnyExchangeReceived(e -> {
            String period = e.getMessage().getBody(String.class);
            Invoice invoice = invoices.get(period);
            if (invoice == null) {
                throw new IllegalStateException("no invoice for " + period + " yet");
            }
            e.getMessage().setBody(invoice);
        });
        return getMockEndpoint("mock:finance");
    }

    private void bill(String period, String dueDate) {
        invoices.put(period, new Invoice(period, "9671", 3, 30_000L, 20_400L, MONTH, List.of(), "TAG/9671/" + period,
                dueDate));
    }

    /** One round of each timer route, as the timers would run them. */
    private List<Message> round(MockEndpoint finance) {
        int before = finance.getReceivedCounter();
        template.sendBody("direct:invoices", null);
        template.sendBody("direct:notices", null);
        List<Message> sent = new ArrayList<>();
        for (Exchange e : finance.getExchanges().subList(before, finance.getReceivedCounter())) {
            sent.add(checked(e.getMessage()));
        }
        return sent;
    }

    /** Valid against its schema, signed, with the properties finance routes on. */
    private static Message checked(Message m) {
        String body = m.getBody(String.class);
        try {
            JsonNode node = FinanceMessages.JSON.readTree(body);
            FinanceMessages.validate(node, m.getHeader("messageId", String.class));
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        String type = m.getHeader("messageType", String.class);
        String id = m.getHeader("messageId", String.class);
        assertThat(m.getHeader("schemaVersion")).isEqualTo("1");
        assertThat(m.getHeader("JMSCorrelationID")).isEqualTo(id);
        assertThat(FinanceSignature.verify(List.of(KEYS.getPublic()), type, id, body,
                m.getHeader(Headers.SIGNATURE, String.class))).isEqualTo(FinanceSignature.Verdict.VALID);
        return m;
    }

    private static List<String> ids(List<Message> sent) {
        return sent.stream().map(m -> m.getHeader("messageId", String.class)).toList();
    }

    private static JsonNode body(Message m) throws Exception {
        return FinanceMessages.JSON.readTree(m.getBody(String.class));
    }

    @Test
    void anInvoiceRecordedGoesToFinanceAsPaymentDueOnce() throws Exception {
        MockEndpoint finance = startWithMocks();
        bill("2026-04", "2026-05-15");

        List<Message> sent = round(finance);

        assertThat(ids(sent)).containsExactly("payment-due-2026-04");
        JsonNode due = body(sent.get(0));
        assertThat(due.get("billed").asLong()).isEqualTo(MONTH);
        assertThat(due.get("expected").asLong()).isEqualTo(MONTH);
        assertThat(due.get("dueDate").asText()).isEqualTo("2026-05-15");
        assertThat(due.get("invoiceNumber").asText()).isEqualTo("TAG/9671/2026-04");
        assertThat(due.get("sources").get(0).get("code").asText()).isEqualTo("APBD_KOTA");
        assertThat(due.get("sources").get(0).get("account").asText()).isEqualTo("5.1.02.01.001");
        assertThat(sent.get(0).getHeader("period")).isEqualTo("2026-04");
        assertThat(payments.invoice(YearMonth.of(2026, 4)).orElseThrow().dueSentAt()).isNotNull();

        assertThat(round(finance)).as("nothing new").isEmpty();
    }

    @Test
    void anInvoiceWithoutDueDateIsDueOnTheFifteenthOfTheNextMonth() throws Exception {
        MockEndpoint finance = startWithMocks();
        invoices.put("2026-04", new Invoice("2026-04", "9671", 3, 30_000L, 20_400L, MONTH, List.of()));
        List<Message> sent = round(finance);
        assertThat(body(sent.get(0)).get("dueDate").asText()).isEqualTo("2026-05-15");
        assertThat(body(sent.get(0)).get("invoiceNumber").isNull()).isTrue();
    }

    @Test
    void aMonthUnpaidAfterItsDueDateWarnsOnceThenStageTwoAfterTheNextAndAPaymentClearsIt() throws Exception {
        MockEndpoint finance = startWithMocks();
        bill("2026-04", "2026-05-15");
        assertThat(ids(round(finance))).containsExactly("payment-due-2026-04");

        // 16 May, WIT: April is late.
        clock.set(Instant.parse("2026-05-15T15:30:00Z"));
        List<Message> late = round(finance);
        assertThat(ids(late)).containsExactly("arrears-2026-04-stage-1");
        JsonNode warning = body(late.get(0));
        assertThat(warning.get("stage").asInt()).isEqualTo(1);
        assertThat(warning.get("outstanding").asLong()).isEqualTo(MONTH);
        assertThat(warning.get("lapseMonth").asText()).isEqualTo("2026-06");
        assertThat(late.get(0).getHeader("stage")).isEqualTo("1");
        assertThat(watch.current().monthsInArrears()).isEqualTo(1);
        clock.advance(Duration.ofDays(3));
        assertThat(round(finance)).as("once per stage").isEmpty();

        // 16 June: May billed and late too, two in a row.
        clock.set(Instant.parse("2026-06-16T00:00:00Z"));
        bill("2026-05", "2026-06-15");
        List<Message> second = round(finance);
        assertThat(ids(second)).containsExactly("payment-due-2026-05", "arrears-2026-05-stage-2");
        JsonNode stage2 = body(second.get(1));
        assertThat(stage2.get("consecutiveUnpaidMonths").asInt()).isEqualTo(2);
        assertThat(stage2.get("totalOutstanding").asLong()).isEqualTo(2 * MONTH);
        assertThat(stage2.get("warning").asText()).contains("BPJS will set the cohort non-active after the third (2026-06)");
        assertThat(round(finance)).isEmpty();

        // Finance pays April late: May alone is in arrears, and is not warned again at stage 1.
        pay("2026-04");
        assertThat(round(finance)).isEmpty();
        assertThat(watch.current().monthsInArrears()).isEqualTo(1);
        assertThat(watch.current().months().get(1).stage()).isEqualTo(1);
        // Then May: the alarm is cleared.
        pay("2026-05");
        assertThat(payments.payments(null)).extracting(PaymentLedger.Payment::recordedBy)
                .containsExactly("queue:fin-2026-04", "queue:fin-2026-05");
        assertThat(desk.arrears().monthsInArrears()).isZero();
        assertThat(round(finance)).isEmpty();
        assertThat(watch.current().monthsInArrears()).isZero();
        assertThat(watch.current().outstandingInArrears()).isZero();
    }

    /** A PAYMENT message of the whole month, as the finance system sends it. */
    private void pay(String period) {
        template.sendBody("direct:payments", "{\"schemaVersion\":\"1\",\"messageType\":\"PAYMENT\",\"messageId\":\"fin-"
                + period + "\",\"reference\":\"SP2D-" + period + "/BPKAD\",\"paidOn\":\"2026-06-17\",\"period\":\""
                + period + "\",\"amount\":" + MONTH + ",\"source\":\"APBD_KOTA\",\"account\":\"5.1.02.01.001\"}");
    }

    @Test
    void aBadPaymentMessageGoesToTheDeadLetterQueueWithItsReasonAndTheNextIsRecorded() throws Exception {
        startWithMocks();
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        String good = "{\"schemaVersion\":\"1\",\"messageType\":\"PAYMENT\",\"reference\":\"SP2D-7\",\"paidOn\":"
                + "\"2026-05-10\",\"period\":\"2026-04\",\"amount\":50400,\"source\":\"APBD_KOTA\"}";
        List<String> bad = List.of("not json", good.replace("50400", "50400.5"), good.replace("APBD_KOTA", "CSR"),
                good.replace("\"period\":\"2026-04\",", ""), good.replace("\"schemaVersion\":\"1\",", "\"schemaVersion\":\"1\",\"schemaVersion\":\"2\","));
        dlq.expectedMessageCount(bad.size());
        for (String message : bad) {
            Exchange done = template.send("direct:payments", e -> e.getMessage().setBody(message));
            assertThat(done.getException()).as("handled: %s", message).isNull();
        }
        dlq.assertIsSatisfied();
        List<String> reasons = dlq.getExchanges().stream()
                .map(e -> e.getMessage().getHeader("JamsosDeadLetterReason", String.class)).toList();
        assertThat(reasons.get(0)).startsWith("not JSON");
        assertThat(reasons.get(1)).contains("amount");
        assertThat(reasons.get(2)).contains("source CSR is not a funding source");
        assertThat(reasons.get(3)).contains("period");
        assertThat(reasons.get(4)).startsWith("not JSON").contains("schemaVersion");
        assertThat(dlq.getExchanges().get(0).getMessage().getBody(String.class)).isEqualTo("not json");
        assertThat(payments.payments(null)).isEmpty();

        template.sendBody("direct:payments", good);
        assertThat(payments.payments(null)).extracting(PaymentLedger.Payment::reference).containsExactly("SP2D-7");
        assertThat(payments.payments(null).get(0).budgetAccount()).as("the source's account").isEqualTo("5.1.02.01.001");
        // The same message again changes nothing; the same reference with another amount is refused.
        template.sendBody("direct:payments", good);
        assertThat(dlq.getReceivedCounter()).isEqualTo(bad.size());
        template.sendBody("direct:payments", good.replace("50400", "50401"));
        assertThat(dlq.getReceivedCounter()).isEqualTo(bad.size() + 1);
        assertThat(dlq.getExchanges().get(bad.size()).getMessage().getHeader("JamsosDeadLetterReason", String.class))
                .contains("recorded before with other figures");
        assertThat(payments.payments(null)).hasSize(1);
    }

    @Test
    void coverageEndedIsPublishedOncePerEndedPeriodAndAgainAfterAFailedSend() throws Exception {
        MockEndpoint finance = startWithMocks();
        coverage.end(kpjs.get(1), YearMonth.of(2026, 4), EndReason.DIED, "claim:JKM-1");
        finance.whenExchangeReceived(1, e -> {
            throw new JMSException("broker down");
        });

        assertThat(round(finance)).as("the send failed").hasSize(1);
        List<Message> again = round(finance);
        assertThat(ids(again)).containsExactly("coverage-ended-" + coverage.periods(kpjs.get(1)).get(0).id()
                + "-2026-04-DIED");
        JsonNode ended = body(again.get(0));
        assertThat(ended.get("kpj").asText()).isEqualTo(kpjs.get(1));
        assertThat(ended.get("nikMasked").asText()).isEqualTo("9271********0002");
        assertThat(ended.get("endReason").asText()).isEqualTo("DIED");
        assertThat(ended.get("endReasonText").asText()).isEqualTo("meninggal dunia / died");
        assertThat(ended.get("firstMonth").asText()).isEqualTo("2026-04");
        assertThat(ended.get("lastMonth").asText()).isEqualTo("2026-04");
        assertThat(ended.get("monthsCovered").asInt()).isEqualTo(1);
        assertThat(ended.get("agency").get("name").asText()).isEqualTo("Dinas AG1");
        assertThat(ended.get("fundingSource").asText()).isEqualTo("APBD_KOTA");
        assertThat(ended.get("endedBy").asText()).isEqualTo("claim:JKM-1");
        assertThat(again.get(0).getHeader("agencyId")).isEqualTo("AG1");
        assertThat(coverage.unannounced(10)).isEmpty();
        assertThat(round(finance)).isEmpty();

        // An end planned for September, then a death in June: finance books the second as a new message.
        long moved = coverage.periods(kpjs.get(2)).get(0).id();
        coverage.end(kpjs.get(2), YearMonth.of(2026, 9), EndReason.MOVED, "file:9/row:2");
        assertThat(ids(round(finance))).containsExactly("coverage-ended-" + moved + "-2026-09-MOVED");
        coverage.end(kpjs.get(2), YearMonth.of(2026, 6), EndReason.DIED, "claim:JKM-2");
        List<Message> cut = round(finance);
        assertThat(ids(cut)).containsExactly("coverage-ended-" + moved + "-2026-06-DIED");
        assertThat(body(cut.get(0)).get("lastMonth").asText()).isEqualTo("2026-06");
        assertThat(round(finance)).isEmpty();
    }
}
