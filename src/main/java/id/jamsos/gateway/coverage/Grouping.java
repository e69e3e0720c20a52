package id.jamsos.gateway.coverage;

import id.jamsos.gateway.finance.Programme;
import java.util.Comparator;
import java.util.Locale;

/**
 * Turns the values a dimension's GROUP BY returned into the group's label. Several raw values may make
 * one label (birth years into an age band; a period without a source and one naming the agency's
 * source), so the builder adds figures under the label, never under the raw value.
 */
final class Grouping {

    /** Groups in report order: "<25" before "25-34", {@link Dimension#UNKNOWN} last, the rest as text. */
    static final Comparator<String> ORDER = Comparator
            .comparing((String s) -> s.equals(Dimension.UNKNOWN))
            .thenComparing(s -> !s.startsWith("<"))
            .thenComparing(Comparator.naturalOrder());

    private final Programme programme;

    Grouping(Programme programme) {
        this.programme = programme;
    }

    /** @param year the year of the month the figures belong to (for the age band) */
    String label(Dimension d, Object first, Object second, int year) {
        return switch (d) {
            case AGE_BAND -> Dimension.ageBand(first == null ? null : ((Number) first).intValue(), year);
            case DECILE -> first == null ? Dimension.UNKNOWN
                    : String.format(Locale.ROOT, "desil %02d", ((Number) first).intValue());
            case SEX -> "L".equals(first) ? "L (laki-laki / male)" : "P".equals(first) ? "P (perempuan / female)"
                    : Dimension.UNKNOWN;
            case FUNDING -> source(first == null ? null : first.toString(), second == null ? null : second.toString());
            default -> text(first);
        };
    }

    /** The source's code and name, e.g. "APBD_KOTA (APBD Kota)". */
    String source(String code, String agencyId) {
        String c = code != null ? code : agencyId == null ? null : programme.sourceOf(agencyId);
        if (c == null) {
            return Dimension.UNKNOWN;
        }
        return programme.sources().stream().filter(s -> s.code().equals(c)).findFirst()
                .map(s -> s.name().equals(c) ? c : c + " (" + s.name() + ")").orElse(c);
    }

    private static String text(Object value) {
        if (value == null || value.toString().isBlank()) {
            return Dimension.UNKNOWN;
        }
        return value.toString().trim();
    }
}
