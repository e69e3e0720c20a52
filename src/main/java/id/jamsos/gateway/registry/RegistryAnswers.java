package id.jamsos.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads the registry's answer to CALL_VERIFY_BY_ELEMEN (docs/registry-api.md) into a
 * {@link RegistryVerdict}, or says why there is none:
 * <ul>
 *   <li>HTTP 429, 5xx, or a 200 whose body is not the registry's JSON: {@link RegistryTransientException}
 *       (the route retries it, and the circuit breaker counts it);</li>
 *   <li>HTTP 401/403, RESPON "Login Gagal" or "IP Address Tidak Sesuai": a refusal, thrown as
 *       {@link RegistryRefusedException} past the circuit breaker ({@link #verdict}; never retried: an
 *       operator must act);</li>
 *   <li>any other HTTP status: {@link RegistryUnavailableException} (not retried; the rows wait);</li>
 *   <li>RESPON "Data Tidak Ditemukan": {@link RegistryVerdict#notFound};</li>
 *   <li>the registry's JSON with an answer about the worker the gateway cannot read (a RESPON it does not
 *       know, a field judged in another form, no field judged): {@link RegistryVerdict#unreadable}, a verdict
 *       about this one worker (the registry answered: not a failure for the breaker, not retried), which
 *       sends the row to review; a whole job is not held for one person's answer;</li>
 *   <li>otherwise each judged field, "Sesuai (100)" or "Tidak Sesuai (43)", and EKTP_STATUS.</li>
 * </ul>
 * No message here quotes the request or the answer's data: they carry the NIK and the name.
 */
public final class RegistryAnswers {

    /** "Sesuai (100)", "Tidak Sesuai (43)", and the bare "Sesuai" / "Tidak Sesuai" some versions send. */
    private static final Pattern JUDGED = Pattern.compile("^\\s*(TIDAK\\s+)?SESUAI\\s*(?:\\(\\s*(\\d{1,3})\\s*\\))?\\s*$");

    /**
     * A RESPON that speaks of the service rather than of the worker: it holds the job (the rows wait) as an
     * outage does, never sends a row to review. Any other RESPON the gateway does not know is read as an
     * answer about the one worker asked ({@link RegistryVerdict#unreadable}).
     */
    private static final Pattern SERVICE_WORDS = Pattern.compile(
            "\\b(LAYANAN|SERVICE|SERVER|SISTEM|SYSTEM|KUOTA|QUOTA|LIMIT|MAINTENANCE|PEMELIHARAAN|GANGGUAN|TIMEOUT"
                    + "|TOKEN|SESSION|SESI|AKSES|ACCESS|DITUTUP|SIBUK|BUSY)\\b");

    private final ObjectMapper json;
    private final int threshold;

    public RegistryAnswers(ObjectMapper json, int threshold) {
        this.json = json;
        this.threshold = threshold;
    }

    public RegistryAnswer read(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body InputStream body) {
        int code = status == null ? 0 : status;
        if (code == 429 || code >= 500) {
            throw new RegistryTransientException("population registry answered HTTP " + code, null);
        }
        if (code == 401 || code == 403) {
            return RegistryAnswer.refused("HTTP " + code);
        }
        if (code != 200) {
            throw new RegistryUnavailableException("population registry answered HTTP " + code
                    + " (check jamsos.registry.url)", null);
        }
        JsonNode content;
        try {
            JsonNode root = body == null ? null : json.readTree(body);
            content = root == null ? null : root.path("content");
        } catch (IOException e) {
            throw new RegistryTransientException("population registry's answer is not JSON", null);
        }
        if (content == null || !content.isArray() || content.isEmpty() || !content.get(0).isObject()) {
            throw new RegistryTransientException("population registry's answer has no content", null);
        }
        return verdict(content.get(0));
    }

    /** After the circuit breaker: the verdict, or the refusal thrown as {@link RegistryRefusedException}. */
    public RegistryVerdict verdict(@Body RegistryAnswer answer) {
        if (answer.isRefusal()) {
            throw new RegistryRefusedException(answer.refusal());
        }
        return answer.verdict();
    }

    private RegistryAnswer verdict(JsonNode person) {
        JsonNode respon = person.get("RESPON");
        if (respon != null && !respon.isNull()) {
            String text = respon.asText().trim();
            String upper = text.toUpperCase(Locale.ROOT);
            // The gateway's own refusal first, and "not found" only for the data: a refusal worded
            // "User tidak ditemukan" must raise the alarm, not send every worker to review.
            if (upper.contains("LOGIN GAGAL") || upper.contains("IP ADDRESS")) {
                return RegistryAnswer.refused(text);
            }
            if (upper.contains("DATA TIDAK DITEMUKAN")) {
                return RegistryAnswer.of(RegistryVerdict.notFound(threshold));
            }
            // Of the service, not of the worker (closed, busy, out of quota, in maintenance): the rows wait.
            if (SERVICE_WORDS.matcher(upper).find()) {
                throw new RegistryUnavailableException("population registry answered RESPON \""
                        + text.substring(0, Math.min(80, text.length())) + "\"", null);
            }
            // About this worker, in words the gateway does not know: a person looks at the row. Not quoted
            // in a log: it may carry the worker's data.
            return RegistryAnswer.of(RegistryVerdict.unreadable(threshold));
        }
        Map<RegistryField, RegistryVerdict.FieldVerdict> fields = new EnumMap<>(RegistryField.class);
        for (RegistryField field : RegistryField.values()) {
            JsonNode judged = person.get(field.element());
            if (judged != null && !judged.isNull()) {
                RegistryVerdict.FieldVerdict v = judged(judged.asText());
                if (v == null) {
                    return RegistryAnswer.of(RegistryVerdict.unreadable(threshold));
                }
                fields.put(field, v);
            }
        }
        if (fields.isEmpty()) {
            return RegistryAnswer.of(RegistryVerdict.unreadable(threshold));
        }
        boolean recorded = "SUDAH REKAM".equalsIgnoreCase(person.path("EKTP_STATUS").asText("").trim());
        return RegistryAnswer.of(new RegistryVerdict(RegistryVerdict.Kind.FOUND, fields, recorded, threshold));
    }

    /** "Sesuai (100)" and its kin; null for a form the gateway does not know. */
    private static RegistryVerdict.FieldVerdict judged(String text) {
        Matcher m = JUDGED.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        boolean matches = m.group(1) == null;
        int score = m.group(2) != null ? Integer.parseInt(m.group(2)) : matches ? 100 : 0;
        return new RegistryVerdict.FieldVerdict(matches, score);
    }
}
