package id.jamsos.gateway.simulator;

import java.util.Objects;
import java.util.Set;

/**
 * How to start a {@link RegistrySimulator} (docs/registry-api.md, "Simulator").
 *
 * @param host          interface to bind; loopback by default so a demo never exposes itself
 * @param port          0 picks a free port (tests), otherwise a fixed one (8091 for the command)
 * @param userId        the USER_ID the gateway must send, else "Login Gagal"
 * @param password      the PASSWORD it must send, else "Login Gagal"
 * @param allowedIps    the IP_USER values registered for that user; any other is "IP Address Tidak
 *                      Sesuai". Empty: any IP_USER is accepted
 * @param sampleRows    how many rows of the {@code generate} command's file the population holds: the
 *                      people of {@code generate --rows sampleRows --seed sampleSeed --bad-every
 *                      sampleBadEvery} (0: none, only the fixed demo people)
 * @param sampleSeed    that file's seed
 * @param sampleBadEvery that file's --bad-every
 */
public record RegistrySimulatorConfig(String host, int port, String userId, String password, Set<String> allowedIps,
                                      int sampleRows, long sampleSeed, int sampleBadEvery) {

    public RegistrySimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(password, "password");
        allowedIps = Set.copyOf(allowedIps);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (sampleRows < 0 || sampleBadEvery < 0) {
            throw new IllegalArgumentException("sampleRows and sampleBadEvery must not be negative");
        }
    }

    /** Demo credentials (public: never use them against anything real) and generate's default file of 1,000 rows. */
    public static RegistrySimulatorConfig defaults() {
        return new RegistrySimulatorConfig("127.0.0.1", 0, "JAMSOS-SORONG", "demo-registry-password",
                Set.of("10.10.1.20"), 1000, 42L, 0);
    }

    public RegistrySimulatorConfig withPort(int newPort) {
        return new RegistrySimulatorConfig(host, newPort, userId, password, allowedIps, sampleRows, sampleSeed,
                sampleBadEvery);
    }

    public RegistrySimulatorConfig withSample(int rows, long seed, int badEvery) {
        return new RegistrySimulatorConfig(host, port, userId, password, allowedIps, rows, seed, badEvery);
    }

    /** Records print every field; this one would print the password into logs, so it masks it. */
    @Override
    public String toString() {
        return "RegistrySimulatorConfig[host=" + host + ", port=" + port + ", userId=" + userId + ", password="
                + Masking.secret(password) + ", allowedIps=" + allowedIps + ", sampleRows=" + sampleRows
                + ", sampleSeed=" + sampleSeed + ", sampleBadEvery=" + sampleBadEvery + "]";
    }
}
