package id.jamsos.gateway.portal;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.report.ReportWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What a clerk downloads: a done file's results and rejects, written from the ledger by the same
 * {@link ReportWriter} that puts them on the agency's SFTP outbox (the same columns, the same UTF-8
 * with BOM for Excel), only for a file of the session's agency; and the XLSX template.
 * Takes the Exchange: it writes the HTTP answer (body, type, Content-Disposition).
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

    private void report(Exchange exchange, boolean results) throws IOException {
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        OpsQueries.FileCounts file = pages.fileOf(session, exchange.getMessage().getHeader("id", String.class));
        if (file.file().state() != FileState.DONE || file.file().purgedAt() != null) {
            throw new PortalRefusal(409, "Laporan belum tersedia: tidak semua baris selesai, atau baris berkas sudah"
                    + " dihapus oleh retensi.", "The report is not available: not every row is decided, or the"
                    + " file's rows were deleted by retention.");
        }
        Map<String, Object> headers = new HashMap<>();
        Map<String, Object> properties = new HashMap<>();
        // The CSV whatever formats the agency's outbox gets (agencies.yaml report_formats).
        File temp = results ? reports.resultsCsv(file.file().id(), headers, properties)
                : reports.rejectsCsv(file.file().id(), headers, properties);
        byte[] csv;
        try {
            csv = Files.readAllBytes(temp.toPath());
        } finally {
            Files.deleteIfExists(temp.toPath());
        }
        String name = String.valueOf(headers.getOrDefault(Exchange.FILE_NAME,
                file.file().fileName() + (results ? ".results.csv" : ".rejects.csv")));
        PortalAudit.log("download agency={} user={} file id={} {} from {}", session.agencyId(), session.username(),
                file.file().id(), results ? "results" : "rejects", PortalRequest.client(exchange));
        audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "DOWNLOAD",
                "file " + file.file().id(), results ? "results" : "rejects", PortalRequest.client(exchange)));
        attachment(exchange, "text/csv; charset=utf-8", name, csv);
    }

    /**
     * GET /portal/template.xlsx: built once per process (TemplateWorkbook), with its ETag; a browser that has
     * it revalidates (no-cache, rather than the other answers' no-store: it holds nothing of an agency).
     */
    public void template(Exchange exchange) {
        String etag = TemplateWorkbook.etag();
        if (etag.equals(PortalRequest.header(exchange, "If-None-Match"))) {
            PortalResponses.write(exchange, 304, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "");
        } else {
            attachment(exchange, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "templat-pekerja-jamsos.xlsx", TemplateWorkbook.bytes());
        }
        exchange.getMessage().setHeader("ETag", etag);
        exchange.getMessage().setHeader("Cache-Control", "private, no-cache");
    }

    private static void attachment(Exchange exchange, String type, String name, byte[] body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + ascii(name) + "\"");
        PortalResponses.write(exchange, 200, type, body);
    }

    /** The name as a plain header value: what is not a letter, digit, '.', '-' or '_' becomes '_'. */
    static String ascii(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
