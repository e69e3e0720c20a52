package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.EnvelopeReader;
import id.jamsos.gateway.bpjs.MemberStatus;
import id.jamsos.gateway.bpjs.Payer;
import id.jamsos.gateway.enrollment.CredentialsRefusedException;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/lapse.camel.yaml: BPJS sets a region's BPU members non-active after three
 * consecutive unpaid months (docs/bpjs-api.md, "The lapse"); the gateway learns it from BPJS's own word,
 * the membership status of each covered worker, and ends their cover LAPSED with the last month BPJS
 * names. Ending cover is what stops the statements billing them, frees their money in the budget plan
 * and tells finance (COVERAGE_ENDED, sent by the finance-notices route from the ledger, as for a death).
 *
 * <p>When to ask: while a month is unpaid after its due date (the arrears watch's account), at most once
 * per {@code recheck} (a day by default), and at once when the run of unpaid months past due reaches
 * three, the run after which BPJS lapses the cohort. Whom: the workers whose cover is open and began by
 * the latest month in arrears, a page at a time (keyset on the period id), never all at once.
 *
 * <p>The monthly payer round ({@link #payerRoundDue}, route payer-check) is the same round begun for
 * another reason: who pays for each covered worker, asked whatever the arrears; a worker another payer
 * pays for ends OTHER_PAYER under the same share guard ({@link #otherPayersToEnd}).
 *
 * <p>One round at a time (the route runs on the leader only, from a timer); the round's counts are kept
 * in a {@link Round} the route carries as an exchange property.
 */
public final class LapseCheck {

    private static final Logger LOG = LoggerFactory.getLogger(LapseCheck.class);

    /** KPJs as BPJS issues them (and the gateway's own test KPJs): letters and digits, nothing for a URL to misread. */
    private static final Pattern KPJ = Pattern.compile("[0-9A-Z]{1,32}");
    /** metaData codes that refuse the caller's credentials, not the request (docs/bpjs-api.md, section 1). */
    private static final Set<String> CREDENTIAL_CODES = Set.of("401", "403", "419");
    private static final String NOT_FOUND = "201";

    /** The months that made this round due: the arrears from {@code from} to {@code until}, and the run reached. */
    public record Window(YearMonth from, YearMonth until, int consecutive) {
    }

    /** One page of covered workers to ask about; {@code more} false on the last page. */
    public record Page(List<CoverageLedger.OpenCover> workers, long next, boolean more) {
    }

    /**
     * What BPJS said of one worker. {@code lapsed} when BPJS reports the member non-active for arrears
     * (alasan LAPSED) with a last month: the route ends the cover then.
     */
    public record Verdict(CoverageLedger.OpenCover worker, String status, String reason, YearMonth lastMonth,
                          boolean found, Payer payer, boolean paidElsewhere) {

        public Verdict(CoverageLedger.OpenCover worker, String status, String reason, YearMonth lastMonth,
                       boolean found) {
            this(worker, status, reason, lastMonth, found, null, false);
        }

        public boolean isLapsed() {
            return found && MemberStatus.NON_ACTIVE.equals(status) && MemberStatus.LAPSED.equals(reason)
                    && lastMonth != null;
        }

        /**
         * BPJS names a payer other than the city for the month asked about (the worker got a job, pays
         * themselves, a donor took them on): the route ends the city's cover OTHER_PAYER. A lapse wins.
         */
        public boolean isOtherPayer() {
            return found && paidElsewhere && MemberStatus.ACTIVE.equals(status) && !isLapsed();
        }
    }

    /**
     * One worker could not be asked about (a KPJ no URL should carry) or BPJS's answer about them could
     * not be read (another metaData code, a malformed bulanTerakhir). About this worker only: the route
     * counts them unknown ({@link #unreadable}) and goes on with the next, so that one odd answer does not
     * stop every round at the same worker. BPJS down or the credentials refused are other exceptions and
     * still stop the round.
     */
    public static final class UnreadableWorker extends RuntimeException {
        public UnreadableWorker(String message) {
            super(message, null, false, false);
        }
    }

    /** The lapse round's name (logs, audit): asked while a month is in arrears. */
    public static final String LAPSE_ROUND = "lapse-check";
    /** The payer round's name (logs, audit): asked once a month whatever the arrears ({@link #payerRoundDue}). */
    public static final String PAYER_ROUND = "payer-check";

    /** A round's counts, for its closing log line. */
    public static final class Round {
        private final Window window;
        private final String kind;
        private int asked;
        private int active;
        private int lapsed;
        private int alreadyEnded;
        private int otherwise;
        private int unknown;
        private int otherPayer;
        /** Workers BPJS said another payer covers, held until the round is over (the share guard). */
        private final List<Verdict> heldOtherPayer = new java.util.ArrayList<>();
        private boolean otherPayerAlarm;

        Round(Window window) {
            this(window, LAPSE_ROUND);
        }

        Round(Window window, String kind) {
            this.window = window;
            this.kind = kind;
        }

        public Window window() {
            return window;
        }

        /** {@value LapseCheck#LAPSE_ROUND} or {@value LapseCheck#PAYER_ROUND}. */
        public String kind() {
            return kind;
        }

        public int otherPayer() {
            return otherPayer;
        }

        public int asked() {
            return asked;
        }

        public int lapsed() {
            return lapsed;
        }

        /** True when the round saw too many workers paid by another payer and ended none of them. */
        public boolean otherPayerAlarm() {
            return otherPayerAlarm;
        }
    }

    private final Supplier<Arrears.Summary> arrears;
    private final CoverageLedger coverage;
    private final EnvelopeReader<MemberStatus> reader;
    private final int pageSize;
    private final Duration recheck;
    private final Clock clock;
    private final Counter lapsedCounter;
    private final Counter unreadableCounter;
    /** Where a worker BPJS says another payer covers is recorded for finance; null: not looked for. */
    private volatile id.jamsos.gateway.ledger.OtherPayerLedger otherPayers;
    /** The city's kodeWilayahPemda (jamsos.regionCode): a PEMDA payer with this code is the city. */
    private volatile String regionCode;
    private volatile io.micrometer.core.instrument.MeterRegistry meters;
    /** The most of a round's asked workers that may end OTHER_PAYER in it (jamsos.finance.otherPayerMaxShare). */
    private volatile double otherPayerMaxShare = 0.05;
    /** Fewer than this many other-payer workers in a round never trip the guard (a small city). */
    public static final int OTHER_PAYER_GUARD_MIN = 3;
    /**
     * How many other-payer workers the last round of each kind held back (0: none; the alarm's gauge and health
     * detail show their sum). Per kind (s13 review finding 4): only a passing round of the same kind clears a
     * kind's alarm, so a lapse round that passes does not hide a held payer round. Kept in the ledger
     * (ledger_task {@value #HELD_TASK}kind=n), read once on first use: a restart keeps the alarm.
     */
    private final java.util.Map<String, Integer> otherPayerHeld = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean heldLoaded;
    /** ledger_task names: the held count of a round kind, and a payer month whose round ran to its end. */
    static final String HELD_TASK = "other-payer-held:";
    static final String PAYER_MONTH_TASK = "payer-round:";
    /**
     * The round running now, lapse or payer, or null (s13 finding 4): the two timers share one bean and never
     * run a round at the same time; the other waits for its next check.
     */
    private Round running;
    private Instant runningSince;
    /**
     * A round handed out longer ago than this without ending (its route stopped under it, leadership lost) no
     * longer blocks the other (a payer round of 19,336 workers at a few calls a second takes about an hour).
     */
    static final Duration RUNNING_AT_MOST = Duration.ofHours(12);

    /** True while another round runs; a round that never ended is given up after {@link #RUNNING_AT_MOST}. */
    private boolean busy() {
        if (running == null) {
            return false;
        }
        if (clock.instant().isAfter(runningSince.plus(RUNNING_AT_MOST))) {
            LOG.warn("{} handed out at {} never ended (its route stopped?): no longer waited for", running.kind(),
                    runningSince);
            running = null;
            return false;
        }
        return true;
    }

    private Round start(Round round) {
        running = round;
        runningSince = clock.instant();
        return round;
    }
    /** Each round's BPJS look-ups, one entry per round (docs/audit.md); a logging trail until wired. */
    private id.jamsos.gateway.audit.AuditTrail audit = new id.jamsos.gateway.audit.LoggedAuditTrail();
    /** When the payer round is due each month (jamsos.payerCheck.cron); null: no payer round. */
    private volatile StatementCron payerCron;
    /**
     * The month of the last payer round that ran to its end; also kept in the ledger (ledger_task
     * payer-round:yyyy-MM), so a restart or a new leader does not ask all workers again in the same month.
     */
    private YearMonth lastPayerMonth;
    /** When the last round ended, and the run of unpaid months it saw; one leader, in memory (a new leader asks once more). */
    private Instant lastRound;
    private int lastConsecutive;

    /**
     * @param arrears  the account now (the arrears watch's, at most as old as its ttl)
     * @param pageSize workers read from the ledger and asked about per page
     * @param recheck  how long after a round the next is due while the arrears stay as they were
     * @param registry where jamsos_coverage_lapsed_total goes (null: not counted)
     */
    public LapseCheck(Supplier<Arrears.Summary> arrears, CoverageLedger coverage, ObjectMapper json, int pageSize,
                      Duration recheck, Clock clock, MeterRegistry registry) {
        this.arrears = arrears;
        this.coverage = coverage;
        this.reader = new EnvelopeReader<>("GET /bpjstk/v1/peserta/kpj/{kpj}/status", json, new TypeReference<>() {
        });
        this.pageSize = Math.max(1, pageSize);
        this.recheck = recheck;
        this.clock = clock;
        this.lapsedCounter = registry == null ? null : Counter.builder("jamsos.coverage.lapsed")
                .description("Workers whose cover ended LAPSED because BPJS reported them non-active for arrears")
                .register(registry);
        this.meters = registry;
        if (registry != null) {
            io.micrometer.core.instrument.Gauge.builder("jamsos.lapse.other.payer.held", this, l -> l.otherPayerHeld())
                    .description("Workers the last lapse round found paid by another payer but did not end: too large"
                            + " a share of the round (an alarm)").register(registry);
        }
        this.unreadableCounter = registry == null ? null : Counter.builder("jamsos.lapse.unreadable")
                .description("Covered workers the lapse check could not ask BPJS about or whose answer it could not read")
                .register(registry);
    }

    // ---------------------------------------------------------------- route steps

    /**
     * The round due now, or null. Due while a month is in arrears: at once when the run of unpaid
     * months past due has reached {@value FinanceNotices#LAPSE_AFTER} and the last round saw a shorter
     * one, else once per {@code recheck}. No month in arrears: nothing to ask, BPJS lapses nobody.
     */
    public synchronized Round due() {
        if (busy()) {
            return null;
        }
        Arrears.Summary s = arrears.get();
        if (s == null || s.monthsInArrears() == 0) {
            return null;
        }
        List<Arrears.Month> late = s.inArrears();
        Instant now = clock.instant();
        boolean runReached = s.consecutive() >= FinanceNotices.LAPSE_AFTER && lastConsecutive < FinanceNotices.LAPSE_AFTER;
        boolean recheckDue = lastRound == null || !now.isBefore(lastRound.plus(recheck));
        if (!runReached && !recheckDue) {
            return null;
        }
        Window w = new Window(late.get(0).period(), late.get(late.size() - 1).period(), s.consecutive());
        LOG.info("lapse check: {} month(s) unpaid after their due date ({} to {}, {} in a row): asking BPJS the"
                + " membership status of the workers covered", s.monthsInArrears(), w.from(), w.until(), w.consecutive());
        return start(new Round(w));
    }

    /**
     * The payer round due now, or null (docs/finance.md, "Workers another payer covers"): once a month, from
     * the first firing of jamsos.payerCheck.cron in that month (so a gateway down then asks when it starts),
     * whatever the arrears, about every worker whose cover is open and began by this month. The lapse round
     * reads who pays too, but only while a month is in arrears; a city that pays on time would otherwise
     * learn of a worker's new payer only from the invoice. A round that stopped (BPJS down) is due again at
     * the next check; one that ran to its end is not due again this month.
     */
    public synchronized Round payerRoundDue() {
        StatementCron cron = payerCron;
        if (cron == null || busy()) {
            return null;
        }
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(clock.withZone(cron.zone()));
        YearMonth month = YearMonth.from(now);
        if (month.equals(lastPayerMonth)) {
            return null;
        }
        if (coverage != null && coverage.taskDone(PAYER_MONTH_TASK + month)) {
            lastPayerMonth = month;
            return null;
        }
        java.util.Optional<java.time.ZonedDateTime> fired = cron.firstIn(month);
        if (fired.isEmpty() || fired.get().isAfter(now)) {
            return null;
        }
        LOG.info("payer check: the monthly round of {}: asking BPJS who pays for the workers covered", month);
        return start(new Round(new Window(month, month, 0), PAYER_ROUND));
    }

    /** The payer round runs once a month from the first firing of {@code cron} in it ({@link #payerRoundDue}). */
    public LapseCheck payerRoundsOn(StatementCron cron) {
        this.payerCron = java.util.Objects.requireNonNull(cron, "cron");
        return this;
    }

    /** The page of covered workers after period id {@code after} (0: the first page). */
    public Page page(@ExchangeProperty(Headers.LAPSE_ROUND) Round round,
                     @ExchangeProperty(Headers.LAPSE_CURSOR) Long after) {
        List<CoverageLedger.OpenCover> workers = coverage.openBeganBy(round.window().until(), after == null ? 0 : after,
                pageSize);
        long next = workers.isEmpty() ? (after == null ? 0 : after) : workers.get(workers.size() - 1).periodId();
        return new Page(workers, next, workers.size() == pageSize);
    }

    /** The path of the status call for this worker: /kpj/{kpj}/status (the month: BPJS's current one). */
    public String statusPath(@Body CoverageLedger.OpenCover worker) {
        if (worker.kpj() == null || !KPJ.matcher(worker.kpj()).matches()) {
            throw new UnreadableWorker("period " + worker.periodId() + " has a KPJ that cannot be asked about");
        }
        return "/kpj/" + worker.kpj() + "/status";
    }

    /**
     * BPJS's answer sorted: a member's status; 201 (not a member) an answer too; 429, 5xx and no readable
     * answer at all transient (retried, counted by the circuit breaker); refused credentials not retried.
     */
    public Verdict read(@Body byte[] answer, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                        @Header(Headers.RETRY_AFTER) String retryAfter,
                        @ExchangeProperty(Headers.LAPSE_WORKER) CoverageLedger.OpenCover worker) {
        int http = status == null ? 0 : status;
        if (http == 429 || http >= 500) {
            throw new TransientDeliveryException("status of " + worker.kpj() + ": endpoint answered HTTP " + http,
                    retryAfterMillis(retryAfter), null);
        }
        Envelope<MemberStatus> envelope;
        try {
            envelope = reader.envelope(answer, http);
        } catch (RuntimeException e) {
            if (http == 401 || http == 403) {
                throw CredentialsRefusedException.answered(http, "?", null);
            }
            throw new TransientDeliveryException(e.getMessage(), 0, null);
        }
        String code = envelope.metaData().code();
        if (http == 401 || http == 403 || CREDENTIAL_CODES.contains(code)) {
            throw CredentialsRefusedException.answered(http, code == null ? "?" : code, envelope.metaData().message());
        }
        if (NOT_FOUND.equals(code)) {
            return new Verdict(worker, null, null, null, false);
        }
        if (http != 200 || !envelope.metaData().isOk() || envelope.response() == null) {
            throw new UnreadableWorker("status of period " + worker.periodId() + ": HTTP " + http + ", metaData " + code
                    + " " + envelope.metaData().message());
        }
        MemberStatus s = envelope.response();
        YearMonth last = null;
        if (s.bulanTerakhir() != null) {
            try {
                last = YearMonth.parse(s.bulanTerakhir());
            } catch (DateTimeParseException e) {
                throw new UnreadableWorker("status of period " + worker.periodId() + ": bulanTerakhir is not yyyy-MM");
            }
        }
        Payer payer = s.pembayar();
        String region = regionCode;
        boolean elsewhere = payer != null && region != null && otherPayers != null && payer.isOtherThan(region);
        if (payer != null && !payer.isKnown() && otherPayers != null) {
            // Said, without the KPJ's owner's NIK: BPJS named no payer we can read; the cover stays as it is.
            LOG.warn("lapse check: period {}: BPJS's answer names no readable payer (pembayar {}); left as is",
                    worker.periodId(), payer.kind());
        }
        return new Verdict(worker, s.status(), s.alasan(), last, true, payer, elsewhere);
    }

    /** A member BPJS did not lapse: counted (active, non-active for another reason, or not a member). */
    public void kept(@Body Verdict v, @ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        round.asked++;
        if (!v.found()) {
            round.unknown++;
            LOG.warn("lapse check: BPJS does not know KPJ {} of covered period {} (201)", v.worker().kpj(),
                    v.worker().periodId());
        } else if (MemberStatus.ACTIVE.equals(v.status())) {
            round.active++;
        } else {
            // Non-active for a reason of the city's own (a deactivation the gateway sent) while the ledger
            // still covers the worker: not a lapse; said, for an operator to look into.
            round.otherwise++;
            LOG.warn("lapse check: BPJS reports KPJ {} {} ({}, last month {}) while its cover is open here: left as is",
                    v.worker().kpj(), v.status(), v.reason(), v.lastMonth());
        }
    }

    /**
     * Ends the worker's cover LAPSED with BPJS's last month: the last month paid, before the three unpaid.
     * A worker whose cover began after that month (enrolled in one of the unpaid months) covered no month:
     * the end is the month before the first, as a withdrawal at once is. Ending twice ends once.
     */
    public CoverageLedger.EndOutcome end(@Body Verdict v, @ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        round.asked++;
        YearMonth last = v.lastMonth();
        YearMonth beforeFirst = v.worker().firstMonth().minusMonths(1);
        if (last.isBefore(beforeFirst)) {
            last = beforeFirst;
        }
        CoverageLedger.Ended ended = coverage.end(v.worker().kpj(), last, EndReason.LAPSED,
                "lapse:" + v.lastMonth().plusMonths(1));
        if (ended.outcome() == CoverageLedger.EndOutcome.ENDED) {
            round.lapsed++;
            if (lapsedCounter != null) {
                lapsedCounter.increment();
            }
        } else {
            round.alreadyEnded++;
        }
        return ended.outcome();
    }

    /**
     * A worker BPJS says another payer pays for: counted and held until the round has asked everyone
     * ({@link #otherPayersToEnd}), so that a whole round's answers are seen before any cover ends.
     */
    public void holdOtherPayer(@Body Verdict v, @ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        round.asked++;
        round.heldOtherPayer.add(v);
    }

    /**
     * The guard (docs/finance.md, "Workers another payer covers"): the workers held by {@link #holdOtherPayer}
     * to end OTHER_PAYER, or none when more than jamsos.finance.otherPayerMaxShare of the round's asked
     * workers (and at least {@value #OTHER_PAYER_GUARD_MIN}) came back other-payer. Workers leaving the
     * city's scheme for a job or a donor come a few at a time; a large share at once says BPJS's answer
     * changed (a new format, a region code written otherwise), and ending their cover on it would leave
     * city workers uncovered. Then none is ended, an ERROR is logged (counts only, no NIK, no KPJ), the
     * alarm shows in jamsos_lapse_other_payer_held and the ops health, and the next round asks again.
     */
    public List<Verdict> otherPayersToEnd(@ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        List<Verdict> held = List.copyOf(round.heldOtherPayer);
        int n = held.size();
        if (n >= OTHER_PAYER_GUARD_MIN && n > otherPayerMaxShare * round.asked) {
            round.otherPayerAlarm = true;
            held(round.kind(), n);
            LOG.error("OTHER PAYER ALARM: BPJS reports {} of {} covered worker(s) asked paid by another payer, more"
                    + " than the share allowed (jamsos.finance.otherPayerMaxShare {}): no cover ended; check BPJS's"
                    + " pembayar answers (format, region code) before the next round", n, round.asked, otherPayerMaxShare);
            return List.of();
        }
        held(round.kind(), 0);
        return held;
    }

    /** Keeps a round kind's held count, in memory and in the ledger. */
    private void held(String kind, int n) {
        loadHeld();
        otherPayerHeld.put(kind, n);
        if (coverage != null) {
            coverage.putTaskValue(HELD_TASK + kind + "=", n > 0 ? Integer.toString(n) : null);
        }
    }

    private void loadHeld() {
        if (heldLoaded || coverage == null) {
            return;
        }
        synchronized (otherPayerHeld) {
            if (heldLoaded) {
                return;
            }
            try {
                for (String kind : List.of(LAPSE_ROUND, PAYER_ROUND)) {
                    String v = coverage.taskValue(HELD_TASK + kind + "=");
                    if (v != null) {
                        otherPayerHeld.putIfAbsent(kind, Integer.parseInt(v.trim()));
                    }
                }
                heldLoaded = true;
            } catch (RuntimeException e) {
                LOG.warn("lapse check: the held other-payer counts could not be read from the ledger (read again"
                        + " later): {}", e.getMessage());
            }
        }
    }

    /**
     * How many other-payer workers the last round of each kind held back by the guard, summed (0: the guard did
     * not trip in the last round of either kind).
     */
    public int otherPayerHeld() {
        loadHeld();
        return otherPayerHeld.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** What the last round of {@code kind} ({@value #LAPSE_ROUND}, {@value #PAYER_ROUND}) held back. */
    public int otherPayerHeld(String kind) {
        loadHeld();
        return otherPayerHeld.getOrDefault(kind, 0);
    }

    /** The most of a round's asked workers that may end OTHER_PAYER in one round (0..1; default 0.05). */
    public LapseCheck otherPayerMaxShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("jamsos.finance.otherPayerMaxShare must be between 0 and 1: " + share);
        }
        this.otherPayerMaxShare = share;
        return this;
    }

    /**
     * Ends the city's cover of a worker BPJS says another payer pays for (docs/finance.md, "Workers another
     * payer covers"): the last month is the one before the payer's {@code sejak} (this month when BPJS did
     * not say), never before the period's first month less one; reason OTHER_PAYER, so the statements stop
     * billing them, the budget plan frees their months and finance gets COVERAGE_ENDED; and the payer is
     * recorded for finance's COVERED_BY_OTHER_PAYER. Ending twice ends once.
     */
    public CoverageLedger.EndOutcome endOtherPayer(@Body Verdict v, @ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        // Counted asked when held (holdOtherPayer).
        // The rule (OtherPayerLedger.CityEnd) is the one an enrollment row that finds the person covered by
        // another file's period uses too (Ledger.recordOutcomes).
        id.jamsos.gateway.ledger.OtherPayerLedger.CityEnd end = id.jamsos.gateway.ledger.OtherPayerLedger.CityEnd.of(
                v.payer().sejak(), v.worker().firstMonth(), YearMonth.now(clock.withZone(CoverageLedger.DEFAULT_ZONE)));
        if (!end.sejakReadable()) {
            LOG.warn("{}: KPJ {}: the payer's sejak is not yyyy-MM; ended from this month", round.kind(), v.worker().kpj());
        }
        YearMonth from = end.from();
        YearMonth last = end.last();
        Payer p = v.payer();
        // The finding first, then the end of cover: the two are separate transactions, and a crash between them
        // must not leave the period ended with finance never told (the next round would not ask about an ended
        // period). The other way round, a crash leaves the finding recorded and the period open: the next round
        // asks again, records nothing new (one finding per period) and ends it.
        otherPayers.record(List.of(new id.jamsos.gateway.ledger.OtherPayerLedger.Found(
                id.jamsos.gateway.ledger.OtherPayerLedger.Found.periodSource(v.worker().periodId()), v.worker().kpj(),
                null, null, null, null, v.worker().periodId(), p.kind(), p.kode(), p.nama(), last.plusMonths(1))));
        CoverageLedger.Ended ended = coverage.end(v.worker().kpj(), last, EndReason.OTHER_PAYER, end.endedBy());
        if (ended.outcome() == CoverageLedger.EndOutcome.ENDED) {
            round.otherPayer++;
            if (meters != null) {
                meters.counter("jamsos.coverage.other.payer", "payer", p.kind()).increment();
            }
            LOG.info("{}: BPJS reports KPJ {} paid by {} from {}: the city's cover ended OTHER_PAYER with {}",
                    round.kind(), v.worker().kpj(), p.describeEn(), from, last);
        } else {
            round.alreadyEnded++;
        }
        return ended.outcome();
    }

    /**
     * Workers BPJS says another payer covers are ended OTHER_PAYER by the round ({@link #endOtherPayer})
     * and recorded in {@code ledger} for finance; {@code regionCode} is the city's kodeWilayahPemda. Without
     * this, a payer in the status answer is not looked at.
     */
    public LapseCheck otherPayersTo(id.jamsos.gateway.ledger.OtherPayerLedger ledger, String regionCode) {
        this.otherPayers = java.util.Objects.requireNonNull(ledger, "ledger");
        this.regionCode = java.util.Objects.requireNonNull(regionCode, "regionCode").trim();
        return this;
    }

    /**
     * The worker could not be asked about or BPJS's answer not read ({@link UnreadableWorker}): counted
     * unknown (jamsos_lapse_unreadable_total), said with the period id only (no NIK, no KPJ), and the
     * round goes on with the next worker.
     */
    public void unreadable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                           @ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        round.asked++;
        round.unknown++;
        if (unreadableCounter != null) {
            unreadableCounter.increment();
        }
        LOG.warn("lapse check: left as is, the round goes on: {}", error == null ? "?" : error.getMessage());
    }

    /** The rounds' look-ups of workers' membership at BPJS are recorded in {@code trail} too. */
    public LapseCheck auditTo(id.jamsos.gateway.audit.AuditTrail trail) {
        this.audit = java.util.Objects.requireNonNull(trail, "trail");
        return this;
    }

    /** The round is over: its counts logged, and when it ended kept for the next {@link #due}. */
    public synchronized void done(@ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        if (running == round) {
            running = null;
        }
        if (PAYER_ROUND.equals(round.kind())) {
            lastPayerMonth = round.window().until();
            if (coverage != null) {
                coverage.markTask(PAYER_MONTH_TASK + lastPayerMonth);
            }
            LOG.info("payer check: asked {} worker(s): {} active, {} paid by another payer and ended, {} lapsed, {}"
                    + " non-active otherwise, {} unknown{}", round.asked, round.active, round.otherPayer, round.lapsed,
                    round.otherwise, round.unknown, round.otherPayerAlarm ? " (OTHER PAYER ALARM: none ended)" : "");
            audit.record(lookups(round, id.jamsos.gateway.audit.AuditEvent.OK));
            return;
        }
        lastRound = clock.instant();
        lastConsecutive = round.window().consecutive();
        if (round.otherPayer > 0) {
            LOG.warn("OTHER PAYER: BPJS reports {} covered worker(s) paid by another payer; the city's cover ended"
                    + " OTHER_PAYER and finance is told (COVERAGE_ENDED, COVERED_BY_OTHER_PAYER)", round.otherPayer);
        }
        if (round.lapsed > 0) {
            LOG.warn("LAPSE: BPJS reports {} worker(s) non-active for arrears; their cover ended LAPSED and finance is"
                    + " told (COVERAGE_ENDED). Asked {}: {} active, {} already ended here, {} non-active otherwise,"
                    + " {} unknown to BPJS", round.lapsed, round.asked, round.active, round.alreadyEnded,
                    round.otherwise, round.unknown);
        } else {
            LOG.info("lapse check: asked {} worker(s), BPJS lapsed none ({} active, {} non-active otherwise, {} unknown)",
                    round.asked, round.active, round.otherwise, round.unknown);
        }
        audit.record(lookups(round, id.jamsos.gateway.audit.AuditEvent.OK));
    }

    /** One entry for a round's look-ups at BPJS: how many workers were asked about and what came of it. */
    private static id.jamsos.gateway.audit.AuditEvent lookups(Round round, String outcome) {
        return id.jamsos.gateway.audit.AuditEvent.system(round.kind(), "", "BPJS_MEMBER_STATUS",
                "months " + round.window().from() + ".." + round.window().until(),
                "asked=" + round.asked + " lapsed=" + round.lapsed + " active=" + round.active + " unknown="
                        + round.unknown + (round.otherPayer > 0 ? " otherPayer=" + round.otherPayer : "")).withOutcome(outcome);
    }

    /** The round stopped (BPJS down, the credentials refused, the ledger): asked again at the next due check. */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                       @ExchangeProperty(Headers.LAPSE_ROUND) Round round) {
        synchronized (this) {
            if (round != null && running == round) {
                running = null;
            }
        }
        LOG.warn("{} stopped, asked again at the next check: {}", round == null ? LAPSE_ROUND : round.kind(),
                id.jamsos.gateway.bpjs.BpjsCallException.describe("GET /bpjstk/v1/peserta/kpj/{kpj}/status", error));
        if (round != null) {
            audit.record(lookups(round, id.jamsos.gateway.audit.AuditEvent.FAILED));
        }
    }

    private static long retryAfterMillis(String retryAfter) {
        if (retryAfter == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
