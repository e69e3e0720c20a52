package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's stand-in for the BPJS Ketenagakerjaan enrollment endpoint (docs/bpjs-api.md),
 * for the demo, tests and benchmarks. Runs the JDK HTTP server on a bounded pool, so injected
 * latency delays requests without serialising them.
 */
public final class BpjsSimulator implements AutoCloseable {

    /** How far a request timestamp may be from the simulator clock, as BPJS allows "a few minutes". */
    public static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(5);
    static final int THREADS = 32;
    /** Callback timestamps may run this far ahead of the clock before fireClaim waits. */
    private static final long MAX_CALLBACK_DRIFT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(BpjsSimulator.class);

    static {
        // The JDK server writes a response's headers and body separately without TCP_NODELAY, so
        // Nagle's algorithm meets the client's delayed ACK: about 40 ms added to every answer, which
        // the real endpoint does not have. Read once, when the first server in this JVM is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final FaultSettings faults = new FaultSettings();
    private final SimulatorStats stats = new SimulatorStats();
    /** Enrollment dates, months, due dates and lapses: the start clock, movable by tests (setNow). */
    private final SimulatorCalendar calendar;
    private final MembershipRegistry registry;
    private final ClaimBook claims = new ClaimBook();
    private final InvoiceBook invoices = new InvoiceBook();
    private final Billing billing;
    private final ClaimFactory claimFactory;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HttpClient callbackClient;
    private final HttpServer server;
    private final boolean https;
    private final ExecutorService pool;
    private final int port;
    private long lastCallbackTimestamp;
    /** Where claims fired without a URL go, and the user_key sent with callbacks (null: none). */
    private volatile String callbackUrl;
    private volatile String callbackUserKey;

    private BpjsSimulator(SimulatorConfig config, Clock clock, SimulatorTls tls) throws IOException {
        this.config = config;
        this.clock = clock;
        this.calendar = new SimulatorCalendar(clock);
        this.registry = new MembershipRegistry(calendar, stats, config.kpjSeed(), config.digitKpjs());
        this.billing = new Billing(registry, invoices, calendar);
        this.claimFactory = new ClaimFactory(clock);
        // No replay cache: the BPJS signature covers only consId&timestamp, so a gateway sending
        // several requests in one second would be refused as replaying itself.
        RequestAuthenticator authenticator = new RequestAuthenticator(config.consId(), config.secret(),
                config.userKey(), SIGNATURE_WINDOW, clock, 0);
        ApiHandler api = new ApiHandler(json, clock, authenticator, faults, stats, registry, claims, invoices,
                billing, calendar, closing);
        AdminHandler admin = new AdminHandler(json, this);
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "bpjs-sim-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder callbacks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (tls == null) {
            this.server = HttpServer.create(address, 256);
        } else {
            this.server = httpsServer(address, tls);
            SSLContext callbackContext = tls.callbackContext();
            if (callbackContext != null) {
                callbacks.sslContext(callbackContext);
            }
        }
        this.https = tls != null;
        this.callbackClient = callbacks.build();
        server.setExecutor(pool);
        server.createContext("/", ex -> dispatch(ex, api, admin));
        server.start();
        this.port = server.getAddress().getPort();
    }

    public static BpjsSimulator start(SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** With a chosen clock, for tests that need to control signature windows or dates. */
    public static BpjsSimulator start(SimulatorConfig config, Clock clock) {
        return start(config, clock, null);
    }

    /**
     * Serving HTTPS when {@code tls} is not null.
     *
     * @throws IllegalArgumentException when a key or trust store of {@code tls} cannot be used
     */
    public static BpjsSimulator start(SimulatorConfig config, Clock clock, SimulatorTls tls) {
        Objects.requireNonNull(config, "config");
        try {
            BpjsSimulator sim = new BpjsSimulator(config, Objects.requireNonNull(clock, "clock"), tls);
            log.info("BPJS simulator listening on {} (consId {}, callback consId {})",
                    sim.baseUrl(), config.consId(), config.callbackConsId());
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start BPJS simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    private static HttpsServer httpsServer(InetSocketAddress address, SimulatorTls tls) throws IOException {
        SSLContext context = tls.serverContext();
        HttpsServer server = HttpsServer.create(address, 256);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(tls.requireClientCertificate());
                params.setSSLParameters(ssl);
            }
        });
        return server;
    }

