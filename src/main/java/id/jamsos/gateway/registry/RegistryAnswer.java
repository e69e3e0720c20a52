package id.jamsos.gateway.registry;

/**
 * What one call brought back inside registry.camel.yaml's circuit breaker: a verdict, or the registry's
 * refusal of the gateway (its RESPON text). A refusal travels as a value, not an exception, until it is
 * past the breaker: Camel's resilience4j step drops an exception its breaker is told to ignore, and a
 * refusal must neither count against the registry (it answered) nor be lost. {@link
 * RegistryAnswers#verdict} turns it into {@link RegistryRefusedException} there.
 */
public record RegistryAnswer(RegistryVerdict verdict, String refusal) {

    public static RegistryAnswer of(RegistryVerdict verdict) {
        return new RegistryAnswer(verdict, null);
    }

    public static RegistryAnswer refused(String respon) {
        return new RegistryAnswer(null, respon);
    }

    public boolean isRefusal() {
        return refusal != null;
    }
}
