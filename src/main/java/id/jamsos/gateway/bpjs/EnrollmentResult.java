package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The endpoint's answer for one worker.
 *
 * @param code    "200" enrolled now, "208" already registered (kpj is the existing one),
 *                any other code a business refusal (see docs/bpjs-api.md)
 * @param kpj     the KPJ membership number when code is 200 or 208 (11 characters, letters allowed in
 *                the first seven: text, not a number)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentResult(String refId, String nik, String code, String message, String kpj) {

    public static final String ENROLLED = "200";
    public static final String ALREADY_REGISTERED = "208";

    public boolean isMember() {
        return ENROLLED.equals(code) || ALREADY_REGISTERED.equals(code);
    }
}