    private static void dispatch(HttpExchange ex, ApiHandler api, AdminHandler admin) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/sim/")) {
                admin.handle(ex);
            } else {
                api.handle(ex);
            }
        } catch (IOException | RuntimeException e) {
            // Usually a client that hung up (e.g. after an injected timeout); nothing to answer.
            log.debug("Exchange ended abnormally: {}", e.toString());
        }
    }

    public SimulatorConfig config() {
        return config;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return (https ? "https://" : "http://") + host + ":" + port();
    }

    public FaultSettings faults() {
        return faults;
    }

    public SimulatorStats stats() {
        return stats;
    }

    public Optional<String> kpjOf(String nik) {
        return registry.member(nik).map(MembershipRegistry.Member::kpj);
    }

    /**
     * Test hook: a registration as POST /peserta would make it, without HTTP. With the refId a gateway
     * row will send, it is what a gateway that crashed after BPJS answered leaves behind: the row's
     * request, sent again, gets this same answer (section 5 of docs/bpjs-api.md).
     */
    public id.jamsos.gateway.bpjs.EnrollmentResult enroll(id.jamsos.gateway.bpjs.EnrollmentRequest request) {
        return registry.enroll(request);
    }

    int memberCount() {
        return registry.size();
    }

    int claimCount() {
        return claims.size();
    }

    /**
     * Records the claim as paid (so GET /bpjstk/v1/klaim lists it) without calling anyone, as when
     * the callback is lost and the gateway must pull.
     *
     * @return false when a claim with the same claimId was already recorded
     */
    public boolean addClaim(ClaimNotice claim) {
        return claims.add(Objects.requireNonNull(claim, "claim"));
    }

    /**
     * From now on the listing sends {@code key} twice in this claim: its own value, then {@code rawJson}
     * (JSON text, e.g. {@code "150000000"}). With a null claim id, in the page's {@code response} object.
     * A fault for tests; {@link #reset} or {@link #clearRepeatedKeys} ends it.
     */
    public void repeatKeyInListing(String claimIdOrNull, String key, String rawJson) {
        claims.repeatedKeys.add(claimIdOrNull == null ? RepeatedKeys.PAGE : claimIdOrNull, key, rawJson);
    }

    public void clearRepeatedKeys() {
        claims.repeatedKeys.clear();
    }

    /**
     * From now on the listing sends a JSON {@code null} in {@code klaim} right before this claim, as a
     * broken endpoint might. A fault for tests; {@link #reset} or another call with null ends it.
     */
    public void nullInListingBefore(String claimIdOrNull) {
        claims.nullBefore = claimIdOrNull;
    }

    /**
     * Records the claim as paid, then POSTs it as JSON to {@code callbackUrl}, signed with the
     * callback credentials. The claim stays listed whatever the callback's fate: BPJS has paid it,
     * and the listing is how a gateway recovers a missed callback.
     *
     * @return the HTTP status the callback answered
     * @throws UncheckedIOException when the callback cannot be reached at all
     */
    public int fireClaim(String callbackUrl, ClaimNotice claim) {
        addClaim(claim);
        byte[] body;
        try {
            body = json.writeValueAsBytes(claim);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise claim " + claim.claimId(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(callbackUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        // Signature version 2: over the body too (docs/bpjs-api.md, section 6).
        BpjsSignature.bodyHeaders(config.callbackConsId(), config.callbackSecret(), callbackUserKey,
                nextCallbackTimestamp(), body).forEach(request::header);
        try {
            HttpResponse<Void> response = callbackClient.send(request.build(), HttpResponse.BodyHandlers.discarding());
            log.info("Claim {} ({}) for {} sent to callback: HTTP {}", claim.claimId(), claim.claimType(),
                    NikMask.mask(claim.nik()), response.statusCode());
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("claim callback to " + callbackUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending claim " + claim.claimId(), e);
        }
    }

    /**
     * Where {@link #fireClaimFor} sends claims when not told otherwise, and the user_key callbacks
     * carry (the gateway's jamsos.callback.userKey; null or blank: none), as a trial against a
     * standalone simulator needs them.
     */
    public void callbackTarget(String url, String userKey) {
        this.callbackUrl = url == null || url.isBlank() ? null : url;
        this.callbackUserKey = userKey == null || userKey.isBlank() ? null : userKey;
    }

    public Optional<String> callbackUrl() {
        return Optional.ofNullable(callbackUrl);
    }

    /** A claim fired by {@link #fireClaimFor}: the claim, where it went and what that answered. */
    public record FiredClaim(ClaimNotice claim, String callbackUrl, int status) {
    }

    /**
     * Pays a claim for an enrolled member and calls the gateway back with it, for the admin API and
     * the {@code simulator fire-claim} command.
     *
     * @param type        JKM or JKK
     * @param nik         the member's NIK, or null
     * @param kpj         the member's KPJ when no NIK is given, or null: then the member with the lowest KPJ
     * @param amount      the JKK amount in whole rupiah (a JKM claim is always Rp 42,000,000)
     * @param url         the callback URL, or null for the one set by {@link #callbackTarget}
     * @throws IllegalArgumentException for a bad type or amount, or no callback URL at all
     * @throws java.util.NoSuchElementException when no such member is enrolled
     * @throws UncheckedIOException when the callback cannot be reached
     */
    public FiredClaim fireClaimFor(String type, String nik, String kpj, long amount, String url) {
        String target = url != null && !url.isBlank() ? url : callbackUrl;
        if (target == null) {
            throw new IllegalArgumentException("no callback URL: start the simulator with --callback-url or send callbackUrl");
        }
        MembershipRegistry.Member member = (nik != null ? registry.member(nik)
                : kpj != null ? registry.byKpj(kpj) : registry.any())
                .orElseThrow(() -> new java.util.NoSuchElementException(nik != null || kpj != null
                        ? "no such member enrolled: " + (nik != null ? NikMask.mask(nik) : "kpj " + kpj)
                        : "no member enrolled yet: let the gateway enroll a file first"));
        ClaimNotice claim = switch (type == null ? "JKM" : type.toUpperCase(java.util.Locale.ROOT)) {
            case "JKM" -> claimFactory.jkm(member);
            case "JKK" -> claimFactory.jkk(member, amount);
            default -> throw new IllegalArgumentException("type must be JKM or JKK: " + type);
        };
        return new FiredClaim(claim, target, fireClaim(target, claim));
    }

    /** A JKM (death) claim of Rp 42,000,000 for an enrolled worker, paid to the heirs. */
    public ClaimNotice jkmClaimFor(String nik) {
        return claimFactory.jkm(enrolled(nik));
    }

    /** A JKK (work accident) claim for an enrolled worker, split into care and wage replacement. */
    public ClaimNotice jkkClaimFor(String nik, long amount) {
        return claimFactory.jkk(enrolled(nik), amount);
    }

    private MembershipRegistry.Member enrolled(String nik) {
        return registry.member(nik).orElseThrow(
                () -> new IllegalArgumentException("not enrolled in the simulator: " + NikMask.mask(nik)));
    }

    /**
     * Test hook: leaves the member with this NIK out of every invoice (GET /bpjstk/v1/tagihan), so
     * the gateway's statement shows them as enrolled but not billed.
     */
    public void dropFromInvoice(String nik) {
        invoices.drop(nik);
        billing.recheck();
    }

    /**
     * Test hook: bills, in every invoice, a worker the city never enrolled, with the contribution
     * for this declared income; the gateway's statement shows them as billed but not enrolled.
     */
    public void addToInvoice(String kpj, String nik, String nama, long monthlyIncome) {
        invoices.add(kpj, nik, nama, monthlyIncome);
        billing.recheck();
    }

    /**
     * Test hook (and POST /sim/members): {@code nik} is a member already, paid by someone else from
     * {@code from} on: {@code jenis} MANDIRI (self-paying), CSR (a donor, {@code kode} its id),
     * PEMBERI_KERJA (an employer) or PEMDA (a region, {@code kode} its kodeWilayahPemda). The city's
     * enrollment of that NIK is then answered 208 with this KPJ, and the membership look-up names the
     * payer. A NIK already a member is left as it is.
     *
     * @return the member's KPJ
     */
    public String addMemberPaidBy(String nik, String nama, String jenis, String kode, String namaPembayar,
                                  YearMonth from) {
        String kpj = registry.addMember(nik, nama, null, null, payer(jenis, kode, namaPembayar, from));
        billing.recheck();
        return kpj;
    }

    /**
     * Test hook (and POST /sim/payer): from month {@code from} on, the member with this NIK or KPJ is
     * paid by another payer (e.g. a city's worker got a job: PEMBERI_KERJA). The member stays active;
     * the region's invoices from that month no longer list them, and the membership look-up and the
     * status answer name the new payer with {@code sejak}.
     *
     * @return false when no member has that NIK or KPJ
     */
    public boolean changePayer(String nikOrKpj, String jenis, String kode, String namaPembayar, YearMonth from) {
        boolean changed = registry.changePayer(nikOrKpj, payer(jenis, kode, namaPembayar, from)).isPresent();
        billing.recheck();
        return changed;
    }

    /**
     * Seeds people who are members already, paid by someone else: every {@code every}-th of {@code niks}
     * (the 1st, the (every+1)-th, ...), in turn self-paying (MANDIRI), a CSR donor (GN Lingkaran), an
     * employer (PT Sorong Jaya) and another region (PEMDA 9101), covered from {@code from}. Deterministic:
     * with the NIKs {@code generate} writes for a seed (SampleWorkers.people), a demo file then has rows
     * the gateway must not enroll at the city's cost.
     *
     * @return how many were made members
     */
    public int seedOtherPayers(List<String> niks, int every, YearMonth from) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1");
        }
        String[][] payers = {{"MANDIRI", null, null}, {"CSR", "GNL-01", "GN Lingkaran"},
                {"PEMBERI_KERJA", "NPP-7788", "PT Sorong Jaya"}, {"PEMDA", "9101", "Pemerintah Kabupaten Jayapura"}};
        int made = 0;
        for (int i = 0; i < niks.size(); i += every) {
            String[] p = payers[made % payers.length];
            addMemberPaidBy(niks.get(i), null, p[0], p[1], p[2], from);
            made++;
        }
        return made;
    }

    private static MembershipRegistry.PayerSpell payer(String jenis, String kode, String nama, YearMonth from) {
        if (jenis == null || !jenis.matches("[A-Z_]{2,20}")) {
            throw new IllegalArgumentException("jenis must be PEMDA, MANDIRI, CSR or PEMBERI_KERJA");
        }
        if ("PEMDA".equals(jenis) && (kode == null || !kode.matches("\\d{4}"))) {
            throw new IllegalArgumentException("a PEMDA payer needs kode, its 4-digit kodeWilayahPemda");
        }
        return new MembershipRegistry.PayerSpell(java.util.Objects.requireNonNull(from, "from"), jenis, kode, nama);
    }

    /**
     * Test hook: the simulator's calendar (enrollment dates, invoice months, due dates, the lapse
     * rule) reads {@code now} from here on and runs on with the start clock. The signature window
     * and claims' paidAt keep the start clock. A lapse this makes due happens at the next request.
     */
    public void setNow(Instant now) {
        calendar.setNow(now);
        billing.recheck();
    }

    /** Test hook: moves the calendar by {@code by} (negative: back); see {@link #setNow}. */
    public void advanceClock(Duration by) {
        calendar.advance(by);
        billing.recheck();
    }

    /** Test hook: the calendar back on the start clock. */
    public void resetClock() {
        calendar.reset();
        billing.recheck();
    }

    /** The calendar's now (see {@link #setNow}). */
    public Instant now() {
        return calendar.instant();
    }

    /** The calendar's date, in the simulator's zone (Asia/Jayapura). */
    public LocalDate today() {
        return calendar.today();
    }

    /**
     * Test hook: pays what the region still owes for the month, as if the city had paid it in full
     * (reference {@value Billing#ADMIN_REFERENCE}).
     *
     * @return the month's total paid (at least the invoice's total as it reads now)
     */
    public long markPaid(String kodeWilayah, YearMonth periode) {
        billing.catchUp();
        return billing.markPaid(kodeWilayah, periode).dibayar();
    }

    /** Applies the lapse rule now, as the next request would; for tests that look from Java. */
    public void catchUp() {
        billing.catchUp();
    }

    /** Paid months by region, for GET /sim/stats. */
    Map<String, List<String>> paidMonths() {
        return billing.paidMonths();
    }

    /**
     * Forgets members, refIds, claims, invoice adjustments, payments and stats, puts the calendar
     * back on the start clock, and clears every fault.
     */
    public void reset() {
        registry.reset();
        claims.clear();
        invoices.clear();
        billing.reset();
        calendar.reset();
        stats.reset();
        faults.clear();
        log.info("BPJS simulator reset");
    }

    /**
     * Callback receivers may refuse a repeated consId+timestamp as a replay (the signature does not
     * cover the body), so each callback gets a later second than the one before, running ahead of
     * the clock in a burst but never by more than the drift bound.
     */
    private synchronized long nextCallbackTimestamp() {
        for (int i = 0; i < 1000; i++) {
            long now = clock.instant().getEpochSecond();
            long next = Math.max(now, lastCallbackTimestamp + 1);
            if (next - now <= MAX_CALLBACK_DRIFT_SECONDS || closed.get()) {
                lastCallbackTimestamp = next;
                return next;
            }
            try {
                closing.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        lastCallbackTimestamp = Math.max(clock.instant().getEpochSecond(), lastCallbackTimestamp + 1);
        return lastCallbackTimestamp;
    }

    /** Stops at once: held (latency or timeout) requests are woken, not waited for. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("BPJS simulator threads still busy after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("BPJS simulator on port {} stopped", port);
    }
}
