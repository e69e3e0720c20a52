package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.ledger.FinanceLedger;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly statement's bean for routes/statements.camel.yaml. The statement of the previous
 * month is due once the cron expression has fired this month (in the city's time zone) and no
 * statement of that month is recorded in the ledger: a gateway that was down at the cron minute
 * catches up when it starts, and one that restarts does not publish the month again. A month
 * without any covered worker has no statement.
 */
public final class StatementSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(StatementSchedule.class);

    private final StatementBuilder builder;
    private final FinanceLedger finance;
    private final StatementCron cron;
    private final ObjectMapper json;
    private final Clock clock;
    /** Months skipped for having no covered worker, so that each is logged once, not at every check. */
    private final Set<YearMonth> emptySaid = ConcurrentHashMap.newKeySet();

    /** @param cron in the city's time zone, which also decides which month is "this month" */
    public StatementSchedule(StatementBuilder builder, FinanceLedger finance, StatementCron cron, ObjectMapper json,
                             Clock clock) {
        this.builder = builder;
        this.finance = finance;
        this.cron = cron;
        this.json = json;
        this.clock = clock;
    }

    /** The period whose statement is due now, or empty. */
    public Optional<YearMonth> duePeriod() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(cron.zone()));
        YearMonth previous = YearMonth.from(now).minusMonths(1);
        if (finance.statementPublished(previous.toString(), ContributionStatement.ALL)) {
            return Optional.empty();
        }
        // Not "did the cron fire a moment ago" but "has it fired since this month began": that is
        // what lets a gateway that was down at the cron minute catch up when it starts.
        Optional<ZonedDateTime> fired = cron.firstIn(YearMonth.from(now));
        if (fired.isEmpty() || fired.get().isAfter(now)) {
            return Optional.empty();
        }
        // A month in which nobody was covered yet (the gateway went live this month) owes nothing:
        // a statement of Rp 0 would only make finance look for an invoice that BPJS never sends.
        if (builder.coveredCount(previous) == 0) {
            if (emptySaid.add(previous)) {
                LOG.info("no contribution statement for {}: no worker was enrolled by the end of that month", previous);
            }
            return Optional.empty();
        }
        return Optional.of(previous);
    }

    /** The due period as yyyy-MM, or null when nothing is due (the route's filter stops there). */
    public String due() {
        return duePeriod().map(YearMonth::toString).orElse(null);
    }

    /**
     * From the invoice the route fetched for the due period. Body: the statement JSON; headers: its
     * JMS properties. Takes the Exchange because it sets three things at once (body, the message's
     * headers, and the statement as a property for {@link #published}), which a return value cannot.
     */
    public void build(@ExchangeProperty(Headers.STATEMENT_PERIOD) String period, @Body Invoice invoice, Exchange exchange)
            throws JsonProcessingException {
        ContributionStatement statement = builder.buildWithInvoice(YearMonth.parse(period), null, invoice);
        exchange.setProperty(Headers.STATEMENT, statement);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(json.writeValueAsString(statement));
        StatementPublisher.properties(statement).forEach(out::setHeader);
        out.setHeader("JMSCorrelationID", statement.messageId());
    }

    /** After the broker took it: recorded, so that no later check publishes the month again. */
    public void published(@ExchangeProperty(Headers.STATEMENT) ContributionStatement s) {
        finance.recordStatement(s.period(), s.scope(), s.messageId(), clock.instant());
        ZonedDateTime nextMonth = YearMonth.parse(s.period()).plusMonths(2).atDay(1).atStartOfDay(cron.zone());
        LOG.info("statement {} published: {}; the next is due from {}", s.messageId(), s.summary(),
                cron.nextAfter(nextMonth.minusSeconds(1)).map(ZonedDateTime::toString).orElse("never (the cron never fires)"));
    }

    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        LOG.warn("monthly statement not published, retried at the next check: {}",
                BpjsCallException.describe("GET /bpjstk/v1/tagihan", error));
    }
}
