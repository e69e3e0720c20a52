package id.jamsos.gateway.portal;

import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.ops.WorkerLookups;
import id.jamsos.gateway.report.WorkerStoryText;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * A clerk looks a worker up (docs/portal.md, "Looking a worker up"): GET /portal/workers?nik=..|kpj=..,
 * answered from what the session's agency itself holds ({@link WorkerStory#ofAgency}): its own files'
 * rows, its periods and changes, claims on its name. Another agency's worker is answered exactly as one
 * that does not exist (404, the same page), so the portal never tells whether a NIK is known elsewhere.
 * The NIK is always masked here; every look-up is audited ({@link WorkerLookups}). Takes the
 * {@link Exchange} to read the request's own query string and client address.
 */
public final class PortalWorkers {

    private final PortalPages pages;
    private final PortalAuth auth;
    private final WorkerLookups lookups;
    private final ZoneId zone;

    public PortalWorkers(PortalPages pages, PortalAuth auth, WorkerLookups lookups, ZoneId zone) {
        this.pages = pages;
        this.auth = auth;
        this.lookups = lookups;
        this.zone = zone;
    }

    public PortalView.Workers view(Exchange exchange, @ExchangeProperty(PortalAuth.SESSION) PortalSession session) {
        // The form posts (the NIK stays out of URLs); a KPJ may come in the query string (links).
        boolean posted = "POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
        String nik = blankToNull(posted ? PortalRequest.formField(exchange, "nik") : null);
        String kpj = blankToNull(posted ? PortalRequest.formField(exchange, "kpj") : PortalRequest.query(exchange, "kpj"));
        PortalView.Who who = pages.who(session);
        if (nik == null && kpj == null) {
            return new PortalView.Workers(pages.nonce(), pages.style(), who, 200, "", null, false, null, "Pekerja");
        }
        WorkerLookups.Query query;
        try {
            query = WorkerLookups.Query.of(nik, kpj);
        } catch (IllegalArgumentException e) {
            return new PortalView.Workers(pages.nonce(), pages.style(), who, 400, "", note(e.getMessage()), false,
                    null, "Pekerja");
        }
        String kpjTyped = query.kpj() == null ? "" : query.kpj();
        Optional<WorkerStory.Story> story = lookups.forAgency(session.agencyId(), session.username(), query,
                auth.client(exchange));
        if (story.isEmpty()) {
            return new PortalView.Workers(pages.nonce(), pages.style(), who, 404, kpjTyped, null, true, null,
                    "Pekerja");
        }
        WorkerStory.Story s = story.get();
        List<PortalView.WorkerLine> lines = new ArrayList<>();
        for (WorkerStoryText.Line l : WorkerStoryText.lines(s, zone)) {
            lines.add(new PortalView.WorkerLine(l.time(), l.what(), l.source()));
        }
        PortalView.WorkerFound found = new PortalView.WorkerFound(orDash(WorkerStoryText.nik(s, false)),
                s.kpjs().isEmpty() ? "-" : String.join(", ", s.kpjs()), orDash(s.name()), WorkerStoryText.coverText(s),
                lines);
        return new PortalView.Workers(pages.nonce(), pages.style(), who, 200, kpjTyped, null, false, found, "Pekerja");
    }

    /** "Indonesian / English" as the two lines of a note. */
    private static PortalView.Note note(String bilingual) {
        int slash = bilingual.indexOf(" / ");
        return slash < 0 ? new PortalView.Note(bilingual, "")
                : new PortalView.Note(bilingual.substring(0, slash), bilingual.substring(slash + 3));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
