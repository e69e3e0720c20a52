package id.jamsos.gateway.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.report.CsvCells;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code audit export} and {@code audit verify} (docs/audit.md): the chained audit trail of the ledger
 * (V33) written to a file for the data-protection officer, and checked from end to end. Both need only
 * the ledger and its keys (the personal-data keys, and jamsos.audit.hmacKey when set), not the broker.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Export or verify the audit trail of operator, clerk and gateway actions. See docs/audit.md.",
        subcommands = {AuditCommand.Export.class, AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {

    /** {@code verify}: the chain holds. */
    public static final int INTACT = 0;
    /** {@code verify}: an entry is altered, missing or out of place. */
    public static final int BROKEN = 1;

    private static final Set<ProductionSettings.Part> LEDGER = EnumSet.of(ProductionSettings.Part.LEDGER);

    @Spec
    CommandSpec spec;

    /** Given before or after the subcommand's name (inherited by both subcommands). */
    @Mixin
    InheritedConfigOption config;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The trail on this configuration's ledger, under its audit key. */
    static AuditLedger trail(GatewayProperties props, HikariDataSource ds) {
        return id.jamsos.gateway.app.OperatorTools.auditLedger(ds, props, PersonalDataKeys.cipher(props));
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the entries recorded between two dates (UTC, both included) to FILE, as CSV or JSON.")
    static final class Export implements Callable<Integer> {

        @ParentCommand
        AuditCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--from", description = "First day, yyyy-MM-dd (default: the first entry).")
        String from;

        @Option(names = "--to", description = "Last day, yyyy-MM-dd (default: today).")
        String to;

        @Option(names = "--json", description = "JSON: the entries exactly as stored, hashes included, to check again.")
        boolean json;

        @Option(names = "--csv", description = "CSV (the default), cells made safe to open in a spreadsheet.")
        boolean csv;

        @Parameters(paramLabel = "FILE", description = "Where to write; replaced if it exists.")
        Path file;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (json && csv) {
                err.println("--json dan --csv tidak bisa bersama / choose --json or --csv, not both");
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
            Instant start;
            Instant end;
            try {
                start = from == null ? Instant.EPOCH : LocalDate.parse(from.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
                LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to.trim());
                end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                err.println("--from dan --to harus yyyy-MM-dd / --from and --to must be yyyy-MM-dd");
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
            GatewayProperties props = parent.config.properties();
            Integer refused = parent.config.preflight("audit export", props, LEDGER, err);
            if (refused != null) {
                return refused;
            }
            try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
                AuditLedger trail = trail(props, ds);
                // Written beside the target and moved over it: a failed export leaves no half file.
                Path target = file.toAbsolutePath();
                Path temp = Files.createTempFile(target.getParent(), ".audit-export", ".tmp");
                long written;
                try {
                    written = json ? writeJson(trail, start, end, temp) : writeCsv(trail, start, end, temp);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
                // An export is itself an audited action: who took the trail away, and which part of it.
                trail.append(new AuditEvent(AuditEvent.OPERATOR, System.getProperty("user.name", "?"), "",
                        "AUDIT_EXPORT", target.getFileName().toString(), (json ? "json " : "csv ") + start + " to "
                        + end + ", " + written + " entries", "command line"));
                out.println(written + " entries written to " + target);
                out.flush();
                return ExitCodes.OK;
            }
        }

        private static long writeCsv(AuditLedger trail, Instant start, Instant end, Path temp) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                w.write("seq,at,actor_kind,actor,agency,action,subject,outcome,detail,client_address,prev_hash,hash\r\n");
                return trail.forEachBetween(start, end, e -> {
                    try {
                        w.write(String.join(",", Long.toString(e.seq()), e.at().toString(), cell(e.actorKind()),
                                cell(e.actor()), cell(e.agency()), cell(e.action()), cell(e.subject()),
                                cell(e.outcome()), cell(e.detail()), cell(e.clientAddress()), e.prevHash(), e.hash()));
                        w.write("\r\n");
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
        }

        private static String cell(String text) {
            String safe = CsvCells.neutralize(text);
            if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
                return "\"" + safe.replace("\"", "\"\"") + "\"";
            }
            return safe;
        }

        private static long writeJson(AuditLedger trail, Instant start, Instant end, Path temp) throws IOException {
            try (OutputStream os = Files.newOutputStream(temp);
                 JsonGenerator g = new ObjectMapper().getFactory().createGenerator(os, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("from", start.toString());
                g.writeStringField("to", end.toString());
                g.writeArrayFieldStart("entries");
                long n = trail.forEachBetween(start, end, e -> {
                    try {
                        g.writeStartObject();
                        g.writeNumberField("seq", e.seq());
                        g.writeStringField("at", e.at().toString());
                        g.writeStringField("actorKind", e.actorKind());
                        g.writeStringField("actor", e.actor());
                        g.writeStringField("agency", e.agency());
                        g.writeStringField("action", e.action());
                        g.writeStringField("subject", e.subject());
                        g.writeStringField("outcome", e.outcome());
                        g.writeStringField("detail", e.detail());
                        g.writeStringField("clientAddress", e.clientAddress());
                        g.writeStringField("prevHash", e.prevHash());
                        g.writeStringField("hash", e.hash());
                        g.writeEndObject();
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
                g.writeEndArray();
                g.writeNumberField("count", n);
                g.writeEndObject();
                return n;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole chain: OK and the count (exit 0), or the first altered or missing entry (exit 1).")
    static final class Verify implements Callable<Integer> {

        @ParentCommand
        AuditCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            GatewayProperties props = parent.config.properties();
            Integer refused = parent.config.preflight("audit verify", props, LEDGER, err);
            if (refused != null) {
                return refused;
            }
            try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
                AuditLedger.Verification v = trail(props, ds).verify();
                if (v.ok()) {
                    out.println("OK: " + v.checked() + " entries verified (seq " + (v.anchorSeq() + 1) + " to "
                            + v.lastSeq() + (v.anchorSeq() > 0 ? "; " + v.anchorSeq() + " earlier ones removed by retention"
                            : "") + "), head hash " + v.lastHash());
                    out.flush();
                    return INTACT;
                }
                out.println("BROKEN at seq " + v.firstBroken() + ": " + v.problem() + "; " + v.checked()
                        + " entries before it verified");
                out.flush();
                return BROKEN;
            }
        }
    }
}
