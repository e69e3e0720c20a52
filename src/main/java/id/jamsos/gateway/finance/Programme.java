package id.jamsos.gateway.finance;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The city's programme year as configured ({@code jamsos.programme.*}): its months, the funding sources
 * that pay for it with their budgets and budget accounts (kode rekening), and which source pays for
 * which agency's workers. Money in whole rupiah. Top-ups decided during the year (APBD-P) are added in
 * the ledger by the {@code budget} command, not here: this is what the budget law (APBD) set at the start.
 *
 * @param id           the programme's name, e.g. {@code 2025}
 * @param firstMonth   first month the city pays for
 * @param lastMonth    last month, inclusive
 * @param sources      the funding sources in the order configured
 * @param defaultSource the source of an agency no source names
 */
public record Programme(String id, YearMonth firstMonth, YearMonth lastMonth, List<FundingSource> sources,
                        String defaultSource) {

    /**
     * One funding source: city APBD (APBD_KOTA), provincial APBD (APBD_PROVINSI), Otsus funds (OTSUS),
     * revenue sharing (DBH), village funds (DANA_DESA), the revised budget's top-up (APBD_PERUBAHAN), a CSR
     * donor (CSR), or any code the city configures.
     *
     * @param budget   whole rupiah set for the programme year
     * @param account  the budget account (kode rekening) payments from this source are booked on
     * @param agencies the agencies whose workers this source pays for
     */
    public record FundingSource(String code, String name, long budget, String account, List<String> agencies) {
    }

    public Programme {
        sources = List.copyOf(sources);
        if (lastMonth.isBefore(firstMonth)) {
            throw new IllegalArgumentException("jamsos.programme.lastMonth " + lastMonth + " is before firstMonth "
                    + firstMonth);
        }
        if (sources.stream().noneMatch(s -> s.code().equals(defaultSource))) {
            throw new IllegalArgumentException("jamsos.programme.defaultSource " + defaultSource
                    + " is not one of jamsos.programme.sources");
        }
    }

    /** The budget set for the year over every source, whole rupiah. */
    public long budget() {
        return sources.stream().mapToLong(FundingSource::budget).reduce(0L, Math::addExact);
    }

    /** The months of the programme, inclusive. */
    public int months() {
        return (int) (lastMonth.getYear() * 12L + lastMonth.getMonthValue()
                - firstMonth.getYear() * 12L - firstMonth.getMonthValue()) + 1;
    }

    public boolean includes(YearMonth month) {
        return !month.isBefore(firstMonth) && !month.isAfter(lastMonth);
    }

    /** The code of the source that pays for this agency's workers. */
    public String sourceOf(String agencyId) {
        for (FundingSource s : sources) {
            if (s.agencies().contains(agencyId)) {
                return s.code();
            }
        }
        return defaultSource;
    }

    public FundingSource source(String code) {
        return sources.stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no funding source " + code));
    }

    /** From settings looked up by name; a missing or malformed one is an error naming it. */
    public static Programme from(Function<String, String> setting) {
        List<FundingSource> sources = new ArrayList<>();
        Map<String, String> agencyToSource = new LinkedHashMap<>();
        for (String code : list(required(setting, "jamsos.programme.sources"))) {
            String prefix = "jamsos.programme.source." + code + ".";
            String name = setting.apply(prefix + "name");
            long budget = wholeRupiah(required(setting, prefix + "budget"), prefix + "budget");
            String account = required(setting, prefix + "account").trim();
            List<String> agencies = list(setting.apply(prefix + "agencies"));
            for (String a : agencies) {
                String before = agencyToSource.putIfAbsent(a, code);
                if (before != null) {
                    throw new IllegalArgumentException("agency " + a + " is named by two funding sources: " + before
                            + " and " + code + " (" + prefix + "agencies)");
                }
            }
            sources.add(new FundingSource(code, name == null || name.isBlank() ? code : name.trim(), budget, account,
                    agencies));
        }
        return new Programme(required(setting, "jamsos.programme.id").trim(),
                month(setting, "jamsos.programme.firstMonth"), month(setting, "jamsos.programme.lastMonth"), sources,
                required(setting, "jamsos.programme.defaultSource").trim());
    }

    private static long wholeRupiah(String value, String name) {
        try {
            long v = Long.parseLong(value.trim().replace("_", ""));
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be whole rupiah (digits only): " + value);
        }
    }

    private static YearMonth month(Function<String, String> setting, String name) {
        String value = required(setting, name).trim();
        try {
            return YearMonth.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be yyyy-MM: " + value);
        }
    }

    private static String required(Function<String, String> setting, String name) {
        String value = setting.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " is required");
        }
        return value;
    }

    private static List<String> list(String csv) {
        return csv == null ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }
}
