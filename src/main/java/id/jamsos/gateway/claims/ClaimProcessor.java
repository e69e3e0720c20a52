package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.CoverageEnd;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.nik.NikMask;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a paid claim reaches finance, whichever path saw it (the signed callback or the
 * pull from the claims listing): check it, enrich it from the ledger, and record it together with
 * the finance (or review) message in the ledger's outbox, in one statement. The {@link ClaimOutbox}
 * publishes what the outbox holds. A claim id is recorded once, so it is published once (a crash
 * between the broker's commit and the ledger's mark can send it again with the same messageId).
 */
public final class ClaimProcessor {


    public static final String TO_FINANCE = "finance";
    public static final String TO_REVIEW = "review";

    public static final String SOURCE_CALLBACK = "CALLBACK";
    public static final String SOURCE_PULL = "PULL";

    /** What {@link #prepare} decided. */
    public enum Outcome {
        /** Recorded now with its message: the outbox will publish it. */
        RECORDED,
        /** Recorded before (by either path, any process): it is or will be published from then. */
        DUPLICATE,
        /**
         * Recorded before with other content (amount, worker, components, ...): this version is recorded
         * next to the first and goes to review with both; the first is not changed.
         */
        CONFLICT
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClaimProcessor.class);

    private final Ledger ledger;
    private final FinanceLedger finance;
    private final AgencyRegistry agencies;
    private final Map<String, String> budgetAccounts;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final Clock clock;
    private final Consumer<String> recorded;
    private final ClaimCatalogue catalogue;
    private final BiConsumer<String, ClaimServiceLevel> measured;

    /**
     * A claim after {@link #check}: what {@link #prepare} records. {@code eventDate} is the claim's
     * tanggalKejadian (date of death or accident) when it sent one that passed the rules, else null:
     * what ends a dead worker's cover (the month of death; without it, the month of paidAt).
     *
     * @param claim        the claim as recorded (its well-formed parts when it was malformed)
     * @param worker       the worker it names, when this gateway enrolled them; else null
     * @param problems     the rules it breaks; empty when it goes to finance
     * @param eventDate    the valid event date, or null
     * @param serviceLevel its age against its type's service level, or null
     */
    public record CheckedClaim(ClaimNotice claim, WorkerEnrollment worker, List<ClaimReview> problems,
                               LocalDate eventDate, ClaimServiceLevel serviceLevel) {
        public CheckedClaim {
            problems = List.copyOf(problems);
        }

        /** Whether finance has it (CLAIM_PAID) rather than a clerk (CLAIM_REVIEW). */
        public boolean toFinance() {
            return problems.isEmpty();
        }
    }

    /**
     * @param budgetAccounts the city's budget account code per claim type (JKM, JKK)
     * @param zone           the city's time zone, for the enrollment date finance reads
     * @param recorded       called with the claim id after a new claim is recorded: wakes the publisher
     */
    public ClaimProcessor(Ledger ledger, FinanceLedger finance, AgencyRegistry agencies,
                          Map<String, String> budgetAccounts, ZoneId zone, ObjectMapper json, Clock clock,
                          Consumer<String> recorded) {
        this(ledger, finance, agencies, budgetAccounts, zone, json, clock, recorded, ClaimCatalogue.defaults());
    }

    /** @param catalogue the claim types finance pays, their caps and required components */
    public ClaimProcessor(Ledger ledger, FinanceLedger finance, AgencyRegistry agencies,
                          Map<String, String> budgetAccounts, ZoneId zone, ObjectMapper json, Clock clock,
                          Consumer<String> recorded, ClaimCatalogue catalogue) {
        this(ledger, finance, agencies, budgetAccounts, zone, json, clock, recorded, catalogue, (type, level) -> { });
    }

    /**
     * @param measured called with the claim type and service level of each claim recorded now whose type has a
     *                 service level: the metric (ops/GatewayMetrics#claimServiceLevel)
     */
    public ClaimProcessor(Ledger ledger, FinanceLedger finance, AgencyRegistry agencies,
                          Map<String, String> budgetAccounts, ZoneId zone, ObjectMapper json, Clock clock,
                          Consumer<String> recorded, ClaimCatalogue catalogue,
                          BiConsumer<String, ClaimServiceLevel> measured) {
        this.catalogue = catalogue;
        this.measured = measured;
        this.ledger = ledger;
        this.finance = finance;
        this.agencies = agencies;
        this.budgetAccounts = Map.copyOf(budgetAccounts);
        this.zone = zone;
        this.json = json;
        this.clock = clock;
        this.recorded = recorded;
    }

