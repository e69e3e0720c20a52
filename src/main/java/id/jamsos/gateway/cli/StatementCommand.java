package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.FinanceWiring;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.ConfigException;
import id.jamsos.gateway.finance.BpjsInvoiceClient;
import id.jamsos.gateway.finance.ContributionStatement;
import id.jamsos.gateway.finance.Money;
import id.jamsos.gateway.finance.StatementPublisher;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** On-demand contribution statement: works it out, prints it, and publishes it to the finance queue. */
@Command(name = "statement", mixinStandardHelpOptions = true,
        description = "Contribution statement of a month (JKK + JKM due per agency, compared with the BPJS invoice),"
                + " published to the finance queue unless --no-publish. See docs/finance.md.")
public final class StatementCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--period", required = true, description = "Month, yyyy-MM (e.g. 2024-03).")
    String period;

    @Option(names = "--agency", description = "Only this agency (default: every agency).")
    String agency;

    @Mixin
    ConfigOption config;

    @Option(names = "--no-publish", description = "Print only; do not put the statement on the finance queue.")
    boolean noPublish;

    @Option(names = "--json", description = "Print the whole statement as JSON too.")
    boolean printJson;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        YearMonth month;
        try {
            month = YearMonth.parse(period);
        } catch (DateTimeParseException e) {
            spec.commandLine().getErr().println("--period harus yyyy-MM / --period must be yyyy-MM: " + period);
            return 2;
        }
        GatewayProperties props = config.properties();
        PrintWriter err = spec.commandLine().getErr();
        Integer refused = config.configurationCheck("statement", props, ProductionSettings.STATEMENT, err);
        if (refused != null) {
            return refused;
        }
        AgencyRegistry agencies;
        try {
            agencies = AgencyRegistry.load(config.resolve(Path.of(props.get("jamsos.agencies.file")).getFileName()),
                    System::getenv);
        } catch (ConfigException e) {
            err.println("Configuration has problems: " + e.problems());
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        Integer unavailable = Preflight.dependencies("statement", props, ProductionSettings.STATEMENT, err);
        if (unavailable != null) {
            return unavailable;
        }
        return run(props, agencies, month, agency, !noPublish, printJson, out);
    }

    /** The command's work, for tests too: 0 when done, 1 when the agency is unknown. */
    public static int run(GatewayProperties props, AgencyRegistry agencies, YearMonth month, String agencyId, boolean publish,
                   boolean printJson, PrintWriter out) throws Exception {
        if (agencyId != null && agencies.byId(agencyId).isEmpty()) {
            out.println("Instansi tidak dikenal / unknown agency: " + agencyId);
            return 1;
        }
        ObjectMapper json = Json.mapper();
        Clock clock = Clock.systemUTC();
        try (HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2)) {
            LedgerMigrations.migrate(ds);
            // As `run` does: the workers of a ledger older than coverage periods get theirs before the
            // statement reads them (once per ledger).
            new CoverageLedger(ds, clock, ZoneId.of(props.get("jamsos.finance.zone").trim())).openMissing();
            PersonalDataCipher pii = PersonalDataKeys.cipher(props);
            FinanceLedger finance = new FinanceLedger(ds, pii);
            ContributionStatement s;
            try (BpjsInvoiceClient invoices = BpjsInvoiceClient.standalone(Gateway.camelProperties(props), json, clock,
                    finance.invoices())) {
                s = FinanceWiring.statementBuilder(props, finance, new Ledger(ds, pii), agencies, invoices, json, clock)
                        .build(month, agencyId);
            }
            if (s.totals().workers() == 0) {
                // Nothing is owed for a month before anyone was covered: no statement, so finance
                // never waits for an invoice of Rp 0 (the scheduled statement skips it the same way).
                out.println("Tidak ada pernyataan iuran " + month + ": belum ada pekerja terdaftar pada akhir bulan itu"
                        + " / no contribution statement for " + month + ": no worker was enrolled by the end of that month");
                out.flush();
                return 0;
            }
            print(s, out);
            if (printJson) {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(s));
            }
            if (publish) {
                StatementPublisher.publish(props.get("jamsos.broker.url"), Gateway.brokerTls(props),
                        props.get("jamsos.broker.user", ""),
                        props.get("jamsos.broker.password", ""), props.get("jamsos.finance.queue"), s, json,
                        FinanceWiring.signer(props));
                finance.recordStatement(s.period(), s.scope(), s.messageId(), clock.instant());
                out.println("Dikirim ke / published to " + props.get("jamsos.finance.queue") + ": " + s.messageId());
            }
            out.flush();
            return 0;
        }
    }

    /** The summary, then per funding source (with its budget account) its agencies, then the differences. */
    static void print(ContributionStatement s, PrintWriter out) {
        out.println(s.summary());
        for (ContributionStatement.SourceTotals src : s.sources()) {
            out.printf("  Sumber dana / source %s (%s), rekening / account %s: %d pekerja/workers, total Rp %s%n",
                    src.source(), src.name(), src.account() == null ? "-" : src.account(), src.workers(),
                    Money.format(src.total()));
            for (ContributionStatement.AgencyTotals a : src.agencies()) {
                out.printf("    %-26s %7d pekerja/workers  JKK Rp %15s  JKM Rp %15s  total Rp %15s%n", a.agencyId(),
                        a.workers(), Money.format(a.jkk()), Money.format(a.jkm()), Money.format(a.total()));
            }
        }
        out.printf("  %-28s %7d pekerja/workers  JKK Rp %15s  JKM Rp %15s  total Rp %15s%n", "JUMLAH / TOTAL",
                s.totals().workers(), Money.format(s.totals().jkk()), Money.format(s.totals().jkm()),
                Money.format(s.totals().total()));
        ContributionStatement.DifferenceCounts c = s.differenceCounts();
        if (c.total() > 0) {
            out.printf("  Selisih / differences: %d (ENROLLED_NOT_BILLED %d, BILLED_NOT_ENROLLED %d, BILLED_AFTER_END %d,"
                    + " AMOUNT_DIFFERS %d)%n", c.total(), c.enrolledNotBilled(), c.billedNotEnrolled(), c.billedAfterEnd(),
                    c.amountDiffers());
        }
        for (ContributionStatement.Difference d : s.differences()) {
            out.printf("  %-20s kpj %s nik %s %s%n", d.kind(), d.kpj(), d.nikMasked(), d.explanation());
        }
        if (s.differencesNotListed() > 0) {
            out.printf("  ... %d selisih lain tidak dirinci (lihat --json untuk angka per jenis) / %d more differences"
                    + " not listed (counted per kind above)%n", s.differencesNotListed(), s.differencesNotListed());
        }
    }
}
