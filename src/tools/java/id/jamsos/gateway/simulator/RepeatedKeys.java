package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.MetaData;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault of the claims listing: a key sent twice, as a buggy or hostile endpoint might, once in the
 * claim (or in the page's {@code response}) with its own value and then again with another. A reader
 * that keeps the last value sees a sound claim; the gateway must not. Cleared with the other faults.
 */
final class RepeatedKeys {

    /** The page's {@code response} object, instead of a claim. */
    static final String PAGE = "";

    private record Repeat(String key, String rawJson) {
    }

    private final Map<String, List<Repeat>> byClaim = new ConcurrentHashMap<>();

    void add(String claimIdOrPage, String key, String rawJson) {
        byClaim.computeIfAbsent(claimIdOrPage, k -> new CopyOnWriteArrayList<>())
                .add(new Repeat(key, rawJson));
    }

    void clear() {
        byClaim.clear();
    }

    boolean isEmpty() {
        return byClaim.isEmpty();
    }

    /** The listing's envelope as JSON text, with the repeated keys after each object's own. */
    RawValue page(ObjectMapper json, List<ClaimNotice> claims, String watermark) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = json.getFactory().createGenerator(text)) {
            out.writeStartObject();
            out.writeFieldName("metaData");
            out.writeTree(json.valueToTree(MetaData.ok()));
            out.writeObjectFieldStart("response");
            out.writeArrayFieldStart("klaim");
            for (ClaimNotice claim : claims) {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : json.valueToTree(claim).properties()) {
                    out.writeFieldName(field.getKey());
                    out.writeTree(field.getValue());
                }
                repeat(out, claim.claimId());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeStringField("watermark", watermark);
            repeat(out, PAGE);
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RawValue(text.toString());
    }

    private void repeat(JsonGenerator out, String at) throws IOException {
        for (Repeat r : byClaim.getOrDefault(at, List.of())) {
            out.writeFieldName(r.key());
            out.writeRawValue(r.rawJson());
        }
    }
}
