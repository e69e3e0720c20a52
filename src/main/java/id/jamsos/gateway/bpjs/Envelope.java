package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every BPJS-style answer: {@code {"metaData": {...}, "response": ...}}. Business errors come with
 * HTTP 200 and a non-200 metaData code, so clients must read this, not only the HTTP status.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Envelope<T>(MetaData metaData, T response) {

    public static <T> Envelope<T> ok(T response) {
        return new Envelope<>(MetaData.ok(), response);
    }

    public static <T> Envelope<T> error(String code, String message) {
        return new Envelope<>(new MetaData(code, message), null);
    }
}
