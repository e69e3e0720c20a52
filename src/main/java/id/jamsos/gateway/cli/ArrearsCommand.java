package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.finance.Arrears;
import id.jamsos.gateway.finance.Money;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
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
 * The city's account with BPJS month by month, from the ledger: billed (the invoice), expected (the
 * gateway's own figure), paid, outstanding, the due date and the arrears alarm's stage. Exit 0, or 1
 * while a month is in arrears (so that a script can alert).
 */
@Command(name = "arrears", mixinStandardHelpOptions = true,
        description = "Per month: billed, expected, paid, outstanding and the arrears stage (docs/finance.md)."
                + " Exit 1 while a month is unpaid after its due date.")
public final class ArrearsCommand implements Callable<Integer> {

    public static final int NO_ARREARS = 0;
    public static final int IN_ARREARS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        GatewayProperties props = config.properties();
        PrintWriter err = spec.commandLine().getErr();
        Integer refused = config.preflight("arrears", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
        if (refused != null) {
            return refused;
        }
        return run(props, json, Clock.systemUTC(), spec.commandLine().getOut());
    }

    public static int run(GatewayProperties props, boolean printJson, Clock clock, PrintWriter out) throws Exception {
        try (FinanceBooks books = FinanceBooks.open(props, clock)) {
            Arrears.Summary s = books.desk().arrears();
            if (printJson) {
                out.println(new ObjectMapper().writeValueAsString(asJson(s)));
            } else {
                print(s, out);
            }
            out.flush();
            return s.monthsInArrears() > 0 ? IN_ARREARS : NO_ARREARS;
        }
    }

    private static void print(Arrears.Summary s, PrintWriter out) {
        out.println("Rekening iuran dengan BPJS per " + s.today() + " / the contribution account with BPJS as of "
                + s.today() + " (Rp):");
        out.printf("  %-8s %15s %15s %15s %15s  %-10s %s%n", "bulan/month", "tagihan/billed", "hitungan/expected",
                "dibayar/paid", "sisa/outstanding", "jatuh tempo/due", "tahap/stage");
        for (Arrears.Month m : s.months()) {
            out.printf("  %-11s %15s %17s %15s %16s  %-15s %s%n", m.period(), m.billed() == null ? "-" : Money.format(m.billed()),
                    Money.format(m.expected()), Money.format(m.paid()), Money.format(m.outstanding())
                            + (m.basis() == Arrears.Basis.EXPECTED && m.outstanding() > 0 ? "*" : ""),
                    m.dueDate(), m.stage() == 0 ? "" : "TUNGGAKAN/ARREARS " + m.stage());
        }
        out.println("  * tanpa tagihan: hitungan gateway / no invoice yet: the gateway's figure");
        if (s.monthsInArrears() == 0) {
            out.println("Tidak ada tunggakan / no arrears");
        } else {
            out.println("TUNGGAKAN / ARREARS: " + s.monthsInArrears() + " bulan/month(s), Rp "
                    + Money.format(s.outstandingInArrears()) + "; " + s.consecutive()
                    + " berturut-turut / in a row (BPJS menonaktifkan setelah 3 / BPJS sets members non-active after 3)");
        }
        if (s.lapsedWorkers() > 0) {
            out.println("NONAKTIF KARENA TUNGGAKAN / LAPSED by BPJS: " + s.lapsedWorkers() + " pekerja/workers, cover"
                    + " ended LAPSED (bulan terakhir / last month covered: " + s.lapsedText() + ")");
        }
    }

    static Map<String, Object> asJson(Arrears.Summary s) {
        List<Map<String, Object>> months = new ArrayList<>();
        for (Arrears.Month m : s.months()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("period", m.period().toString());
            r.put("billed", m.billed());
            r.put("expected", m.expected());
            r.put("paid", m.paid());
            r.put("outstanding", m.outstanding());
            r.put("basis", m.basis().name());
            r.put("dueDate", m.dueDate().toString());
            r.put("inArrears", m.overdue());
            r.put("consecutive", m.consecutive());
            r.put("stage", m.stage());
            months.add(r);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("today", s.today().toString());
        root.put("months", months);
        root.put("monthsInArrears", s.monthsInArrears());
        root.put("outstandingInArrears", s.outstandingInArrears());
        root.put("consecutive", s.consecutive());
        Map<String, Long> lapsed = new java.util.TreeMap<>();
        s.lapsed().forEach((month, workers) -> lapsed.put(month.toString(), workers));
        root.put("lapsedWorkers", s.lapsedWorkers());
        root.put("lapsedByLastMonth", lapsed);
        return root;
    }
}
