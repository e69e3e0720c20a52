package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** How a claim from BPJS is read, by the callback and the pull alike. */
final class ClaimJson {

    private ClaimJson() {
    }

    /**
     * Strict on purpose: a claim is money. {@code "amount": "42000000"} or {@code true} must not be
     * guessed at, {@code 7500000.99} must not become 7500000 (nor {@code 1e19} wrap), and of two
     * {@code "amount"} keys neither may silently win. Unknown fields, nulls for numbers and trailing
     * tokens fail too.
     */
    static ObjectMapper strict(ObjectMapper base) {
        return JsonMapper.builder(base.getFactory().copy())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
