package id.jamsos.gateway.changes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.EnvelopeReader;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.CredentialsRefusedException;
import id.jamsos.gateway.enrollment.PermanentDeliveryException;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.EndReason;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads BPJS's answer to one change row into the row's outcome. The envelope is read strictly
 * ({@link EnvelopeReader}: a key sent twice is no answer) and by its metaData code, not the HTTP status
 * alone: business answers come with HTTP 200. What is not an answer about the row is sorted as the
 * enroller sorts it ({@code enrollment.BatchAnswers}): transient (429, 5xx: retried with the same
 * refId), the credentials refused (held, {@link CredentialsAlarm}), or permanent (parked: a 4xx, no
 * envelope, an answer for another refId). Runs inside the circuit breaker, which counts the transient
 * ones against the endpoint.
 *
 * <p>The answers (docs/bpjs-api.md): BERHENTI 200 (non-active now) or 212 (was already non-active;
 * the month BPJS names is the one kept) end cover; KOREKSI 200 corrects; any other business code
 * (201 not found, 412 a field BPJS refuses, ...) refuses the row with BPJS's own words.
 */
public final class ChangeAnswers {

    /** metaData codes of the signature check (docs/bpjs-api.md, section 1), whatever the HTTP status. */
    private static final Set<String> CREDENTIAL_CODES = Set.of("401", "403", "419");

    /** What BPJS answers to a deactivation or an update; fields of the other call are absent. */
    public record Answer(String refId, String kpj, String status, String bulanTerakhir, List<String> diubah) {
    }

    private final EnvelopeReader<Answer> deactivations;
    private final EnvelopeReader<Answer> updates;
    private final CredentialsAlarm credentials;
    private final LongFunction<YearMonth> handoverMonth;

    /**
     * @param handoverMonth for a PINDAH row whose job names no month: the month its file's handovers take
     *                      effect (the month after the file was received, in the city's zone)
     */
    public ChangeAnswers(ObjectMapper json, CredentialsAlarm credentials, LongFunction<YearMonth> handoverMonth) {
        TypeReference<Envelope<Answer>> type = new TypeReference<>() {
        };
        this.deactivations = new EnvelopeReader<>("POST /bpjstk/v1/peserta/nonaktif", json, type);
        this.updates = new EnvelopeReader<>("PUT /bpjstk/v1/peserta/{kpj}", json, type);
        this.credentials = credentials;
        this.handoverMonth = handoverMonth;
    }

    /** A fresh list for the job's outcomes (the route keeps it as {@link Headers#CHANGE_OUTCOMES}). */
    public List<ChangeOutcome> start() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Adds the row's outcome to the job's. */
    public void collect(@Body ChangeOutcome outcome,
                        @ExchangeProperty(Headers.CHANGE_OUTCOMES) List<ChangeOutcome> outcomes) {
        outcomes.add(outcome);
    }