    /**
     * Records the claim with its message unless it was recorded before; leaves the claim and the
     * {@link Outcome} as exchange properties. Nothing is sent here: once this returns, the claim is
     * in the ledger and the outbox publishes it, also if this process dies now.
     */
    public Outcome prepare(Exchange exchange, ClaimNotice claim, String payloadJson, String source) {
        return prepare(exchange, claim, payloadJson, source, List.of());
    }

    /**
     * @param unread what could not be read of the claim (the pull's strict reading failed): these
     *               send it to review whatever else holds
     */
    public Outcome prepare(Exchange exchange, ClaimNotice claim, String payloadJson, String source,
                           List<ClaimReview> unread) {
        Instant now = clock.instant();
        CheckedClaim checked = check(claim, payloadJson, unread, now);
        ClaimNotice safe = checked.claim();
        List<ClaimReview> problems = checked.problems();
        exchange.setProperty(Headers.CLAIM, safe);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(null);
        boolean isNew = record(safe.claimId(), checked, problems, null, payloadJson, source, now);
        Outcome outcome = isNew ? Outcome.RECORDED : Outcome.DUPLICATE;
        if (!isNew) {
            outcome = compareWithFirst(checked, payloadJson, source, now);
            exchange.setProperty(Headers.CLAIM_OUTCOME, outcome);
            return outcome;
        }
        exchange.setProperty(Headers.CLAIM_OUTCOME, outcome);
        if (checked.serviceLevel() != null && safe.claimType() != null
                && catalogue.types().containsKey(safe.claimType())) {
            measured.accept(safe.claimType(), checked.serviceLevel());
        }
        if (problems.isEmpty()) {
            LOG.info("claim={} type={} amount={} via {} recorded for finance", safe.claimId(), safe.claimType(),
                    safe.amount(), source);
        } else {
            LOG.warn("claim={} type={} kpj={} nik={} via {} recorded for review: {}", safe.claimId(),
                    ClaimShape.forLog(safe.claimType()), ClaimShape.forLog(safe.kpj()), NikMask.mask(safe.nik()), source,
                    problems.stream().map(ClaimReview::code).distinct().collect(Collectors.joining(",")));
        }
        recorded.accept(safe.claimId());
        return outcome;
    }

    /**
     * Checks the claim against the shape and the rules and finds its worker. A claim the pull could read
     * but not take (the callback refuses these with a 400) keeps its readable parts only, and goes to
     * review under an id of its own.
     *
     * @param unread what could not be read of the claim: these send it to review whatever else holds
     */
    public CheckedClaim check(ClaimNotice claim, String payloadJson, List<ClaimReview> unread, Instant now) {
        ClaimNotice safe = ClaimShape.problems(claim).isEmpty() ? claim : wellFormedParts(claim, payloadJson);
        WorkerEnrollment worker = findWorker(safe).orElse(null);
        List<ClaimReview> problems = new java.util.ArrayList<>(unread);
        ClaimCatalogue.TypeRule type = safe.claimType() == null ? null : catalogue.types().get(safe.claimType());
        if (claim != null) {
            problems.addAll(ClaimRules.check(claim, worker, catalogue, now));
            if (worker != null && type != null && type.additionalComponents().stream().anyMatch(
                    code -> ClaimShape.codes(claim).contains(code))) {
                problems.addAll(ClaimRules.checkAcrossClaims(claim, type, earlierClaims(worker, safe.claimId())));
            }
        }
        boolean dateRefused = problems.stream().anyMatch(p -> ClaimReview.INVALID_EVENT_DATE.equals(p.code()));
        LocalDate eventDate = dateRefused ? null : ClaimShape.eventDate(safe);
        // A scholarship paid as a claim of its own is a later school year's: it runs on the school's
        // calendar, not from the death, so no service level is measured for it.
        ClaimServiceLevel level = ClaimRules.onlyAdditional(safe, type) ? null
                : ClaimServiceLevel.of(type, eventDate, ClaimShape.paidAt(safe), now, catalogue);
        return new CheckedClaim(safe, worker, problems, eventDate, level);
    }

