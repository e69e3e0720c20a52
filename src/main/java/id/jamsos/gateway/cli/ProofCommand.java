package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.proof.DeliveryConfirmations;
import id.jamsos.gateway.proof.ProofPdf;
import id.jamsos.gateway.proof.ProofPrinter;
import id.jamsos.gateway.proof.ProofSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Printable proofs of cover and their way to the workers (docs/proof-of-cover.md): {@code proof-of-cover
 * --district X [--kelurahan Y | --no-kelurahan] --out FILE.pdf} writes the PDF of the workers covered there and records one
 * print batch per agency and village; {@code handed} records a batch handed to its village office;
 * {@code confirm} records an agency's delivery confirmations from a CSV or XLSX; {@code batches} lists them.
 */
@Command(name = "proof-of-cover", mixinStandardHelpOptions = true,
        description = "Print proofs of cover of a district or village / cetak bukti kepesertaan; subcommands handed,"
                + " confirm, batches. See docs/proof-of-cover.md.",
        subcommands = {ProofCommand.Handed.class, ProofCommand.Confirm.class, ProofCommand.Batches.class})
public final class ProofCommand implements Callable<Integer> {

    /** Nobody covered there, no such batch, or rows of a confirmation refused. */
    public static final int NOTHING = 1;

    private static final Set<ProductionSettings.Part> LEDGER = EnumSet.of(ProductionSettings.Part.LEDGER);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--district", description = "District (distrik) as the agencies wrote it, e.g. \"Sorong Timur\".")
    String district;

    @Option(names = "--kelurahan", description = "Only this village (kelurahan); default: every village of the district.")
    String kelurahan;

    @Option(names = "--no-kelurahan", description = "Only the district's workers whose village (kelurahan) was never"
            + " recorded / hanya pekerja tanpa kelurahan.")
    boolean noKelurahan;

    @Option(names = "--agency", description = "Only this agency's workers; default: every agency's.")
    String agency;

    @Option(names = "--out", description = "The PDF to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (district == null || district.isBlank() || out == null) {
            err.println("--district dan --out wajib / --district and --out are required (or a subcommand: handed,"
                    + " confirm, batches)");
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("proof-of-cover", props, LEDGER, err);
        if (refused != null) {
            return refused;
        }
        if (noKelurahan && blankToNull(kelurahan) != null) {
            err.println("--kelurahan dan --no-kelurahan tidak bisa bersama / --kelurahan and --no-kelurahan exclude"
                    + " each other");
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        return print(props, district.trim(), blankToNull(kelurahan), noKelurahan, blankToNull(agency), out,
                "command:" + System.getProperty("user.name", "?"), spec.commandLine().getOut(), err);
    }

    static int print(GatewayProperties props, String district, String kelurahan, String agencyId, Path target,
                     String by, PrintWriter out, PrintWriter err) throws IOException {
        return print(props, district, kelurahan, false, agencyId, target, by, out, err);
    }

    /** The print on the ledger {@code props} names; the PDF appears whole at {@code target} or not at all. */
    static int print(GatewayProperties props, String district, String kelurahan, boolean withoutVillage,
                     String agencyId, Path target, String by, PrintWriter out, PrintWriter err) throws IOException {
        ProofSettings settings = ProofSettings.from(k -> props.get(k, null));
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, ".proof-", ".part");
        ProofPrinter.Printed printed;
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            ProofLedger ledger = new ProofLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC());
            try (OutputStream o = Files.newOutputStream(part)) {
                printed = new ProofPrinter(ledger, settings, Clock.systemUTC()).print(district, kelurahan,
                        withoutVillage, agencyId, by, o);
            }
            if (printed.batches().isEmpty()) {
                Files.deleteIfExists(part);
                err.println("Tidak ada pekerja yang ditanggung di sana / nobody covered there: " + district
                        + (withoutVillage ? " / " + ProofPdf.NO_VILLAGE : kelurahan == null ? "" : " / " + kelurahan));
                err.flush();
                return NOTHING;
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        out.println("Bukti kepesertaan / proofs of cover: " + printed.proofs() + ", " + printed.pages() + " halaman / pages");
        for (ProofLedger.Batch b : printed.batches()) {
            out.println("  batch " + b.id() + "  " + b.agencyId() + "  " + b.district() + " / "
                    + (b.kelurahan() == null ? ProofPdf.NO_VILLAGE : b.kelurahan()) + "  " + b.count());
        }
        out.println(target.toAbsolutePath());
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code proof-of-cover handed}: a batch reached its village office. */
    @Command(name = "handed", mixinStandardHelpOptions = true,
            description = "Record a batch handed to its village office / catat serah terima ke kelurahan.")
    static final class Handed implements Callable<Integer> {

        @ParentCommand
        ProofCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--batch", required = true, description = "The batch number on the hand-over sheet.")
        long batch;

        @Option(names = "--date", description = "Day handed over, yyyy-MM-dd (default: today in jamsos.finance.zone).")
        String date;

        @Option(names = "--note", required = true, description = "Who at the village took it, e.g. \"Sekretaris Kelurahan Klasaman\".")
        String note;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            return parent.onCheckedLedger(err, props -> handed(props, batch, date, note,
                    "command:" + System.getProperty("user.name", "?"), spec.commandLine().getOut(), err));
        }
    }

    static int handed(GatewayProperties props, long batch, String date, String note, String by, PrintWriter out,
                      PrintWriter err) {
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of(props.get("jamsos.finance.zone"))));
        LocalDate on;
        try {
            on = date == null ? today : LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            err.println("--date harus yyyy-MM-dd / --date must be yyyy-MM-dd: " + date);
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        if (on.isAfter(today)) {
            err.println("--date belum terjadi / --date is in the future: " + on);
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            Optional<Integer> moved = new ProofLedger(ds, PersonalDataKeys.cipher(props), clock)
                    .handOver(batch, on, by, note);
            if (moved.isEmpty()) {
                err.println("Batch tidak ada / no such batch: " + batch);
                err.flush();
                return NOTHING;
            }
            out.println("Batch " + batch + " diserahkan ke kelurahan / handed to the village " + on + ": "
                    + moved.get() + " bukti / proofs");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code proof-of-cover confirm}: an agency's delivery confirmations from a file. */
    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "Record delivery confirmations from a CSV/XLSX (KPJ, TANGGAL_TERIMA, PENERIMA, KETERANGAN)"
                    + " / catat tanda terima.")
    static final class Confirm implements Callable<Integer> {

        @ParentCommand
        ProofCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--agency", required = true, description = "The agency that sent the file.")
        String agency;

        @Option(names = "--file", required = true, description = "The CSV or XLSX.")
        Path file;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            return parent.onCheckedLedger(err, props -> confirm(props, agency.trim(), file,
                    "command:" + System.getProperty("user.name", "?"), spec.commandLine().getOut()));
        }
    }

    static int confirm(GatewayProperties props, String agencyId, Path file, String by, PrintWriter out)
            throws IOException {
        byte[] content;
        try (var in = Files.newInputStream(file)) {
            content = DeliveryConfirmations.bytes(in);
        }
        try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
            ProofLedger ledger = new ProofLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC());
            DeliveryConfirmations.Outcome outcome = new DeliveryConfirmations(ledger,
                    java.time.ZoneId.of(props.get("jamsos.finance.zone")), Clock.systemUTC())
                    .apply(agencyId, file.getFileName().toString(), content, by);
            for (DeliveryConfirmations.Result r : outcome.results()) {
                out.println((r.ok() ? "OK     " : "DITOLAK/REFUSED ") + r.text());
            }
            out.println("Diterima tercatat / delivered recorded: " + outcome.delivered() + "; ditolak / refused: "
                    + outcome.refused());
            out.flush();
            return outcome.refused() == 0 ? ExitCodes.OK : NOTHING;
        }
    }

    /** {@code proof-of-cover batches}: the latest batches with their progress. */
    @Command(name = "batches", mixinStandardHelpOptions = true,
            description = "List print batches and their progress / daftar batch cetak.")
    static final class Batches implements Callable<Integer> {

        @ParentCommand
        ProofCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--agency", description = "Only this agency's batches.")
        String agency;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many, latest first (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            return parent.onCheckedLedger(err, props -> list(props, spec.commandLine().getOut()));
        }

        private int list(GatewayProperties props, PrintWriter out) {
            try (HikariDataSource ds = BudgetCommand.openLedger(props)) {
                out.printf("%-7s %-12s %-20s %-24s %7s %10s %12s%n", "Batch", "Instansi", "Distrik", "Kelurahan",
                        "Bukti", "Diserahkan", "Diterima");
                for (ProofLedger.Batch b : new ProofLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC())
                        .batches(blankToNull(agency), Math.max(1, Math.min(limit, 1_000)))) {
                    out.printf("%-7d %-12s %-20s %-24s %7d %10s %12s%n", b.id(), b.agencyId(), b.district(),
                            b.kelurahan() == null ? "(tanpa kelurahan / none)" : b.kelurahan(), b.count(),
                            b.handedOn() == null ? "-" : b.handedOn().toString(), b.delivered() + "/" + b.count());
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** What a subcommand does once the configuration passed the ledger's preflight. */
    @FunctionalInterface
    interface OnLedger {
        int run(GatewayProperties props) throws Exception;
    }

    /** The configuration loaded and checked as the print's is, then {@code then}; a refusal's exit code otherwise. */
    int onCheckedLedger(PrintWriter err, OnLedger then) throws Exception {
        GatewayProperties props = config.properties();
        Integer refused = config.preflight("proof-of-cover", props, LEDGER, err);
        return refused != null ? refused : then.run(props);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
