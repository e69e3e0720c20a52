package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.finance.FinanceSignature;
import java.security.PublicKey;
import java.util.List;
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
 *
 * <p>It checks each message's signature as finance must (docs/finance.md, "Signatures") with the
 * public key {@code jamsos.finance.verifyKey} or {@code --verify-key}: a message that is unsigned or
 * whose signature does not verify is printed as {@code FORGED} or {@code UNSIGNED}, with the words
 * "not from the gateway, do not book", its body is never printed, and the command exits 1. Without
 * a key it says that nothing was verified.
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

    @Option(names = "--json", description = "Print each message's JSON body under its summary line (verified messages only).")
    boolean json;

    @Option(names = "--user", description = "Broker login (default: jamsos.broker.user); its password from jamsos.broker.password (JAMSOS_BROKER_PASSWORD).")
    String user;

    @Option(names = "--verify-key", description = "Ed25519 public key(s) the messages must be signed with, base64 X.509, comma-separated (default: jamsos.finance.verifyKey).")
    String verifyKey;

    private List<PublicKey> keys = List.of();
    private int refused;

    @Override
    public Integer call() throws Exception {
        GatewayProperties props = GatewayProperties.load(config.resolve("application.properties"), System::getenv);
        String url = broker != null ? broker : props.get("jamsos.broker.url");
        String q = queue != null ? queue : props.get("jamsos.finance.queue");
        PrintWriter out = spec.commandLine().getOut();
        String key = verifyKey != null ? verifyKey : props.get("jamsos.finance.verifyKey", "");
        if (key.isBlank()) {
            out.println("PERINGATAN / WARNING: no jamsos.finance.verifyKey (or --verify-key): signatures are NOT checked;"
                    + " a message anyone put on the queue looks like the gateway's");
        } else {
            try {
                keys = FinanceSignature.publicKeys(key);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("jamsos.finance.verifyKey / --verify-key: " + e.getMessage());
                return ExitCodes.CONFIGURATION;
            }
        }
        String login = user != null ? user : props.get("jamsos.broker.user", "");
        int n;
        try (FinanceQueueReader reader = new FinanceQueueReader(url, Gateway.brokerTls(props), login, props.get("jamsos.broker.password", ""), q)) {
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            n = consume ? reader.take(count, timeout, r -> print(r, out)) : reader.browse(count, timeout, r -> print(r, out));
        }
        out.println(n + " pesan / message(s) " + (consume ? "diambil / taken" : "dilihat / browsed") + " on " + q);
        if (refused > 0) {
            out.println(refused + " pesan tidak sah / message(s) NOT signed by the gateway: do not book them");
        }
        out.flush();
        return refused > 0 ? 1 : ExitCodes.OK;
    }

    private void print(FinanceQueueReader.Received r, PrintWriter out) {
        if (keys.isEmpty()) {
            out.println(summary(r));
            if (json) {
                out.println(r.body());
            }
            out.flush();
            return;
        }
        FinanceSignature.Verdict v = FinanceSignature.verify(keys, r.messageType(), r.messageId(), r.body(), r.signature());
        if (v == FinanceSignature.Verdict.VALID) {
            out.println(summary(r) + " signed");
            if (json) {
                out.println(r.body());
            }
        } else {
            refused++;
            // Not the body: whoever wrote it chose what it says.
            out.println(v + " " + summary(r) + " (" + (v == FinanceSignature.Verdict.UNSIGNED ? "no signature"
                    : "signature does not verify") + ": not from the gateway, do not book)");
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
                    // v2 counts every difference (the list stops at a cap); v1 listed them all.
                    b.path("differenceCounts").path("total").asInt(b.path("differences").size()), b.path("budget").path("exceeded").asBoolean() ? " BUDGET-EXCEEDED" : "");
        }
        switch (type) {
            case "PAYMENT_DUE" -> {
                return String.format("%s %s period=%s billed=Rp %d expected=Rp %d outstanding=Rp %d due=%s", type,
                        b.path("messageId").asText(), b.path("period").asText(), b.path("billed").asLong(),
                        b.path("expected").asLong(), b.path("outstanding").asLong(), b.path("dueDate").asText());
            }
            case "ARREARS_WARNING" -> {
                return String.format("%s %s period=%s stage=%d outstanding=Rp %d consecutive=%d lapse=%s", type,
                        b.path("messageId").asText(), b.path("period").asText(), b.path("stage").asInt(),
                        b.path("outstanding").asLong(), b.path("consecutiveUnpaidMonths").asInt(),
                        b.path("lapseMonth").asText());
            }
            case "COVERAGE_ENDED" -> {
                return String.format("%s %s kpj=%s agency=%s months=%s..%s reason=%s", type,
                        b.path("messageId").asText(), b.path("kpj").asText(), b.path("agency").path("id").asText(),
                        b.path("firstMonth").asText(), b.path("lastMonth").asText(), b.path("endReason").asText());
            }
            default -> {
                // claims, below
            }
        }
        return String.format("%s %s v%s %s Rp %d kpj=%s agency=%s%s", type, b.path("messageId").asText(),
                b.path("schemaVersion").asText(), b.path("claimType").asText(), b.path("amount").asLong(),
                b.path("worker").path("kpj").asText(), r.agencyId(),
                b.path("reviewCode").isTextual() ? " review=" + b.path("reviewCode").asText() : "");
    }
}
