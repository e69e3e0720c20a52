package id.jamsos.gateway.ops;

import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.finance.BudgetCheck;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * The operators' status page, rendered on the server from the ledger, the delivery history and the
 * broker: files per agency with their row counts, deliveries, queues and claims. The script and
 * style ship in the jar (ops/ops.js, ops/ops.css) and are inlined under a per-response CSP nonce.
 */
public final class OpsPage {

    static final int FILES_PER_AGENCY = 15;
    static final int CLAIMS = 20;
    /** Minutes per bar in the delivery charts (180 minutes of history: 36 bars). */
    static final int BUCKET_MINUTES = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Ledger ledger;
    private final OpsQueries queries;
    private final GatewayMetrics metrics;
    private final QueueDepths queues;
    private final OpsHealth health;
    private final Supplier<Collection<String>> agencyIds;
    private final List<String> deadLetterQueues;
    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<BudgetCheck> budget;
    private final HostKeyAlarm hostKeys;
    private final CredentialsAlarm credentials;
    private final String script = resource("/ops/ops.js");
    private final String style = resource("/ops/ops.css");
    private final SecureRandom random = new SecureRandom();

    public OpsPage(Ledger ledger, OpsQueries queries, GatewayMetrics metrics, QueueDepths queues, OpsHealth health,
                   Supplier<Collection<String>> agencyIds, List<String> deadLetterQueues, Clock clock, ZoneId zone,
                   Supplier<BudgetCheck> budget, HostKeyAlarm hostKeys, CredentialsAlarm credentials) {
        this.ledger = ledger;
        this.queries = queries;
        this.metrics = metrics;
        this.queues = queues;
        this.health = health;
        this.agencyIds = agencyIds;
        this.deadLetterQueues = deadLetterQueues;
        this.clock = clock;
        this.zone = zone;
        this.budget = budget;
        this.hostKeys = hostKeys;
        this.credentials = credentials;
    }

    public void page(Exchange exchange) {
        String nonce = nonce();
        exchange.getMessage().setHeader("Content-Security-Policy", csp(nonce));
        StringBuilder h = new StringBuilder(16_384);
        // The session's anti-forgery token, for the script's state-changing requests (header
        // X-Jamsos-CSRF). Only this session's own page holds it: another site cannot read the page.
        OperatorSessions.Session session = exchange.getProperty(OperatorAuth.SESSION_PROPERTY,
                OperatorSessions.Session.class);
        head(h, "jamsos-gateway operations", nonce, session == null ? "" : session.csrfToken());
        h.append("<header><h1>jamsos-gateway</h1><span class=\"muted\">").append(Html.esc(time(clock.instant())))
                .append("</span> ");
        if (session != null) {
            h.append("<button type=\"button\" id=\"logout\">Log out</button> ");
        }
        health.checks().forEach((name, state) -> h.append("<span class=\"badge ").append(state.toLowerCase())
                .append("\" data-check=\"").append(Html.esc(name)).append("\">").append(Html.esc(name)).append(": ")
                .append(Html.esc(state)).append("</span> "));
        h.append("</header><main>");
        deliveries(h);
        files(h);
        claims(h);
        budget(h);
        h.append("</main><div id=\"detail\" class=\"detail\" hidden></div>");
        h.append("<script nonce=\"").append(nonce).append("\">").append(script).append("</script></body></html>");
        OpsResponses.write(exchange, 200, "text/html; charset=utf-8", h.toString());
    }

    public void loginPage(Exchange exchange) {
        String nonce = nonce();
        exchange.getMessage().setHeader("Content-Security-Policy", csp(nonce));
        // From the query string itself: the /ops endpoints take no parameter as a header (OpsHeaderFilter).
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        boolean failed = query != null && ("&" + query + "&").contains("&failed=1&");
        StringBuilder h = new StringBuilder();
        head(h, "jamsos-gateway operator login", nonce, null);
        h.append("<main class=\"login\"><h1>jamsos-gateway</h1>");
        if (failed) {
            h.append("<p class=\"error\">Login failed.</p>");
        }
        h.append("<form method=\"post\" action=\"/ops/login\"><label>Operator token "
                + "<input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus></label> "
                + "<button type=\"submit\">Log in</button></form></main></body></html>");
        OpsResponses.write(exchange, failed ? 401 : 200, "text/html; charset=utf-8", h.toString());
    }

