package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.eligibility.EligibilityExtract;
import id.jamsos.gateway.eligibility.EligibilityPolicy;
import id.jamsos.gateway.eligibility.TargetDeciles;
import id.jamsos.gateway.intake.FileChecksum;
import id.jamsos.gateway.ledger.EligibilityLedger;
import id.jamsos.gateway.ledger.LedgerException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The programme's eligibility list (docs/eligibility.md): {@code eligibility import FILE --name ...}
 * imports an extract of the poverty-targeting register (DTSEN / P3KE) and makes it the active list,
 * replacing the one before at once; {@code eligibility status} shows the active list, the latest
 * imports and the intake's policy. Neither prints a NIK: the ledger keeps only their keyed hashes.
 */
@Command(name = "eligibility", mixinStandardHelpOptions = true,
        description = "Programme eligibility list (DTSEN / P3KE deciles) / daftar sasaran program: import, status."
                + " See docs/eligibility.md.",
        subcommands = {EligibilityCommand.Import.class, EligibilityCommand.Status.class})
public final class EligibilityCommand implements Callable<Integer> {

    /** The import failed: the active list is as it was. */
    public static final int FAILED = 1;
    private static final Set<ProductionSettings.Part> LEDGER = EnumSet.of(ProductionSettings.Part.LEDGER);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    private GatewayProperties props() throws IOException {
        return config.properties();
    }

    static Map<String, Object> listJson(EligibilityLedger.ListInfo l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        m.put("source", l.source());
        m.put("fileName", l.fileName());
        m.put("villageCodeSystem", l.villageCodeSystem());
        m.put("importedAt", l.importedAt() == null ? null : l.importedAt().toString());
        m.put("rows", l.rows());
        m.put("skipped", l.skipped());
        m.put("state", l.state());
        if (l.error() != null) {
            m.put("error", l.error());
        }
        return m;
    }

    /** {@code eligibility import FILE --name ...}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a DTSEN / P3KE extract (CSV: NIK, decile, village code, household id) and make it"
                    + " the active list / impor daftar sasaran.")
    static final class Import implements Callable<Integer> {

        @ParentCommand
        EligibilityCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The extract, CSV in UTF-8 with a header line.")
        Path file;

        @Option(names = "--name", required = true, description = "What the list is called, e.g. \"DTSEN 2026 Q1 Kota Sorong\".")
        String name;

        @Option(names = "--source", defaultValue = "DTSEN", description = "The register: DTSEN or P3KE (default: ${DEFAULT-VALUE}).")
        String source;

        @Option(names = "--by", defaultValue = "command", description = "Who imports it, for the audit trail (default: ${DEFAULT-VALUE}).")
        String by;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                err.println("Berkas tidak ada / no such file: " + file);
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
            GatewayProperties props = parent.props();
            Integer refused = parent.config.preflight("eligibility import", props, LEDGER, err);
            if (refused != null) {
                return refused;
            }
            long started = System.nanoTime();
            EligibilityLedger.ListInfo list;
            List<String> skips;
            try (HikariDataSource ds = BudgetCommand.openLedger(props);
                 EligibilityExtract extract = EligibilityExtract.open(file)) {
                EligibilityLedger ledger = new EligibilityLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC());
                EligibilityLedger.ListHeader header = new EligibilityLedger.ListHeader(name.strip(),
                        source.strip().toUpperCase(java.util.Locale.ROOT), file.getFileName().toString(),
                        FileChecksum.sha256(file), extract.villageCodeSystem());
                list = ledger.importList(header, extract, extract::skipped);
                skips = extract.skips();
                // Recorded in the ledger's audit trail while the ledger is open, as the gateway records.
                id.jamsos.gateway.app.OperatorTools.auditTrail(ds, props, PersonalDataKeys.cipher(props))
                        .record(new AuditEvent(AuditEvent.OPERATOR, by, "", "ELIGIBILITY_IMPORT", "list #" + list.id(),
                                list.source() + " " + list.name() + ", " + list.rows() + " rows", ""));
            } catch (IllegalArgumentException | UncheckedIOException | IOException | LedgerException e) {
                err.println("Impor gagal; daftar aktif tidak berubah / import failed; the active list is unchanged: "
                        + e.getMessage());
                err.flush();
                return FAILED;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (parent.json.requested()) {
                Map<String, Object> root = listJson(list);
                root.put("seconds", Math.round(seconds * 10) / 10.0);
                root.put("skippedLines", skips);
                out.println(Json.mapper().writeValueAsString(root));
            } else {
                out.printf("Daftar aktif / active list #%d \"%s\" (%s): %d orang / people, %d baris dilewati / lines"
                        + " skipped, kode desa / village codes %s, %.1f s%n", list.id(), list.name(), list.source(),
                        list.rows(), list.skipped(), list.villageCodeSystem(), seconds);
                for (String s : skips) {
                    out.println("  dilewati / skipped " + s);
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code eligibility status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The active list, the latest imports and the intake's policy / status daftar sasaran.")
    static final class Status implements Callable<Integer> {

        @ParentCommand
        EligibilityCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            GatewayProperties props = parent.props();
            Integer refused = parent.config.preflight("eligibility status", props, LEDGER, err);
            if (refused != null) {
                return refused;
            }
            EligibilityPolicy policy;
            TargetDeciles target;
            try {
                policy = EligibilityPolicy.of(props.get("jamsos.eligibility.policy", "off"));
                target = TargetDeciles.parse(props.get("jamsos.eligibility.targetDeciles", "1-4"));
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
            List<EligibilityLedger.ListInfo> recent;
            try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
                recent = new EligibilityLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC()).recent(10);
            }
            EligibilityLedger.ListInfo active = recent.stream()
                    .filter(l -> EligibilityLedger.ACTIVE.equals(l.state())).findFirst().orElse(null);
            if (parent.json.requested()) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("policy", policy.name());
                root.put("targetDeciles", target.toString());
                root.put("active", active == null ? null : listJson(active));
                List<Map<String, Object>> lists = new ArrayList<>();
                recent.forEach(l -> lists.add(listJson(l)));
                root.put("recent", lists);
                out.println(Json.mapper().writeValueAsString(root));
            } else {
                out.println("Kebijakan / policy: " + policy + ", desil sasaran / target deciles " + target);
                if (active == null) {
                    out.println("Belum ada daftar aktif / no active list"
                            + (policy == EligibilityPolicy.OFF ? "" : " (enrollments are " + (policy == EligibilityPolicy.WARN
                            ? "warned about" : "held in REVIEW") + " until one is imported)"));
                }
                for (EligibilityLedger.ListInfo l : recent) {
                    out.printf("  #%d %-8s %s \"%s\" %s: %d orang / people, %d dilewati / skipped, kode desa %s%s%n",
                            l.id(), l.state(), l.importedAt(), l.name(), l.source(), l.rows(), l.skipped(),
                            l.villageCodeSystem(), l.error() == null ? "" : " (" + l.error() + ")");
                }
            }
            out.flush();
            return 0;
        }
    }
}
