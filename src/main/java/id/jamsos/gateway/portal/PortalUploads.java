package id.jamsos.gateway.portal;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.intake.FileChecksum;
import id.jamsos.gateway.intake.SafeFileNames;
import id.jamsos.gateway.ledger.PortalUploadLedger;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.support.PrivateFiles;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.ValidatedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clerk's upload, from the browser to the intake, kept in the ledger (portal_upload, V28) so that any
 * replica serves every step.
 *
 * <ol>
 * <li>{@link #store}: the uploaded file (which the server's body handler has written to a temporary
 * file, never held in memory) is stored in the ledger with its name and SHA-256 under an id of 128 random
 * bits, for the session's agency; one audit line gives agency, clerk, name, size and SHA-256. The
 * temporary file goes once the preview is made.</li>
 * <li>{@link #preview}: the same validator the intake runs (validation/AgencyFileValidator, the same
 * settings), read to the end without the ledger: the whole-file refusal if any, the rows accepted and
 * rejected, the reasons counted, and the first rows with their verdicts (NIKs masked).</li>
 * <li>{@link #claim}: on submit, one conditional UPDATE makes the upload SUBMITTING under a lease of this
 * claim's own (a lease owner per claim and per take-over, never one per process); while the claim waits for
 * a rows' thread its lease is pushed on by {@link #lapsed}'s timer, and its rows start only if it still holds
 * it ({@link #takenOver}); a submit that finds it claimed already (a second click, tab or replica) is sent to the file's
 * page and nothing is taken in twice. The claimed bytes are copied to this process's disk and the
 * exchange becomes what the intake takes from SFTP (routes/portal.camel.yaml, portal-intake).</li>
 * <li>{@link #registered}, {@link #renew}, {@link #done}: the intake's file id noted on the upload, its
 * lease pushed on after each batch of rows, and the upload SUBMITTED (its bytes deleted) when the intake
 * is done with it, whatever the verdict.</li>
 * <li>{@link #lapsed} and {@link #takeOver}: a SUBMITTING upload whose lease lapsed (its process died
 * between claim and intake, or mid-intake) is taken over by one process and its intake resumed.</li>
 * <li>{@link #sweep}: uploads never submitted expire after {@code ttl} and lose their bytes.</li>
 * </ol>
 *
 * <p>{@link #store}, {@link #claim}, {@link #takeOver} and {@link #done} take the Exchange: they read
 * what the HTTP consumer put on it for the upload, and set up the exchange as the intake expects it
 * (body, file headers, agency property) or clean up the copy it had.
 */
public final class PortalUploads {

    /** The exchange property the upload's id is kept under while its intake runs. */
    public static final String UPLOAD_ID = "JamsosPortalUpload";
    /**
     * The exchange property holding the lease owner of this one claim or take-over: each has its own, so that
     * an intake taken over by another exchange, of this process as of another, finds out (finding A #8).
     */
    public static final String UPLOAD_OWNER = "JamsosPortalUploadOwner";

    private static final Logger LOG = LoggerFactory.getLogger(PortalUploads.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String DATA = ".upload";

    private final PortalUploadLedger uploads;
    private final Path intakeDir;
    private final AgencyFileValidator validator;
    private final PortalPages pages;
    private final long maxBytes;
    private final int previewRows;
    private final Duration ttl;
    private final Duration lease;
    private final int maxAttempts;
    /** This process's name, the prefix of every lease owner it takes (one per claim or take-over). */
    private final String owner;
    /**
     * Claims and take-overs of this process whose rows have not started yet (waiting for a
     * portal-intake-rows consumer behind other intakes): upload id to its lease owner. Their leases are
     * pushed on by {@link #lapsed}'s timer while they wait, so that a submit queued behind long intakes is
     * not taken over and started twice; a process that dies stops pushing them, and they lapse as before.
     */
    private final Map<String, String> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private AuditTrail audit = new LoggedAuditTrail();

    /** Uploads and submits are recorded in {@code trail} too (docs/audit.md). */
    public PortalUploads auditTo(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    /** The preview's look at the ledger (already enrolled NIKs, the same file sent before); none: without. */
    private PreviewLedgerCheck ledgerCheck;

    /**
     * @param workDir     the gateway's work folder: a claimed upload's bytes are copied under
     *                    {@code <work>/.portal-intake} for the intake, and deleted when it is done
     * @param ttl         an upload never submitted expires after this (jamsos.portal.uploadTtlMinutes)
     * @param lease       how long a claim holds without renewal before another process may take the intake over
     * @param maxAttempts intakes of one upload (its claim and every take-over) before its file is failed
     */
    public PortalUploads(PortalUploadLedger uploads, Path workDir, AgencyFileValidator validator, PortalPages pages,
                         long maxBytes, int previewRows, Duration ttl, Duration lease, int maxAttempts) {
        this.uploads = uploads;
        this.intakeDir = workDir.resolve(".portal-intake");
        this.validator = validator;
        this.pages = pages;
        this.maxBytes = maxBytes;
        this.previewRows = previewRows;
        this.ttl = ttl;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        byte[] b = new byte[6];
        random.nextBytes(b);
        this.owner = "portal-" + HexFormat.of().formatHex(b);
    }

    /** The preview also asks the ledger (portal/PreviewLedgerCheck). */
    public PortalUploads checkingLedger(PreviewLedgerCheck check) {
        this.ledgerCheck = check;
        return this;
    }

    /** POST /portal/upload, after the login and form token checks: stores the file and shows its preview. */
    public PortalView.Preview store(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String uploaded = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        String typed = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (uploaded == null || typed == null || typed.isBlank()) {
            throw new PortalRefusal(400, "Pilih satu berkas untuk diunggah.", "Choose one file to upload.");
        }
        Path temp = Path.of(uploaded);
        try {
            // Some browsers send the whole path of the clerk's PC.
            String name = typed.substring(Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\')) + 1).strip();
            Optional<String> unsafe = SafeFileNames.problem(name);
            if (unsafe.isPresent()) {
                throw new PortalRefusal(400, "Nama berkas tidak dapat dipakai: ganti nama berkas (huruf, angka, - dan _)"
                        + " lalu unggah lagi.", "The file name cannot be used: rename the file (letters, digits, - and _)"
                        + " and upload it again.");
            }
            long size = Files.size(temp);
            if (size > maxBytes) {
                throw new PortalRefusal(413, "Berkas terlalu besar (paling besar " + maxBytes / (1024 * 1024) + " MiB).",
                        "The file is too large (at most " + maxBytes / (1024 * 1024) + " MiB).");
            }
            String id = newId();
            String sha256 = FileChecksum.sha256(temp);
            uploads.store(id, session.agencyId(), session.username(), name, sha256, temp);
            PortalAudit.log("upload agency={} user={} file={} size={} sha256={} from {}", session.agencyId(),
                    session.username(), SafeFileNames.forLog(name), size, sha256, PortalRequest.clerk(exchange));
            audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "UPLOAD",
                    SafeFileNames.forLog(name), "size=" + size + " sha256=" + sha256, PortalRequest.clerk(exchange)));
            exchange.getMessage().setBody(null);
            return preview(session, id, name, temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The validator's verdict on the stored upload, and what the ledger says of its rows (PreviewLedgerCheck). */
    PortalView.Preview preview(PortalSession session, String id, String name, Path data) throws IOException {
        int rows = 0;
        int accepted = 0;
        Map<String, PortalView.ReasonCount> reasons = new LinkedHashMap<>();
        List<PortalView.PreviewRow> shown = new ArrayList<>();
        List<String> warnings = List.of();
        PortalView.Note refusal = null;
        PreviewLedgerCheck.Run ledgerRun = ledgerCheck == null ? null : ledgerCheck.start(session.agencyId());
        try (ValidatedFile file = validator.open(data, name)) {
            warnings = file.warnings();
            while (file.hasNext()) {
                ValidatedRow row = file.next();
                rows++;
                if (ledgerRun != null) {
                    ledgerRun.add(row);
                }
                if (row.accepted()) {
                    accepted++;
                }
                for (RowRejection r : row.rejections()) {
                    reasons.merge(r.code(), new PortalView.ReasonCount(r.code(), r.messageId(), r.messageEn(), 1),
                            (a, b) -> new PortalView.ReasonCount(a.code(), a.messageId(), a.messageEn(), a.rows() + 1));
                }
                if (shown.size() < previewRows) {
                    List<PortalView.Note> why = new ArrayList<>();
                    for (RowRejection r : row.rejections()) {
                        why.add(new PortalView.Note(r.field() + ": " + NikMask.scrub(r.messageId()),
                                NikMask.scrub(r.messageEn())));
                    }
                    shown.add(new PortalView.PreviewRow(row.rowNumber(), NikMask.mask(row.rawNik()), row.rawName(),
                            row.accepted(), row.accepted() ? "DITERIMA / ACCEPTED" : "DITOLAK / REJECTED", why));
                }
            }
        } catch (FileRejectedException e) {
            refusal = new PortalView.Note(e.messageId(), e.messageEn());
        } catch (UncheckedIOException e) {
            refusal = new PortalView.Note("Berkas tidak dapat dibaca sampai akhir.", "The file cannot be read to its end.");
        }
        List<PortalView.ReasonCount> counted = new ArrayList<>(reasons.values());
        counted.sort((a, b) -> Integer.compare(b.rows(), a.rows()));
        PortalView.Preview preview = new PortalView.Preview(pages.nonce(), pages.style(), pages.who(session), id, name,
                size(Files.size(data)), refusal, rows, accepted, rows - accepted, counted, shown, rows > shown.size(),
                warnings, "Pratinjau " + name);
        return ledgerRun == null ? preview : ledgerRun.apply(preview, data);
    }

    /**
     * POST /portal/uploads/{upload}/submit: the upload is claimed for this process, and the exchange becomes
     * what the intake takes from SFTP (the file as the body, its name and length as the file consumer's
     * headers, the agency as the property), for the agency of the session only. An upload claimed already
     * answers with its file's page, or with {@link #status}'s while its file is not registered yet.
     */
    public void claim(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String id = exchange.getMessage().getHeader("upload", String.class);
        if (id == null || !ID.matcher(id).matches()) {
            throw notFound();
        }
        String claimOwner = newOwner();
        if (!uploads.claim(session.agencyId(), id, claimOwner, lease)) {
            PortalUploadLedger.Upload upload = uploads.find(session.agencyId(), id).orElseThrow(PortalUploads::notFound);
            LOG.info("agency={} portal upload submitted again while {}: not taken in twice", session.agencyId(),
                    upload.state());
            // A POST is answered with a redirect: the page that waits for the file is reloaded with GETs.
            throw upload.fileId() == null && upload.state() == PortalUploadLedger.State.SUBMITTING
                    ? PortalRefusal.redirect("/portal/uploads/" + id) : whereIs(upload);
        }
        PortalUploadLedger.Upload upload = uploads.find(session.agencyId(), id).orElseThrow(PortalUploads::notFound);
        PortalAudit.log("submit agency={} user={} file={} size={} sha256={} from {}", session.agencyId(),
                session.username(), SafeFileNames.forLog(upload.fileName()), upload.size(), upload.checksum(),
                PortalRequest.clerk(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "SUBMIT",
                SafeFileNames.forLog(upload.fileName()), "size=" + upload.size() + " sha256=" + upload.checksum(),
                PortalRequest.clerk(exchange)));
        prepare(exchange, upload, claimOwner);
    }

    /** GET /portal/uploads/{upload}: to the file's page once the intake registered it; until then a page that reloads. */
    public void status(Exchange exchange) {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String id = exchange.getMessage().getHeader("upload", String.class);
        if (id == null || !ID.matcher(id).matches()) {
            throw notFound();
        }
        throw whereIs(uploads.find(session.agencyId(), id).orElseThrow(PortalUploads::notFound));
    }

    private PortalRefusal whereIs(PortalUploadLedger.Upload upload) {
        if (upload.fileId() != null) {
            return PortalRefusal.redirect("/portal/files/" + upload.fileId());
        }
        return switch (upload.state()) {
            case EXPIRED -> new PortalRefusal(410, "Unggahan sudah kedaluwarsa karena tidak dikirim. Unggah berkas lagi.",
                    "The upload expired because it was not submitted. Upload the file again.");
            case SUBMITTING -> new PortalRefusal(202, "Berkas sedang diterima; halaman ini dimuat ulang sendiri.",
                    "The file is being taken in; this page reloads by itself.",
                    Map.of("Refresh", "2; url=/portal/uploads/" + upload.id()));
            case UPLOADED -> new PortalRefusal(409, "Unggahan belum dikirim: kirim dari halaman pratinjaunya.",
                    "The upload has not been submitted: submit it from its preview page.");
            // Refused as a whole before it had a file id (its reason is in the list), or given up.
            case SUBMITTED -> PortalRefusal.redirect("/portal");
        };
    }

    /** The upload's bytes to this process's disk, and the exchange set up as the intake expects it. */
    private void prepare(Exchange exchange, PortalUploadLedger.Upload upload, String leaseOwner) throws IOException {
        exchange.setProperty(UPLOAD_OWNER, leaseOwner);
        Path data = PrivateFiles.createDirectories(intakeDir).resolve(upload.id() + DATA);
        if (!uploads.copyContent(upload.id(), data)) {
            throw new IllegalStateException("portal upload " + upload.id() + " has no bytes left to take in");
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(data.toFile());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, upload.fileName());
        exchange.getMessage().setHeader(Exchange.FILE_LENGTH, String.valueOf(upload.size()));
        exchange.setProperty(Headers.AGENCY_ID, upload.agencyId());
        exchange.setProperty(UPLOAD_ID, upload.id());
    }

    /** The intake registered the upload: its file id is what a second submit and the status page answer with. */
    public void registered(@ExchangeProperty(UPLOAD_ID) String id, @ExchangeProperty(Headers.FILE_ID) long fileId) {
        uploads.registered(id, fileId);
    }

    /**
     * After each batch of rows on the broker: the lease is pushed on, so that a long file is not taken over
     * while it runs. When another process has taken it over (this one was too slow to renew), this intake
     * stops here and leaves the file to it: the ledger's queued mark tells it where to go on.
     */
    public void renew(@ExchangeProperty(UPLOAD_ID) String id, @ExchangeProperty(UPLOAD_OWNER) String leaseOwner) {
        if (!uploads.renew(id, leaseOwner, lease)) {
            throw new IllegalStateException("portal upload " + id + " was taken over by another intake");
        }
    }

    /**
     * The first step of the rows' thread: the upload leaves the waiting claims, and its lease is pushed on.
     * True when another intake took the upload over meanwhile (this process paused for longer than the
     * lease, say): this exchange then stops here, before a row is read, and leaves the file to that one.
     */
    public boolean takenOver(@ExchangeProperty(UPLOAD_ID) String id, @ExchangeProperty(UPLOAD_OWNER) String leaseOwner) {
        waiting.remove(id, leaseOwner);
        if (uploads.renew(id, leaseOwner, lease)) {
            return false;
        }
        LOG.warn("portal upload {} was taken over by another intake while it waited; this one stops before its rows",
                id);
        return true;
    }

    /**
     * Just before the rows go to a thread of their own (seda:portal-intake-rows): the claim waits for one, its
     * lease pushed on meanwhile, until {@link #takenOver} at the start of its rows. Not sooner: a claim whose
     * registration fails (the ledger away) is never here, and its lease lapses for the resume timer as before.
     */
    public void waits(@ExchangeProperty(UPLOAD_ID) String id, @ExchangeProperty(UPLOAD_OWNER) String leaseOwner) {
        waiting.put(id, leaseOwner);
    }

    /** The claims of this process waiting for their rows to start (tests). */
    int waiting() {
        return waiting.size();
    }

    /** The intake is done with the upload (queued, refused as a whole, or a duplicate): SUBMITTED, bytes deleted. */
    public void done(Exchange exchange) throws IOException {
        String id = exchange.getProperty(UPLOAD_ID, String.class);
        if (id == null) {
            return;
        }
        Long fileId = exchange.getProperty(Headers.FILE_ID, Long.class);
        String leaseOwner = exchange.getProperty(UPLOAD_OWNER, String.class);
        if (leaseOwner != null) {
            waiting.remove(id, leaseOwner);
        }
        uploads.submitted(id, fileId);
        Files.deleteIfExists(intakeDir.resolve(id + DATA));
        LOG.info("agency={} portal upload submitted as file id={}", exchange.getProperty(Headers.AGENCY_ID), fileId);
    }

    /** The end of a submit: to the file's page, which follows its progress while the rows are read. */
    public void answer(@ExchangeProperty(UPLOAD_ID) String id, @ExchangeProperty(Headers.FILE_ID) Long fileId) {
        throw PortalRefusal.redirect(fileId == null ? "/portal/uploads/" + id : "/portal/files/" + fileId);
    }

    /**
     * After a refusal the intake's error handler recorded: the HTTP answer of a submit whose file was refused
     * at registration (the route stops there). Takes the Exchange to write that answer on its message.
     */
    public void refusedAnswer(Exchange exchange) {
        Long fileId = exchange.getProperty(Headers.FILE_ID, Long.class);
        String id = exchange.getProperty(UPLOAD_ID, String.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("Location", fileId != null ? "/portal/files/" + fileId
                : id != null ? "/portal/uploads/" + id : "/portal");
        PortalResponses.write(exchange, 303, "text/plain; charset=utf-8", "");
    }

    /**
     * The resume timer's question: SUBMITTING uploads whose lease lapsed. First the leases of this process's
     * claims still waiting for their rows to start are pushed on (each renewal finds out whether another
     * intake took the claim over: it is then forgotten here).
     */
    public List<PortalUploadLedger.Upload> lapsed() {
        waiting.forEach((id, leaseOwner) -> {
            if (!uploads.renew(id, leaseOwner, lease)) {
                waiting.remove(id, leaseOwner);
            }
        });
        return uploads.lapsed(10);
    }

    /**
     * A lapsed upload taken over by this process (one conditional UPDATE; another process that asked at the
     * same time gets nothing) and set up for the intake, which resumes it: the ledger knows its file by
     * checksum and the rows already queued. Without {@link #UPLOAD_ID} set, the take-over was lost. An upload
     * taken in {@code maxAttempts} times already is refused as a whole (its file FAILED, with that reason).
     */
    public void takeOver(@Body PortalUploadLedger.Upload upload, Exchange exchange)
            throws IOException, FileRejectedException {
        String takeOverOwner = newOwner();
        if (!uploads.takeOver(upload.id(), takeOverOwner, lease)) {
            return;
        }
        LOG.warn("agency={} portal upload {} (file id={}) was claimed by a process that stopped; resuming its intake"
                + " (attempt {})", upload.agencyId(), upload.id(), upload.fileId(), upload.attempts() + 1);
        prepare(exchange, upload, takeOverOwner);
        if (upload.attempts() + 1 > maxAttempts) {
            throw new FileRejectedException(upload.fileName(), "FILE_INTAKE_FAILED",
                    "Berkas tidak dapat diproses setelah " + upload.attempts() + " kali percobaan; hubungi operator TI.",
                    "The file could not be processed after " + upload.attempts() + " attempts; call the IT operator.");
        }
    }

    /**
     * The sweep timer: uploads never submitted within {@code ttl} expire and lose their bytes. Copies of this
     * process older than a day go too: an intake that failed here and was finished by another process
     * leaves its copy behind.
     */
    public void sweep() {
        int expired = uploads.sweep(ttl);
        if (expired > 0) {
            LOG.info("{} portal uploads not submitted within {} min expired; their bytes are deleted", expired,
                    ttl.toMinutes());
        }
        if (!Files.isDirectory(intakeDir)) {
            return;
        }
        java.time.Instant dayAgo = java.time.Instant.now().minus(Duration.ofDays(1));
        try (java.util.stream.Stream<Path> copies = Files.list(intakeDir)) {
            for (Path copy : copies.toList()) {
                if (Files.getLastModifiedTime(copy).toInstant().isBefore(dayAgo)) {
                    Files.deleteIfExists(copy);
                }
            }
        } catch (IOException e) {
            LOG.warn("old copies of portal uploads in {} not deleted: {}", intakeDir, e.getMessage());
        }
    }

    /** A lease owner for one claim or take-over: this process's name and a random part of its own. */
    private String newOwner() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return owner + "-" + HexFormat.of().formatHex(b);
    }

    private static PortalRefusal notFound() {
        return new PortalRefusal(404, "Unggahan tidak ditemukan. Unggah berkas lagi.",
                "Upload not found. Upload the file again.");
    }

    private String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
