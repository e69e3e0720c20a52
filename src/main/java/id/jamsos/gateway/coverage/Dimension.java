package id.jamsos.gateway.coverage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a coverage report counts workers by. Each dimension is one or two SQL expressions the database
 * groups by (over the worker {@code w}, the period of cover {@code p} and the target decile {@code d})
 * and a label made from them in Java: the database returns a few hundred groups, never a worker.
 *
 * <p>Every dimension partitions the workers: a worker without a value (enrolled before V35, a field the
 * agency left empty, a NIK not on the eligibility list) is counted under {@link #UNKNOWN}, so each
 * dimension's lines add up to the same totals.
 */
public enum Dimension {
    DISTRICT("distrik", "Distrik / district", "w.district"),
    KELURAHAN("kelurahan", "Kelurahan / village", "w.kelurahan"),
    OCCUPATION("pekerjaan", "Pekerjaan / occupation", "w.occupation"),
    SEX("jenis_kelamin", "Jenis kelamin / sex", "w.sex"),
    /** Grouped by birth year in SQL; the band is worked out in Java against the month's year. */
    AGE_BAND("kelompok_umur", "Kelompok umur / age band", "w.birth_year"),
    /** The worker's decile on the live eligibility list (V32), joined by the keyed NIK hash. */
    DECILE("desil", "Desil / target decile", "d.decile"),
    /** The period's source, or the agency's configured one when the period names none (V14). */
    FUNDING("sumber_dana", "Sumber dana / funding source", "p.funding_source", "p.agency_id"),
    AGENCY("instansi", "Instansi / agency", "p.agency_id");

    /** "tidak diketahui / unknown": the group of workers without a value. */
    public static final String UNKNOWN = "tidak diketahui / unknown";

    private final String key;
    private final String title;
    private final List<String> sql;

    Dimension(String key, String title, String... sql) {
        this.key = key;
        this.title = title;
        this.sql = List.of(sql);
    }

    /** The name in the command's --by, in file names and in the finance message, e.g. "distrik". */
    public String key() {
        return key;
    }

    /** Indonesian / English, for sheet headings and the status page. */
    public String title() {
        return title;
    }

    /** The expressions grouped by, in the order {@link Grouping#label} reads them. */
    List<String> sql() {
        return sql;
    }

    boolean needsDecile() {
        return this == DECILE;
    }

    /** By key ("distrik") or enum name ("district"), case-insensitive; English names are accepted too. */
    public static Dimension parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.key.equals(n) || d.name().toLowerCase(Locale.ROOT).equals(n)
                        || (d == AGE_BAND && n.equals("age")) || (d == FUNDING && n.equals("funding_source"))
                        || (d == SEX && n.equals("sex")) || (d == KELURAHAN && n.equals("village")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown dimension " + name + " (one of "
                        + Arrays.stream(values()).map(Dimension::key).toList() + ")"));
    }

    /** The age band of someone born in {@code birthYear} during {@code year}: <25, 25-34, 35-44, 45-54, 55+. */
    public static String ageBand(Integer birthYear, int year) {
        if (birthYear == null) {
            return UNKNOWN;
        }
        int age = year - birthYear;
        if (age < 25) {
            return "<25";
        } else if (age < 35) {
            return "25-34";
        } else if (age < 45) {
            return "35-44";
        } else if (age < 55) {
            return "45-54";
        }
        return "55+";
    }
}