    private void head(StringBuilder h, String title, String nonce, String csrfToken) {
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.esc(title))
                .append("</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (csrfToken != null) {
            h.append("<meta name=\"jamsos-csrf\" content=\"").append(Html.esc(csrfToken)).append("\">");
        }
        h.append("<style nonce=\"").append(nonce).append("\">").append(style).append("</style></head><body>");
    }

    private void deliveries(StringBuilder h) {
        List<DeliveryHistory.Minute> minutes = metrics.history().lastMinutes();
        List<Long> requests = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        for (int i = 0; i < minutes.size(); i += BUCKET_MINUTES) {
            long r = 0;
            long e = 0;
            for (DeliveryHistory.Minute m : minutes.subList(i, Math.min(minutes.size(), i + BUCKET_MINUTES))) {
                r += m.requests();
                e += m.errors();
            }
            requests.add(r);
            errors.add(e);
        }
        List<DeliveryHistory.Minute> lastFive = minutes.subList(Math.max(0, minutes.size() - 5), minutes.size());
        double perMinute = lastFive.stream().mapToLong(DeliveryHistory.Minute::requests).sum() / 5.0;
        List<DeliveryHistory.Minute> lastHour = minutes.subList(Math.max(0, minutes.size() - 60), minutes.size());
        long hourRequests = lastHour.stream().mapToLong(DeliveryHistory.Minute::requests).sum();
        long hourErrors = lastHour.stream().mapToLong(DeliveryHistory.Minute::errors).sum();
        String errorRate = hourRequests == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%",
                100.0 * hourErrors / hourRequests);
        String circuit = health.checks().getOrDefault(OpsHealth.ENDPOINT, "unknown");
        h.append("<section id=\"deliveries\"><h2>Deliveries to BPJS</h2><div class=\"stats\">")
                .append(stat("requests/min (last 5 min)", String.format(java.util.Locale.ROOT, "%.1f", perMinute)))
                .append(stat("error rate (last hour)", errorRate))
                .append(stat("circuit", "UP".equals(circuit) ? "closed" : "DOWN".equals(circuit) ? "open" : circuit))
                .append("</div>");
        credentialsWarning(h);
        h.append("<div class=\"charts\"><figure>")
                .append(SvgBars.render("requests per " + BUCKET_MINUTES + " min, last 3 hours", requests, "#3a7bd5", 360, 60))
                .append("<figcaption>requests per ").append(BUCKET_MINUTES).append(" min, last 3 h</figcaption></figure><figure>")
                .append(SvgBars.render("errors per " + BUCKET_MINUTES + " min, last 3 hours", errors, "#d9534f", 360, 60))
                .append("<figcaption>errors per ").append(BUCKET_MINUTES).append(" min, last 3 h</figcaption></figure></div>");
        h.append("<table class=\"queues\"><thead><tr><th>queue</th><th>messages</th></tr></thead><tbody>");
        for (Map.Entry<String, Long> q : queues.depths().entrySet()) {
            boolean dead = deadLetterQueues.contains(q.getKey()) || queues.isDeadLetter(q.getKey());
            long n = q.getValue();
            String shown = n < 0 ? "unknown" : n >= queues.cap() ? queues.cap() + "+" : String.valueOf(n);
            h.append("<tr").append(dead && n > 0 ? " class=\"warn\"" : "").append("><td>").append(Html.esc(q.getKey()))
                    .append(dead ? " <span class=\"muted\">(dead letters)</span>" : "").append("</td><td data-queue=\"")
                    .append(Html.esc(q.getKey())).append("\">").append(shown).append("</td></tr>");
        }
        h.append("</tbody></table></section>");
    }

    /** BPJS refuses the gateway's credentials: enrollment is held until someone fixes them. */
    private void credentialsWarning(StringBuilder h) {
        CredentialsAlarm.Refusal r = credentials == null ? null : credentials.current().orElse(null);
        if (r == null) {
            return;
        }
        h.append("<p class=\"warn\" id=\"bpjs-credentials\">")
                .append(Html.esc("BPJS refuses the gateway's credentials since " + time(r.since()) + " (" + r.answer()
                        + "; " + r.refusedCalls() + " refused calls). Enrollment is held: no row is parked or refused,"
                        + " and the rows go on by themselves once BPJS accepts. Fix: " + r.whatToFix() + "."))
                .append("</p>");
    }

    private void files(StringBuilder h) {
        h.append("<section id=\"files\"><h2>Files</h2>");
        OpsQueries.PurgedFiles purged = queries.purgedFiles();
        if (purged.files() > 0) {
            h.append("<p class=\"muted\" id=\"retention\">Retention: rows of ").append(purged.files())
                    .append(" finished files deleted (their counts are kept), latest ")
                    .append(Html.esc(time(purged.latest()))).append(".</p>");
        }
        TreeSet<String> agencies = new TreeSet<>(agencyIds.get());
        for (FileInfo f : ledger.files(null, 200)) {
            agencies.add(f.agencyId());
        }
        for (String agency : agencies) {
            List<FileInfo> files = ledger.files(agency, FILES_PER_AGENCY);
            h.append("<h3>").append(Html.esc(agency)).append("</h3>");
            hostKeyWarning(h, agency);
            if (files.isEmpty()) {
                h.append("<p class=\"muted\">No files yet.</p>");
                continue;
            }
            h.append("<table class=\"files\"><thead><tr><th>id</th><th>file</th><th>received</th><th>state</th>"
                    + "<th>rows</th><th>rejected</th><th>pending</th><th>enrolled</th><th>refused</th><th>parked</th>"
                    + "<th>progress</th><th></th></tr></thead><tbody>");
            for (FileInfo f : files) {
                fileRow(h, f);
            }
            h.append("</tbody></table>");
        }
        h.append("</section>");
    }

    /** The agency's SFTP server is refused for its host key: nothing comes in from it until someone acts. */
    private void hostKeyWarning(StringBuilder h, String agency) {
        HostKeyAlarm.Mismatch m = hostKeys.active().get(agency);
        if (m == null) {
            return;
        }
        h.append("<p class=\"warn\" data-host-key=\"").append(Html.esc(agency)).append("\">")
                .append(Html.esc("SFTP host key changed: " + m.hostPort() + " does not match known_hosts "
                        + m.knownHostsFile() + ". Refusing to connect since " + time(m.since()) + " ("
                        + m.refusals() + " refused connections). Verify the server's key with the agency before"
                        + " updating known_hosts."))
                .append("</p>");
    }

    private void fileRow(StringBuilder h, FileInfo f) {
        Map<RowState, Integer> c = ledger.rowCounts(f.id());
        int accepted = c.get(RowState.PENDING) + c.get(RowState.ENROLLED) + c.get(RowState.REFUSED) + c.get(RowState.PARKED);
        int decided = accepted - c.get(RowState.PENDING);
        h.append("<tr class=\"file\" data-file-id=\"").append(f.id()).append("\" data-state=\"").append(f.state())
                .append("\" tabindex=\"0\" title=\"").append(Html.esc(NikMask.scrub(f.error()))).append("\">")
                .append("<td>").append(f.id()).append("</td><td>").append(Html.esc(f.fileName())).append("</td><td>")
                .append(Html.esc(time(f.receivedAt()))).append("</td><td><span class=\"state ")
                .append(f.state().name().toLowerCase()).append("\">").append(f.state()).append("</span></td>")
                .append(cell("total", f.totalRows() == null ? "…" : String.valueOf(f.totalRows())))
                .append(cell("REJECTED", c.get(RowState.REJECTED))).append(cell("PENDING", c.get(RowState.PENDING)))
                .append(cell("ENROLLED", c.get(RowState.ENROLLED))).append(cell("REFUSED", c.get(RowState.REFUSED)))
                .append(cell("PARKED", c.get(RowState.PARKED))).append("<td>");
        if (f.purgedAt() != null) {
            h.append("<span class=\"purged\" title=\"rows deleted by the retention job; the counts are kept\">rows purged ")
                    .append(Html.esc(time(f.purgedAt()))).append("</span>");
        } else if (f.state() == FileState.RECEIVING || f.state() == FileState.PROCESSING) {
            int pct = accepted == 0 ? 0 : (int) (100L * decided / accepted);
            h.append("<progress max=\"").append(Math.max(accepted, 1)).append("\" value=\"").append(decided)
                    .append("\" title=\"").append(pct).append("%\"></progress> ").append(pct).append('%');
        } else if (f.state() == FileState.DONE) {
            h.append("done");
        }
        h.append("</td><td>");
        if (c.get(RowState.PARKED) > 0 && f.purgedAt() == null) {
            h.append("<button class=\"replay\" data-file-id=\"").append(f.id()).append("\" data-parked=\"")
                    .append(c.get(RowState.PARKED)).append("\">Replay parked rows</button>");
        }
        h.append("</td></tr>");
    }

    private void claims(StringBuilder h) {
        h.append("<section id=\"claims\"><h2>Claims sent to finance</h2>");
        int waiting = queries.claimsWaitingInOutbox();
        if (waiting > 0) {
            // Recorded and acknowledged to BPJS, not yet on the queue: the broker is down or slow.
            h.append("<p class=\"warn\" id=\"outbox\">").append(waiting)
                    .append(" claim(s) waiting in the outbox to be sent to finance</p>");
        }
        List<OpsQueries.ClaimSummary> claims = queries.latestClaims(CLAIMS);
        if (claims.isEmpty()) {
            h.append("<p class=\"muted\">No claims yet.</p></section>");
            return;
        }
        h.append("<table><thead><tr><th>claim</th><th>type</th><th>KPJ</th><th>amount (Rp)</th><th>agency</th>"
                + "<th>received</th><th>published</th></tr></thead><tbody>");
        for (OpsQueries.ClaimSummary cl : claims) {
            h.append("<tr><td>").append(Html.esc(cl.claimId())).append("</td><td>").append(Html.esc(cl.claimType()))
                    .append("</td><td>").append(Html.esc(cl.kpj())).append("</td><td class=\"num\">")
                    .append(String.format(java.util.Locale.ROOT, "%,d", cl.amount())).append("</td><td>")
                    .append(Html.esc(cl.agencyId() == null ? "(review)" : cl.agencyId())).append("</td><td>")
                    .append(Html.esc(time(cl.receivedAt()))).append("</td><td>")
                    .append(cl.publishedAt() == null ? "<span class=\"warn\">not yet</span>" : Html.esc(time(cl.publishedAt())))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></section>");
    }

    /** The yearly budget check: the current cohort's 12-month cost against the city's annual budget. */
    private void budget(StringBuilder h) {
        BudgetCheck b = budget.get();
        h.append("<section id=\"budget\"><h2>Contribution budget</h2><div class=\"stats\">")
                .append(stat("workers covered", String.format(java.util.Locale.ROOT, "%,d", b.workers())))
                .append(stat("due per month (Rp)", String.format(java.util.Locale.ROOT, "%,d", b.monthlyDue())))
                .append(stat("projected 12 months (Rp)", String.format(java.util.Locale.ROOT, "%,d", b.projectedAnnualCost())))
                .append(stat("annual budget (Rp)", String.format(java.util.Locale.ROOT, "%,d", b.annualBudget())))
                .append("</div>");
        if (b.exceeded()) {
            h.append("<p class=\"warn\" data-budget=\"exceeded\">").append(Html.esc(b.warning())).append("</p>");
        }
        h.append("</section>");
    }

    private static String stat(String label, String value) {
        return "<div class=\"stat\"><div class=\"value\">" + Html.esc(value) + "</div><div class=\"label\">"
                + Html.esc(label) + "</div></div>";
    }

    private static String cell(String state, Object value) {
        return "<td class=\"num\" data-count=\"" + state + "\">" + Html.esc(value) + "</td>";
    }

    private String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    private String nonce() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String csp(String nonce) {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; "
                + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    private static String resource(String name) {
        try (InputStream in = OpsPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
