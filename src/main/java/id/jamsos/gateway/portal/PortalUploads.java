package id.jamsos.gateway.portal;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.intake.FileChecksum;
import id.jamsos.gateway.intake.SafeFileNames;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.support.PrivateFiles;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.ValidatedFile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clerk's upload, from the browser to the intake.
 *
 * <ol>
 * <li>{@link #store}: the uploaded file (which the server's body handler has written to a temporary
 * file, never held in memory) is moved under the agency's work folder, {@code <work>/<agency>/.portal/<id>},
 * with its name beside it; one audit line gives agency, clerk, name, size and SHA-256. The id is 128
 * random bits and the folder is the session's agency's: a clerk can only ever submit the agency's own
 * uploads.</li>
 * <li>{@link #preview}: the same validator the intake runs (validation/AgencyFileValidator, the same
 * settings), read to the end without the ledger: the whole-file refusal if any, the rows accepted and
 * rejected, the reasons counted, and the first rows with their verdicts (NIKs masked).</li>
 * <li>{@link #take}: on submit, the stored file is handed to the intake (routes/portal.camel.yaml,
 * portal-intake) as an SFTP file is: registered by checksum (the same bytes twice are a duplicate),
 * its rows validated again and queued, its reports written, the same guarantees.</li>
 * <li>{@link #submitted}: the stored copy goes and the clerk is sent to the file's page.</li>
 * </ol>
 *
 * <p>Uploads not submitted are deleted after {@code keepFor}. The stored upload is on this process's
 * disk: a preview and its submit must reach the same gateway process (docs/portal.md).
 *
 * <p>{@link #store} and {@link #take} take the Exchange: they read what the HTTP consumer put on it for
 * the upload, and set up the exchange as the intake expects it (body, file headers, agency property).
 */
public final class PortalUploads {

    /** The exchange property the stored upload's id is kept under between {@link #take} and {@link #submitted}. */
    public static final String UPLOAD_ID = "JamsosPortalUpload";

    private static final Logger LOG = LoggerFactory.getLogger(PortalUploads.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String DATA = ".upload";
    private static final String NAME = ".name";

    private final Path workDir;
    private final AgencyFileValidator validator;
    private final PortalPages pages;
    private final long maxBytes;
    private final int previewRows;
    private final Duration keepFor;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The preview's look at the ledger (already enrolled NIKs, the same file sent before); none: without. */
    private PreviewLedgerCheck ledgerCheck;

    public PortalUploads(Path workDir, AgencyFileValidator validator, PortalPages pages, long maxBytes,
                         int previewRows, Duration keepFor, Clock clock) {
        this.workDir = workDir;
        this.validator = validator;
        this.pages = pages;
        this.maxBytes = maxBytes;
        this.previewRows = previewRows;
        this.keepFor = keepFor;
        this.clock = clock;
    }

    /** The preview also asks the ledger (portal/PreviewLedgerCheck). */
    public PortalUploads checkingLedger(PreviewLedgerCheck check) {
        this.ledgerCheck = check;
        return this;
    }

    /** POST /portal/upload, after the login and form token checks: keeps the file and shows its preview. */
    public PortalView.Preview store(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String uploaded = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        String typed = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (uploaded == null || typed == null || typed.isBlank()) {
            throw new PortalRefusal(400, "Pilih satu berkas untuk diunggah.", "Choose one file to upload.");
        }
        Path temp = Path.of(uploaded);
        // Some browsers send the whole path of the clerk's PC.
        String name = typed.substring(Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\')) + 1).strip();
        Optional<String> unsafe = SafeFileNames.problem(name);
        if (unsafe.isPresent()) {
            Files.deleteIfExists(temp);
            throw new PortalRefusal(400, "Nama berkas tidak dapat dipakai: ganti nama berkas (huruf, angka, - dan _)"
                    + " lalu unggah lagi.", "The file name cannot be used: rename the file (letters, digits, - and _)"
                    + " and upload it again.");
        }
        long size = Files.size(temp);
        if (size > maxBytes) {
            Files.deleteIfExists(temp);
            throw new PortalRefusal(413, "Berkas terlalu besar (paling besar " + maxBytes / (1024 * 1024) + " MiB).",
                    "The file is too large (at most " + maxBytes / (1024 * 1024) + " MiB).");
        }
        Path dir = PrivateFiles.createDirectories(workDir.resolve(session.agencyId()).resolve(".portal"));
        forgetOld(dir);
        String id = newId();
        Path data = dir.resolve(id + DATA);
        Files.move(temp, data, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(id + NAME), name, StandardCharsets.UTF_8);
        String sha256 = FileChecksum.sha256(data);
        PortalAudit.log("upload agency={} user={} file={} size={} sha256={} from {}", session.agencyId(),
                session.username(), SafeFileNames.forLog(name), size, sha256, PortalRequest.client(exchange));
        exchange.getMessage().setBody(null);
        return preview(session, id, name, data);
    }

    /** The verdict on the stored upload, without the ledger. */
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
     * POST /portal/uploads/{upload}/submit: the exchange becomes what the intake takes from SFTP (the
     * file as the body, its name and length as the file consumer's headers, the agency as the
     * property), for the agency of the session only.
     */
    public void take(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String id = exchange.getMessage().getHeader("upload", String.class);
        Path dir = workDir.resolve(session.agencyId()).resolve(".portal");
        if (id == null || !ID.matcher(id).matches() || !Files.isRegularFile(dir.resolve(id + DATA))) {
            throw new PortalRefusal(404, "Unggahan tidak ditemukan (sudah dikirim, kedaluwarsa, atau diunggah ke"
                    + " server lain). Unggah berkas lagi.", "Upload not found (submitted already, expired, or"
                    + " uploaded to another server). Upload the file again.");
        }
        Path data = dir.resolve(id + DATA);
        String name = Files.readString(dir.resolve(id + NAME), StandardCharsets.UTF_8);
        long size = Files.size(data);
        PortalAudit.log("submit agency={} user={} file={} size={} sha256={} from {}", session.agencyId(),
                session.username(), SafeFileNames.forLog(name), size, FileChecksum.sha256(data),
                PortalRequest.client(exchange));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(data.toFile());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, name);
        exchange.getMessage().setHeader(Exchange.FILE_LENGTH, String.valueOf(size));
        exchange.setProperty(Headers.AGENCY_ID, session.agencyId());
        exchange.setProperty(UPLOAD_ID, id);
    }

    /** After the intake took the file (or refused it as a whole): the stored copy goes; to the file's page. */
    public void submitted(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        String id = exchange.getProperty(UPLOAD_ID, String.class);
        Path dir = workDir.resolve(session.agencyId()).resolve(".portal");
        Files.deleteIfExists(dir.resolve(id + DATA));
        Files.deleteIfExists(dir.resolve(id + NAME));
        Long fileId = exchange.getProperty(Headers.FILE_ID, Long.class);
        LOG.info("agency={} portal upload submitted as file id={}", session.agencyId(), fileId);
        throw PortalRefusal.redirect(fileId == null ? "/portal" : "/portal/files/" + fileId);
    }

    private String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Uploads never submitted, older than {@code keepFor}: deleted at the agency's next upload. */
    private void forgetOld(Path dir) {
        Instant before = clock.instant().minus(keepFor);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("old portal uploads in {} not cleaned: {}", dir, e.getMessage());
        }
    }

    private static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** For tests: where the agency's uploads are kept. */
    Path folderOf(String agencyId) {
        return workDir.resolve(agencyId).resolve(".portal");
    }

    File stored(String agencyId, String id) {
        return folderOf(agencyId).resolve(id + DATA).toFile();
    }
}
