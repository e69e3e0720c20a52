package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What BPJS billed the city and what the city paid (V17): the monthly invoices as fetched, the payments
 * recorded by the {@code payment} command or the finance system's PAYMENT messages, and the arrears
 * alarms raised, so that each goes to finance once. The figures per month (billed, expected, paid,
 * outstanding) are worked out from these by {@code finance/Arrears}; nothing here decrypts a NIK.
 */
public final class PaymentLedger {

    private static final String INVOICE_COLUMNS = "period, region_code, invoice_no, billed_total, billed_workers,"
            + " due_date, fetched_at, due_sent_at";
    private static final String PAYMENT_COLUMNS = "id, reference, funding_source, paid_on, period, amount,"
            + " budget_account, recorded_at, recorded_by";

    private final Jdbc jdbc;

    public PaymentLedger(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    // ---------------------------------------------------------------- invoices

    /**
     * BPJS's invoice of one month as the ledger keeps it.
     *
     * @param invoiceNo  the invoice's number (nomorTagihan), null when BPJS gave none
     * @param dueDate    when the city must have paid it
     * @param dueSentAt  when PAYMENT_DUE went to finance; null until then
     */
    public record InvoiceMonth(YearMonth period, String regionCode, String invoiceNo, long billedTotal,
                               int billedWorkers, LocalDate dueDate, Instant fetchedAt, Instant dueSentAt) {
    }

    /** Records a month's invoice; false when the month has one already (the first stays). */
    public boolean recordInvoice(InvoiceMonth invoice) {
        return jdbc.call("record invoice", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO invoice_month (period, region_code, invoice_no,"
                    + " billed_total, billed_workers, due_date, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                ps.setString(1, invoice.period().toString());
                ps.setString(2, invoice.regionCode());
                ps.setString(3, truncate(invoice.invoiceNo(), 64));
                ps.setLong(4, invoice.billedTotal());
                ps.setInt(5, invoice.billedWorkers());
                ps.setDate(6, Date.valueOf(invoice.dueDate()));
                DbTime.set(ps, 7, invoice.fetchedAt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<InvoiceMonth> invoice(YearMonth period) {
        return readInvoices(" WHERE period = ?", period.toString()).stream().findFirst();
    }

    /** Every invoice recorded, oldest month first. */
    public List<InvoiceMonth> invoices() {
        return readInvoices("", null);
    }

    /** Invoices whose PAYMENT_DUE has not gone to finance yet, oldest first. */
    public List<InvoiceMonth> paymentDueUnsent() {
        return readInvoices(" WHERE due_sent_at IS NULL", null);
    }

    /** PAYMENT_DUE of this month went to finance (the broker took it); the first time stays. */
    public void markPaymentDueSent(YearMonth period, Instant at) {
        jdbc.call("mark payment due sent", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE invoice_month SET due_sent_at = ? WHERE period = ? AND due_sent_at IS NULL")) {
                DbTime.set(ps, 1, at);
                ps.setString(2, period.toString());
                return ps.executeUpdate();
            }
        });
    }

    private List<InvoiceMonth> readInvoices(String where, String parameter) {
        return jdbc.call("read invoices", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INVOICE_COLUMNS + " FROM invoice_month" + where
                    + " ORDER BY period")) {
                if (parameter != null) {
                    ps.setString(1, parameter);
                }
                List<InvoiceMonth> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new InvoiceMonth(YearMonth.parse(rs.getString("period")), rs.getString("region_code"),
                                rs.getString("invoice_no"), rs.getLong("billed_total"), rs.getInt("billed_workers"),
                                rs.getDate("due_date").toLocalDate(), DbTime.get(rs, "fetched_at"),
                                DbTime.get(rs, "due_sent_at")));
                    }
                }
                return out;
            }
        });
    }

    // ---------------------------------------------------------------- payments

    /**
     * A payment as told by finance (the command's options, a PAYMENT message).
     *
     * @param reference     the SP2D number (treasury payment order), unique per funding source
     * @param fundingSource the programme's source code that paid (APBD_KOTA, OTSUS, ...)
     * @param period        the month paid for
     * @param amount        whole rupiah, positive
     * @param budgetAccount the budget account (kode rekening) booked, or null
     */
    public record NewPayment(String reference, String fundingSource, LocalDate paidOn, YearMonth period, long amount,
                             String budgetAccount) {

        public NewPayment {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(fundingSource, "fundingSource");
            Objects.requireNonNull(paidOn, "paidOn");
            Objects.requireNonNull(period, "period");
            if (amount <= 0) {
                throw new IllegalArgumentException("amount must be positive whole rupiah: " + amount);
            }
        }
    }

    /** A payment as recorded. */
    public record Payment(long id, String reference, String fundingSource, LocalDate paidOn, YearMonth period,
                          long amount, String budgetAccount, Instant recordedAt, String recordedBy) {

        /** Whether {@code p} tells of this very payment (the same reference, source, date, month, amount, account). */
        public boolean same(NewPayment p) {
            return reference.equals(p.reference()) && fundingSource.equals(p.fundingSource())
                    && paidOn.equals(p.paidOn()) && period.equals(p.period()) && amount == p.amount()
                    && Objects.equals(budgetAccount, p.budgetAccount());
        }
    }

    /** What came of recording a payment. */
    public enum PaymentOutcome {
        /** Recorded now. */
        RECORDED,
        /** The same payment was recorded before (told twice, or a message delivered again): nothing changed. */
        ALREADY_RECORDED,
        /** The reference is recorded for this source with other figures: refused, the first stays. */
        CONFLICT
    }

    /** @param payment the payment as the ledger holds it: the new one, or the one recorded before */
    public record Recorded(PaymentOutcome outcome, Payment payment) {
    }

    /**
     * Records a payment once: the unique key (source, reference) decides, so the command and a message
     * telling of the same SP2D at once record it once. {@code recordedBy}: command:&lt;who&gt; or
     * queue:&lt;messageId&gt;.
     */
    public Recorded recordPayment(NewPayment p, String recordedBy, Instant now) {
        return jdbc.inTransaction("record payment", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment (reference, funding_source, paid_on,"
                    + " period, amount, budget_account, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                ps.setString(1, p.reference());
                ps.setString(2, p.fundingSource());
                ps.setDate(3, Date.valueOf(p.paidOn()));
                ps.setString(4, p.period().toString());
                ps.setLong(5, p.amount());
                ps.setString(6, p.budgetAccount());
                DbTime.set(ps, 7, now);
                ps.setString(8, truncate(recordedBy, 128));
                boolean inserted = ps.executeUpdate() == 1;
                Payment stored = byReference(c, p.fundingSource(), p.reference()).orElseThrow();
                if (inserted) {
                    return new Recorded(PaymentOutcome.RECORDED, stored);
                }
                return new Recorded(stored.same(p) ? PaymentOutcome.ALREADY_RECORDED : PaymentOutcome.CONFLICT, stored);
            }
        });
    }

    /** Payments for one month, or for every month ({@code periodOrNull} null), in the order recorded. */
    public List<Payment> payments(YearMonth periodOrNull) {
        return jdbc.call("read payments", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PAYMENT_COLUMNS + " FROM payment"
                    + (periodOrNull == null ? "" : " WHERE period = ?") + " ORDER BY period, id")) {
                if (periodOrNull != null) {
                    ps.setString(1, periodOrNull.toString());
                }
                return readPayments(ps);
            }
        });
    }

    /** What was paid per month, whole rupiah, summed by the database. */
    public Map<YearMonth, Long> paidByMonth() {
        return jdbc.call("sum payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT period, SUM(amount) FROM payment GROUP BY period ORDER BY period");
                 ResultSet rs = ps.executeQuery()) {
                Map<YearMonth, Long> paid = new TreeMap<>();
                while (rs.next()) {
                    paid.put(YearMonth.parse(rs.getString(1)), rs.getLong(2));
                }
                return paid;
            }
        });
    }

    private static Optional<Payment> byReference(Connection c, String source, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PAYMENT_COLUMNS
                + " FROM payment WHERE funding_source = ? AND reference = ?")) {
            ps.setString(1, source);
            ps.setString(2, reference);
            return readPayments(ps).stream().findFirst();
        }
    }

    private static List<Payment> readPayments(PreparedStatement ps) throws SQLException {
        List<Payment> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Payment(rs.getLong("id"), rs.getString("reference"), rs.getString("funding_source"),
                        rs.getDate("paid_on").toLocalDate(), YearMonth.parse(rs.getString("period")),
                        rs.getLong("amount"), rs.getString("budget_account"), DbTime.get(rs, "recorded_at"),
                        rs.getString("recorded_by")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- arrears alarms

    /** An arrears alarm: a month at a stage, its message's id, and whether it went to finance. */
    public record Alarm(YearMonth period, int stage, String messageId, long outstanding, Instant raisedAt,
                        Instant sentAt) {
    }

    /**
     * Raises the alarm of a month at a stage, once: true when raised now, false when it was raised
     * before (whatever the outstanding amount then).
     */
    public boolean raiseAlarm(YearMonth period, int stage, String messageId, long outstanding, Instant now) {
        return jdbc.call("raise arrears alarm", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO arrears_alarm (period, stage, message_id,"
                    + " outstanding, raised_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, period.toString());
                ps.setInt(2, stage);
                ps.setString(3, messageId);
                ps.setLong(4, outstanding);
                DbTime.set(ps, 5, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Every alarm raised, by month then stage. */
    public List<Alarm> alarms() {
        return readAlarms("");
    }

    /** Alarms raised whose message has not gone to finance yet. */
    public List<Alarm> unsentAlarms() {
        return readAlarms(" WHERE sent_at IS NULL");
    }

    public void markAlarmSent(YearMonth period, int stage, Instant at) {
        jdbc.call("mark arrears alarm sent", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE arrears_alarm SET sent_at = ?"
                    + " WHERE period = ? AND stage = ? AND sent_at IS NULL")) {
                DbTime.set(ps, 1, at);
                ps.setString(2, period.toString());
                ps.setInt(3, stage);
                return ps.executeUpdate();
            }
        });
    }

    private List<Alarm> readAlarms(String where) {
        return jdbc.call("read arrears alarms", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT period, stage, message_id, outstanding, raised_at,"
                    + " sent_at FROM arrears_alarm" + where + " ORDER BY period, stage");
                 ResultSet rs = ps.executeQuery()) {
                List<Alarm> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Alarm(YearMonth.parse(rs.getString(1)), rs.getInt(2), rs.getString(3), rs.getLong(4),
                            DbTime.get(rs, 5), DbTime.get(rs, 6)));
                }
                return out;
            }
        });
    }

    // ---------------------------------------------------------------- who pays

    /**
     * Covered workers of a month counted per funding source of their period (null: the agency's
     * configured source), agency and declared income (null: none kept, the default applies). For the
     * split of PAYMENT_DUE per source; counted by the database, no personal data read.
     */
    public record SourceCount(String fundingSource, String agencyId, Long monthlyIncome, long workers) {
    }

    public List<SourceCount> workersBySource(YearMonth month) {
        return jdbc.call("count covered workers by source", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.funding_source, p.agency_id,"
                    + " " + IncomeInForce.INCOME + " AS monthly_income, COUNT(*) AS workers"
                    + " FROM coverage_period p JOIN worker w ON w.kpj = p.kpj"
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    // Priced at the income in force in that month (V20), as the month's statement is.
                    + IncomeInForce.JOIN
                    + " WHERE p.first_month <= ? AND (p.last_month IS NULL OR p.last_month >= ?)"
                    + " GROUP BY p.funding_source, p.agency_id, " + IncomeInForce.INCOME)) {
                ps.setString(1, month.toString());
                ps.setString(2, month.toString());
                ps.setString(3, month.toString());
                List<SourceCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SourceCount(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
                                rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The periods of cover BPJS lapsed (end_reason LAPSED), counted per last month covered: what the
     * arrears output and the status page say about lapses. Counted by the database.
     */
    public Map<YearMonth, Long> lapsedByLastMonth() {
        return jdbc.call("count lapsed coverage periods", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_month, COUNT(*) FROM coverage_period"
                    + " WHERE end_reason = 'LAPSED' GROUP BY last_month ORDER BY last_month")) {
                Map<YearMonth, Long> out = new java.util.TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(YearMonth.parse(rs.getString(1)), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
