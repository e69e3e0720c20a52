package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.finance.Arrears;
import id.jamsos.gateway.finance.PaymentDesk;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.support.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invoices, payments and arrears (V17): an invoice recorded once per month with its due date, a payment
 * once per funding source and SP2D (the same again changes nothing, other figures are refused), alarms
 * once per month and stage, and the account month by month from the coverage periods: billed, expected,
 * paid, outstanding, in arrears after the due date until paid.
 */
abstract class PaymentsContractTest extends LedgerDatabaseContract {

    /** April 2026 in WIT. */
    private static final Instant ENROLLED = Instant.parse("2026-04-02T01:00:00Z");
    private static final YearMonth APRIL = YearMonth.of(2026, 4);
    private static final YearMonth MAY = YearMonth.of(2026, 5);
    /** Three workers at the default income: Rp 10,000 JKK + Rp 6,800 JKM each. */
    private static final long MONTH = 3 * 16_800L;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private PaymentLedger payments;
    private PaymentDesk desk;
    private Ledger ledger;
    private long file;

    @Override
    protected void migrated() {
        payments = new PaymentLedger(db.dataSource());
        ledger = new Ledger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        Programme programme = Programme.from(Map.of("jamsos.programme.id", "2026", "jamsos.programme.firstMonth", "2026-04",
                "jamsos.programme.lastMonth", "2026-12", "jamsos.programme.sources", "APBD_KOTA,OTSUS",
                "jamsos.programme.defaultSource", "APBD_KOTA", "jamsos.programme.source.APBD_KOTA.budget", "2200000000",
                "jamsos.programme.source.APBD_KOTA.account", "5.1.02.01.001",
                "jamsos.programme.source.OTSUS.budget", "500000000", "jamsos.programme.source.OTSUS.account",
                "5.1.02.01.009", "jamsos.programme.source.OTSUS.agencies", "AG2")::get);
        desk = new PaymentDesk(payments, new FinanceLedger(db.dataSource()), programme, "9671", 1_000_000L, 15,
                CoverageLedger.DEFAULT_ZONE, clock);
    }

