package id.jamsos.gateway.ops;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.finance.Arrears;
import id.jamsos.gateway.finance.BudgetPlan;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.InvalidPayloadException;

/**
 * The operators' status page: files per agency with their row counts, deliveries, queues, claims and
 * the contribution budget, read from the ledger, the delivery history and the broker into a
 * {@link StatusView}, which the template ops/status.mustache turns into HTML ({@link OpsTemplates}).
 * The ledger is asked a fixed number of questions whatever the number of files (one for all files
 * with their counts), and the budget totals are counted in SQL: no worker's NIK is decrypted for them.
 * The script and style ship in the jar (ops/ops.js, ops/ops.css) and are inlined under a
 * per-response CSP nonce.
 */
public final class OpsPage {

    static final int FILES_PER_AGENCY = 15;
    static final int CLAIMS = 20;
    /** Minutes per bar in the delivery charts (180 minutes of history: 36 bars). */
    static final int BUCKET_MINUTES = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final OpsQueries queries;
    private final GatewayMetrics metrics;
    private final QueueDepths queues;
    private final OpsHealth health;
    private final Supplier<Collection<String>> agencyIds;
    private final List<String> deadLetterQueues;
    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<BudgetPlan> budget;
    private final HostKeyAlarm hostKeys;
    private final CredentialsAlarm credentials;
    private final OpsTemplates templates;
    /** The account with BPJS (invoices, payments, arrears), when the gateway keeps one: see {@link #showArrears}. */
    private volatile Supplier<Arrears.Summary> arrears = () -> null;
    /** The coverage section (CoverageSection), when the gateway builds coverage reports: see {@link #showCoverage}. */
    private volatile Supplier<StatusView.Coverage> coverage = () -> null;
    /** The notifications line (notify/NotificationWatch): see {@link #showNotifications}. */
    private volatile Supplier<StatusView.Notifications> notifications = () -> null;
    private final String script = resource("/ops/ops.js");
    private final String style = resource("/ops/ops.css");
    private final SecureRandom random = new SecureRandom();

    public OpsPage(OpsQueries queries, GatewayMetrics metrics, QueueDepths queues, OpsHealth health,
                   Supplier<Collection<String>> agencyIds, List<String> deadLetterQueues, Clock clock, ZoneId zone,
                   Supplier<BudgetPlan> budget, HostKeyAlarm hostKeys, CredentialsAlarm credentials,
                   OpsTemplates templates) {
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
        this.templates = templates;
    }

    /**
     * How many other-payer workers the last lapse or payer round held back by its share guard (LapseCheck):
     * above 0, the deliveries section says so for an operator to act.
     */
    private volatile java.util.function.IntSupplier otherPayerHeld = () -> 0;

    /** Shows the other-payer share guard's alarm (LapseCheck.otherPayerHeld) in the deliveries section. */
    public void showOtherPayerGuard(java.util.function.IntSupplier held) {
        this.otherPayerHeld = held;
    }

    /** Shows coverage (workers covered, per district, report downloads) in a section of its own. */
    public void showCoverage(Supplier<StatusView.Coverage> section) {
        this.coverage = section;
    }

    /** Shows the worker notifications' counts and, while some wait for an operator, what to do. */
    public void showNotifications(Supplier<StatusView.Notifications> section) {
        this.notifications = section;
    }

    /** Shows the account with BPJS month by month and the arrears alarm, in a section of its own. */
    public void showArrears(Supplier<Arrears.Summary> account) {
        this.arrears = account;
    }

    /**
     * The status page's data. The session (set by {@code operatorAuth.check}) gives the page its
     * anti-forgery token, for the script's state-changing requests (header X-Jamsos-CSRF): only this
     * session's own page holds it, another site cannot read the page. Null for an API client.
     */
    public StatusView statusView(@ExchangeProperty(Headers.OPS_SESSION) OperatorSessions.Session session) {
        List<StatusView.Check> checks = new ArrayList<>();
        // Once per page: each call runs every check (the ledger's write probe, the broker's depths).
        Map<String, String> states = health.checks();
        states.forEach((name, state) -> checks.add(new StatusView.Check(name, state, state.toLowerCase(Locale.ROOT))));
        return new StatusView(nonce(), session == null ? null : session.csrfToken(), style, script,
                time(clock.instant()), session != null, checks,
                deliveries(states.getOrDefault(OpsHealth.ENDPOINT, "unknown")), files(), claims(), budget(),
                arrears(), coverage.get(), notifications());
    }

