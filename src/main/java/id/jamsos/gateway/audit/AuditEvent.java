package id.jamsos.gateway.audit;

import java.util.Objects;

/**
 * One thing a person or the gateway did that the city's data-protection officer may later ask about:
 * who ({@code actorKind} and {@code actor}), for which agency, what ({@code action}), on what
 * ({@code subject}: a file id, a worker's KPJ or masked NIK, never a full NIK), with a short
 * {@code detail} and the client address when a person acted over HTTP.
 *
 * @param actorKind     {@link #OPERATOR}, {@link #CLERK} or {@link #SYSTEM}
 * @param actor         the operator's or clerk's user name, or the gateway's part that acted
 * @param agency        the agency concerned, or empty
 * @param action        a short upper-case verb, e.g. {@code LOGIN}, {@code UPLOAD}, {@code WORKER_LOOKUP}
 * @param subject       what was acted on, or empty; never a full NIK, a password or a secret
 * @param detail        a short free text, or empty; the same rule
 * @param clientAddress the client's address, or empty
 * @param outcome       {@link #OK}, {@link #FAILED} (e.g. a wrong password) or {@link #REFUSED} (e.g. throttled)
 */
public record AuditEvent(String actorKind, String actor, String agency, String action, String subject,
        String detail, String clientAddress, String outcome) {

    public static final String OPERATOR = "OPERATOR";
    public static final String CLERK = "CLERK";
    public static final String SYSTEM = "SYSTEM";

    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String REFUSED = "REFUSED";

    public AuditEvent {
        Objects.requireNonNull(actorKind, "actorKind");
        Objects.requireNonNull(action, "action");
        actor = actor == null ? "" : actor;
        agency = agency == null ? "" : agency;
        subject = subject == null ? "" : subject;
        detail = detail == null ? "" : detail;
        clientAddress = clientAddress == null ? "" : clientAddress;
        outcome = outcome == null || outcome.isEmpty() ? OK : outcome;
    }

    /** An action that succeeded ({@link #OK}): most of them. */
    public AuditEvent(String actorKind, String actor, String agency, String action, String subject, String detail,
            String clientAddress) {
        this(actorKind, actor, agency, action, subject, detail, clientAddress, OK);
    }

    /** This event with another outcome. */
    public AuditEvent withOutcome(String newOutcome) {
        return new AuditEvent(actorKind, actor, agency, action, subject, detail, clientAddress, newOutcome);
    }

    /** An action of the gateway itself, e.g. a registry or BPJS lookup made for a file. */
    public static AuditEvent system(String part, String agency, String action, String subject, String detail) {
        return new AuditEvent(SYSTEM, part, agency, action, subject, detail, "");
    }
}
