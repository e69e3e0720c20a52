package id.jamsos.gateway.registry;

import java.util.Map;
import java.util.Objects;

/**
 * The registry's answer for one worker. {@link Kind#FOUND}: {@code fields} holds each judged field's
 * verdict (matching at or above the threshold, and the score), {@code ektpRecorded} whether an e-KTP is
 * recorded (EKTP_STATUS "SUDAH REKAM"). {@link Kind#NOT_FOUND} ("Data Tidak Ditemukan"): no fields.
 * {@link Kind#UNREADABLE}: the registry answered about this one worker, but in words the gateway does not
 * know (a RESPON it has never seen, a field judged in another form, nothing judged): no fields; a person
 * looks, the rest of the job goes on (docs/verification.md). A
 * refusal of the gateway itself (login, IP) is not a verdict: the client throws {@link RegistryRefusedException}.
 */
public record RegistryVerdict(Kind kind, Map<RegistryField, FieldVerdict> fields, boolean ektpRecorded,
                              int threshold) {

    public enum Kind { FOUND, NOT_FOUND, UNREADABLE }

    /** One field as the registry judged it: "Sesuai (100)" is (true, 100), "Tidak Sesuai (43)" (false, 43). */
    public record FieldVerdict(boolean matches, int score) {
    }

    public RegistryVerdict {
        Objects.requireNonNull(kind, "kind");
        fields = Map.copyOf(fields);
    }

    public static RegistryVerdict notFound(int threshold) {
        return new RegistryVerdict(Kind.NOT_FOUND, Map.of(), false, threshold);
    }

    /** An answer about one worker the gateway cannot read (see {@link Kind#UNREADABLE}). */
    public static RegistryVerdict unreadable(int threshold) {
        return new RegistryVerdict(Kind.UNREADABLE, Map.of(), false, threshold);
    }

    /** True when the registry found the worker and every judged field matches. */
    public boolean allMatch() {
        return kind == Kind.FOUND && fields.values().stream().allMatch(FieldVerdict::matches);
    }
}
