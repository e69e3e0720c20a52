package id.jamsos.gateway.enrollment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.EnvelopeReader;
import id.jamsos.gateway.bpjs.Membership;
import id.jamsos.gateway.bpjs.Payer;
import id.jamsos.gateway.ledger.OtherPayerLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.nik.NikMask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Already covered by another payer" (issue 18; docs/bpjs-api.md "Who pays: pembayar"): the steps of
 * routes/enroller.camel.yaml between BPJS's batch answer and the ledger. A row BPJS answered 208 ("already
 * registered", with the member's KPJ) is looked up (GET /bpjstk/v1/peserta/nik/{nik}); when the membership
 * is active and its {@code pembayar} is not the region the row was sent for (the member pays themselves,
 * a CSR donor, an employer, another region), the row ends OTHER_PAYER: no worker, no period of cover, not
 * billed to the city, and finance is told (COVERED_BY_OTHER_PAYER). A 208 of the city's own member stays
 * ENROLLED as before.
 *
 * <p>When BPJS does not say who pays (no {@code pembayar}: an answer of before the field), the look-up
 * finds no member (201) or the membership is not active, the row stays ENROLLED as it was before this
 * step existed: BPJS took the city's registration, and its invoice is what bills the city; the gateway
 * does not turn away a worker on a guess. Each such row is counted (jamsos_enrollment_payer_unknown_total)
 * and logged without its NIK, for an operator to compare with the invoice (the statement's "billed but
 * not enrolled" and "enrolled but not billed" lines).
 */
public final class OtherPayers {

    private static final Logger LOG = LoggerFactory.getLogger(OtherPayers.class);

    private static final TypeReference<Envelope<Membership>> MEMBERSHIP = new TypeReference<>() {
    };
    private static final Pattern NIK = Pattern.compile("\\d{16}");
    private static final Set<String> CREDENTIAL_CODES = Set.of("401", "403", "419");
    private static final String NOT_FOUND = "201";
    /** The reason BatchAnswers gives a row answered 208: "BPJS 208: ...". */
    private static final String ALREADY_REGISTERED = "BPJS " + id.jamsos.gateway.bpjs.EnrollmentResult.ALREADY_REGISTERED
            + ":";

    /** One row to look up: the ledger's coordinates, the NIK asked about, the KPJ BPJS answered, the region sent. */
    public record Ask(long fileId, int rowNo, String nik, String kpj, String regionCode, String agencyId) {

        @Override
        public String toString() {
            // Never the NIK: this may end in a log line or an exception's message.
            return "Ask[file " + fileId + " row " + rowNo + ", kpj " + kpj + "]";
        }
    }

    /** What the look-up said of one row; {@code membership} null when BPJS does not know the NIK or could not be read. */
    public record Answer(Ask ask, Membership membership, String problem) {
    }

    /**
     * The job's outcomes after the look-ups, and what finance must be told of the rows that ended OTHER_PAYER;
     * {@code payerSince} the payer's {@code sejak} by finding (its source), which the ledger needs when the
     * same person is covered at the city's cost by another file's period (Ledger.recordOutcomes ends it).
     */
    public record Decided(List<RowOutcome> outcomes, List<OtherPayerLedger.Found> found, Map<String, String> payerSince) {

        public Decided(List<RowOutcome> outcomes, List<OtherPayerLedger.Found> found) {
            this(outcomes, found, Map.of());
        }
    }

    private final EnvelopeReader<Membership> reader;
    private final Clock clock;
    private final ZoneId zone;
    private volatile MeterRegistry meters;
    /** More codes of the city as a payer (jamsos.payerRegionCodes, comma-separated); null: the request's only. */
    private volatile String regionCodes;
    private volatile Counter unknown;

    /** The city's codes as a payer besides the request's kodeWilayahPemda (comma-separated; null or blank: none). */
    public OtherPayers regionCodes(String codes) {
        this.regionCodes = codes == null || codes.isBlank() ? null : codes;
        return this;
    }

    public OtherPayers(ObjectMapper json, Clock clock, ZoneId zone) {
        this.reader = new EnvelopeReader<>("GET /bpjstk/v1/peserta/nik/{nik}", json, MEMBERSHIP);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Counts into {@code registry} from now on: jamsos_enrollment_other_payer_total{payer} (rows ended
     * OTHER_PAYER, by payer kind) and jamsos_enrollment_payer_unknown_total. Given by the gateway's
     * metrics once they exist (as CredentialsAlarm's), so the enroller's beans need no metrics to start.
     */
    public OtherPayers meters(MeterRegistry registry) {
        this.unknown = Counter.builder("jamsos.enrollment.payer.unknown")
                .description("Rows answered 'already registered' whose payer BPJS did not tell; kept ENROLLED")
                .register(registry);
        this.meters = registry;
        return this;
    }

    /** True for an outcome BatchAnswers made of a 208 ("already registered", with the member's KPJ). */
    public static boolean alreadyRegistered(RowOutcome o) {
        return o.state() == RowState.ENROLLED && o.reason() != null && o.reason().startsWith(ALREADY_REGISTERED);
    }

    // ---------------------------------------------------------------- route steps

    /** The rows of the job BPJS answered 208, to look up; empty when there are none (the usual case). */
    public List<Ask> asks(@Body List<RowOutcome> outcomes, @ExchangeProperty(Headers.JOB) EnrollmentJob job) {
        Map<Integer, EnrollmentJob.Item> items = new HashMap<>();
        for (EnrollmentJob.Item item : job.items()) {
            items.put(item.rowNo(), item);
        }
        List<Ask> asks = new ArrayList<>();
        for (RowOutcome o : outcomes) {
            EnrollmentJob.Item item = items.get(o.rowNo());
            if (alreadyRegistered(o) && item != null) {
                asks.add(new Ask(o.fileId(), o.rowNo(), item.request().nik(), o.kpj(),
                        item.request().kodeWilayahPemda(), job.agencyId()));
            }
        }
        return asks;
    }

    /** The path of the look-up: /nik/{nik}; a NIK no URL should carry (never sent so) is not asked about. */
    public String path(@Body Ask ask) {
        if (ask.nik() == null || !NIK.matcher(ask.nik()).matches()) {
            throw new PermanentDeliveryException("row " + ask.rowNo() + " of file " + ask.fileId()
                    + " has a NIK that cannot be looked up");
        }
        return "/nik/" + ask.nik();
    }

    /**
     * BPJS's answer sorted: a membership, or 201 (not a member) an answer too; 429, 5xx and no readable
     * answer transient (retried, counted by the circuit breaker); refused credentials as the enroller's;
     * any other business code an answer that tells nothing (the row stays as BPJS decided it).
     */
    public Answer read(@Body byte[] answer, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                       @Header(Headers.RETRY_AFTER) String retryAfter,
                       @ExchangeProperty(Headers.OTHER_PAYER_ASK) Ask ask) {
        int http = status == null ? 0 : status;
        if (http == 429 || http >= 500) {
            throw new TransientDeliveryException("membership of row " + ask.rowNo() + ": endpoint answered HTTP " + http,
                    BatchAnswers.retryAfterMillis(retryAfter), null);
        }
        Envelope<Membership> envelope;
        try {
            envelope = reader.envelope(answer, http);
        } catch (RuntimeException e) {
            if (http == 401 || http == 403) {
                throw CredentialsRefusedException.answered(http, "?", null);
            }
            throw new TransientDeliveryException(NikMask.scrub(String.valueOf(e.getMessage())), 0, null);
        }
        String code = envelope.metaData().code();
        if (http == 401 || http == 403 || CREDENTIAL_CODES.contains(code)) {
            throw CredentialsRefusedException.answered(http, code == null ? "?" : code, envelope.metaData().message());
        }
        if (NOT_FOUND.equals(code)) {
            return new Answer(ask, null, "BPJS does not know the NIK (201) though it answered 208");
        }
        if (http != 200 || !envelope.metaData().isOk() || envelope.response() == null) {
            return new Answer(ask, null, "HTTP " + http + ", metaData " + code);
        }
        return new Answer(ask, envelope.response(), null);
    }

    /**
     * The look-up of {@code ask} failed after its retries (BPJS down, the breaker open, an answer that
     * cannot be read): the row's payer is unknown, and {@link #decide} keeps it ENROLLED, counted and logged.
     */
    public Answer unanswered(@ExchangeProperty(Headers.OTHER_PAYER_ASK) Ask ask,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        return new Answer(ask, null, "the membership look-up failed ("
                + (error == null ? "?" : NikMask.scrub(error.getClass().getSimpleName() + ": " + error.getMessage())) + ")");
    }

    /**
     * The job's outcomes with the looked-up rows decided: OTHER_PAYER (with the bilingual reason the
     * agency reads, and a finding for finance) when BPJS names an active payer other than the region;
     * otherwise as BatchAnswers made them.
     */
    public Decided decide(@Body List<Answer> answers,
                          @ExchangeProperty(Headers.OTHER_PAYER_OUTCOMES) List<RowOutcome> outcomes) {
        Map<Integer, Answer> byRow = new HashMap<>();
        if (answers != null) {
            for (Object a : answers) {
                // The split hands back its bodies; with no row to look up it hands back the empty list asked.
                if (a instanceof Answer answer) {
                    byRow.put(answer.ask().rowNo(), answer);
                }
            }
        }
        YearMonth month = YearMonth.now(clock.withZone(zone));
        List<RowOutcome> decided = new ArrayList<>(outcomes.size());
        List<OtherPayerLedger.Found> found = new ArrayList<>();
        Map<String, String> since = new HashMap<>();
        for (RowOutcome o : outcomes) {
            Answer a = byRow.get(o.rowNo());
            if (a == null) {
                decided.add(o);
                continue;
            }
            Membership m = a.membership();
            Payer payer = m == null ? null : m.pembayar();
            if (m == null || payer == null || !payer.isKnown() || !m.isActive()) {
                countUnknown();
                LOG.warn("file #{} row {}: BPJS answered 'already registered' (KPJ {}) but {}; kept ENROLLED at the"
                        + " city's cost: compare with BPJS's invoice", o.fileId(), o.rowNo(), o.kpj(),
                        m == null ? a.problem() : payer == null || !payer.isKnown() ? "did not say who pays" : "the membership is " + m.status());
                decided.add(o);
            } else if (payer.isRegion(a.ask().regionCode()) || payer.isRegion(regionCodes)) {
                decided.add(o);
            } else {
                String kpj = m.kpj() == null || m.kpj().isBlank() ? o.kpj() : m.kpj();
                decided.add(new RowOutcome(o.fileId(), o.rowNo(), RowState.OTHER_PAYER, kpj, reason(payer, kpj),
                        o.agencyId(), o.district()));
                found.add(new OtherPayerLedger.Found(OtherPayerLedger.Found.rowSource(o.fileId(), o.rowNo()), kpj,
                        NikMask.mask(a.ask().nik()), o.agencyId(), o.fileId(), o.rowNo(), null, payer.kind(),
                        payer.kode(), payer.nama(), month));
                if (payer.sejak() != null) {
                    since.put(OtherPayerLedger.Found.rowSource(o.fileId(), o.rowNo()), payer.sejak());
                }
                MeterRegistry registry = meters;
                if (registry != null) {
                    registry.counter("jamsos.enrollment.other.payer", "payer", payer.kind()).increment();
                }
                LOG.info("file #{} row {}: already an active member (KPJ {}) paid by {}; not enrolled at the city's cost",
                        o.fileId(), o.rowNo(), kpj, payer.describeEn());
            }
        }
        return new Decided(decided, found, since);
    }

    /** The reason the agency reads: Indonesian / English (one " / " only, the reports split on it). */
    public static String reason(Payer payer, String kpj) {
        return ("Sudah menjadi peserta aktif BPJS Ketenagakerjaan yang dibayar oleh " + payer.describeId()
                + " (KPJ " + kpj + ") - tidak didaftarkan atas biaya kota; kirim lagi bila pembayar lain berhenti membayar").replace(" / ", " - ")
                + " / " + ("Already an active BPJS Ketenagakerjaan member paid by " + payer.describeEn() + " (KPJ "
                + kpj + "); not enrolled at the city's cost; send it again if the other payer stops paying").replace(" / ", " - ");
    }

    private void countUnknown() {
        Counter c = unknown;
        if (c != null) {
            c.increment();
        }
    }
}
