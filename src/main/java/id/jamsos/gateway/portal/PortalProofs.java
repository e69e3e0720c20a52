package id.jamsos.gateway.portal;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.intake.SafeFileNames;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.proof.DeliveryConfirmations;
import id.jamsos.gateway.proof.ProofPdf;
import id.jamsos.gateway.proof.ProofPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Proofs of cover on the portal (docs/proof-of-cover.md, docs/portal.md): GET /portal/proofs lists the
 * villages of the session's agency's covered workers with a download each, its latest print batches with
 * their progress, and the form for delivery confirmations; POST /portal/proofs/pdf (district, kelurahan)
 * prints that village's proofs (only the session's agency's workers) and records the batch; a file whose
 * name starts with {@code terima_} uploaded through /portal/upload (the portal's one path for file bodies)
 * is read as delivery confirmations rather than a worker list, and answered row by row; POST
 * /portal/proofs/handed records a batch handed to its village office. Takes the
 * {@link Exchange} where it reads the request's query or the uploaded file, or writes the PDF.
 */
public final class PortalProofs {

    /** The file name prefix of a delivery confirmation (the same word the template and the help use). */
    public static final String CONFIRMATION_PREFIX = "terima_";

    private final PortalPages pages;
    private final ProofLedger ledger;
    private final ProofPrinter printer;
    private final DeliveryConfirmations confirmations;
    private final AuditTrail audit;
    private final Path workDir;
    private final ZoneId zone;
    private final Clock clock;

    /** {@code zone}: the city's ({@code jamsos.finance.zone}), for the day of a hand-over. */
    public PortalProofs(PortalPages pages, ProofLedger ledger, ProofPrinter printer, DeliveryConfirmations confirmations,
                        AuditTrail audit, Path workDir, ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
        this.pages = pages;
        this.ledger = ledger;
        this.printer = printer;
        this.confirmations = confirmations;
        this.audit = audit;
        this.workDir = workDir;
    }

    /** GET /portal/proofs */
    public PortalView.Proofs view(@ExchangeProperty(PortalAuth.SESSION) PortalSession session) {
        return page(session, List.of(), null);
    }

    private PortalView.Proofs page(PortalSession session, List<PortalView.ConfirmationLine> results, String summary) {
        List<PortalView.VillageLine> villages = new ArrayList<>();
        for (ProofLedger.VillageCount v : ledger.villagesOf(session.agencyId())) {
            String district = v.district() == null ? "" : v.district();
            String kelurahan = v.kelurahan() == null ? "" : v.kelurahan();
            // Workers whose village was never recorded: a line of their own per district, printed as one batch.
            villages.add(new PortalView.VillageLine(district.isEmpty() ? "-" : district,
                    kelurahan.isEmpty() ? ProofPdf.NO_VILLAGE : kelurahan, v.workers(), district, kelurahan,
                    kelurahan.isEmpty(), !district.isEmpty()));
        }
        List<PortalView.BatchLine> batches = new ArrayList<>();
        for (ProofLedger.Batch b : ledger.batches(session.agencyId(), 20)) {
            batches.add(new PortalView.BatchLine(b.id(), b.district() == null ? "-" : b.district(),
                    b.kelurahan() == null ? ProofPdf.NO_VILLAGE : b.kelurahan(), b.count(), pages.time(b.printedAt()),
                    b.handedOn() == null ? "-" : b.handedOn().toString(), b.delivered(),
                    b.handedOn() == null ? null : b.handedNote(), b.handedOn() == null));
        }
        return new PortalView.Proofs(pages.nonce(), pages.style(), pages.who(session), villages, batches, results,
                summary, "Bukti kepesertaan", LocalDate.now(clock.withZone(zone)).toString());
    }

    /** Whether the upload is a delivery confirmation (its name starts with {@value #CONFIRMATION_PREFIX}). */
    public boolean isConfirmation(Exchange exchange) {
        String typed = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        return typed != null && baseName(typed).toLowerCase(Locale.ROOT).startsWith(CONFIRMATION_PREFIX);
    }

    /** POST /portal/upload of a {@code terima_*} file: the confirmations recorded, the answer row by row. */
    public PortalView.Proofs confirm(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String uploaded = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        String typed = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (uploaded == null || typed == null) {
            throw new PortalRefusal(400, "Pilih satu berkas untuk diunggah.", "Choose one file to upload.");
        }
        Path temp = Path.of(uploaded);
        try {
            String name = baseName(typed);
            if (SafeFileNames.problem(name).isPresent()) {
                throw new PortalRefusal(400, "Nama berkas tidak dapat dipakai: ganti nama berkas (huruf, angka, - dan _)"
                        + " lalu unggah lagi.", "The file name cannot be used: rename the file (letters, digits, - and _)"
                        + " and upload it again.");
            }
            byte[] content;
            try (InputStream in = Files.newInputStream(temp)) {
                content = DeliveryConfirmations.bytes(in);
            }
            DeliveryConfirmations.Outcome outcome = confirmations.apply(session.agencyId(), name, content,
                    "portal:" + session.username());
            PortalAudit.log("proof confirmations agency={} user={} file={} delivered={} refused={} from {}",
                    session.agencyId(), session.username(), SafeFileNames.forLog(name), outcome.delivered(),
                    outcome.refused(), PortalRequest.clerk(exchange));
            audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "PROOF_CONFIRM",
                    SafeFileNames.forLog(name), "delivered=" + outcome.delivered() + " refused=" + outcome.refused(),
                    PortalRequest.clerk(exchange)));
            List<PortalView.ConfirmationLine> lines = new ArrayList<>();
            for (DeliveryConfirmations.Result r : outcome.results()) {
                lines.add(new PortalView.ConfirmationLine(r.row() > 0 ? String.valueOf(r.row()) : "-",
                        r.field() == null ? "" : r.field(), r.ok(), r.messageId(), r.messageEn()));
            }
            exchange.getMessage().setBody(null);
            return page(session, lines, outcome.delivered() + " diterima tercatat, " + outcome.refused()
                    + " baris ditolak / " + outcome.delivered() + " delivered recorded, " + outcome.refused()
                    + " rows refused (" + name + ")");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** POST /portal/proofs/pdf (district, kelurahan, csrf): the village's proofs of the session's agency, printed now. */
    public void pdf(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String district = PortalRequest.formField(exchange, "district");
        String kelurahan = PortalRequest.formField(exchange, "kelurahan");
        boolean withoutVillage = "1".equals(PortalRequest.formField(exchange, "novillage"));
        if (district == null || district.isBlank()) {
            throw PortalRefusal.notFound();
        }
        Files.createDirectories(workDir);
        Path temp = Files.createTempFile(workDir, ".proof-", ".pdf");
        ProofPrinter.Printed printed;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                printed = printer.print(district.trim(), kelurahan == null || kelurahan.isBlank() ? null : kelurahan.trim(),
                        withoutVillage, session.agencyId(), "portal:" + session.username(), out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        if (printed.batches().isEmpty()) {
            // Nobody of this agency covered there: as a page that does not exist, whatever other agencies have.
            Files.deleteIfExists(temp);
            throw PortalRefusal.notFound();
        }
        String batchIds = printed.batches().stream().map(b -> String.valueOf(b.id())).reduce((a, b) -> a + "," + b)
                .orElse("");
        PortalAudit.log("proof print agency={} user={} batch={} proofs={} from {}", session.agencyId(),
                session.username(), batchIds, printed.proofs(), PortalRequest.clerk(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "PROOF_PRINT",
                "batch " + batchIds, "proofs=" + printed.proofs(), PortalRequest.clerk(exchange)));
        // Streamed from the temporary file, which goes once the answer is written (as a report's download).
        PortalDownloads.attachment(exchange, "application/pdf", "bukti-kepesertaan-"
                + (withoutVillage ? district.trim() + "-tanpa-kelurahan"
                        : (kelurahan == null || kelurahan.isBlank() ? district : kelurahan).trim()) + "-batch-" + batchIds + ".pdf",
                temp);
    }

    /**
     * POST /portal/proofs/handed (batch, date yyyy-MM-dd or empty for today, note, csrf): the session's
     * agency's batch handed to its village office, as {@code proof-of-cover handed} records it; another
     * agency's batch is answered 404, as one that does not exist. Answers the page with what was recorded.
     */
    public PortalView.Proofs handed(Exchange exchange) {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        long batchId;
        try {
            batchId = Long.parseLong(String.valueOf(PortalRequest.formField(exchange, "batch")).trim());
        } catch (NumberFormatException e) {
            throw PortalRefusal.notFound();
        }
        ProofLedger.Batch batch = ledger.batch(batchId).filter(b -> b.agencyId().equals(session.agencyId()))
                .orElseThrow(PortalRefusal::notFound);
        if (batch.handedOn() != null) {
            throw alreadyHanded(batchId, batch.handedOn());
        }
        String note = PortalRequest.formField(exchange, "note");
        if (note == null || note.isBlank()) {
            throw new PortalRefusal(400, "Tulis siapa di kelurahan yang menerima bundel (mis. Sekretaris Kelurahan).",
                    "Write who at the village took the bundle (e.g. the village secretary).");
        }
        String date = PortalRequest.formField(exchange, "date");
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate on;
        try {
            on = date == null || date.isBlank() ? today : LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            throw new PortalRefusal(400, "Tanggal serah terima harus yyyy-mm-dd.", "The hand-over date must be yyyy-mm-dd.");
        }
        if (on.isAfter(today)) {
            throw new PortalRefusal(400, "Tanggal serah terima " + on + " belum terjadi.",
                    "The hand-over date " + on + " is in the future.");
        }
        if (on.isBefore(batch.printedAt().atZone(zone).toLocalDate())) {
            throw new PortalRefusal(400, "Tanggal serah terima " + on + " sebelum batch dicetak.",
                    "The hand-over date " + on + " is before the batch was printed.");
        }
        // Only a batch not yet handed over: a re-sent or hand-made form never replaces what was recorded (the
        // operator's `proof-of-cover handed` corrects). The batch is there (read above): empty means another
        // request handed it over in between.
        int moved = ledger.handOverFirst(batchId, on, "portal:" + session.username(), note.strip())
                .orElseThrow(() -> alreadyHanded(batchId, ledger.batch(batchId).map(ProofLedger.Batch::handedOn)
                        .orElse(null)));
        PortalAudit.log("proof hand-over agency={} user={} batch={} on={} proofs={} from {}", session.agencyId(),
                session.username(), batchId, on, moved, PortalRequest.clerk(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "PROOF_HANDED",
                "batch " + batchId, "on=" + on + " proofs=" + moved, PortalRequest.clerk(exchange)));
        return page(session, List.of(), "Batch " + batchId + " diserahkan ke kelurahan " + on + ": " + moved
                + " bukti / batch " + batchId + " handed to the village " + on + ": " + moved + " proofs");
    }

    private static PortalRefusal alreadyHanded(long batchId, LocalDate handedOn) {
        String day = handedOn == null ? "" : " " + handedOn;
        return new PortalRefusal(409, "Batch " + batchId + " sudah diserahkan ke kelurahan" + day
                + "; tidak diubah. Minta operator bila perlu dikoreksi.", "Batch " + batchId
                + " was already handed to the village" + day + "; left as it was. Ask the operator to correct it.");
    }

    /** The name the clerk's file had: some browsers send the whole path of the clerk's PC. */
    private static String baseName(String typed) {
        return typed.substring(Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\')) + 1).strip();
    }
}
