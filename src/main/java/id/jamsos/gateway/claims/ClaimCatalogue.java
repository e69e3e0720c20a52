package id.jamsos.gateway.claims;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The claim types finance pays and what each must satisfy, from the settings
 * ({@code jamsos.claims.types}, {@code jamsos.claims.type.<TYPE>.cap},
 * {@code jamsos.claims.type.<TYPE>.requiredComponents}, {@code ...components},
 * {@code ...additionalComponents}, {@code ...component.<CODE>.cap}, {@code ...component.<CODE>.rates},
 * {@code ...serviceLevelWorkingDays}, {@code ...latePenaltyPercentPerDay}); the plausible range of a
 * paidAt ({@code jamsos.claims.earliestPaidAt}, {@code jamsos.claims.paidAtSkewSeconds}); the days that
 * are no working days ({@code jamsos.claims.holidays}) and the city's zone ({@code jamsos.finance.zone}).
 * A claim over its type's cap, with a component the type does not know or over that component's cap,
 * missing a required component or paid outside the range goes to review.
 */
public record ClaimCatalogue(Map<String, TypeRule> types, Instant earliestPaidAt, Duration paidAtSkew,
                             Set<LocalDate> holidays, ZoneId zone) {

    /** The city's zone when no setting says otherwise: Sorong (WIT). */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Jayapura");

    /**
     * One component of a claim type: the most it may pay in one claim (whole rupiah, null: no cap of its
     * own; for an additional component also over all the worker's claims that went to finance) and, when not empty, the yearly rates its amount must be made of (the scholarship: one rate per
     * child per school year, so Rp 4,500,000 is SMA + TK/SD, and Rp 2,500,000 is no scholarship at all).
     */
    public record ComponentRule(Long cap, List<Long> rates) {
        public ComponentRule {
            if (cap != null && cap <= 0) {
                throw new IllegalArgumentException("a component's cap must be positive, whole rupiah");
            }
            rates = List.copyOf(rates);
            if (rates.stream().anyMatch(r -> r <= 0)) {
                throw new IllegalArgumentException("a component's rates must be positive, whole rupiah");
            }
        }
    }

    /**
     * One claim type.
     *
     * @param cap                  the most one claim may pay (whole rupiah), not counting its additional components
     * @param requiredComponents   the codes a claim of the type must list (unless it lists additional ones only)
     * @param components           every code the type knows; empty: any code is taken (an open catalogue)
     * @param additionalComponents codes paid on top of the cap, each within its own cap, that may also come as a
     *                             claim of their own (the JKM scholarship, PP 82/2019)
     * @param componentRules       per-code caps and rates
     * @param serviceLevelWorkingDays working days from the event to payment BPJS promises; 0: none
     * @param latePenaltyPercentPerDay what a late payment costs BPJS per day, for the note finance reads (JKK: 1,
     *                             PP 44/2015 art. 37); 0: none. The gateway computes no money from it.
     */
    public record TypeRule(long cap, Set<String> requiredComponents, Set<String> components,
                           Set<String> additionalComponents, Map<String, ComponentRule> componentRules,
                           int serviceLevelWorkingDays, int latePenaltyPercentPerDay) {
        public TypeRule {
            if (cap <= 0) {
                throw new IllegalArgumentException("a claim type's cap must be positive, whole rupiah");
            }
            if (serviceLevelWorkingDays < 0 || latePenaltyPercentPerDay < 0) {
                throw new IllegalArgumentException("a service level and a penalty cannot be negative");
            }
            requiredComponents = Set.copyOf(requiredComponents);
            additionalComponents = Set.copyOf(additionalComponents);
            componentRules = Map.copyOf(componentRules);
            // A closed catalogue knows its required and additional codes whether or not the list repeats them.
            if (!components.isEmpty()) {
                Set<String> all = new TreeSet<>(components);
                all.addAll(requiredComponents);
                all.addAll(additionalComponents);
                components = Set.copyOf(all);
            } else {
                components = Set.of();
            }
        }

        /** A type with a cap and required components only: any code, no service level (before issue 16). */
        public TypeRule(long cap, Set<String> requiredComponents) {
            this(cap, requiredComponents, Set.of(), Set.of(), Map.of(), 0, 0);
        }

        /** Whether the type takes this component code. */
        public boolean knows(String code) {
            return components.isEmpty() || components.contains(code);
        }
    }

    public ClaimCatalogue {
        types = Map.copyOf(types);
        holidays = Set.copyOf(holidays);
    }

    /** Without holidays, in Sorong's zone: the catalogue before issue 16. */
    public ClaimCatalogue(Map<String, TypeRule> types, Instant earliestPaidAt, Duration paidAtSkew) {
        this(types, earliestPaidAt, paidAtSkew, Set.of(), DEFAULT_ZONE);
    }

    /** The JKM components of PP 82/2019 beside its three parts: the children's scholarship. */
    public static final String BEASISWA = "BEASISWA";
    /** PP 82/2019: at most Rp 174,000,000 of scholarship for a worker's (at most two) children. */
    public static final long BEASISWA_CAP = 174_000_000L;
    /** PP 82/2019: per child per school year, TK/SD 1.5 M, SMP 2 M, SMA 3 M, university 12 M. */
    public static final List<Long> BEASISWA_RATES = List.of(1_500_000L, 2_000_000L, 3_000_000L, 12_000_000L);
    /** The JKK components the defaults know (the codes BPJS sends: docs/bpjs-api.md section 6). */
    public static final List<String> JKK_COMPONENTS = List.of("BIAYA_PERAWATAN", "BIAYA_TRANSPORTASI",
            "SANTUNAN_STMB", "SANTUNAN_CACAT", "BIAYA_REHABILITASI", "SANTUNAN_KEMATIAN_JKK", "BIAYA_PEMAKAMAN",
            "SANTUNAN_BERKALA", BEASISWA);

    /**
     * The defaults (jamsos-defaults.properties): JKM capped at the PP 82/2019 benefit with its three
     * parts, and the scholarship on top; JKK at Rp 500,000,000 (our choice: JKK medical care has no legal
     * ceiling, so the cap is where a clerk should look before finance pays) with its components and the
     * caps PP 82/2019 gives (funeral, periodic benefit, scholarship); service levels 3 and 7 working days;
     * programme start 2015-07-01; 5 minutes' skew; no holidays.
     */
    public static ClaimCatalogue defaults() {
        Map<String, TypeRule> types = new LinkedHashMap<>();
        ComponentRule scholarship = new ComponentRule(BEASISWA_CAP, BEASISWA_RATES);
        // The three JKM parts need no cap of their own: ClaimRules holds them to PP 82/2019's amounts.
        Map<String, ComponentRule> jkm = Map.of(BEASISWA, scholarship);
        types.put("JKM", new TypeRule(ClaimRules.JKM_TOTAL, ClaimRules.JKM_SPLIT.keySet(),
                Set.of(BEASISWA), Set.of(BEASISWA), jkm, 3, 0));
        types.put("JKK", new TypeRule(500_000_000L, Set.of(), Set.copyOf(JKK_COMPONENTS), Set.of(),
                Map.of("BIAYA_PEMAKAMAN", new ComponentRule(10_000_000L, List.of()),
                        "SANTUNAN_BERKALA", new ComponentRule(12_000_000L, List.of()),
                        BEASISWA, scholarship), 7, 1));
        return new ClaimCatalogue(types, Instant.parse("2015-07-01T00:00:00Z"), Duration.ofMinutes(5), Set.of(),
                DEFAULT_ZONE);
    }

    /** From settings looked up by name; a missing required setting is an error naming it. */
    public static ClaimCatalogue from(Function<String, String> setting) {
        Map<String, TypeRule> types = new LinkedHashMap<>();
        for (String type : list(required(setting, "jamsos.claims.types"))) {
            String prefix = "jamsos.claims.type." + type + ".";
            long cap = number(prefix + "cap", required(setting, prefix + "cap"));
            Set<String> required = new LinkedHashSet<>(list(setting.apply(prefix + "requiredComponents")));
            Set<String> known = new LinkedHashSet<>(list(setting.apply(prefix + "components")));
            Set<String> additional = new LinkedHashSet<>(list(setting.apply(prefix + "additionalComponents")));
            Set<String> all = new LinkedHashSet<>(required);
            all.addAll(known);
            all.addAll(additional);
            Map<String, ComponentRule> rules = new LinkedHashMap<>();
            for (String code : all) {
                String capSetting = setting.apply(prefix + "component." + code + ".cap");
                List<Long> rates = list(setting.apply(prefix + "component." + code + ".rates")).stream()
                        .map(r -> number(prefix + "component." + code + ".rates", r)).toList();
                Long componentCap = capSetting == null || capSetting.isBlank() ? null
                        : number(prefix + "component." + code + ".cap", capSetting);
                if (componentCap != null || !rates.isEmpty()) {
                    rules.put(code, new ComponentRule(componentCap, rates));
                }
            }
            for (String code : additional) {
                if (!rules.containsKey(code) || rules.get(code).cap() == null) {
                    // Paid on top of the type's cap: without a cap of its own it would have none at all.
                    throw new IllegalArgumentException("setting " + prefix + "component." + code + ".cap is required:"
                            + " an additional component needs a cap of its own");
                }
            }
            types.put(type, new TypeRule(cap, required, known, additional, rules,
                    (int) number(prefix + "serviceLevelWorkingDays", setting.apply(prefix + "serviceLevelWorkingDays"), 0),
                    (int) number(prefix + "latePenaltyPercentPerDay", setting.apply(prefix + "latePenaltyPercentPerDay"),
                            0)));
        }
        Set<LocalDate> holidays = new TreeSet<>();
        for (String day : list(setting.apply("jamsos.claims.holidays"))) {
            try {
                holidays.add(LocalDate.parse(day));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("setting jamsos.claims.holidays: " + day + " is not a yyyy-MM-dd date");
            }
        }
        String zone = setting.apply("jamsos.finance.zone");
        return new ClaimCatalogue(types, Instant.parse(required(setting, "jamsos.claims.earliestPaidAt").trim()),
                Duration.ofSeconds(number("jamsos.claims.paidAtSkewSeconds",
                        required(setting, "jamsos.claims.paidAtSkewSeconds"))), holidays,
                zone == null || zone.isBlank() ? DEFAULT_ZONE : ZoneId.of(zone.trim()));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + ": " + value.trim() + " is not a whole number");
        }
    }

    private static long number(String name, String value, long absent) {
        return value == null || value.isBlank() ? absent : number(name, value);
    }

    private static String required(Function<String, String> setting, String name) {
        String value = setting.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " is required");
        }
        return value;
    }

    private static List<String> list(String csv) {
        if (csv == null) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }
}
