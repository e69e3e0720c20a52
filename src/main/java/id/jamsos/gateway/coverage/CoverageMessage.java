package id.jamsos.gateway.coverage;

import id.jamsos.gateway.ledger.EndReason;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monthly COVERAGE_REPORT for finance (schemas/coverage-report-v1.schema.json): one month's
 * figures in total and per group of each dimension. Counts and rupiah only, no NIK, no name, no KPJ.
 * Not suppressed: finance is the city's own office and books the money to the rupiah (small-group
 * suppression is for what leaves the city, docs/coverage-reports.md).
 */
public final class CoverageMessage {

    public static final String TYPE = "COVERAGE_REPORT";
    public static final String SCHEMA_VERSION = "1";

    private CoverageMessage() {
    }

    public static String messageId(YearMonth period) {
        return "coverage-report-" + period;
    }

    /** The body, as Jackson writes it. */
    public static Map<String, Object> body(CoverageReport r) {
        YearMonth m = r.to();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemaVersion", SCHEMA_VERSION);
        body.put("messageId", messageId(m));
        body.put("messageType", TYPE);
        body.put("period", m.toString());
        body.put("generatedAt", r.generatedAt().toString());
        body.put("currency", "IDR");
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("programmeId", r.budget().programmeId());
        budget.put("budget", r.budget().budget());
        budget.put("spent", r.budget().spent());
        List<Map<String, Object>> sources = new ArrayList<>();
        for (CoverageReport.SourceBudget s : r.budget().sources()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", s.code());
            x.put("name", s.name());
            x.put("budget", s.budget());
            x.put("spent", s.spent());
            sources.add(x);
        }
        budget.put("sources", sources);
        body.put("budget", budget);
        body.put("total", figures(null, r.totals().get(m)));
        Map<String, Object> dims = new LinkedHashMap<>();
        for (CoverageReport.Table t : r.tables()) {
            List<Map<String, Object>> groups = new ArrayList<>();
            for (String g : t.groups()) {
                Figures f = t.get(m, g);
                if (f.active() + f.started() + f.ended() + f.claims() > 0) {
                    groups.add(figures(g, f));
                }
            }
            dims.put(t.dimension().key(), groups);
        }
        body.put("dimensions", dims);
        return body;
    }

    private static Map<String, Object> figures(String group, Figures f) {
        Map<String, Object> x = new LinkedHashMap<>();
        if (group != null) {
            x.put("group", group);
        }
        x.put("active", f.active());
        x.put("started", f.started());
        x.put("ended", f.ended());
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (EndReason reason : EndReason.values()) {
            if (f.ended(reason) > 0) {
                reasons.put(reason.name(), f.ended(reason));
            }
        }
        x.put("endedByReason", reasons);
        x.put("claimsPaid", f.claims());
        x.put("claimsAmount", f.claimsAmount());
        x.put("spent", f.spent());
        return x;
    }

    /** The JMS properties finance routes on (the signature is added by the route). */
    public static Map<String, String> properties(YearMonth period) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("messageType", TYPE);
        p.put("messageId", messageId(period));
        p.put("schemaVersion", SCHEMA_VERSION);
        p.put("period", period.toString());
        p.put("agencyId", "all");
        return p;
    }
}
