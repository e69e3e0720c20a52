package id.jamsos.gateway.coverage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.ledger.LedgerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly coverage report's bean for routes/coverage-report.camel.yaml, scheduled as the statement
 * is (finance/StatementSchedule): last month's report is due from the cron's first firing this month
 * until coverage_report_run (V40) records it, so a gateway down on the 1st catches up when it starts and
 * one that restarts does not send the month again. A month in which nobody was covered sends nothing.
 */
public final class CoverageReportSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(CoverageReportSchedule.class);

    private final CoverageReportBuilder builder;
    private final DataSource dataSource;
    private final StatementCron cron;
    private final List<Dimension> dimensions;
    private final ObjectMapper json;
    private final Clock clock;
    private final Set<YearMonth> emptySaid = ConcurrentHashMap.newKeySet();

    public CoverageReportSchedule(CoverageReportBuilder builder, DataSource dataSource, StatementCron cron,
                                  List<Dimension> dimensions, ObjectMapper json, Clock clock) {
        this.builder = builder;
        this.dataSource = dataSource;
        this.cron = cron;
        this.dimensions = List.copyOf(dimensions);
        this.json = json;
        this.clock = clock;
    }

    /** The month (yyyy-MM) whose report is due now, or null (the route's filter stops there). */
    public String due() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(cron.zone()));
        YearMonth previous = YearMonth.from(now).minusMonths(1);
        if (sentAt(previous).isPresent()) {
            return null;
        }
        Optional<ZonedDateTime> fired = cron.firstIn(YearMonth.from(now));
        if (fired.isEmpty() || fired.get().isAfter(now)) {
            return null;
        }
        return previous.toString();
    }

    /**
     * The due month's report as the body, its JMS properties as headers; a month without any worker
     * covered, nor a claim, leaves the body null and the route sends nothing. Takes the Exchange because
     * it sets the body and the message's headers at once.
     */
    public void build(@ExchangeProperty(Headers.COVERAGE_REPORT_PERIOD) String period, Exchange exchange)
            throws JsonProcessingException {
        YearMonth m = YearMonth.parse(period);
        CoverageReport r = builder.build(m, m, dimensions);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        Figures total = r.totals().get(m);
        if (total.active() == 0 && total.claims() == 0 && total.ended() == 0) {
            if (emptySaid.add(m)) {
                LOG.info("no coverage report for {}: no worker was covered that month", m);
            }
            out.setBody(null);
            return;
        }
        out.setBody(json.writeValueAsString(CoverageMessage.body(r)));
        CoverageMessage.properties(m).forEach(out::setHeader);
        out.setHeader("JMSCorrelationID", CoverageMessage.messageId(m));
    }

    /** After the broker took it: recorded, so that no later check sends the month again. */
    public void published(@ExchangeProperty(Headers.COVERAGE_REPORT_PERIOD) String period) {
        YearMonth m = YearMonth.parse(period);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO coverage_report_run (period, message_id, published_at) VALUES (?, ?, ?)")) {
            ps.setString(1, m.toString());
            ps.setString(2, CoverageMessage.messageId(m));
            ps.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            // Another process recorded it first (a leader change in between): the month is recorded.
            if (sentAt(m).isEmpty()) {
                throw new LedgerException("record coverage report " + m, e);
            }
        }
        LOG.info("coverage report {} sent to finance", CoverageMessage.messageId(m));
    }

    /** When the month's report was sent, if it was. */
    public Optional<java.time.Instant> sentAt(YearMonth m) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT published_at FROM coverage_report_run WHERE period = ?")) {
            ps.setString(1, m.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("read coverage report runs", e);
        }
    }

    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        LOG.warn("monthly coverage report not sent, tried again at the next check: {}", String.valueOf(error));
    }
}
