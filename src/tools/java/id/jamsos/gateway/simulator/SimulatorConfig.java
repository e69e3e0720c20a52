package id.jamsos.gateway.simulator;

import java.util.Objects;

/**
 * How to start a {@link BpjsSimulator}.
 *
 * @param host           interface to bind; loopback by default so a demo never exposes itself
 * @param port           0 picks a free port (tests), otherwise a fixed one (demo)
 * @param consId         the X-cons-id the gateway must send
 * @param secret         the consumer secret the gateway signs with
 * @param userKey        the user_key the gateway must send, or null to not check it
 * @param callbackConsId the X-cons-id the simulator sends on claim callbacks
 * @param callbackSecret the secret the simulator signs claim callbacks with
 * @param kpjSeed        seed for KPJ numbers, so a run can be reproduced
 * @param digitKpjs      issue 11-digit KPJs as before issue 16, for tests written against those; by
 *                       default KPJs carry letters in their first seven characters, as BPJS's do
 */
public record SimulatorConfig(
        String host,
        int port,
        String consId,
        String secret,
        String userKey,
        String callbackConsId,
        String callbackSecret,
        long kpjSeed,
        boolean digitKpjs) {

    /** KPJs with letters, as BPJS issues them. */
    public SimulatorConfig(String host, int port, String consId, String secret, String userKey, String callbackConsId,
            String callbackSecret, long kpjSeed) {
        this(host, port, consId, secret, userKey, callbackConsId, callbackSecret, kpjSeed, false);
    }

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(consId, "consId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(callbackConsId, "callbackConsId");
        Objects.requireNonNull(callbackSecret, "callbackSecret");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Demo credentials; they are public, so never use them against anything real. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, "JAMSOS-SORONG", "demo-secret-change-me", "demo-user-key",
                "BPJSTK", "demo-callback-secret", 20240917L);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, consId, secret, userKey, callbackConsId, callbackSecret, kpjSeed,
                digitKpjs);
    }

    public SimulatorConfig withHost(String newHost) {
        return new SimulatorConfig(newHost, port, consId, secret, userKey, callbackConsId, callbackSecret, kpjSeed,
                digitKpjs);
    }

    /** The same, issuing 11-digit KPJs (true) or KPJs with letters (false, the default). */
    public SimulatorConfig withDigitKpjs(boolean digitsOnly) {
        return new SimulatorConfig(host, port, consId, secret, userKey, callbackConsId, callbackSecret, kpjSeed,
                digitsOnly);
    }

    /** Records print every field; this one would print the secrets into logs, so it masks them. */
    @Override
    public String toString() {
        return "SimulatorConfig[host=" + host + ", port=" + port + ", consId=" + consId
                + ", secret=" + Masking.secret(secret) + ", userKey=" + Masking.secret(userKey)
                + ", callbackConsId=" + callbackConsId + ", callbackSecret=" + Masking.secret(callbackSecret)
                + ", kpjSeed=" + kpjSeed + ", digitKpjs=" + digitKpjs + "]";
    }
}