    /**
     * PINDAH: no BPJS call. Both agencies are offices of the same city, which pays the same
     * contribution for the same member either way: the membership at BPJS does not change, only who
     * answers for the worker in the city's books (docs/operations.md, "Change rows").
     */
    public ChangeOutcome handover(@ExchangeProperty(Headers.JOB) ChangeJob job,
                                  @ExchangeProperty(Headers.CHANGE_ITEM) ChangeItem item) {
        YearMonth from;
        try {
            from = item.effectiveMonth() == null ? handoverMonth.apply(job.fileId())
                    : YearMonth.parse(item.effectiveMonth());
        } catch (DateTimeParseException e) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": PINDAH with a month that is not yyyy-MM");
        }
        if (item.targetAgencyId() == null || item.targetAgencyId().isBlank()) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": PINDAH without a target agency in the job");
        }
        return ChangeOutcome.handedOver(job.fileId(), item.rowNo(), job.agencyId(), item.kpj(), item.targetAgencyId(),
                from);
    }

    /**
     * KOREKSI of the village, the district or the trade only: no BPJS call (its update call has no such
     * fields; they are the city's record, which the coverage reports count by). Applied as a correction BPJS was not asked
     * about, as a PINDAH is.
     */
    public ChangeOutcome profileCorrected(@ExchangeProperty(Headers.JOB) ChangeJob job,
                                          @ExchangeProperty(Headers.CHANGE_ITEM) ChangeItem item) {
        if (!item.profileOnly()) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": not a KOREKSI of the village, district or trade only");
        }
        return ChangeOutcome.corrected(job.fileId(), item.rowNo(), job.agencyId(), item.kpj(), correction(item),
                null, null, null);
    }

    /**
     * The row's outcome from BPJS's answer to its call.
     *
     * @param status     the HTTP status BPJS answered
     * @param retryAfter BPJS's Retry-After header, null when it sent none
     * @param body       the answer's bytes
     */
    public ChangeOutcome read(@Header(Exchange.HTTP_RESPONSE_CODE) int status,
                              @Header(Headers.RETRY_AFTER) String retryAfter, @Body byte[] body,
                              @ExchangeProperty(Headers.JOB) ChangeJob job,
                              @ExchangeProperty(Headers.CHANGE_ITEM) ChangeItem item) {
        if (status == 429 || status >= 500) {
            throw new TransientDeliveryException("endpoint answered HTTP " + status, retryAfterMillis(retryAfter), null);
        }
        Envelope<Answer> envelope;
        try {
            envelope = (item.action() == ChangeAction.KOREKSI ? updates : deactivations).envelope(body, status);
        } catch (BpjsCallException e) {
            if (status == 401 || status == 403) {
                throw refused(CredentialsRefusedException.answered(status, "?", null));
            }
            throw new PermanentDeliveryException(e.getMessage());
        }
        String code = envelope.metaData().code();
        String message = envelope.metaData().message();
        if (status == 401 || status == 403 || CREDENTIAL_CODES.contains(code)) {
            // Not about this row: the key, the consumer id or secret, or the clock.
            throw refused(CredentialsRefusedException.answered(status, code == null ? "?" : code, message));
        }
        // BPJS took the credentials, whatever it thinks of the row.
        credentials.accepted();
        if (status != 200) {
            throw new PermanentDeliveryException("endpoint refused the change of row " + item.rowNo() + ": HTTP "
                    + status + ", metaData " + code + " " + message);
        }
        Answer answer = envelope.response();
        if (answer != null && answer.refId() != null && !answer.refId().equals(item.idempotencyKey())) {
            throw new PermanentDeliveryException("endpoint answered row " + item.rowNo() + " for another refId");
        }
        boolean deactivated = item.action() == ChangeAction.BERHENTI && ("200".equals(code) || "212".equals(code));
        if (deactivated) {
            return ChangeOutcome.ended(job.fileId(), item.rowNo(), job.agencyId(), item.kpj(),
                    EndReason.valueOf(item.reason()), lastMonth(answer, item), item.idempotencyKey(), code);
        }
        if (item.action() == ChangeAction.KOREKSI && "200".equals(code)) {
            return ChangeOutcome.corrected(job.fileId(), item.rowNo(), job.agencyId(), item.kpj(), correction(item),
                    item.effectiveMonth() == null ? null : YearMonth.parse(item.effectiveMonth()),
                    item.idempotencyKey(), code);
        }
        return ChangeOutcome.refused(job.fileId(), item.rowNo(), job.agencyId(), item.action(), item.kpj(),
                "BPJS " + code + ": " + message, item.idempotencyKey(), code);
    }

    private CredentialsRefusedException refused(CredentialsRefusedException e) {
        credentials.refused(e);
        return e;
    }

    /** The month BPJS says membership ended (212 names the earlier end), else the row's. */
    private static YearMonth lastMonth(Answer answer, ChangeItem item) {
        if (answer != null && answer.bulanTerakhir() != null) {
            try {
                return YearMonth.parse(answer.bulanTerakhir());
            } catch (DateTimeParseException e) {
                throw new PermanentDeliveryException("endpoint answered row " + item.rowNo()
                        + " with a last month that is not yyyy-MM");
            }
        }
        return YearMonth.parse(item.lastMonth());
    }

    private static ChangeOutcome.Correction correction(ChangeItem item) {
        ChangeItem.Correction k = item.correction();
        return new ChangeOutcome.Correction(k.nama(), k.tglLahir() == null ? null : LocalDate.parse(k.tglLahir()),
                k.penghasilan(), k.noHp(), k.kelurahan(), k.pekerjaan(), k.distrik());
    }

    /** Retry-After in seconds (the only form the endpoint uses); an HTTP date is not honoured. */
    static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
