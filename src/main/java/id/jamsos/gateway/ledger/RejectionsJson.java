package id.jamsos.gateway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.model.RowRejection;
import java.util.List;

/** The reasons column: a JSON list of {field, code, messageId, messageEn}, NULL when there are none. */
final class RejectionsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<RowRejection>> LIST = new TypeReference<>() {
    };

    private RejectionsJson() {
    }

    static String write(List<RowRejection> reasons) {
        if (reasons == null || reasons.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write row reasons as JSON", e);
        }
    }

    static List<RowRejection> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            // A message without the text: reasons quote the rejected value, which may be a NIK.
            throw new IllegalStateException("row reasons in the ledger are not valid JSON at "
                    + e.getLocation());
        }
    }
}
