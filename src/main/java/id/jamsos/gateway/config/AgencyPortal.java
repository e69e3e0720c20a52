package id.jamsos.gateway.config;

import java.util.List;
import java.util.Optional;

/**
 * An agency's access to the clerks' portal (docs/portal.md), from {@code agencies.yaml}: the clerks
 * who may sign in ({@code portal_users}) and where the portal writes when a file's results are ready
 * ({@code contact_email}). Kept beside {@link Agency} rather than in it: the SFTP intake needs none of it.
 *
 * @param contactEmail the agency's contact address, or null (no e-mail is sent)
 * @param users        the clerks; empty: nobody of the agency signs in to the portal
 */
public record AgencyPortal(String contactEmail, List<User> users) {

    /** No portal users and no contact address. */
    public static final AgencyPortal NONE = new AgencyPortal(null, List.of());

    /**
     * One clerk's login: the user name and the hash of the password ({@code portal-password} prints one;
     * portal/PasswordHash), never the password itself.
     */
    public record User(String username, String passwordHash) {
        @Override
        public String toString() {
            return "User[username=" + username + ", passwordHash=****]";
        }
    }

    public AgencyPortal {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public Optional<User> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }
}
