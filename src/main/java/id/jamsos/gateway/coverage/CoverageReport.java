package id.jamsos.gateway.coverage;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A coverage report over a range of months: per dimension, per month and group, the figures; the
 * month's totals; and the money spent against the programme's budget. Holds counts and sums only: no
 * NIK, no name, no KPJ, no birth date is ever read into it.
 *
 * @param tables  one per dimension asked for, in the order asked
 * @param totals  per month, over every worker
 * @param budget  the programme's budget beside the money spent in the range
 */
public record CoverageReport(YearMonth from, YearMonth to, Instant generatedAt, List<Table> tables,
                             Map<YearMonth, Figures> totals, Budget budget) {

    /** One dimension: per month, per group (groups sorted, {@link Dimension#UNKNOWN} last). */
    public record Table(Dimension dimension, Map<YearMonth, Map<String, Figures>> months) {

        /** The groups that occur in any month, in report order. */
        public List<String> groups() {
            java.util.TreeSet<String> all = new java.util.TreeSet<>(Grouping.ORDER);
            months.values().forEach(m -> all.addAll(m.keySet()));
            return new ArrayList<>(all);
        }

        /** The group's figures in a month; zero figures when the group had none that month. */
        public Figures get(YearMonth month, String group) {
            Map<String, Figures> m = months.get(month);
            Figures f = m == null ? null : m.get(group);
            return f == null ? new Figures() : f;
        }
    }

    /**
     * The programme year's budget (APBD at the start plus the top-ups recorded) beside what the months of
     * the range cost, per funding source.
     */
    public record Budget(String programmeId, long budget, long spent, List<SourceBudget> sources) {
    }

    /** One funding source: its name, its budget with top-ups, and what its workers cost in the range. */
    public record SourceBudget(String code, String name, long budget, long spent) {
    }

    public List<YearMonth> months() {
        List<YearMonth> out = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            out.add(m);
        }
        return out;
    }

    public Optional<Table> table(Dimension d) {
        return tables.stream().filter(t -> t.dimension() == d).findFirst();
    }

    /** The range's figures: started, ended, claims and money added over the months; active of the last month. */
    public Figures rangeTotal() {
        Figures sum = new Figures();
        totals.values().forEach(sum::add);
        Figures out = new Figures();
        out.addActive(totals.getOrDefault(to, new Figures()).active(), sum.spent());
        out.addStarted(sum.started());
        sum.endedByReason().forEach(out::addEnded);
        out.addClaims(sum.claims(), sum.claimsAmount());
        return out;
    }
}
