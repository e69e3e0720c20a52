package id.jamsos.gateway.portal;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.ReportArchive;
import id.jamsos.gateway.report.ReportVersions;
import id.jamsos.gateway.report.ReportWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * What a clerk downloads: a done file's results and rejects as CSV (in the agency's separator and
 * encoding) and the XLSX workbook (whatever formats the agency's outbox gets), written from the ledger by
 * the same {@link ReportWriter} that puts them on the agency's SFTP outbox; the earlier versions of the
 * reports and their changes notes (report.ReportVersions); only for a file of the session's agency, another
 * agency's id answered 404. And the XLSX template. Reports are written to a temporary file and streamed
 * from it, never held in memory. Takes the Exchange: it writes the HTTP answer (body, type,
 * Content-Disposition).
 */
public final class PortalDownloads {

    private final PortalPages pages;
    private final ReportWriter reports;
    private AuditTrail audit = new LoggedAuditTrail();

    /** Downloads are recorded in {@code trail} too (docs/audit.md). */
    public PortalDownloads auditTo(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    public PortalDownloads(PortalPages pages, ReportWriter reports) {
        this.pages = pages;
        this.reports = reports;
    }

    /** GET /portal/files/{id}/results.csv */
    public void results(Exchange exchange) throws IOException {
        report(exchange, true);
    }

    /** GET /portal/files/{id}/rejects.csv */
    public void rejects(Exchange exchange) throws IOException {
        report(exchange, false);
    }

    /** GET /portal/files/{id}/report.xlsx: the workbook, even for an agency whose outbox gets CSV only. */
    public void workbook(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        OpsQueries.FileCounts file = decided(session, exchange);
        Map<String, Object> headers = new HashMap<>();
        File temp = written(properties -> reports.workbookXlsx(file.file().id(), headers, properties));
        PortalAudit.log("download agency={} user={} file id={} workbook from {}", session.agencyId(),
                session.username(), file.file().id(), PortalRequest.clerk(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "DOWNLOAD",
                "file " + file.file().id(), "workbook", PortalRequest.clerk(exchange)));
        attachment(exchange, XLSX, name(headers, file.file().fileName() + ".report.xlsx"), temp.toPath());
    }

    private void report(Exchange exchange, boolean results) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        OpsQueries.FileCounts file = decided(session, exchange);
        Map<String, Object> headers = new HashMap<>();
        // The CSV whatever formats the agency's outbox gets (agencies.yaml report_formats), in its separator
        // and encoding.
        File temp = written(properties -> results ? reports.resultsCsv(file.file().id(), headers, properties)
                : reports.rejectsCsv(file.file().id(), headers, properties));
        String name = name(headers, file.file().fileName() + (results ? ".results.csv" : ".rejects.csv"));
        PortalAudit.log("download agency={} user={} file id={} {} from {}", session.agencyId(), session.username(),
                file.file().id(), results ? "results" : "rejects", PortalRequest.clerk(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "DOWNLOAD",
                "file " + file.file().id(), results ? "results" : "rejects", PortalRequest.clerk(exchange)));
        attachment(exchange, csvType(file), name, temp.toPath());
    }

    /**
     * GET /portal/files/{id}/versions/{version}/{report}: an earlier (or the latest) version of the reports as
     * the archive kept it, or its changes note. 404 for another agency's file, a version not kept, a report
     * name not offered.
     */
    public void version(Exchange exchange) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        OpsQueries.FileCounts file = pages.fileOf(session, exchange.getMessage().getHeader("id", String.class));
        if (file.file().purgedAt() != null) {
            throw PortalRefusal.notFound();
        }
        long fileId = file.file().id();
        int version = number(exchange.getMessage().getHeader("version", String.class));
        ReportVersions.Kind kind = ReportVersions.Kind.ofPath(String.valueOf(exchange.getMessage().getHeader("report",
                String.class))).orElseThrow(PortalRefusal::notFound);
        ReportVersions versions = reports.versions();
        PortalAudit.log("download agency={} user={} file id={} version {} {} from {}", session.agencyId(),
                session.username(), fileId, version, kind.path(), PortalRequest.clerk(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "DOWNLOAD",
                "file " + fileId, "version " + version + " " + kind.path(), PortalRequest.clerk(exchange)));
        if (kind == ReportVersions.Kind.CHANGES) {
            String note = version < 2 ? null : versions.note(fileId, version).orElse(null);
            if (note == null) {
                throw PortalRefusal.notFound();
            }
            attachment(exchange, "text/plain; charset=utf-8", versions.noteName(fileId, version),
                    note.getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> headers = new HashMap<>();
        File temp = written(properties -> versions.write(fileId, version, kind, headers, properties).orElse(null));
        if (temp == null) {
            throw PortalRefusal.notFound();
        }
        attachment(exchange, kind == ReportVersions.Kind.WORKBOOK ? XLSX : csvType(file),
                name(headers, file.file().fileName() + "." + kind.path()), temp.toPath());
    }

    /**
     * After portalPages.fileView: the file's page with the kept versions of its reports, the latest first,
     * each with its counts and links. Nothing for a file not decided, or whose rows retention deleted.
     */
    public PortalView.File withVersions(PortalView.File page) {
        if (page.file() == null || !page.file().reportsReady()) {
            return page;
        }
        List<PortalView.VersionLine> lines = new ArrayList<>();
        for (ReportArchive.Kept k : reports.versions().list(page.file().id())) {
            lines.add(new PortalView.VersionLine(page.file().id(), k.version(), pages.time(k.writtenAt()),
                    ReportVersions.countsText(k.counts()), k.version() > 1 && k.note() != null, lines.isEmpty()));
        }
        return page.withVersions(lines);
    }

    /** A done file of the session's agency with its rows still there; else 404 or 409. */
    private OpsQueries.FileCounts decided(PortalSession session, Exchange exchange) {
        OpsQueries.FileCounts file = pages.fileOf(session, exchange.getMessage().getHeader("id", String.class));
        if (file.file().state() != FileState.DONE || file.file().purgedAt() != null) {
            throw new PortalRefusal(409, "Laporan belum tersedia: tidak semua baris selesai, atau baris berkas sudah"
                    + " dihapus oleh retensi.", "The report is not available: not every row is decided, or the"
                    + " file's rows were deleted by retention.");
        }
        return file;
    }

    /** The CSV's type with the charset the agency's reports are written in. */
    private String csvType(OpsQueries.FileCounts file) {
        Charset charset = reports.settingsOf(file.file().agencyId()).encoding();
        return "text/csv; charset=" + charset.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String name(Map<String, Object> headers, String otherwise) {
        Object name = headers.get(Exchange.FILE_NAME);
        return name == null ? otherwise : name.toString();
    }

    /** Writes one report to temporary files; the report's file. */
    private interface ReportWrite {
        File write(Map<String, Object> properties) throws IOException;
    }

    /**
     * Runs {@code write}; when it fails half-way (a row that cannot be decrypted, the ledger gone), the
     * temporary files it made are deleted: they hold NIKs and names, and nothing else would remove them.
     */
    private static File written(ReportWrite write) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        try {
            return write.write(properties);
        } catch (IOException | RuntimeException e) {
            Object temps = properties.get(id.jamsos.gateway.Headers.REPORT_TEMP_FILES);
            if (temps instanceof List<?> paths) {
                for (Object path : paths) {
                    java.nio.file.Files.deleteIfExists((java.nio.file.Path) path);
                }
            }
            throw e;
        }
    }

    private static int number(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // answered below
        }
        throw PortalRefusal.notFound();
    }

    /**
     * GET /portal/template.xlsx: built once per process (TemplateWorkbook), with its ETag; a browser that has
     * it revalidates (no-cache, rather than the other answers' no-store: it holds nothing of an agency).
     */
    public void template(Exchange exchange) {
        String etag = TemplateWorkbook.etag();
        if (etag.equals(PortalRequest.header(exchange, "If-None-Match"))) {
            PortalResponses.write(exchange, 304, XLSX, "");
        } else {
            attachment(exchange, XLSX,
                    "templat-pekerja-jamsos.xlsx", TemplateWorkbook.bytes());
        }
        exchange.getMessage().setHeader("ETag", etag);
        exchange.getMessage().setHeader("Cache-Control", "private, no-cache");
    }

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static void attachment(Exchange exchange, String type, String name, Object body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("Content-Disposition", contentDisposition(name));
        PortalResponses.write(exchange, 200, type, body);
    }

    /**
     * A temporary report as the answer's body, streamed from disk. The file is unlinked as soon as it is
     * open (its bytes stay readable through the open stream); where that is refused, it goes when the
     * exchange is done, when the stream is closed in any case.
     */
    static void attachment(Exchange exchange, String type, String name, Path temp) throws IOException {
        InputStream in = new FileInputStream(temp.toFile());
        try {
            Files.delete(temp);
        } catch (IOException e) {
            // deleted below, once the answer is written
        }
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    in.close();
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temporary file in the reports folder, rw------- for the gateway's user only
                }
            }
        });
        attachment(exchange, type, name, in);
    }

    /**
     * The file name as a header value: a plain {@code filename} (what is not a letter, digit, '.', '-' or
     * '_' becomes '_', so no quote, slash or line break reaches the header) and the exact name in
     * {@code filename*} (RFC 6266, percent-encoded UTF-8) for browsers that read it.
     */
    static String contentDisposition(String name) {
        String exact = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("*", "%2A");
        return "attachment; filename=\"" + ascii(name) + "\"; filename*=UTF-8''" + exact;
    }

    /** The name as a plain header value: what is not a letter, digit, '.', '-' or '_' becomes '_'. */
    static String ascii(String name) {
        String plain = name.replaceAll("[^A-Za-z0-9._-]", "_");
        // Never a name a browser reads as a path or a hidden file.
        return plain.startsWith(".") ? "_" + plain.substring(1) : plain;
    }
}
