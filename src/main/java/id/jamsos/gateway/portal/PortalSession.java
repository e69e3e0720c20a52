package id.jamsos.gateway.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A clerk's live portal session: the cookie's value, the agency and clerk it was opened for, and the
 * anti-forgery token every form of its pages carries ({@link PortalAuth#requireCsrf}).
 */
public record PortalSession(String id, String agencyId, String username, String csrfToken) {

    /** Constant time: the token is a secret of the session. */
    public boolean csrfMatches(String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "PortalSession[agency=" + agencyId + ", user=" + username + ", ****]";
    }
}
