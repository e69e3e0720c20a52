package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.FinanceQueueReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A sample finance consumer for operators: prints what is on the finance queue, one line per
 * message. It only browses unless --consume, so it never takes a message from the finance system.
 */
@Command(name = "finance-tail", mixinStandardHelpOptions = true,
        description = "Print the messages on the finance queue (browse; --consume takes them). See docs/finance.md.")
public final class FinanceTailCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "config", description = "Configuration folder for the defaults (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--broker", description = "Broker URL (default: jamsos.broker.url).")
    String broker;

    @Option(names = "--queue", description = "Queue (default: jamsos.finance.queue).")
    String queue;

    @Option(names = "--count", defaultValue = "2147483647", description = "Stop after this many messages.")
    int count;

    @Option(names = "--timeout", defaultValue = "10", description = "Stop after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--consume", description = "Take the messages off the queue instead of browsing.")
    boolean consume;

    @Option(names = "--json", description = "Print each message's JSON body under its summary line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        GatewayProperties props = GatewayProperties.load(config.resolve("application.properties"), System::getenv);
        String url = broker != null ? broker : props.get("jamsos.broker.url");
        String q = queue != null ? queue : props.get("jamsos.finance.queue");
        PrintWriter out = spec.commandLine().getOut();
        int n;
        try (FinanceQueueReader reader = new FinanceQueueReader(url, q)) {
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            n = consume ? reader.take(count, timeout, r -> print(r, out)) : reader.browse(count, timeout, r -> print(r, out));
        }
        out.println(n + " pesan / message(s) " + (consume ? "diambil / taken" : "dilihat / browsed") + " on " + q);
        out.flush();
        return 0;
    }

    private void print(FinanceQueueReader.Received r, PrintWriter out) {
        out.println(summary(r));
        if (json) {
            out.println(r.body());
        }
        out.flush();
    }

    /** One line: type, id and what matters for that type. */
    static String summary(FinanceQueueReader.Received r) {
        JsonNode b;
        try {
            b = JSON.readTree(r.body());
        } catch (Exception e) {
            return "? " + r.jmsMessageId() + " (not JSON)";
        }
        String type = b.path("messageType").asText("?");
        if ("CONTRIBUTION_STATEMENT".equals(type)) {
            return String.format("%s %s period=%s scope=%s workers=%d total=Rp %d differences=%d%s", type,
                    b.path("messageId").asText(), b.path("period").asText(), b.path("scope").asText(),
                    b.path("totals").path("workers").asInt(), b.path("totals").path("total").asLong(),
                    b.path("differences").size(), b.path("budget").path("exceeded").asBoolean() ? " BUDGET-EXCEEDED" : "");
        }
        return String.format("%s %s v%s %s Rp %d kpj=%s agency=%s%s", type, b.path("messageId").asText(),
                b.path("schemaVersion").asText(), b.path("claimType").asText(), b.path("amount").asLong(),
                b.path("worker").path("kpj").asText(), r.agencyId(),
                b.path("reviewCode").isTextual() ? " review=" + b.path("reviewCode").asText() : "");
    }
}
