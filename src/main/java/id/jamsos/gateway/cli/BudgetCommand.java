package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.OperatorTools;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.finance.BudgetPlan;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.Money;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ops.WaitlistRelease;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The programme's budget (docs/finance.md, "The programme and its budget"): the plan (what is spent,
 * what a month costs, how many months the money buys, the month it runs out), a top-up recorded
 * ({@code budget add}, which then releases the waitlist), a release of the waitlist when ended cover
 * freed money ({@code budget release}), and the renewal into the next programme year
 * ({@code budget renew}). Bilingual text for the finance office; {@code --json} for scripts.
 */
@Command(name = "budget", mixinStandardHelpOptions = true,
        description = "Programme budget plan / rencana anggaran program: spent, cost a month, months left, run-out"
                + " month; subcommands add, release, renew. See docs/finance.md.",
        subcommands = {BudgetCommand.Add.class, BudgetCommand.Release.class, BudgetCommand.Renew.class})
public final class BudgetCommand implements Callable<Integer> {

    public static final int DONE = 0;
    public static final int REFUSED = 1;

    private static final Set<ProductionSettings.Part> LEDGER = EnumSet.of(ProductionSettings.Part.LEDGER);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Option(names = "--month", description = "Plan as in this month, yyyy-MM (default: this month in jamsos.finance.zone).")
    String month;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        YearMonth at = null;
        if (month != null) {
            try {
                at = YearMonth.parse(month.trim());
            } catch (DateTimeParseException e) {
                err.println("--month harus yyyy-MM / --month must be yyyy-MM: " + month);
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
        }
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("budget", props, LEDGER, err);
        if (refused != null) {
            return refused;
        }
        try (HikariDataSource ds = openLedger(props)) {
            BudgetPlanner planner = planner(props, ds);
            BudgetPlan plan = at == null ? planner.plan() : planner.plan(at);
            long waitlisted = planner.ledger().waitlistedCount();
            if (json.requested()) {
                out.println(Json.mapper().writeValueAsString(planJson(plan, waitlisted,
                        props.get("jamsos.programme.overBudgetPolicy", "WARN"))));
            } else {
                print(plan, waitlisted, out);
            }
            out.flush();
            return DONE;
        }
    }

