package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.StringWriter;

/**
 * One claim of the claims listing as the endpoint sent it: its JSON text with every key, a repeated
 * one included. Read into a tree, a repeated {@code "amount"} would be lost (the last one wins) and
 * the claim would look sound; kept as text, {@link ClaimPuller#prepare} reads it as strictly as the
 * callback reads a claim, and a repeated key sends this claim alone to review.
 */
@JsonDeserialize(using = RawClaim.Reader.class)
public record RawClaim(String json) {

    /**
     * Copies the claim's tokens as they come. The page around it is read with repeated keys refused
     * ({@code bpjs.EnvelopeReader}); inside the claim that refusal is turned off, so one claim cannot fail the
     * whole page and hold the pull's watermark for good. Jackson keeps the switch per object being
     * read: turned off here, it applies to this claim and what it holds, and is back on for the next.
     */
    static final class Reader extends JsonDeserializer<RawClaim> {
        @Override
        public RawClaim deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            boolean refusing = p.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            TokenBuffer copy;
            try {
                copy = ctxt.bufferAsCopyOfValue(p);
            } finally {
                if (refusing) {
                    p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                }
            }
            StringWriter text = new StringWriter();
            try (JsonParser tokens = copy.asParserOnFirstToken(); JsonGenerator out = p.getCodec().getFactory()
                    .createGenerator(text)) {
                out.copyCurrentStructure(tokens);
            }
            return new RawClaim(text.toString());
        }

        /**
         * A {@code null} in the listing's {@code klaim} is kept as the text {@code null}: read as Java's
         * null, the split would pass over it without a word, and it goes to review like any other
         * entry that is not a claim.
         */
        @Override
        public RawClaim getNullValue(DeserializationContext ctxt) {
            return new RawClaim("null");
        }
    }
}