    @BeforeEach
    void threeWorkersFromApril() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("invoice_month", "payment", "arrears_alarm")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
        file = ledger.registerFile("AG1", "april.csv", "d".repeat(64), ENROLLED).fileId();
        ledger.insertRows(file, TestRows.allPending(file, 1, 3));
        ledger.completeIntake(file, 3, 0);
        ledger.recordOutcomes(List.of(TestRows.enrolled(file, 1), TestRows.enrolled(file, 2), TestRows.enrolled(file, 3)));
    }

    private PaymentLedger.InvoiceMonth invoice(YearMonth month, long total, LocalDate due) {
        return new PaymentLedger.InvoiceMonth(month, "9671", "TAG-" + month, total, 3, due, clock.instant(), null);
    }

    @Test
    void anInvoiceIsRecordedOncePerMonthWithItsDueDate() {
        assertThat(payments.recordInvoice(invoice(APRIL, MONTH, LocalDate.of(2026, 5, 15)))).isTrue();
        assertThat(payments.recordInvoice(invoice(APRIL, 1L, LocalDate.of(2026, 5, 20)))).isFalse();
        PaymentLedger.InvoiceMonth kept = payments.invoice(APRIL).orElseThrow();
        assertThat(kept.billedTotal()).isEqualTo(MONTH);
        assertThat(kept.dueDate()).isEqualTo(LocalDate.of(2026, 5, 15));
        assertThat(kept.invoiceNo()).isEqualTo("TAG-2026-04");
        assertThat(kept.fetchedAt()).isEqualTo(clock.instant());
        assertThat(payments.paymentDueUnsent()).extracting(PaymentLedger.InvoiceMonth::period).containsExactly(APRIL);
        payments.markPaymentDueSent(APRIL, clock.instant());
        assertThat(payments.paymentDueUnsent()).isEmpty();
        assertThat(desk.monthsToFetch()).as("April is invoiced; May is not over").isEmpty();
        clock.set(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(desk.monthsToFetch()).containsExactly("2026-05", "2026-06");
    }

    @Test
    void aPaymentIsRecordedOncePerSourceAndReference() {
        PaymentLedger.NewPayment p = new PaymentLedger.NewPayment("SP2D-001/BPKAD/2026", "APBD_KOTA",
                LocalDate.of(2026, 5, 10), APRIL, 30_000L, "5.1.02.01.001");
        assertThat(desk.recordPayment(p, "command:bendahara").outcome()).isEqualTo(PaymentLedger.PaymentOutcome.RECORDED);
        PaymentLedger.Recorded again = desk.recordPayment(p, "queue:fin-1");
        assertThat(again.outcome()).isEqualTo(PaymentLedger.PaymentOutcome.ALREADY_RECORDED);
        assertThat(again.payment().recordedBy()).isEqualTo("command:bendahara");
        PaymentLedger.Recorded other = desk.recordPayment(new PaymentLedger.NewPayment("SP2D-001/BPKAD/2026", "APBD_KOTA",
                LocalDate.of(2026, 5, 10), APRIL, 31_000L, "5.1.02.01.001"), "queue:fin-2");
        assertThat(other.outcome()).isEqualTo(PaymentLedger.PaymentOutcome.CONFLICT);
        assertThat(other.payment().amount()).isEqualTo(30_000L);
        // The same number from another source is another payment.
        assertThat(desk.recordPayment(new PaymentLedger.NewPayment("SP2D-001/BPKAD/2026", "OTSUS",
                LocalDate.of(2026, 5, 11), APRIL, 20_400L, null), "command:x").outcome())
                .isEqualTo(PaymentLedger.PaymentOutcome.RECORDED);
        assertThat(payments.payments(APRIL)).extracting(PaymentLedger.Payment::amount).containsExactly(30_000L, 20_400L);
        assertThat(payments.payments(MAY)).isEmpty();
        assertThat(payments.paidByMonth()).containsExactly(Map.entry(APRIL, 50_400L));
    }

    @Test
    void anAlarmIsRaisedOncePerMonthAndStage() {
        assertThat(payments.raiseAlarm(APRIL, 1, "arrears-2026-04-stage-1", MONTH, clock.instant())).isTrue();
        assertThat(payments.raiseAlarm(APRIL, 1, "arrears-2026-04-stage-1", 1L, clock.instant())).isFalse();
        assertThat(payments.raiseAlarm(MAY, 2, "arrears-2026-05-stage-2", MONTH, clock.instant())).isTrue();
        assertThat(payments.unsentAlarms()).extracting(PaymentLedger.Alarm::messageId)
                .containsExactly("arrears-2026-04-stage-1", "arrears-2026-05-stage-2");
        payments.markAlarmSent(APRIL, 1, clock.instant());
        assertThat(payments.unsentAlarms()).extracting(PaymentLedger.Alarm::period).containsExactly(MAY);
        assertThat(payments.alarms()).hasSize(2);
        assertThat(payments.alarms().get(0).outstanding()).isEqualTo(MONTH);
    }

    @Test
    void theAccountIsBilledExpectedPaidAndOutstandingPerMonthAndInArrearsAfterTheDueDate() {
        assertThat(desk.expected(APRIL)).isEqualTo(MONTH);
        assertThat(desk.expected(YearMonth.of(2026, 3))).isZero();
        payments.recordInvoice(invoice(APRIL, MONTH, LocalDate.of(2026, 5, 15)));

        // On the due date itself the month is not late yet.
        clock.set(Instant.parse("2026-05-15T10:00:00Z"));
        Arrears.Month april = desk.arrears().months().get(0);
        assertThat(april.period()).isEqualTo(APRIL);
        assertThat(april.billed()).isEqualTo(MONTH);
        assertThat(april.expected()).isEqualTo(MONTH);
        assertThat(april.outstanding()).isEqualTo(MONTH);
        assertThat(april.overdue()).isFalse();

        // 16 May in WIT (15:00 UTC on the 15th): late.
        clock.set(Instant.parse("2026-05-15T15:00:00Z"));
        Arrears.Summary late = desk.arrears();
        assertThat(late.months()).extracting(Arrears.Month::period).containsExactly(APRIL);
        assertThat(late.monthsInArrears()).isEqualTo(1);
        assertThat(late.outstandingInArrears()).isEqualTo(MONTH);
        assertThat(late.months().get(0).stage()).isEqualTo(1);

        // June 16th: May has no invoice but is past its default due date: counted on the gateway's figure.
        clock.set(Instant.parse("2026-06-16T00:00:00Z"));
        Arrears.Summary two = desk.arrears();
        Arrears.Month may = two.months().get(1);
        assertThat(may.basis()).isEqualTo(Arrears.Basis.EXPECTED);
        assertThat(may.dueDate()).isEqualTo(LocalDate.of(2026, 6, 15));
        assertThat(may.stage()).isEqualTo(2);
        assertThat(two.consecutive()).isEqualTo(2);
        assertThat(two.outstandingInArrears()).isEqualTo(2 * MONTH);

        // April paid in two parts: only May is left, and it is stage 1 again (no unpaid month before it).
        desk.recordPayment(new PaymentLedger.NewPayment("SP2D-1", "APBD_KOTA", LocalDate.of(2026, 6, 16), APRIL,
                MONTH - 1, null), "command:x");
        assertThat(desk.arrears().monthsInArrears()).isEqualTo(2);
        desk.recordPayment(new PaymentLedger.NewPayment("SP2D-2", "APBD_KOTA", LocalDate.of(2026, 6, 16), APRIL, 1L,
                null), "command:x");
        Arrears.Summary after = desk.arrears();
        assertThat(after.monthsInArrears()).isEqualTo(1);
        assertThat(after.months().get(0).outstanding()).isZero();
        assertThat(after.months().get(1).stage()).isEqualTo(1);
    }

    @Test
    void theExpectedAmountIsSplitByFundingSource() {
        new CoverageLedger(db.dataSource(), clock, CoverageLedger.DEFAULT_ZONE).transfer(kpj(file, 3), "AG2", MAY,
                "file:9/row:1");
        assertThat(desk.dueBySource(APRIL)).containsExactly(
                new PaymentDesk.SourceDue("APBD_KOTA", "APBD_KOTA", "5.1.02.01.001", 3, MONTH));
        assertThat(desk.dueBySource(MAY)).containsExactly(
                new PaymentDesk.SourceDue("APBD_KOTA", "APBD_KOTA", "5.1.02.01.001", 2, 2 * 16_800L),
                new PaymentDesk.SourceDue("OTSUS", "OTSUS", "5.1.02.01.009", 1, 16_800L));
    }
}
