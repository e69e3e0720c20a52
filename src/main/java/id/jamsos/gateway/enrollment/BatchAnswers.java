package id.jamsos.gateway.enrollment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.EnrollmentBatchResult;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads BPJS's answer to a batch request into the outcome of each row of the job. The metaData
 * envelope is read rather than the HTTP status alone (business errors come with HTTP 200), and a
 * failed answer is sorted: transient (429, 5xx: retried), the credentials refused (held, see
 * {@link CredentialsAlarm}), or permanent (parked). Runs inside the circuit breaker, so that the
 * breaker counts the transient ones against the endpoint.
 */
public final class BatchAnswers {

    private static final TypeReference<Envelope<EnrollmentBatchResult>> BATCH_ANSWER = new TypeReference<>() {
    };

    /** metaData codes of the signature check (docs/bpjs-api.md, section 1), whatever the HTTP status. */
    private static final Set<String> CREDENTIAL_CODES = Set.of("401", "403", "419");

    private final ObjectMapper json;
    private final CredentialsAlarm credentials;

    public BatchAnswers(ObjectMapper json, CredentialsAlarm credentials) {
        this.json = json;
        this.credentials = credentials;
    }

    /**
     * One outcome per row of the job, in the job's order.
     *
     * @param status     the HTTP status BPJS answered
     * @param retryAfter BPJS's Retry-After header, null when it sent none
     * @param body       the answer's bytes (an envelope, or whatever a proxy in between sent)
     */
    public List<RowOutcome> outcomes(@Header(Exchange.HTTP_RESPONSE_CODE) int status,
                                     @Header(Headers.RETRY_AFTER) String retryAfter, @Body byte[] body,
                                     @ExchangeProperty(Headers.JOB) EnrollmentJob job) {
        List<EnrollmentResult> results;
        try {
            results = results(status, retryAfter, body, job.items().size());
        } catch (CredentialsRefusedException e) {
            credentials.refused(e);
            throw e;
        } catch (TransientDeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            // A refusal of the batch: BPJS took the credentials, or it would have said so.
            credentials.accepted();
            throw e;
        }
        credentials.accepted();
        return outcomes(job, results);
    }

    private List<EnrollmentResult> results(int status, String retryAfter, byte[] body, int expected) {
        if (status == 429 || status >= 500) {
            throw new TransientDeliveryException("endpoint answered HTTP " + status, retryAfterMillis(retryAfter), null);
        }
        Envelope<EnrollmentBatchResult> envelope;
        try {
            envelope = json.readValue(body == null ? new byte[0] : body, BATCH_ANSWER);
        } catch (IOException e) {
            if (status == 401 || status == 403) {
                throw CredentialsRefusedException.answered(status, "?", null);
            }
            throw new PermanentDeliveryException("endpoint answered HTTP " + status + " with no readable envelope");
        }
        if (envelope == null) {
            throw new PermanentDeliveryException("endpoint answered HTTP " + status + " with no readable envelope");
        }
        String metaCode = envelope.metaData() == null ? null : envelope.metaData().code();
        if (status == 401 || status == 403 || CREDENTIAL_CODES.contains(metaCode)) {
            // Not about these rows: the key, the consumer id or secret, or the clock (docs/bpjs-api.md, section 1).
            throw CredentialsRefusedException.answered(status, metaCode == null ? "?" : metaCode,
                    envelope.metaData() == null ? null : envelope.metaData().message());
        }
        if (status != 200 || envelope.metaData() == null || !envelope.metaData().isOk()) {
            String code = envelope.metaData() == null ? "?" : envelope.metaData().code();
            String message = envelope.metaData() == null ? "" : envelope.metaData().message();
            throw new PermanentDeliveryException("endpoint refused the batch: HTTP " + status
                    + ", metaData " + code + " " + message);
        }
        List<EnrollmentResult> results = envelope.response() == null ? null : envelope.response().hasil();
        if (results == null || results.size() != expected) {
            throw new PermanentDeliveryException("endpoint answered " + (results == null ? 0 : results.size())
                    + " results for " + expected + " requests");
        }
        return results;
    }

    private static List<RowOutcome> outcomes(EnrollmentJob job, List<EnrollmentResult> results) {
        List<RowOutcome> outcomes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            EnrollmentJob.Item item = job.items().get(i);
            EnrollmentResult r = results.get(i);
            if (r.refId() != null && !r.refId().equals(item.request().refId())) {
                throw new PermanentDeliveryException("endpoint answered out of order at position " + i);
            }
            if (r.isMember() && (r.kpj() == null || r.kpj().isBlank())) {
                // "Enrolled" without a membership number cannot be recorded; retrying will not
                // change BPJS's answer, so the job is parked for an operator at once.
                throw new PermanentDeliveryException("endpoint answered " + r.code() + " without a KPJ number at position " + i);
            }
            if (r.isMember()) {
                outcomes.add(new RowOutcome(job.fileId(), item.rowNo(), RowState.ENROLLED, r.kpj(),
                        EnrollmentResult.ALREADY_REGISTERED.equals(r.code()) ? "BPJS " + r.code() + ": " + r.message() : null,
                        job.agencyId(), item.district(), WorkerProfile.of(item.request())));
            } else {
                outcomes.add(new RowOutcome(job.fileId(), item.rowNo(), RowState.REFUSED, null,
                        "BPJS " + r.code() + ": " + r.message(), job.agencyId(), item.district()));
            }
        }
        return outcomes;
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
