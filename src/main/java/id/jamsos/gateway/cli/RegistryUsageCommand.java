package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.registry.RegistryOutcome;
import id.jamsos.gateway.registry.RegistryPurpose;
import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The population registry's semester usage report (docs/registry-api.md, "Usage report"): the access
 * agreement with Dukcapil asks for one every semester, and access is revoked without it. Calls counted
 * in the ledger (registry_usage) per month, purpose and outcome, with the totals per month, per purpose,
 * per outcome and of the semester; every month of the semester is printed, also one without calls.
 * Counts only: no NIK, no name is read. Semester 1 is January to June, 2 July to December.
 */
@Command(name = "registry-usage", mixinStandardHelpOptions = true,
        description = "Calls to the population registry in a semester, for the usage report to Dukcapil"
                + " / laporan penggunaan data kependudukan per semester. See docs/registry-api.md.")
public final class RegistryUsageCommand implements Callable<Integer> {

    private static final Pattern SEMESTER = Pattern.compile("(\\d{4})-([12])");

    @Spec
    CommandSpec spec;

    @Option(names = "--semester", required = true, description = "yyyy-1 (January-June) or yyyy-2 (July-December).")
    String semester;

    @Mixin
    ConfigOption config;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Matcher m = SEMESTER.matcher(semester.trim());
        if (!m.matches()) {
            err.println("--semester harus yyyy-1 atau yyyy-2 / --semester must be yyyy-1 or yyyy-2: " + semester);
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        int year = Integer.parseInt(m.group(1));
        YearMonth first = YearMonth.of(year, m.group(2).equals("1") ? 1 : 7);
        YearMonth last = first.plusMonths(5);
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("registry-usage", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
        if (refused != null) {
            return refused;
        }
        List<RegistryUsageLedger.Usage> rows;
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            rows = new RegistryUsageLedger(ds).between(first, last);
        }
        // month -> purpose -> outcome -> calls (agencies added up: the agreement counts the city's use).
        Map<YearMonth, Map<RegistryPurpose, Map<RegistryOutcome, Long>>> byMonth = new TreeMap<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            byMonth.put(month, new EnumMap<>(RegistryPurpose.class));
        }
        Map<RegistryPurpose, Long> perPurpose = new EnumMap<>(RegistryPurpose.class);
        Map<RegistryOutcome, Long> perOutcome = new EnumMap<>(RegistryOutcome.class);
        long total = 0;
        for (RegistryUsageLedger.Usage u : rows) {
            byMonth.get(u.month()).computeIfAbsent(u.purpose(), p -> new EnumMap<>(RegistryOutcome.class))
                    .merge(u.outcome(), u.calls(), Long::sum);
            perPurpose.merge(u.purpose(), u.calls(), Long::sum);
            perOutcome.merge(u.outcome(), u.calls(), Long::sum);
            total += u.calls();
        }
        String name = year + "-" + m.group(2);
        if (json.requested()) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("semester", name);
            root.put("from", first.toString());
            root.put("to", last.toString());
            List<Map<String, Object>> months = new ArrayList<>();
            for (Map.Entry<YearMonth, Map<RegistryPurpose, Map<RegistryOutcome, Long>>> e : byMonth.entrySet()) {
                Map<String, Object> month = new LinkedHashMap<>();
                month.put("month", e.getKey().toString());
                List<Map<String, Object>> purposes = new ArrayList<>();
                long monthTotal = 0;
                for (Map.Entry<RegistryPurpose, Map<RegistryOutcome, Long>> p : e.getValue().entrySet()) {
                    Map<String, Object> purpose = new LinkedHashMap<>();
                    purpose.put("purpose", p.getKey().name());
                    purpose.put("outcomes", names(p.getValue()));
                    long calls = p.getValue().values().stream().mapToLong(Long::longValue).sum();
                    purpose.put("calls", calls);
                    monthTotal += calls;
                    purposes.add(purpose);
                }
                month.put("purposes", purposes);
                month.put("calls", monthTotal);
                months.add(month);
            }
            root.put("months", months);
            Map<String, Object> totals = new LinkedHashMap<>();
            Map<String, Long> purposes = new LinkedHashMap<>();
            perPurpose.forEach((p, n) -> purposes.put(p.name(), n));
            totals.put("byPurpose", purposes);
            totals.put("byOutcome", names(perOutcome));
            totals.put("calls", total);
            root.put("total", totals);
            out.println(Json.mapper().writeValueAsString(root));
        } else {
            out.println("Laporan penggunaan data kependudukan / population registry usage report");
            out.println("Semester " + name + " (" + first + " s.d. / to " + last + ")");
            out.printf("  %-8s %-18s %-26s %10s%n", "Bulan/", "Keperluan/", "Hasil/", "Panggilan/");
            out.printf("  %-8s %-18s %-26s %10s%n", "month", "purpose", "outcome", "calls");
            for (Map.Entry<YearMonth, Map<RegistryPurpose, Map<RegistryOutcome, Long>>> e : byMonth.entrySet()) {
                long monthTotal = 0;
                for (Map.Entry<RegistryPurpose, Map<RegistryOutcome, Long>> p : e.getValue().entrySet()) {
                    for (Map.Entry<RegistryOutcome, Long> o : p.getValue().entrySet()) {
                        out.printf("  %-8s %-18s %-26s %10d%n", e.getKey(), p.getKey().name(), o.getKey().text(), o.getValue());
                        monthTotal += o.getValue();
                    }
                }
                out.printf("  %-8s %-45s %10d%n", e.getKey(), "Jumlah bulan / month total", monthTotal);
            }
            out.println("  Jumlah per keperluan / total per purpose");
            for (RegistryPurpose p : RegistryPurpose.values()) {
                out.printf("    %-53s %10d%n", p.name(), perPurpose.getOrDefault(p, 0L));
            }
            out.println("  Jumlah per hasil / total per outcome");
            for (RegistryOutcome o : RegistryOutcome.values()) {
                out.printf("    %-53s %10d%n", o.text(), perOutcome.getOrDefault(o, 0L));
            }
            out.printf("  %-55s %10d%n", "Jumlah semester / semester total", total);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Long> names(Map<RegistryOutcome, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((o, n) -> named.put(o.name(), n));
        return named;
    }
}
