package id.jamsos.gateway.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.ops.QueueDepths;
import jakarta.jms.ConnectionFactory;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which queues operators watch and how they are counted, the same for the running gateway (the
 * status page and metrics, beans of {@link GatewayConfiguration}) and the {@code status} command,
 * which runs without Camel and reads its settings from {@link GatewayProperties}.
 */
final class OpsWiring {

    private OpsWiring() {
    }

    /**
     * Where the dead letters of the gateway's consumed queues (enrollment; finance and review, which
     * the city's finance system consumes) are: {@code DLQ.X} on a broker set up as deploy/activemq,
     * the shared {@code ActiveMQ.DLQ} on a stock one. Both are watched, so neither kind of broker hides them.
     */
    static QueueDepths.DeadLetters deadLetters(Function<String, String> setting) {
        return new QueueDepths.DeadLetters(setting.apply("jamsos.ops.deadLetterPrefix"),
                setting.apply("jamsos.ops.sharedDeadLetterQueue"),
                List.of(setting.apply("jamsos.queue.enrollment"), setting.apply("jamsos.finance.queue"),
                        setting.apply("jamsos.finance.reviewQueue")));
    }

    /** The keys of {@link QueueDepths#depths()} that count dead letters (per queue, then shared per origin). */
    static List<String> deadLetterQueues(Function<String, String> setting) {
        return deadLetters(setting).keys();
    }

    /** Every queue whose depth operators see (status page, metrics, the status command). */
    static List<String> watchedQueues(Function<String, String> setting) {
        List<String> queues = new ArrayList<>(List.of(setting.apply("jamsos.queue.enrollment"),
                setting.apply("jamsos.queue.parked"), setting.apply("jamsos.finance.queue"),
                setting.apply("jamsos.finance.reviewQueue")));
        QueueDepths.DeadLetters dead = deadLetters(setting);
        dead.origins().forEach(o -> queues.add(dead.perQueue(o)));
        return queues;
    }

    /** The queue depths (and dead letters) as the status page, metrics and the status command count them. */
    static QueueDepths queueDepths(GatewayProperties props, ConnectionFactory connectionFactory, long ttlMillis,
                                   Clock clock) {
        return queueDepths(k -> props.get(k, ""), connectionFactory, ttlMillis, clock);
    }

    static QueueDepths queueDepths(Function<String, String> setting, ConnectionFactory connectionFactory,
                                   long ttlMillis, Clock clock) {
        return new QueueDepths(connectionFactory, watchedQueues(setting), deadLetters(setting),
                Integer.parseInt(setting.apply("jamsos.ops.queueDepthCap")), ttlMillis, clock);
    }

    /** A job's items as the ledger keeps them for replay: JSON per row number. */
    static Map<Integer, String> itemsAsJson(ObjectMapper json, List<EnrollmentJob.Item> items) {
        Map<Integer, String> byRow = new LinkedHashMap<>();
        for (EnrollmentJob.Item item : items) {
            try {
                byRow.put(item.rowNo(), json.writeValueAsString(item));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write the job item of row " + item.rowNo(), e);
            }
        }
        return byRow;
    }
}
