package id.jamsos.gateway.portal;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.validation.Column;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's pages: the agency's files (only the session's agency: every query names it), one file
 * with its progress, counts, notes and downloads, the help page, and the login form; rendered from
 * portal/*.mustache, which escapes every value. Pages carry no script: a file in progress refreshes
 * itself every ten seconds, which a small office PC and a phone both do without help.
 */
public final class PortalPages {

    static final int FILES_SHOWN = 50;

    private static final Logger LOG = LoggerFactory.getLogger(PortalPages.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final OpsQueries queries;
    private final Supplier<AgencyRegistry> agencies;
    private final ZoneId zone;
    private final long maxUploadBytes;
    private final Map<String, Mustache> templates = new HashMap<>();
    private final String style = resource("/portal/portal.css");
    private final SecureRandom random = new SecureRandom();

    public PortalPages(OpsQueries queries, Supplier<AgencyRegistry> agencies, ZoneId zone, long maxUploadBytes) {
        this.queries = queries;
        this.agencies = agencies;
        this.zone = zone;
        this.maxUploadBytes = maxUploadBytes;
        DefaultMustacheFactory factory = new DefaultMustacheFactory("portal");
        for (String t : List.of("login", "problem", "files", "file", "preview", "help", "workers", "proofs")) {
            templates.put(t, factory.compile(t + ".mustache"));
        }
    }

    public PortalView.Login loginView(Exchange exchange) {
        return new PortalView.Login(nonce(), style, "1".equals(PortalRequest.query(exchange, "failed")), "Masuk");
    }

    public PortalView.Files filesView(@ExchangeProperty(PortalAuth.SESSION) PortalSession session) {
        List<PortalView.FileLine> lines = new ArrayList<>();
        for (OpsQueries.FileCounts f : queries.latestFilesOf(session.agencyId(), FILES_SHOWN)) {
            lines.add(line(f));
        }
        boolean busy = lines.stream().anyMatch(l -> l.progress() != null);
        return new PortalView.Files(nonce(), style, who(session), lines, busy, maxUploadBytes / (1024 * 1024),
                "Berkas");
    }

    /** One file, only when it is the session's agency's: another agency's id is answered 404, as a missing one. */
    public PortalView.File fileView(@ExchangeProperty(PortalAuth.SESSION) PortalSession session,
                                    @Header("id") String id) {
        PortalView.FileLine line = line(fileOf(session, id));
        return new PortalView.File(nonce(), style, who(session), line, line.progress() != null, line.name());
    }

    OpsQueries.FileCounts fileOf(PortalSession session, String id) {
        long fileId;
        try {
            fileId = Long.parseLong(id);
        } catch (NumberFormatException | NullPointerException e) {
            throw PortalRefusal.notFound();
        }
        return queries.fileOf(session.agencyId(), fileId).orElseThrow(PortalRefusal::notFound);
    }

    public PortalView.Help helpView(Exchange exchange, @ExchangeProperty(PortalAuth.SESSION) PortalSession session) {
        List<PortalView.HelpColumn> columns = new ArrayList<>();
        for (Column c : TemplateWorkbook.COLUMNS) {
            String[] text = TemplateWorkbook.explain(c);
            columns.add(new PortalView.HelpColumn(c.name(), c.required(), text[0], text[1]));
        }
        return new PortalView.Help(nonce(), style, session == null ? null : who(session), columns, "Bantuan");
    }

    /** Renders the view in the body; takes the {@link Exchange} because it writes the HTTP answer. */
    public void answer(Exchange exchange) throws InvalidPayloadException {
        PortalView view = exchange.getMessage().getMandatoryBody(PortalView.class);
        write(exchange, view);
    }

    /** The route configuration portal-errors calls this for any exception: a page, or a redirect. */
    public void refuse(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        PortalSession session = exchange.getProperty(PortalAuth.SESSION, PortalSession.class);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        PortalRefusal refusal;
        if (error instanceof PortalRefusal r) {
            refusal = r;
        } else {
            String text = error == null ? "unknown error" : NikMask.scrub(String.valueOf(error.getMessage()));
            LOG.error("portal request failed: {}: {}", error == null ? "?" : error.getClass().getName(), text);
            refusal = new PortalRefusal(503, "Permintaan tidak dapat diproses sekarang. Coba lagi nanti; bila"
                    + " berulang, hubungi operator TI.", "The request could not be handled now. Try again later;"
                    + " if it happens again, call the IT operator.");
        }
        refusal.headers().forEach(out::setHeader);
        if (refusal.status() == 303) {
            PortalResponses.write(exchange, 303, "text/plain; charset=utf-8", "");
            return;
        }
        write(exchange, new PortalView.Problem(nonce(), style, refusal.status(), refusal.messageId(),
                refusal.messageEn(), session == null ? null : who(session), String.valueOf(refusal.status())));
    }

    private void write(Exchange exchange, PortalView view) {
        StringWriter html = new StringWriter(8_192);
        try {
            templates.get(view.template()).execute(html, view).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.getMessage().setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-"
                + view.nonce() + "'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        PortalResponses.write(exchange, view.status(), "text/html; charset=utf-8", html.toString());
    }

    PortalView.Who who(PortalSession session) {
        String name = agencies.get().byId(session.agencyId()).map(Agency::name).orElse(session.agencyId());
        return new PortalView.Who(name, session.username(), session.csrfToken());
    }

    PortalView.FileLine line(OpsQueries.FileCounts fc) {
        FileInfo f = fc.file();
        Map<RowState, Integer> c = fc.counts();
        int accepted = c.get(RowState.PENDING) + c.get(RowState.ENROLLED) + c.get(RowState.REFUSED)
                + c.get(RowState.PARKED) + c.get(RowState.APPLIED) + c.get(RowState.WAITLISTED)
                + c.get(RowState.REVIEW) + c.getOrDefault(RowState.OTHER_PAYER, 0);
        int decided = accepted - c.get(RowState.PENDING);
        boolean purged = f.purgedAt() != null;
        PortalView.Progress progress = null;
        if (!purged && (f.state() == FileState.RECEIVING || f.state() == FileState.PROCESSING)) {
            progress = new PortalView.Progress(decided, Math.max(accepted, 1),
                    accepted == 0 ? 0 : (int) (100L * decided / accepted));
        }
        return new PortalView.FileLine(f.id(), f.fileName(), time(f.receivedAt()), f.state().name(),
                stateText(f.state()), f.totalRows() == null ? "…" : String.valueOf(f.totalRows()),
                c.get(RowState.REJECTED), c.get(RowState.PENDING), c.get(RowState.ENROLLED) + c.get(RowState.APPLIED),
                c.get(RowState.REFUSED), c.get(RowState.PARKED), c.get(RowState.WAITLISTED), progress,
                !purged && f.state() == FileState.DONE, notes(f, c), c.getOrDefault(RowState.OTHER_PAYER, 0));
    }

    /** What the clerk should know or do about the file. */
    static List<PortalView.Note> notes(FileInfo f, Map<RowState, Integer> c) {
        List<PortalView.Note> notes = new ArrayList<>();
        String error = f.error() == null ? "" : f.error();
        if (f.state() == FileState.FAILED && error.contains("FILE_TRUNCATED")) {
            notes.add(new PortalView.Note("Unggahan terpotong: kirim ulang seluruh berkas.",
                    "The upload was cut off: send the whole file again."));
        } else if (f.state() == FileState.FAILED) {
            notes.add(new PortalView.Note("Berkas ditolak seluruhnya: " + NikMask.scrub(error),
                    "The whole file was refused: " + NikMask.scrub(error)));
        }
        if (f.state() == FileState.DUPLICATE) {
            notes.add(new PortalView.Note("Isi berkas sama dengan berkas yang sudah dikirim; tidak diproses lagi.",
                    "The file's content is the same as a file sent before; it is not processed again."));
        }
        if (c.get(RowState.REJECTED) > 0 || c.get(RowState.REFUSED) > 0) {
            notes.add(new PortalView.Note(
                    (c.get(RowState.REJECTED) + c.get(RowState.REFUSED)) + " baris ditolak: lihat laporan penolakan,"
                            + " perbaiki baris itu dan kirim dalam berkas baru.",
                    (c.get(RowState.REJECTED) + c.get(RowState.REFUSED)) + " rows rejected: see the rejects report,"
                            + " fix those rows and send them in a new file."));
        }
        if (c.get(RowState.PARKED) > 0) {
            notes.add(new PortalView.Note(c.get(RowState.PARKED) + " baris ditahan karena BPJS tidak menjawab;"
                    + " operator TI akan mengirim ulang. Jangan kirim ulang baris itu.",
                    c.get(RowState.PARKED) + " rows are parked because BPJS did not answer; the IT operator"
                            + " sends them again. Do not send those rows again."));
        }
        if (c.get(RowState.WAITLISTED) > 0) {
            notes.add(new PortalView.Note(c.get(RowState.WAITLISTED) + " baris menunggu anggaran program.",
                    c.get(RowState.WAITLISTED) + " rows wait for the programme's budget."));
        }
        if (c.getOrDefault(RowState.OTHER_PAYER, 0) > 0) {
            int n = c.get(RowState.OTHER_PAYER);
            notes.add(new PortalView.Note(n + " baris sudah menjadi peserta aktif yang dibayar pihak lain (mandiri, donor"
                    + " CSR, pemberi kerja, daerah lain): tidak didaftarkan atas biaya kota (pembayarnya di laporan"
                    + " hasil). Kirim lagi bila pembayar lain berhenti membayar.",
                    n + " rows are already active members paid by another payer (self-paying, a CSR donor, an employer,"
                            + " another region): not enrolled at the city's cost (the payer is in the results report)."
                            + " Send them again if the other payer stops paying."));
        }
        if (c.get(RowState.REVIEW) > 0) {
            notes.add(new PortalView.Note(c.get(RowState.REVIEW) + " baris diperiksa petugas sebelum didaftarkan"
                    + " (alasannya di laporan hasil). Jangan kirim ulang baris itu.",
                    c.get(RowState.REVIEW) + " rows are being checked by a person before enrollment (the reason is in"
                            + " the results report). Do not send those rows again."));
        }
        return notes;
    }

    static String stateText(FileState s) {
        return switch (s) {
            case RECEIVING -> "Dibaca / Reading";
            case PROCESSING -> "Didaftarkan / Enrolling";
            case REPORTING -> "Laporan dibuat / Writing reports";
            case DONE -> "Selesai / Done";
            case FAILED -> "Ditolak / Refused";
            case DUPLICATE -> "Duplikat / Duplicate";
        };
    }

    String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    String style() {
        return style;
    }

    private static String resource(String path) {
        try (InputStream in = PortalPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