    static HikariDataSource openLedger(GatewayProperties props) {
        HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2);
        try {
            LedgerMigrations.migrate(ds);
            return ds;
        } catch (RuntimeException | Error e) {
            ds.close();
            throw e;
        }
    }

    static BudgetPlanner planner(GatewayProperties props, HikariDataSource ds) {
        return OperatorTools.budgetPlanner(props, ds, PersonalDataKeys.cipher(props));
    }

    /** The plan as JSON: its figures, "monthsBought" as "6.77" too, the waitlist and the policy. */
    static Map<String, Object> planJson(BudgetPlan plan, long waitlisted, String policy) {
        ObjectMapper mapper = Json.mapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> root = new LinkedHashMap<>(mapper.convertValue(plan, Map.class));
        root.put("monthsBoughtText", plan.monthsBoughtText());
        root.put("runsOut", plan.runsOut());
        root.put("waitlisted", waitlisted);
        root.put("overBudgetPolicy", policy);
        return root;
    }

    static void print(BudgetPlan p, long waitlisted, PrintWriter out) {
        out.println("Program / programme " + p.programmeId() + " (" + p.firstMonth() + " s.d./to " + p.lastMonth()
                + "), bulan / month " + p.month());
        out.printf("  %-44s Rp %17s (APBD Rp %s + tambahan / top-ups Rp %s)%n", "Anggaran / budget", Money.format(p.budget()),
                Money.format(p.configured()), Money.format(p.topUps()));
        out.printf("  %-44s Rp %17s%n", "Terpakai s.d. bulan ini / spent to this month", Money.format(p.spent()));
        out.printf("  %-44s Rp %17s%n", "Sisa / remaining", Money.format(p.remaining()));
        out.printf("  %-44s    %17s%n", "Pekerja ditanggung / workers covered", Money.format(p.workers()));
        out.printf("  %-44s Rp %17s%n", "Iuran sebulan / cost per month", Money.format(p.costPerMonth()));
        out.printf("  %-44s    %s%n", "Cukup untuk / money buys", p.monthsBought() == null
                ? "- (tidak ada iuran / nothing due)"
                : p.monthsBought() + " bulan penuh / whole months (" + p.monthsBoughtText()
                + "), termasuk bulan ini / counting this month");
        out.printf("  %-44s    %s%n", "Habis setelah / runs out after", p.runsOut() ? p.runsOutAfter().toString()
                : "tidak habis sebelum akhir program / does not run out (" + p.lastMonth() + ")");
        out.printf("  %-44s Rp %17s%n", "Ruang untuk pendaftaran baru / headroom", Money.format(p.headroom()));
        out.printf("  %-44s    %17s%n", "Menunggu anggaran / waitlisted rows", Money.format(waitlisted));
        out.println("  Per sumber dana / per funding source:");
        for (BudgetPlan.Source s : p.sources()) {
            out.printf("    %-16s %-20s rek./account %-16s anggaran/budget Rp %15s  terpakai/spent Rp %15s"
                            + "  sisa/left Rp %15s  %7s pekerja/workers  Rp %13s/bln/month  %s%n", s.code(), s.name(),
                    s.account() == null ? "-" : s.account(), Money.format(s.budget()), Money.format(s.spent()),
                    Money.format(s.remaining()), Money.format(s.workers()), Money.format(s.costPerMonth()),
                    s.monthsBought() == null ? "-" : s.runsOut() ? "habis setelah / runs out after " + s.runsOutAfter()
                            : "cukup / lasts to " + p.lastMonth());
        }
        if (p.warning() != null) {
            out.println("PERINGATAN / WARNING: " + p.warning());
        }
    }

    /** {@code budget add}: records a top-up, then releases what the waitlist the money now carries. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Record a top-up (APBD-P, a donor) / catat tambahan anggaran; then release the waitlist.")
    static final class Add implements Callable<Integer> {

        @ParentCommand
        BudgetCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--source", required = true, description = "Funding source code, e.g. APBD_PERUBAHAN.")
        String source;

        @Option(names = "--amount", required = true, description = "Whole rupiah, digits (1_000 or 1.000 separators allowed).")
        String amount;

        @Option(names = "--reference", required = true, description = "The decision: Perda / Perkada / DPA number.")
        String reference;

        @Option(names = "--account", description = "Budget account (kode rekening); default: the source's configured one.")
        String account;

        @Option(names = "--decided-on", description = "Date of the decision, yyyy-MM-dd (default: today).")
        String decidedOn;

        @Option(names = "--by", defaultValue = "command", description = "Who records it (default: ${DEFAULT-VALUE}).")
        String by;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long rupiah;
            LocalDate decided;
            try {
                rupiah = Long.parseLong(amount.trim().replace("_", "").replace(".", "").replace(",", ""));
                if (rupiah <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                err.println("--amount harus rupiah bulat positif / --amount must be positive whole rupiah: " + amount);
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
            GatewayProperties props = parent.config.properties();
            try {
                decided = decidedOn == null ? LocalDate.now(ZoneId.of(props.get("jamsos.finance.zone")))
                        : LocalDate.parse(decidedOn.trim());
            } catch (DateTimeParseException e) {
                err.println("--decided-on harus yyyy-MM-dd / --decided-on must be yyyy-MM-dd: " + decidedOn);
                err.flush();
                return ExitCodes.CONFIGURATION;
            }
            Integer refused = parent.config.preflight("budget add", props, LEDGER, err);
            if (refused != null) {
                return refused;
            }
            String code = source.trim();
            Programme programme;
            long waitlisted;
            BudgetLedger.TopUp topUp;
            try (HikariDataSource ds = openLedger(props)) {
                BudgetPlanner planner = planner(props, ds);
                programme = planner.programme();
                String bookedOn = account != null ? account.trim() : programme.sources().stream()
                        .filter(s -> s.code().equals(code)).map(Programme.FundingSource::account).findFirst().orElse(null);
                topUp = planner.ledger().addTopUp(programme.id(), code, rupiah, bookedOn, decided, reference.trim(),
                        by);
                waitlisted = planner.ledger().waitlistedCount();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("topUp", topUp);
            String line = "Tambahan anggaran dicatat / top-up recorded: " + code + " Rp " + Money.format(rupiah) + " ("
                    + topUp.reference() + ", " + topUp.decidedOn() + ") untuk program / for programme " + programme.id();
            int code3 = DONE;
            if (waitlisted > 0) {
                code3 = release(props, parent.config.folder(), result, err);
            }
            if (parent.json.requested()) {
                out.println(Json.mapper().writeValueAsString(result));
            } else {
                out.println(line);
                printRelease(result, out);
            }
            out.flush();
            return code3;
        }
    }

    /** {@code budget release}: sends the waitlisted rows the budget carries now (ended cover freed money). */
    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Send waitlisted rows the budget now carries, in arrival order / kirim baris yang menunggu anggaran.")
    static final class Release implements Callable<Integer> {

        @ParentCommand
        BudgetCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            GatewayProperties props = parent.config.properties();
            Integer refused = parent.config.configurationCheck("budget release", props,
                    ProductionSettings.LEDGER_AND_BROKER, err);
            if (refused != null) {
                return refused;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            int code = release(props, parent.config.folder(), result, err);
            if (parent.json.requested()) {
                out.println(Json.mapper().writeValueAsString(result));
            } else {
                printRelease(result, out);
            }
            out.flush();
            return code;
        }
    }

    /** Releases through the broker; puts "released", "stillWaitlisted" (or "releaseError") in {@code result}. */
    static int release(GatewayProperties props, Path config, Map<String, Object> result, PrintWriter err) {
        Integer unavailable = Preflight.dependencies("budget release", props, ProductionSettings.LEDGER_AND_BROKER, err);
        if (unavailable != null) {
            result.put("releaseError", "broker or ledger unavailable; run `budget release` once it answers");
            return unavailable;
        }
        try (OperatorTools tools = OperatorTools.open(props)) {
            WaitlistRelease.Result r = tools.waitlistRelease(() -> { }).release();
            result.put("released", r.released());
            result.put("stillWaitlisted", r.stillWaiting());
            return DONE;
        } catch (IllegalStateException e) {
            result.put("releaseError", e.getMessage());
            return ExitCodes.DEPENDENCY_UNAVAILABLE;
        }
    }

    static void printRelease(Map<String, Object> result, PrintWriter out) {
        if (result.containsKey("released")) {
            out.println("Dikirim ke BPJS / released for enrollment: " + result.get("released")
                    + " baris / rows; masih menunggu anggaran / still waitlisted: " + result.get("stillWaitlisted"));
        }
        if (result.containsKey("releaseError")) {
            out.println("Antrean tidak dikirim / waitlist not released: " + result.get("releaseError"));
        }
    }

    /** {@code budget renew}: carries the covered workers over into the next programme year. */
    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Carry the workers covered in the programme's last month into the next programme year"
                    + " / perpanjang kepesertaan ke tahun program berikutnya.")
    static final class Renew implements Callable<Integer> {

        private static final Pattern NIK = Pattern.compile("(?<![0-9])([0-9]{16})(?![0-9])");

        @ParentCommand
        BudgetCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--to-programme", required = true, description = "The next programme's id, e.g. 2027.")
        String toProgramme;

        @Option(names = "--confirmed-by", description = "An agency's confirmation file: CSV whose first column is the"
                + " NIK of each worker to carry over; the others' cover ends with the old programme (BUDGET_ENDED).")
        Path confirmedBy;

        @Option(names = "--agency", description = "The agency that sent --confirmed-by: only its workers need"
                + " confirming (default: every agency's).")
        String agency;

        @Option(names = "--by", defaultValue = "command", description = "Who renews (default: ${DEFAULT-VALUE}).")
        String by;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            GatewayProperties props = parent.config.properties();
            // With a confirmation, workers not carried are deactivated at BPJS through the changes queue.
            Integer refused = parent.config.preflight("budget renew", props,
                    confirmedBy == null ? LEDGER : ProductionSettings.LEDGER_AND_BROKER, err);
            if (refused != null) {
                return refused;
            }
            try (HikariDataSource ds = openLedger(props)) {
                BudgetPlanner planner = planner(props, ds);
                Programme from = planner.programme();
                if (from.id().equals(toProgramme.trim())) {
                    err.println("--to-programme harus program lain / must name another programme than " + from.id());
                    err.flush();
                    return REFUSED;
                }
                Set<String> confirmed = null;
                if (confirmedBy != null) {
                    confirmed = confirmedHashes(confirmedBy, planner.ledger());
                }
                Set<String> accept = confirmed;
                BudgetLedger.Renewal r;
                BudgetLedger.Renewed renewed;
                try {
                    renewed = planner.ledger().renewAndDeactivate(from.id(), toProgramme.trim(), from.lastMonth(),
                            accept == null ? null : accept::contains, agency == null ? null : agency.trim(),
                            confirmedBy == null ? null : confirmedBy.getFileName().toString(), by);
                    r = renewed.renewal();
                } catch (LedgerException e) {
                    err.println("Program " + from.id() + " sudah diperpanjang ke / was already renewed to "
                            + toProgramme + " (" + e.getMessage() + ")");
                    err.flush();
                    return REFUSED;
                }
                RenewalDeactivations.Sent sent = RenewalDeactivations.queue(props, ds, renewed.deactivations());
                if (parent.json.requested()) {
                    Map<String, Object> result = new LinkedHashMap<>(Json.mapper().convertValue(r, Map.class));
                    result.put("deactivationsQueued", sent.queued());
                    result.put("deactivationsParked", sent.parked());
                    result.put("deactivationsSkipped", sent.skipped());
                    if (sent.error() != null) {
                        result.put("deactivationError", sent.error());
                    }
                    out.println(Json.mapper().writeValueAsString(result));
                } else {
                    out.println("Program " + r.fromProgramme() + " -> " + r.toProgramme() + ": " + r.carried()
                            + " pekerja dilanjutkan / workers carried over; " + r.ended()
                            + " berakhir " + r.lastMonth() + " (anggaran habis / budget ended)"
                            + (r.confirmedBy() == null ? "" : "; konfirmasi / confirmed by " + r.confirmedBy()));
                    if (r.ended() > 0) {
                        out.println("Penonaktifan di BPJS / deactivation at BPJS: " + sent.queued()
                                + " dikirim ke antrean / queued, " + sent.parked() + " ditahan / parked"
                                + (sent.skipped() == 0 ? "" : ", " + sent.skipped()
                                + " sudah dalam proses perubahan lain / already in another change row")
                                + (sent.error() == null ? "" : " (" + sent.error() + ")"));
                    }
                }
                out.flush();
                return sent.error() == null ? DONE : ExitCodes.DEPENDENCY_UNAVAILABLE;
            }
        }

        /** The keyed hashes of the NIKs in the file's lines (the first 16-digit number of each line). */
        static Set<String> confirmedHashes(Path file, BudgetLedger ledger) throws IOException {
            Set<String> hashes = new HashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = NIK.matcher(line);
                if (m.find()) {
                    hashes.add(ledger.nikHash(m.group(1)));
                }
            }
            return hashes;
        }
    }
}