    /** The worker's claims that went to finance before, but {@code claimId}: for caps over several claims. */
    private List<ClaimNotice> earlierClaims(WorkerEnrollment worker, String claimId) {
        return finance.financeClaimPayloads(worker.kpj(), worker.nik(), claimId).stream()
                .map(this::readStored).flatMap(Optional::stream).toList();
    }

    /**
     * The claim was recorded before. The same content (BPJS calling again): DUPLICATE, as always.
     * Other content under the same id: this version is recorded as {@code <claimId>~conflict~<digest>}
     * and goes to review quoting the first version; finance's copy of the first stays as it is, and
     * the same conflicting version sent again is recorded once.
     */
    private Outcome compareWithFirst(CheckedClaim checked, String payloadJson, String source, Instant now) {
        ClaimNotice claim = checked.claim();
        List<ClaimReview> problems = checked.problems();
        Optional<ClaimNotice> first = finance.claimPayload(claim.claimId()).flatMap(this::readStored);
        if (first.isEmpty() || sameContent(first.get(), claim)) {
            LOG.info("claim={} type={} seen again via {}: {}", claim.claimId(), ClaimShape.forLog(claim.claimType()),
                    source, Outcome.DUPLICATE);
            return Outcome.DUPLICATE;
        }
        String conflictId = claim.claimId() + CONFLICT_MARK + digest(canonical(claim)).substring(0, 16);
        List<ClaimReview> reasons = new java.util.ArrayList<>();
        reasons.add(new ClaimReview(ClaimReview.CONFLICTING_NOTICE, "Klaim " + claim.claimId()
                + " sudah diterima dengan isi berbeda (" + differences(first.get(), claim) + "); versi pertama di"
                + " 'previous' / claim " + claim.claimId() + " was received before with other content ("
                + differences(first.get(), claim) + "); the first version is under 'previous'"));
        reasons.addAll(problems);
        boolean isNew = record(conflictId, checked, reasons, first.get(), payloadJson, source, now);
        LOG.warn("claim={} type={} via {} differs from the claim recorded under that id ({}): {} for review",
                claim.claimId(), ClaimShape.forLog(claim.claimType()), source, differences(first.get(), claim),
                isNew ? "recorded" : "already recorded");
        if (isNew) {
            recorded.accept(conflictId);
        }
        return Outcome.CONFLICT;
    }

    /** Separates a conflicting version's ledger id from the claim id (which cannot contain '~'). */
    public static final String CONFLICT_MARK = "~conflict~";

    private boolean record(String recordId, CheckedClaim checked, List<ClaimReview> problems,
                           ClaimNotice previous, String payloadJson, String source, Instant now) {
        ClaimNotice claim = checked.claim();
        WorkerEnrollment worker = checked.worker();
        FinanceClaimMessage message = toMessage(recordId, checked, problems, previous, source, now);
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the finance message", e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("claimType", String.valueOf(message.claimType()));
        properties.put("agencyId", message.agency() == null ? "unknown" : message.agency().id());
        properties.put("schemaVersion", FinanceClaimMessage.SCHEMA_VERSION);
        properties.put("messageId", message.messageId());
        properties.put("messageType", message.messageType());
        properties.put("JMSCorrelationID", message.messageId());
        if (!problems.isEmpty()) {
            properties.put("reviewReason", message.reviewCode());
        }
        String destination = problems.isEmpty() ? TO_FINANCE : TO_REVIEW;
        String review = problems.isEmpty() ? null : message.reviewCode() + ": " + message.reviewReason();
        // A NIK sent where the type or the KPJ goes is kept masked: those columns are not encrypted.
        return finance.recordClaim(new ClaimRecord(recordId, storedType(NikMask.scrub(claim.claimType())),
                NikMask.scrub(claim.kpj()), claim.nik(), claim.amount(), worker == null ? null : worker.agencyId(), now,
                payloadJson), new ClaimMessage(recordId, destination, review, body, properties),
                problems.isEmpty() ? coverageEnd(recordId, checked, now) : null);
    }

