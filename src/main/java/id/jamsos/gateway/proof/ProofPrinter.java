package id.jamsos.gateway.proof;

import id.jamsos.gateway.ledger.ProofLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the proofs of cover of a district or a village and records them as print batches, one per
 * agency and village (docs/proof-of-cover.md). The batches are recorded first, because the PDF names
 * their numbers; a PDF that cannot be written takes them back, so the ledger never says "printed" of
 * a page nobody has.
 */
public final class ProofPrinter {

    /** What a print did: batches (empty: nobody covered there), proofs and pages. */
    public record Printed(List<ProofLedger.Batch> batches, int proofs, int pages) {
    }

    private final ProofLedger ledger;
    private final ProofPdf pdf;
    private final Clock clock;

    public ProofPrinter(ProofLedger ledger, ProofSettings settings, Clock clock) {
        this.ledger = ledger;
        this.pdf = new ProofPdf(settings);
        this.clock = clock;
    }

    /**
     * The covered workers of {@code district} (one {@code kelurahan} when set; one agency's when
     * {@code agencyId} is set) printed to {@code out}. Nothing is written or recorded when nobody is covered.
     */
    public Printed print(String district, String kelurahan, String agencyId, String printedBy, OutputStream out)
            throws IOException {
        return print(district, kelurahan, false, agencyId, printedBy, out);
    }

    /**
     * As {@link #print(String, String, String, String, OutputStream)}; with {@code withoutVillage}, only the
     * district's workers whose village was never recorded ({@link ProofPdf#NO_VILLAGE}), as one batch per agency.
     */
    public Printed print(String district, String kelurahan, boolean withoutVillage, String agencyId, String printedBy,
                         OutputStream out) throws IOException {
        List<ProofLedger.Village> villages = ledger.covered(district, kelurahan, withoutVillage, agencyId);
        if (villages.isEmpty()) {
            return new Printed(List.of(), 0, 0);
        }
        List<Long> ids = ledger.recordPrinted(villages, printedBy);
        try {
            List<ProofPdf.Batch> batches = new ArrayList<>();
            for (int i = 0; i < villages.size(); i++) {
                batches.add(new ProofPdf.Batch(ids.get(i), villages.get(i)));
            }
            Instant now = clock.instant();
            int pages = pdf.write(batches, now, printedBy, out);
            List<ProofLedger.Batch> recorded = new ArrayList<>();
            for (long id : ids) {
                ledger.batch(id).ifPresent(recorded::add);
            }
            return new Printed(recorded, villages.stream().mapToInt(v -> v.workers().size()).sum(), pages);
        } catch (IOException | RuntimeException e) {
            ledger.forget(ids);
            throw e;
        }
    }
}
