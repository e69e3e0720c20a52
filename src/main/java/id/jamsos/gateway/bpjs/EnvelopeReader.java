package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;

/**
 * Reads what the http producer brought back from a BPJS GET (the claims listing, the invoice) into
 * the envelope's {@code response}. Any answer that is not HTTP 200 with metaData 200 and a
 * {@code response} is a {@link BpjsCallException}; the route that called retries on its next schedule.
 *
 * <p>A key repeated in an answer is refused, not read last-wins: the invoice and the claims listing
 * are money, and a repeated {@code klaim} or {@code response} would silently drop what came first (the
 * pull's watermark would then move past claims it never saw). A claim of the listing keeps its own
 * repeated keys ({@code claims.RawClaim}): that claim alone goes to review, the others are taken.
 *
 * @param <T> the type of the envelope's {@code response}
 */
public final class EnvelopeReader<T> {

    private final String call;
    private final ObjectReader reader;

    /** @param call what was called, for messages: {@code "GET /bpjstk/v1/klaim"} */
    public EnvelopeReader(String call, ObjectMapper json, TypeReference<Envelope<T>> type) {
        this.call = call;
        this.reader = json.readerFor(type).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** The envelope's {@code response}, never null. */
    public T response(byte[] body, int status) {
        Envelope<T> envelope;
        try {
            // No body reads as "no content": an envelope that is not there.
            envelope = reader.readValue(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new BpjsCallException(call + ": HTTP " + status + " with no readable envelope" + repeatedKey(e), e);
        }
        if (status != 200 || envelope == null || envelope.metaData() == null || !envelope.metaData().isOk()
                || envelope.response() == null) {
            MetaData meta = envelope == null ? null : envelope.metaData();
            String code = meta == null ? "?" : meta.code();
            String message = meta == null ? "" : meta.message();
            throw new BpjsCallException(call + ": HTTP " + status + ", metaData " + code + " " + message, null);
        }
        return envelope.response();
    }

    /**
     * The whole envelope, read as strictly as {@link #response} (a key sent twice refuses it), whatever
     * its metaData code: for calls whose business codes are answers about the request (a change row's
     * 201 "not found", 212 "already non-active"), which the caller sorts itself. A {@link BpjsCallException}
     * only when there is no readable envelope.
     */
    public Envelope<T> envelope(byte[] body, int status) {
        Envelope<T> envelope;
        try {
            envelope = reader.readValue(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new BpjsCallException(call + ": HTTP " + status + " with no readable envelope" + repeatedKey(e), e);
        }
        if (envelope == null || envelope.metaData() == null) {
            throw new BpjsCallException(call + ": HTTP " + status + " with no readable envelope", null);
        }
        return envelope;
    }

    /**
     * Names a repeated key (Jackson says "Duplicate field 'x'"); nothing else of the answer is quoted.
     * Public for readers that stream an answer themselves ({@code finance.InvoiceAnswer}).
     */
    public static String repeatedKey(IOException e) {
        // Thrown by the parser, and wrapped with its path when a record was being read.
        if (e instanceof JsonProcessingException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith("Duplicate field")) {
            String said = NikMask.scrub(read.getOriginalMessage());
            return ": a key sent twice (" + (said.length() > 80 ? said.substring(0, 80) + "..." : said) + ")";
        }
        return "";
    }
}