    /**
     * A death benefit paid for one of the city's workers ends their cover: the city stops paying from
     * the month after the death. A death is a JKM claim, or a JKK claim that pays the work-accident
     * death benefit (SANTUNAN_KEMATIAN_JKK). The month is the claim's event date (tanggalKejadian, the
     * date of death) in the city's calendar, else the month it was paid (BPJS pays within days of a
     * complete claim). A claim sent to review ends nothing until a person has looked at it
     * (docs/finance.md, "Coverage periods").
     */
    private CoverageEnd coverageEnd(String recordId, CheckedClaim checked, Instant now) {
        ClaimNotice claim = checked.claim();
        if (checked.worker() == null || !isDeath(claim)) {
            return null;
        }
        YearMonth month;
        if (checked.eventDate() != null) {
            month = YearMonth.from(checked.eventDate());
        } else {
            Instant paidAt = ClaimShape.paidAt(claim);
            month = YearMonth.from((paidAt == null ? now : paidAt).atZone(zone));
        }
        return new CoverageEnd(checked.worker().kpj(), month, EndReason.DIED, "claim:" + recordId);
    }

    private static boolean isDeath(ClaimNotice claim) {
        if ("JKM".equals(claim.claimType())) {
            return true;
        }
        return "JKK".equals(claim.claimType()) && claim.components() != null
                && claim.components().stream().anyMatch(c -> "SANTUNAN_KEMATIAN_JKK".equals(c.code()));
    }

    /** A malformed claim's parts that pass {@link ClaimShape}; the id is the digest of the payload when its own is unusable. */
    private static ClaimNotice wellFormedParts(ClaimNotice claim, String payloadJson) {
        if (claim == null) {
            return new ClaimNotice("INVALID~" + digest(String.valueOf(payloadJson)), null, null, null, 0, null, null, null);
        }
        String id = claim.claimId() != null && ClaimShape.CLAIM_ID.matcher(claim.claimId()).matches()
                ? claim.claimId() : "INVALID~" + digest(String.valueOf(payloadJson));
        String type = ok(claim.claimType(), ClaimShape.CLAIM_TYPE);
        String kpj = ok(claim.kpj(), ClaimShape.KPJ);
        String nik = ok(claim.nik(), ClaimShape.NIK);
        List<ClaimNotice.Component> components = claim.components();
        if (components != null && (components.size() > ClaimShape.MAX_COMPONENTS || components.stream().anyMatch(
                c -> c == null || ok(c.code(), ClaimShape.COMPONENT_CODE) == null))) {
            components = null;
        }
        String paidAt = ClaimShape.paidAt(claim) == null ? null : claim.paidAt();
        String eventDate = ClaimShape.eventDate(claim) == null ? null : claim.tanggalKejadian();
        return new ClaimNotice(id, type, kpj, nik, claim.amount(), components, paidAt, null, eventDate);
    }

    private static String ok(String value, java.util.regex.Pattern pattern) {
        return value != null && !ClaimShape.hasInvisible(value) && pattern.matcher(value).matches() ? value : null;
    }

    private Optional<ClaimNotice> readStored(String payload) {
        try {
            return Optional.ofNullable(json.readValue(payload, ClaimNotice.class));
        } catch (JsonProcessingException | RuntimeException e) {
            // A stored payload that no longer reads (an older format): nothing to compare with.
            return Optional.empty();
        }
    }

    /** Same claim for finance: type, worker, amounts, components (in any order), paid time, beneficiary. */
    static boolean sameContent(ClaimNotice a, ClaimNotice b) {
        return differences(a, b).isEmpty();
    }

    /** The names of the fields that differ, comma-separated; empty when none. No values. */
    static String differences(ClaimNotice a, ClaimNotice b) {
        List<String> differ = new java.util.ArrayList<>();
        if (!java.util.Objects.equals(a.claimType(), b.claimType())) {
            differ.add("claimType");
        }
        if (!java.util.Objects.equals(a.kpj(), b.kpj())) {
            differ.add("kpj");
        }
        if (!java.util.Objects.equals(a.nik(), b.nik())) {
            differ.add("nik");
        }
        if (a.amount() != b.amount()) {
            differ.add("amount");
        }
        if (!componentsOf(a).equals(componentsOf(b))) {
            differ.add("components");
        }
        Instant pa = ClaimShape.paidAt(a);
        Instant pb = ClaimShape.paidAt(b);
        if (pa != null && pb != null ? !pa.equals(pb) : !java.util.Objects.equals(a.paidAt(), b.paidAt())) {
            differ.add("paidAt");
        }
        if (!java.util.Objects.equals(a.beneficiary(), b.beneficiary())) {
            differ.add("beneficiary");
        }
        if (!java.util.Objects.equals(a.tanggalKejadian(), b.tanggalKejadian())) {
            differ.add("tanggalKejadian");
        }
        return String.join(",", differ);
    }

