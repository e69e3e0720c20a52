package id.jamsos.gateway.report;

import id.jamsos.gateway.ledger.RowState;
import java.util.EnumMap;
import java.util.Map;

/**
 * A file's rows by state, as the ledger keeps them with a report version ({@code ENROLLED=5;PARKED=3},
 * states with rows only, in RowState order) and as a clerk reads them in a version's note
 * ({@code TERDAFTAR/ENROLLED 5, DITAHAN/PARKED 3}).
 */
final class ReportCounts {

    private ReportCounts() {
    }

    static String encode(Map<RowState, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        for (RowState state : RowState.values()) {
            int n = counts.getOrDefault(state, 0);
            if (n > 0) {
                sb.append(sb.length() == 0 ? "" : ";").append(state.name()).append('=').append(n);
            }
        }
        return sb.toString();
    }

    static Map<RowState, Integer> decode(String encoded) {
        Map<RowState, Integer> counts = new EnumMap<>(RowState.class);
        if (encoded == null || encoded.isEmpty()) {
            return counts;
        }
        for (String part : encoded.split(";")) {
            int eq = part.indexOf('=');
            counts.put(RowState.valueOf(part.substring(0, eq)), Integer.parseInt(part.substring(eq + 1)));
        }
        return counts;
    }

    static String words(String encoded) {
        Map<RowState, Integer> counts = decode(encoded);
        if (counts.isEmpty()) {
            return "tidak ada baris / no rows";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((state, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(RowStatusText.of(state))
                .append(' ').append(n));
        return sb.toString();
    }
}
