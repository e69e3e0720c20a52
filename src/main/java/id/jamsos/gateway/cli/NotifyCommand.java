package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.OperatorTools;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.NotificationLedger.View;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Notifying workers, for operators (docs/notifications.md, "Operating"): how many messages are in each state,
 * the list (UNCERTAIN and FAILED are the ones to look at), a worker's opt-out by KPJ, and the decision to send
 * an UNCERTAIN or FAILED message again. Shows KPJs and event keys, never a phone number, a name or a NIK.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Worker notifications (WhatsApp, SMS) / pemberitahuan kepada pekerja:"
                + " status | list [--state S] [--kpj K] | opt-out --kpj K | resend --id N. See docs/notifications.md.")
public final class NotifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "status, list, opt-out or resend")
    String action;

    @Option(names = "--state", description = "list: only this state (QUEUED, SENDING, SENT, DELIVERED, READ, FAILED,"
            + " UNCERTAIN, SKIPPED).")
    State state;

    @Option(names = "--kpj", description = "list: one worker's messages; opt-out: the worker.")
    String kpj;

    @Option(names = "--id", description = "resend: the notification's id (from list).")
    Long id;

    @Option(names = "--limit", defaultValue = "50", description = "list: at most this many, newest first (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--reason", defaultValue = "operator", description = "opt-out: where it was asked (a call to the"
            + " contact centre, a letter), kept as its source.")
    String reason;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("notify", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
        if (refused != null) {
            return refused;
        }
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            PersonalDataCipher pii = PersonalDataKeys.cipher(props);
            NotificationLedger ledger = new NotificationLedger(ds, pii, Clock.systemUTC());
            return run(ledger, OperatorTools.auditTrail(ds, props, pii), operator(), out, err);
        }
    }

    /** Who acts, for the audit trail and the opt-out's source: the operating-system user running the command. */
    private static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "operator" : user.strip();
    }

    /**
     * The action on an open ledger. {@code opt-out} and {@code resend} change what a worker is sent: each is
     * recorded in the audit trail (actor: the operator, action NOTIFY_OPT_OUT or NOTIFY_RESEND, subject the KPJ
     * or the notification, detail the reason; FAILED when nothing was changed), as `replay` and `review` do.
     */
    int run(NotificationLedger ledger, AuditTrail audit, String operatorName, PrintWriter out, PrintWriter err)
            throws Exception {
        String operator = "command:" + operatorName + ":" + reason.strip();
        switch (action) {
            case "status" -> {
                Map<State, Long> counts = ledger.counts();
                if (json) {
                    out.println(Json.mapper().writeValueAsString(counts));
                } else {
                    out.println("Pemberitahuan per status / notifications by state");
                    counts.forEach((s, n) -> out.printf("  %-10s %8d%n", s, n));
                    if (counts.get(State.UNCERTAIN) > 0) {
                        out.println("  UNCERTAIN: terputus saat dikirim, mungkin sudah diterima / interrupted while"
                                + " being sent, may have arrived: notify list --state UNCERTAIN, then notify resend --id N");
                    }
                }
                out.flush();
                return counts.get(State.UNCERTAIN) + counts.get(State.FAILED) > 0 ? 1 : 0;
            }
            case "list" -> {
                List<View> views = kpj != null ? ledger.ofKpj(kpj.strip()) : ledger.list(state, limit);
                if (kpj != null && state != null) {
                    views = views.stream().filter(v -> v.state() == state).toList();
                }
                if (json) {
                    out.println(Json.mapper().writeValueAsString(views));
                } else {
                    out.printf("%-6s %-14s %-13s %-10s %-9s %-3s %-20s %s%n", "id", "KPJ", "event", "state", "channel",
                            "try", "updated", "last error");
                    for (View v : views) {
                        out.printf("%-6d %-14s %-13s %-10s %-9s %-3d %-20s %s%n", v.id(), v.kpj(), v.event(), v.state(),
                                v.channel(), v.attempts(), v.updatedAt().toString().substring(0, 19),
                                v.lastError() == null ? "" : v.lastError());
                    }
                }
                out.flush();
                return 0;
            }
            case "opt-out" -> {
                if (kpj == null) {
                    err.println("opt-out needs --kpj / opt-out perlu --kpj");
                    err.flush();
                    return ExitCodes.CONFIGURATION;
                }
                boolean done = ledger.optOutByKpj(kpj.strip(), operator);
                audit.record(new AuditEvent(AuditEvent.OPERATOR, operatorName, "", "NOTIFY_OPT_OUT",
                        "kpj:" + kpj.strip(), "reason: " + reason.strip(), "command line",
                        done ? AuditEvent.OK : AuditEvent.FAILED));
                out.println(done ? "KPJ " + kpj.strip() + ": tidak akan dihubungi lagi / will not be contacted again"
                        : "KPJ " + kpj.strip() + " tidak dikenal / unknown KPJ");
                out.flush();
                return done ? 0 : 1;
            }
            case "resend" -> {
                if (id == null) {
                    err.println("resend needs --id / resend perlu --id");
                    err.flush();
                    return ExitCodes.CONFIGURATION;
                }
                boolean done = ledger.resend(id);
                String refusal = done ? null : ledger.resendRefusal(id);
                if (!done && refusal == null) {
                    refusal = "it changed meanwhile";
                }
                audit.record(new AuditEvent(AuditEvent.OPERATOR, operatorName, "", "NOTIFY_RESEND",
                        "notification " + id, done ? "queued again on WhatsApp (the worker may get it twice)"
                                : "not resent: " + refusal,
                        "command line", done ? AuditEvent.OK : AuditEvent.FAILED));
                out.println(done ? "notification " + id + " queued again (the worker may get it twice)"
                        : "notification " + id + " not resent / tidak dikirim ulang: " + refusal);
                out.flush();
                return done ? 0 : 1;
            }
            default -> {
                err.println("unknown action " + action + ": status, list, opt-out or resend");
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
        }
    }
}
