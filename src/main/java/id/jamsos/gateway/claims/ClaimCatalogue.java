package id.jamsos.gateway.claims;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The claim types finance pays and what each must satisfy, from the settings
 * ({@code jamsos.claims.types}, {@code jamsos.claims.type.<TYPE>.cap},
 * {@code jamsos.claims.type.<TYPE>.requiredComponents}); and the plausible range of a paidAt
 * ({@code jamsos.claims.earliestPaidAt}, {@code jamsos.claims.paidAtSkewSeconds}). A claim over its
 * type's cap, missing a required component or paid outside the range goes to review.
 */
public record ClaimCatalogue(Map<String, TypeRule> types, Instant earliestPaidAt, Duration paidAtSkew) {

    /** One claim type: the most one claim may pay (whole rupiah) and the component codes it must list. */
    public record TypeRule(long cap, Set<String> requiredComponents) {
        public TypeRule {
            if (cap <= 0) {
                throw new IllegalArgumentException("a claim type's cap must be positive, whole rupiah");
            }
            requiredComponents = Set.copyOf(requiredComponents);
        }
    }

    public ClaimCatalogue {
        types = Map.copyOf(types);
    }

    /**
     * The defaults (jamsos-defaults.properties): JKM capped at the PP 82/2019 benefit with its three
     * parts; JKK at Rp 500,000,000 (our choice: JKK medical care has no legal ceiling, so the cap is
     * where a clerk should look before finance pays); programme start 2015-07-01; 5 minutes' skew.
     */
    public static ClaimCatalogue defaults() {
        Map<String, TypeRule> types = new LinkedHashMap<>();
        types.put("JKM", new TypeRule(ClaimRules.JKM_TOTAL, ClaimRules.JKM_SPLIT.keySet()));
        types.put("JKK", new TypeRule(500_000_000L, Set.of()));
        return new ClaimCatalogue(types, Instant.parse("2015-07-01T00:00:00Z"), Duration.ofMinutes(5));
    }

    /** From settings looked up by name; a missing setting is an error naming it. */
    public static ClaimCatalogue from(Function<String, String> setting) {
        Map<String, TypeRule> types = new LinkedHashMap<>();
        for (String type : list(required(setting, "jamsos.claims.types"))) {
            String prefix = "jamsos.claims.type." + type + ".";
            long cap = Long.parseLong(required(setting, prefix + "cap").trim());
            String components = setting.apply(prefix + "requiredComponents");
            types.put(type, new TypeRule(cap, Set.copyOf(list(components == null ? "" : components))));
        }
        return new ClaimCatalogue(types, Instant.parse(required(setting, "jamsos.claims.earliestPaidAt").trim()),
                Duration.ofSeconds(Long.parseLong(required(setting, "jamsos.claims.paidAtSkewSeconds").trim())));
    }

    private static String required(Function<String, String> setting, String name) {
        String value = setting.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " is required");
        }
        return value;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }
}
