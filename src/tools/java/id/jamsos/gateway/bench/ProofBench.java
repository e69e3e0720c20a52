package id.jamsos.gateway.bench;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerProfile;
import id.jamsos.gateway.proof.ProofPrinter;
import id.jamsos.gateway.proof.ProofSettings;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench proof}: proofs of cover for N covered workers (default 19,336, Kota Sorong's), one PDF per
 * district as an operator prints them (docs/performance.md, "Proofs of cover"). The ledger (an H2 file in the
 * work folder) is seeded through the ledger's own enrollment path, untimed: N workers of one agency in the
 * city's ten districts, eight villages each, with names and NIKs as the sample generator makes them. Timed:
 * reading the covered workers (decrypting each NIK to mask it), recording the batches and writing every PDF.
 * Printed: time, pages, bytes, and the heap's peak (all pools, and the old generation alone).
 */
final class ProofBench {

    static final String[] DISTRICTS = {"Sorong", "Sorong Timur", "Sorong Barat", "Sorong Kepulauan", "Sorong Utara",
        "Sorong Manoi", "Sorong Kota", "Klaurung", "Malaimsimsa", "Maladum Mes"};
    static final int VILLAGES = 8;
    private static final String[] FIRST = {"Yosina", "Markus", "Ruth", "Yohanes", "Maria", "Agustinus", "Naomi",
        "Daniel", "Fransina", "Petrus", "Siti", "Ahmad", "Wayan", "Nyoman", "Jos\u00e9"};
    private static final boolean UNICODE_NAMES = Boolean.getBoolean("jamsos.bench.proof.unicodeNames");
    private static final String[] LAST = {"Mambrasar", "Wanma", "Kambu", "Rumbiak", "Sapulete", "Kaisiepo", "Womsiwor",
        "Fakdawer", "Rahayaan", "Ohoiwutun", "Hasibuan", "Nainggolan", "Sitorus", "Mayor"};

    private ProofBench() {
    }

    static List<BenchLine> run(Path work, int n) throws Exception {
        Path db = work.resolve("proof-ledger");
        GatewayProperties props = GatewayProperties.of(Map.of());
        PersonalDataCipher pii = PersonalDataCipher.forTests();
        List<BenchLine> lines = new ArrayList<>();
        try (HikariDataSource ds = LedgerDataSource.create(LedgerDataSource.h2FileUrl(db.toAbsolutePath().toString()),
                "sa", "", 4)) {
            LedgerMigrations.migrate(ds);
            long s0 = System.nanoTime();
            seed(ds, pii, n);
            lines.add(BenchLine.scenario("proof_seed").put("workers", n)
                    .put("seconds", (System.nanoTime() - s0) / 1e9, 1));
            ProofSettings settings = ProofSettings.from(k -> props.get(k, null));
            ProofPrinter printer = new ProofPrinter(new ProofLedger(ds, pii, Clock.systemUTC()), settings, Clock.systemUTC());
            System.gc();
            HeapMeter.reset();
            long t0 = System.nanoTime();
            int proofs = 0;
            int pages = 0;
            int batches = 0;
            long bytes = 0;
            for (String district : DISTRICTS) {
                Path pdf = work.resolve("proof-" + district.replace(' ', '-') + ".pdf");
                try (OutputStream out = Files.newOutputStream(pdf)) {
                    ProofPrinter.Printed p = printer.print(district, null, null, "bench", out);
                    proofs += p.proofs();
                    pages += p.pages();
                    batches += p.batches().size();
                }
                bytes += Files.size(pdf);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            lines.add(BenchLine.scenario("proof").put("workers", proofs).put("pdfs", DISTRICTS.length)
                    .put("batches", batches).put("pages", pages).put("pdf_mb", bytes / 1048576.0, 1)
                    .put("seconds", seconds, 1).put("proofs_per_s", proofs / seconds, 0)
                    .put("heap_peak_mb", HeapMeter.peakMib(), 1).put("old_peak_mb", HeapMeter.oldPeakMib(), 1)
                    .put("heap_max_mb", HeapMeter.maxMib(), 0));
        }
        return lines;
    }

    /** N workers enrolled through the ledger's own path (file rows, outcomes, open periods), 1,000 a file. */
    private static void seed(HikariDataSource ds, PersonalDataCipher pii, int n) {
        Instant at = Instant.parse("2026-03-10T01:00:00Z");
        Ledger ledger = new Ledger(ds, Clock.fixed(at, ZoneOffset.UTC), pii);
        int chunk = 1_000;
        for (int start = 0, f = 0; start < n; start += chunk, f++) {
            int size = Math.min(chunk, n - start);
            long file = ledger.registerFile("dinsos", "bench-" + f + ".csv", String.format("%064d", f), at).fileId();
            List<LedgerRow> rows = new ArrayList<>(size);
            List<RowOutcome> outcomes = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int w = start + i;
                String nik = String.format("9671%02d%02d%02d90%04d", 1 + w % 10, 1 + w % 28, 1 + w % 12, 1 + w % 9999);
                String name = FIRST[w % FIRST.length] + " " + LAST[(w / FIRST.length) % LAST.length];
                // -Djamsos.bench.proof.unicodeNames=true: every 15th name has letters outside WinAnsi, so every
                // PDF embeds the Unicode font (ProofPdf): the font's cost in time and size.
                if (UNICODE_NAMES && w % FIRST.length == 0) {
                    name = "\u0141ukasz \u0110or\u0111evi\u0107";
                }
                rows.add(new LedgerRow(file, i + 2, nik, name, RowState.PENDING, List.of(), "bench-" + w, null,
                        null, 1_000_000L, LocalDate.of(1990, 1, 1)));
                String district = DISTRICTS[w % DISTRICTS.length];
                outcomes.add(new RowOutcome(file, i + 2, RowState.ENROLLED, String.format("B%010d", w), null, "dinsos",
                        district, new WorkerProfile("Kelurahan " + (1 + (w / DISTRICTS.length) % VILLAGES), "nelayan", "L",
                        1990)));
            }
            ledger.insertRows(file, rows);
            ledger.completeIntake(file, size, 0);
            ledger.recordOutcomes(outcomes);
        }
    }
}
