package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.EndReason;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Cover in a month per agency (docs/finance.md, "Coverage periods"): workers covered, periods started
 * and ended that month, ended by reason. Counts only: no NIK, no name is read. The six-monthly coverage
 * report of Inpres 2/2021 starts from these figures.
 */
@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = "Workers covered, started and ended in a month per agency / kepesertaan per instansi."
                + " See docs/finance.md.")
public final class CoverageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--month", required = true, description = "Month, yyyy-MM.")
    String month;

    @Option(names = "--agency", description = "Only this agency (default: every agency).")
    String agency;

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        YearMonth m;
        try {
            m = YearMonth.parse(month.trim());
        } catch (DateTimeParseException e) {
            err.println("--month harus yyyy-MM / --month must be yyyy-MM: " + month);
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("coverage", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
        if (refused != null) {
            return refused;
        }
        List<BudgetLedger.MonthCounts> counts;
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            counts = new BudgetLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC())
                    .coverageCounts(m, agency == null ? null : agency.trim());
        }
        long covered = 0;
        long started = 0;
        Map<EndReason, Long> ended = new EnumMap<>(EndReason.class);
        for (BudgetLedger.MonthCounts c : counts) {
            covered += c.covered();
            started += c.started();
            c.ended().forEach((r, n) -> ended.merge(r, n, Long::sum));
        }
        if (json.requested()) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("month", m.toString());
            root.put("agency", agency);
            List<Map<String, Object>> agencies = new ArrayList<>();
            for (BudgetLedger.MonthCounts c : counts) {
                agencies.add(line(c.agencyId(), c.covered(), c.started(), c.ended()));
            }
            root.put("agencies", agencies);
            root.put("total", line(null, covered, started, ended));
            out.println(Json.mapper().writeValueAsString(root));
        } else {
            out.println("Kepesertaan / coverage " + m + (agency == null ? "" : " (" + agency + ")"));
            out.printf("  %-24s %14s %14s %14s  %s%n", "Instansi / agency", "Ditanggung/", "Mulai/", "Berhenti/",
                    "Berhenti karena / ended by reason");
            out.printf("  %-24s %14s %14s %14s%n", "", "covered", "started", "ended");
            for (BudgetLedger.MonthCounts c : counts) {
                print(out, c.agencyId(), c.covered(), c.started(), c.ended());
            }
            print(out, "Jumlah / total", covered, started, ended);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> line(String agencyId, long covered, long started, Map<EndReason, Long> ended) {
        Map<String, Object> l = new LinkedHashMap<>();
        if (agencyId != null) {
            l.put("agency", agencyId);
        }
        l.put("covered", covered);
        l.put("started", started);
        l.put("ended", ended.values().stream().mapToLong(Long::longValue).sum());
        Map<String, Long> byReason = new LinkedHashMap<>();
        ended.forEach((r, n) -> byReason.put(r.name(), n));
        l.put("endedByReason", byReason);
        return l;
    }

    private static void print(PrintWriter out, String name, long covered, long started, Map<EndReason, Long> ended) {
        StringBuilder reasons = new StringBuilder();
        ended.forEach((r, n) -> reasons.append(reasons.length() == 0 ? "" : "; ").append(r.text()).append(' ').append(n));
        out.printf("  %-24s %14d %14d %14d  %s%n", name, covered, started,
                ended.values().stream().mapToLong(Long::longValue).sum(), reasons);
    }
}
