package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.ops.WorkerLookups;
import id.jamsos.gateway.report.WorkerStoryText;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A worker's whole story by NIK or KPJ (docs/operations.md, "A worker's story"): every file row that named
 * them, the enrollment, cover, changes, income, claims and invoices, in time order. The NIK is masked
 * unless {@code --full-nik}; every look-up and every full-NIK view is written to the audit trail.
 *
 * <p>A command has no Camel registry: the trail is the gateway's default {@link LoggedAuditTrail} (logger
 * {@value LoggedAuditTrail#LOGGER}, routed like the gateway's own audit lines), made here.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "A worker's story by NIK or KPJ / riwayat pekerja: files, enrollment, cover, changes,"
                + " claims. Audited. See docs/operations.md.")
public final class WorkerCommand implements Callable<Integer> {

    /** Nothing found for the NIK or KPJ. */
    static final int NOT_FOUND = 1;

    @Spec
    CommandSpec spec;

    static final class Key {
        @Option(names = "--nik", required = true, description = "The worker's NIK (16 digits).")
        String nik;

        @Option(names = "--kpj", required = true, description = "The worker's KPJ (membership number).")
        String kpj;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    @Mixin
    JsonOption json;

    @Option(names = "--full-nik", description = "Show the NIK whole (audited). Default: masked.")
    boolean fullNik;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("worker", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
        if (refused != null) {
            return refused;
        }
        return run(props, key.nik, key.kpj, json.requested(), fullNik, null,
                "command:" + System.getProperty("user.name", "?"), spec.commandLine().getOut(), err);
    }

    /**
     * The command's work on a ledger named by {@code props}, with the trail given (tests pass their own;
     * null: the ledger's audit trail).
     */
    static int run(GatewayProperties props, String nik, String kpj, boolean printJson, boolean fullNik,
                   AuditTrail audit, String actor, PrintWriter out, PrintWriter err) throws Exception {
        WorkerLookups.Query query;
        try {
            query = WorkerLookups.Query.of(nik, kpj);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        ZoneId zone = ZoneId.of(props.get("jamsos.ops.timeZone", "Asia/Jayapura").trim());
        Optional<WorkerStory.Story> story;
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            // Null: the ledger's own audit trail, as the gateway records a look-up on its pages.
            AuditTrail trail = audit != null ? audit
                    : id.jamsos.gateway.app.OperatorTools.auditTrail(ds, props, PersonalDataKeys.cipher(props));
            story = new WorkerLookups(new WorkerStory(ds, PersonalDataKeys.cipher(props)), trail)
                    .forOperator(AuditEvent.OPERATOR, actor, query, fullNik, "");
        }
        if (story.isEmpty()) {
            err.println("Tidak ditemukan / not found: " + query.subject());
            err.flush();
            return NOT_FOUND;
        }
        if (printJson) {
            out.println(Json.mapper().writeValueAsString(WorkerStoryText.json(story.get(), fullNik, zone)));
        } else {
            out.print(WorkerStoryText.text(story.get(), fullNik, zone));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
