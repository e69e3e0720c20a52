package id.jamsos.gateway.demo;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.proof.ProofPrinter;
import id.jamsos.gateway.proof.ProofSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's proof of cover (docs/proof-of-cover.md): once the sample is enrolled, the village with the most
 * covered workers of the demo agency is printed to {@code <dir>/proof-of-cover-<village>.pdf}, recorded as
 * a print batch as the {@code proof-of-cover} command would, and its path printed.
 */
final class DemoProof {

    private DemoProof() {
    }

    static void write(GatewayProperties props, String agency, Path dir, PrintStream out) {
        try (HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2)) {
            ProofLedger ledger = new ProofLedger(ds, PersonalDataKeys.cipher(props), Clock.systemUTC());
            Optional<ProofLedger.VillageCount> village = ledger.villagesOf(agency).stream()
                    .filter(v -> v.district() != null && v.kelurahan() != null)
                    .max(Comparator.comparingInt(ProofLedger.VillageCount::workers));
            if (village.isEmpty()) {
                out.println("proof of cover: no covered worker with a village to print");
                return;
            }
            ProofLedger.VillageCount v = village.get();
            Path pdf = dir.resolve("proof-of-cover-" + v.kelurahan().toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-") + ".pdf");
            ProofPrinter.Printed printed;
            try (OutputStream o = Files.newOutputStream(pdf)) {
                printed = new ProofPrinter(ledger, ProofSettings.from(k -> props.get(k, null)), Clock.systemUTC())
                        .print(v.district(), v.kelurahan(), agency, "demo", o);
            }
            out.printf("proof of cover: %s / %s, %d workers, %d pages, batch %d -> %s%n", v.district(), v.kelurahan(),
                    printed.proofs(), printed.pages(), printed.batches().get(0).id(), pdf.toAbsolutePath());
        } catch (Exception e) {
            // The demo's other steps stand without it; say what failed.
            out.println("proof of cover: FAILED: " + e);
        }
    }
}