    private static List<String> componentsOf(ClaimNotice c) {
        if (c.components() == null) {
            return List.of();
        }
        return c.components().stream().map(x -> x == null ? "null" : x.code() + "=" + x.amount()).sorted().toList();
    }

    private String canonical(ClaimNotice claim) {
        try {
            return json.writeValueAsString(claim);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the claim", e);
        }
    }

    static String digest(String text) {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(
                            text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Whether the pull may move its watermark to this claim's paidAt: a real instant in the plausible range. */
    public boolean plausiblePaidAt(ClaimNotice claim) {
        Instant paidAt = claim == null ? null : ClaimShape.paidAt(claim);
        return paidAt != null && !paidAt.isBefore(catalogue.earliestPaidAt())
                && !paidAt.isAfter(clock.instant().plus(catalogue.paidAtSkew()));
    }

    /** The ledger's claim_type column is short; a bogus type is kept recognisable, and goes to review. */
    private static String storedType(String type) {
        return type == null ? "?" : type.length() > 16 ? type.substring(0, 16) : type;
    }

    private Optional<WorkerEnrollment> findWorker(ClaimNotice claim) {
        Optional<WorkerEnrollment> byKpj = ledger.findWorkerByKpj(claim.kpj());
        return byKpj.isPresent() ? byKpj : ledger.findWorkerByNik(claim.nik());
    }

    private FinanceClaimMessage toMessage(String recordId, CheckedClaim checked, List<ClaimReview> problems,
                                          ClaimNotice previous, String source, Instant now) {
        ClaimNotice claim = checked.claim();
        WorkerEnrollment worker = checked.worker();
        // On review a refused event date is still shown (the reason says why); finance only gets a valid one.
        LocalDate shownDate = ClaimShape.eventDate(claim);
        FinanceClaimMessage.Worker w = worker == null
                ? new FinanceClaimMessage.Worker(NikMask.scrub(claim.kpj()), NikMask.mask(claim.nik()), null, null, null)
                : new FinanceClaimMessage.Worker(worker.kpj(), NikMask.mask(worker.nik()), worker.name(),
                String.valueOf(worker.enrolledAt()), worker.enrolledAt().atZone(zone).toLocalDate().toString());
        FinanceClaimMessage.Agency a = null;
        if (worker != null) {
            Optional<Agency> agency = agencies.byId(worker.agencyId());
            a = new FinanceClaimMessage.Agency(worker.agencyId(), agency.map(Agency::name).orElse(null), worker.district());
        }
        boolean review = !problems.isEmpty();
        String code = review ? problems.stream().map(ClaimReview::code).distinct().collect(Collectors.joining(","))
                : null;
        String reason = review ? problems.stream().map(ClaimReview::reason).collect(Collectors.joining("; ")) : null;
        return new FinanceClaimMessage(FinanceClaimMessage.SCHEMA_VERSION,
                FinanceClaimMessage.messageIdOf(recordId),
                review ? FinanceClaimMessage.REVIEW_TYPE : FinanceClaimMessage.TYPE, claim.claimId(),
                NikMask.scrub(claim.claimType()), claim.amount(), "IDR", claim.components(), claim.paidAt(), w, a,
                // Map.copyOf refuses null keys: a claim without a type has no budget account.
                claim.claimType() == null ? null : budgetAccounts.get(claim.claimType()), source, now.toString(), code, reason,
                shownDate == null ? null : shownDate.toString(), checked.serviceLevel(),
                previous == null ? null : new FinanceClaimMessage.Previous(previous.claimType(), previous.amount(),
                        previous.components(), previous.paidAt(), NikMask.scrub(previous.kpj()), NikMask.mask(previous.nik()),
                        ClaimShape.eventDate(previous) == null ? null : previous.tanggalKejadian()));
    }
}