    private StatusView.Notifications notifications() {
        try {
            return notifications.get();
        } catch (RuntimeException e) {
            return null; // the ledger's check on the same page says why
        }
    }

    /** The login form; {@code failed=1} in the query string after a refused token. */
    public LoginView loginView(@Header(Exchange.HTTP_QUERY) String query) {
        // From the query string itself: the /ops endpoints take no parameter as a header (OpsHeaderFilter).
        boolean failed = query != null && ("&" + query + "&").contains("&failed=1&");
        return new LoginView(nonce(), style, failed);
    }

    /**
     * Answers with the view in the body, rendered by its template, under a Content-Security-Policy that
     * lets only the page's own style and script (they carry the view's nonce) run. Takes the
     * {@link Exchange} because it writes the HTTP answer: status, content type and the security
     * headers of every /ops answer ({@link OpsResponses#write}).
     */
    public void answer(Exchange exchange) throws InvalidPayloadException {
        OpsView view = exchange.getMessage().getMandatoryBody(OpsView.class);
        String html = templates.render(view);
        exchange.getMessage().setHeader("Content-Security-Policy", csp(view.nonce()));
        OpsResponses.write(exchange, view.status(), "text/html; charset=utf-8", html);
    }

    private StatusView.Deliveries deliveries(String circuit) {
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
        String errorRate = hourRequests == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%",
                100.0 * hourErrors / hourRequests);
        List<StatusView.Stat> stats = List.of(
                new StatusView.Stat(String.format(Locale.ROOT, "%.1f", perMinute), "requests/min (last 5 min)"),
                new StatusView.Stat(errorRate, "error rate (last hour)"),
                new StatusView.Stat("UP".equals(circuit) ? "closed" : "DOWN".equals(circuit) ? "open" : circuit,
                        "circuit"));
        List<StatusView.Chart> charts = List.of(
                SvgBars.chart("requests per " + BUCKET_MINUTES + " min, last 3 hours",
                        "requests per " + BUCKET_MINUTES + " min, last 3 h", requests, "#3a7bd5", 360, 60),
                SvgBars.chart("errors per " + BUCKET_MINUTES + " min, last 3 hours",
                        "errors per " + BUCKET_MINUTES + " min, last 3 h", errors, "#d9534f", 360, 60));
        List<StatusView.Queue> shown = new ArrayList<>();
        for (Map.Entry<String, Long> q : queues.depths().entrySet()) {
            boolean dead = deadLetterQueues.contains(q.getKey()) || queues.isDeadLetter(q.getKey());
            long n = q.getValue();
            shown.add(new StatusView.Queue(q.getKey(), dead, dead && n > 0,
                    n < 0 ? "unknown" : n >= queues.cap() ? queues.cap() + "+" : String.valueOf(n)));
        }
        return new StatusView.Deliveries(stats, credentialsWarning(), charts, shown, otherPayerWarning());
    }

    /** The share guard held a round's other-payer workers: nobody's cover ended, an operator must look. */
    private String otherPayerWarning() {
        int held;
        try {
            held = otherPayerHeld.getAsInt();
        } catch (RuntimeException e) {
            return null;
        }
        if (held <= 0) {
            return null;
        }
        return "Pembayar lain ditahan / other payer held: BPJS reports " + held + " covered worker(s) of the last"
                + " round paid by another payer, more than jamsos.finance.otherPayerMaxShare of the round; none of"
                + " their cover was ended. Check BPJS's pembayar answers (format, region code) before the next round"
                + " (docs/operations.md).";
    }

    /** BPJS refuses the gateway's credentials: enrollment is held until someone fixes them. */
    private String credentialsWarning() {
        CredentialsAlarm.Refusal r = credentials == null ? null : credentials.current().orElse(null);
        if (r == null) {
            return null;
        }
        return "BPJS refuses the gateway's credentials since " + time(r.since()) + " (" + r.answer() + "; "
                + r.refusedCalls() + " refused calls). Enrollment is held: no row is parked or refused,"
                + " and the rows go on by themselves once BPJS accepts. Fix: " + r.whatToFix() + ".";
    }

    private StatusView.Files files() {
        OpsQueries.PurgedFiles purged = queries.purgedFiles();
        String retention = purged.files() == 0 ? null : "Retention: rows of " + purged.files()
                + " finished files deleted (their counts are kept), latest " + time(purged.latest()) + ".";
        // Every configured agency, and every agency the ledger has files of (one removed from the
        // configuration keeps its history on the page).
        Map<String, List<StatusView.FileLine>> byAgency = new TreeMap<>();
        for (String agency : agencyIds.get()) {
            byAgency.put(agency, new ArrayList<>());
        }
        for (OpsQueries.FileCounts f : queries.latestFilesPerAgency(FILES_PER_AGENCY)) {
            byAgency.computeIfAbsent(f.file().agencyId(), a -> new ArrayList<>()).add(fileLine(f.file(), f.counts()));
        }
        Map<String, HostKeyAlarm.Mismatch> refusedHostKeys = hostKeys.active();
        List<StatusView.Agency> agencies = new ArrayList<>();
        byAgency.forEach((agency, files) -> agencies.add(new StatusView.Agency(agency,
                hostKeyWarning(refusedHostKeys.get(agency)), files)));
        return new StatusView.Files(retention, agencies);
    }

    /** The agency's SFTP server is refused for its host key: nothing comes in from it until someone acts. */
    private String hostKeyWarning(HostKeyAlarm.Mismatch m) {
        if (m == null) {
            return null;
        }
        return "SFTP host key changed: " + m.hostPort() + " does not match known_hosts " + m.knownHostsFile()
                + ". Refusing to connect since " + time(m.since()) + " (" + m.refusals() + " refused connections)."
                + " Verify the server's key with the agency before updating known_hosts.";
    }

    private StatusView.FileLine fileLine(FileInfo f, Map<RowState, Integer> c) {
        // Rows held for a person (REVIEW) or for money (WAITLISTED), and rows another payer covers, are accepted
        // rows too: without them the columns would not add up to the file's total.
        int held = c.getOrDefault(RowState.REVIEW, 0) + c.getOrDefault(RowState.WAITLISTED, 0);
        int otherPayer = c.getOrDefault(RowState.OTHER_PAYER, 0);
        int accepted = c.get(RowState.PENDING) + c.get(RowState.ENROLLED) + c.get(RowState.REFUSED)
                + c.get(RowState.PARKED) + held + otherPayer;
        int decided = accepted - c.get(RowState.PENDING);
        boolean purged = f.purgedAt() != null;
        StatusView.Progress progress = null;
        if (!purged && (f.state() == FileState.RECEIVING || f.state() == FileState.PROCESSING)) {
            progress = new StatusView.Progress(Math.max(accepted, 1), decided,
                    accepted == 0 ? 0 : (int) (100L * decided / accepted));
        }
        return new StatusView.FileLine(f.id(), f.fileName(), time(f.receivedAt()), f.state().name(),
                f.state().name().toLowerCase(Locale.ROOT), NikMask.scrub(f.error()),
                f.totalRows() == null ? "…" : String.valueOf(f.totalRows()), c.get(RowState.REJECTED),
                c.get(RowState.PENDING), c.get(RowState.ENROLLED), c.get(RowState.REFUSED), c.get(RowState.PARKED),
                held, otherPayer, purged ? time(f.purgedAt()) : null, progress, !purged && f.state() == FileState.DONE,
                !purged && c.get(RowState.PARKED) > 0);
    }

    private StatusView.Claims claims() {
        // Recorded and acknowledged to BPJS, not yet on the queue: the broker is down or slow.
        int waiting = queries.claimsWaitingInOutbox();
        List<StatusView.Claim> claims = new ArrayList<>();
        for (OpsQueries.ClaimSummary cl : queries.latestClaims(CLAIMS)) {
            claims.add(new StatusView.Claim(cl.claimId(), cl.claimType(), cl.kpj(),
                    String.format(Locale.ROOT, "%,d", cl.amount()), cl.agencyId() == null ? "(review)" : cl.agencyId(),
                    time(cl.receivedAt()), cl.publishedAt() == null ? null : time(cl.publishedAt())));
        }
        return new StatusView.Claims(waiting, waiting > 0, claims);
    }

    /**
     * The programme's budget plan (BudgetPlanner): the cohort covered this month, its cost, what is
     * left and the month the money runs out, with the plan's warning when that is before the
     * programme's last month.
     */
    private StatusView.Budget budget() {
        BudgetPlan b = budget.get();
        return new StatusView.Budget(List.of(
                new StatusView.Stat(String.format(Locale.ROOT, "%,d", b.workers()), "workers covered"),
                new StatusView.Stat(String.format(Locale.ROOT, "%,d", b.costPerMonth()), "due per month (Rp)"),
                new StatusView.Stat(String.format(Locale.ROOT, "%,d", b.budget()),
                        "programme " + b.programmeId() + " budget (Rp)"),
                new StatusView.Stat(String.format(Locale.ROOT, "%,d", b.remaining()), "remaining after " + b.month()
                        + " (Rp)"),
                new StatusView.Stat(b.monthsBought() == null ? "-" : b.monthsBought() + " (" + b.monthsBoughtText()
                        + ")", "months the money buys"),
                new StatusView.Stat(b.runsOut() ? b.runsOutAfter().toString() : "no",
                        b.runsOut() ? "runs out after" : "runs out before " + b.lastMonth())),
                b.warning());
    }

    /** Invoices, payments and arrears: one line per month, the alarm when a month is unpaid after its due date. */
    private StatusView.Arrears arrears() {
        Arrears.Summary a;
        try {
            a = arrears.get();
        } catch (RuntimeException e) {
            a = null;
        }
        if (a == null) {
            return null;
        }
        List<StatusView.AccountMonth> months = new ArrayList<>();
        for (Arrears.Month m : a.months()) {
            months.add(new StatusView.AccountMonth(m.period().toString(),
                    m.billed() == null ? "-" : String.format(Locale.ROOT, "%,d", m.billed()),
                    String.format(Locale.ROOT, "%,d", m.expected()), String.format(Locale.ROOT, "%,d", m.paid()),
                    String.format(Locale.ROOT, "%,d", m.outstanding()) + (m.basis() == Arrears.Basis.EXPECTED
                            && m.outstanding() > 0 ? " (expected)" : ""), m.dueDate().toString(),
                    m.stage() == 0 ? "" : "stage " + m.stage(), m.overdue()));
        }
        String warning = a.monthsInArrears() == 0 ? null : "Tunggakan / arrears: " + a.monthsInArrears()
                + " bulan belum lunas setelah jatuh tempo / month(s) unpaid after their due date, Rp "
                + String.format(Locale.ROOT, "%,d", a.outstandingInArrears()) + "; " + a.consecutive()
                + " berturut-turut / in a row (BPJS sets the members non-active after 3)";
        List<StatusView.Stat> stats = new ArrayList<>(List.of(
                new StatusView.Stat(String.valueOf(a.monthsInArrears()), "months in arrears"),
                new StatusView.Stat(String.format(Locale.ROOT, "%,d", a.outstandingInArrears()), "outstanding in arrears (Rp)"),
                new StatusView.Stat(String.valueOf(a.consecutive()), "consecutive unpaid months")));
        if (a.lapsedWorkers() > 0) {
            // BPJS's word (the membership status), not the gateway's guess: cover ended LAPSED.
            stats.add(new StatusView.Stat(String.format(Locale.ROOT, "%,d", a.lapsedWorkers()), "workers lapsed by BPJS"));
            String lapsed = "Nonaktif karena tunggakan menurut BPJS / lapsed by BPJS for arrears: "
                    + String.format(Locale.ROOT, "%,d", a.lapsedWorkers()) + " pekerja / workers (bulan terakhir"
                    + " / last month covered: " + a.lapsedText() + ")";
            warning = warning == null ? lapsed : warning + ". " + lapsed;
        }
        return new StatusView.Arrears(List.copyOf(stats), warning, months);
    }

    private String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    private String nonce() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static String csp(String nonce) {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; "
                + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /** A file of the jar's ops/ folder (style, script) as text. */
    static String resource(String name) {
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
