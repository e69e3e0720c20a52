package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.finance.Money;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.PaymentLedger;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
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
 * The city's payments to BPJS: {@code payment record} books one SP2D (once: the same payment again is
 * reported as recorded before, exit 0; the same reference with other figures is refused, exit 1), and
 * {@code payment list} shows them. The finance system may send the same as PAYMENT messages instead
 * (docs/finance.md, "Recording payments").
 */
@Command(name = "payment", mixinStandardHelpOptions = true,
        description = "Payments of the city to BPJS (SP2D): record one, or list them. See docs/finance.md.",
        subcommands = {PaymentCommand.Record.class, PaymentCommand.ListPayments.class})
public final class PaymentCommand implements Runnable {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int BAD_OPTION = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Record one payment (an SP2D) of a month's contributions.")
    public static final class Record implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--reference", required = true, description = "The SP2D number, e.g. SP2D-00123/BPKAD/2026.")
        String reference;

        @Option(names = "--paid-on", required = true, description = "The day it was paid, yyyy-MM-dd.")
        String paidOn;

        @Option(names = "--period", required = true, description = "The month paid for, yyyy-MM.")
        String period;

        @Option(names = "--amount", required = true, description = "Whole rupiah, digits only.")
        String amount;

        @Option(names = "--source", required = true, description = "Funding source code (jamsos.programme.sources), e.g. APBD_KOTA.")
        String source;

        @Option(names = "--account", description = "Budget account (kode rekening); default: the source's.")
        String account;

        @Option(names = "--json", description = "Print the payment as JSON.")
        boolean json;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            GatewayProperties props = config.properties();
            PrintWriter err = spec.commandLine().getErr();
            Integer refused = config.preflight("payment record", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
            if (refused != null) {
                return refused;
            }
            return run(props, reference, paidOn, period, amount, source, account, json,
                    "command:" + System.getProperty("user.name", "?"), Clock.systemUTC(), spec.commandLine().getOut(), err);
        }

        /** The command's work, for tests too. */
        public static int run(GatewayProperties props, String reference, String paidOn, String period, String amount,
                              String source, String account, boolean printJson, String recordedBy, Clock clock,
                              PrintWriter out, PrintWriter err) throws Exception {
            PaymentLedger.NewPayment p;
            try (FinanceBooks books = FinanceBooks.open(props, clock)) {
                Programme programme = books.desk().programme();
                try {
                    long rupiah = Long.parseLong(amount.trim().replace("_", "").replace(".", ""));
                    if (programme.sources().stream().noneMatch(s -> s.code().equals(source))) {
                        err.println("Sumber dana tidak dikenal / unknown funding source: " + source + " (jamsos.programme.sources: "
                                + String.join(", ", programme.sources().stream().map(Programme.FundingSource::code).toList())
                                + ")");
                        err.flush();
                        return BAD_OPTION;
                    }
                    p = new PaymentLedger.NewPayment(reference.trim(), source, LocalDate.parse(paidOn.trim()),
                            YearMonth.parse(period.trim()), rupiah,
                            account == null || account.isBlank() ? programme.source(source).account() : account.trim());
                } catch (NumberFormatException | DateTimeParseException e) {
                    err.println("Pilihan salah / bad option: --paid-on yyyy-MM-dd, --period yyyy-MM, --amount rupiah"
                            + " (digits): " + e.getMessage());
                    err.flush();
                    return BAD_OPTION;
                } catch (IllegalArgumentException e) {
                    err.println("Pilihan salah / bad option: " + e.getMessage());
                    err.flush();
                    return BAD_OPTION;
                }
                PaymentLedger.Recorded r = books.desk().recordPayment(p, recordedBy);
                PaymentLedger.Payment stored = r.payment();
                switch (r.outcome()) {
                    case RECORDED -> out.println("Pembayaran dicatat / payment recorded: " + line(stored));
                    case ALREADY_RECORDED -> out.println("Pembayaran sudah tercatat sebelumnya, tidak ada yang berubah"
                            + " / payment already recorded, nothing changed: " + line(stored) + " (oleh/by "
                            + stored.recordedBy() + ", " + stored.recordedAt() + ")");
                    case CONFLICT -> {
                        err.println("Ditolak: referensi " + p.reference() + " (" + p.fundingSource() + ") sudah tercatat"
                                + " dengan angka lain / refused: reference " + p.reference() + " is recorded with other"
                                + " figures: " + line(stored) + " (oleh/by " + stored.recordedBy() + ")");
                        err.flush();
                        out.flush();
                        return REFUSED;
                    }
                }
                if (printJson) {
                    out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(asJson(stored)));
                }
                out.flush();
                return OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the payments recorded.")
    public static final class ListPayments implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--period", description = "Only this month, yyyy-MM.")
        String period;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            GatewayProperties props = config.properties();
            PrintWriter err = spec.commandLine().getErr();
            Integer refused = config.preflight("payment list", props, EnumSet.of(ProductionSettings.Part.LEDGER), err);
            if (refused != null) {
                return refused;
            }
            return run(props, period, json, Clock.systemUTC(), spec.commandLine().getOut(), err);
        }

        public static int run(GatewayProperties props, String period, boolean printJson, Clock clock, PrintWriter out,
                              PrintWriter err) throws Exception {
            YearMonth month = null;
            if (period != null) {
                try {
                    month = YearMonth.parse(period.trim());
                } catch (DateTimeParseException e) {
                    err.println("--period harus yyyy-MM / --period must be yyyy-MM: " + period);
                    err.flush();
                    return BAD_OPTION;
                }
            }
            try (FinanceBooks books = FinanceBooks.open(props, clock)) {
                List<PaymentLedger.Payment> payments = books.desk().ledger().payments(month);
                if (printJson) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    payments.forEach(p -> rows.add(asJson(p)));
                    out.println(new ObjectMapper().writeValueAsString(Map.of("payments", rows)));
                } else {
                    out.println("Pembayaran / payments" + (month == null ? "" : " " + month) + ":");
                    if (payments.isEmpty()) {
                        out.println("  belum ada / none yet");
                    }
                    long total = 0;
                    for (PaymentLedger.Payment p : payments) {
                        out.println("  " + line(p));
                        total = Math.addExact(total, p.amount());
                    }
                    out.println("Jumlah / total: Rp " + Money.format(total));
                }
                out.flush();
                return OK;
            }
        }
    }

    static String line(PaymentLedger.Payment p) {
        return p.reference() + " " + p.fundingSource() + " Rp " + Money.format(p.amount()) + " untuk/for " + p.period()
                + ", dibayar/paid " + p.paidOn() + (p.budgetAccount() == null ? "" : ", rekening/account " + p.budgetAccount());
    }

    static Map<String, Object> asJson(PaymentLedger.Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", p.reference());
        m.put("source", p.fundingSource());
        m.put("paidOn", p.paidOn().toString());
        m.put("period", p.period().toString());
        m.put("amount", p.amount());
        m.put("account", p.budgetAccount());
        m.put("recordedAt", p.recordedAt().toString());
        m.put("recordedBy", p.recordedBy());
        return m;
    }
}
