package id.jamsos.gateway.registry;

import java.util.Objects;

/**
 * What the registry's access agreement gave the gateway: a user, its password and the IP address
 * registered for it (sent as IP_USER). The password is a secret (jamsos.registry.password, from the
 * environment): {@link #toString()} leaves it out, so that no log or error message ever carries it.
 */
public record RegistryCredentials(String userId, String password, String ipUser) {

    public RegistryCredentials {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ipUser, "ipUser");
    }

    @Override
    public String toString() {
        return "RegistryCredentials[userId=" + userId + ", password=" + (password.isEmpty() ? "(none)" : "***")
                + ", ipUser=" + ipUser + "]";
    }
}
