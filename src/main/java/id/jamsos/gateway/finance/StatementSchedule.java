package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.ledger.FinanceLedger;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly statement's bean for routes/statements.camel.yaml. The statement of the previous
 * month is due once the cron expression has fired this month (in the city's time zone) and no
 * statement of that month is recorded in the ledger: a gateway that was down at the cron minute
 * catches up when it starts, and one that restarts does not publish the month again.
 */
public final class StatementSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(StatementSchedule.class);
    private static final String STATEMENT = "JamsosStatement";

    private final StatementBuilder builder;
    private final FinanceLedger finance;
    private final CronExpression cron;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final Clock clock;

    public StatementSchedule(StatementBuilder builder, FinanceLedger finance, CronExpression cron, ZoneId zone,
                             ObjectMapper json, Clock clock) {
        this.builder = builder;
        this.finance = finance;
        this.cron = cron;
        this.zone = zone;
        this.json = json;
        this.clock = clock;
    }

    /** The period whose statement is due now, or empty. */
    public Optional<YearMonth> duePeriod() {
        LocalDateTime now = LocalDateTime.now(clock.withZone(zone));
        YearMonth previous = YearMonth.from(now).minusMonths(1);
        if (finance.statementPublished(previous.toString(), ContributionStatement.ALL)) {
            return Optional.empty();
        }
        Optional<LocalDateTime> fired = cron.firstIn(YearMonth.from(now));
        return fired.isPresent() && !fired.get().isAfter(now) ? Optional.of(previous) : Optional.empty();
    }

    /** Body: the due period as yyyy-MM, or null when nothing is due. */
    public void due(Exchange exchange) {
        exchange.getMessage().setBody(duePeriod().map(YearMonth::toString).orElse(null));
    }

    /** Body: the statement JSON; headers: its JMS properties. Fails when the invoice cannot be had. */
    public void build(Exchange exchange) throws JsonProcessingException {
        YearMonth period = YearMonth.parse(exchange.getMessage().getBody(String.class));
        ContributionStatement statement = builder.buildWithInvoice(period, null);
        exchange.setProperty(STATEMENT, statement);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(json.writeValueAsString(statement));
        StatementPublisher.properties(statement).forEach(out::setHeader);
        out.setHeader("JMSCorrelationID", statement.messageId());
    }

    public void published(Exchange exchange) {
        ContributionStatement s = exchange.getProperty(STATEMENT, ContributionStatement.class);
        finance.recordStatement(s.period(), s.scope(), s.messageId(), clock.instant());
        LOG.info("statement {} published: {}", s.messageId(), s.summary());
    }

    public void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("monthly statement not published, retried at the next check: {}", String.valueOf(error));
    }
}
