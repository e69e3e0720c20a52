package id.jamsos.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small bar chart for the status page, drawn on the server as inline SVG: no charting library, no
 * script, nothing fetched from elsewhere. One bar per value, scaled to the largest. Only the geometry
 * is computed here; the template ops/status.mustache writes the SVG, escaping what it places.
 */
final class SvgBars {

    /** Room under the bars for the "max" label. */
    private static final int LABEL_ROOM = 14;

    private SvgBars() {
    }

    static StatusView.Chart chart(String title, String caption, List<Long> values, String color, int width, int height) {
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        double barWidth = (double) width / Math.max(1, values.size());
        List<StatusView.Bar> bars = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i);
            double h = v == 0 ? 0 : Math.max(1, (double) v / max * (height - 2));
            bars.add(new StatusView.Bar(oneDecimal(i * barWidth + 0.5), oneDecimal(height - h),
                    oneDecimal(Math.max(0.5, barWidth - 1)), oneDecimal(h), v));
        }
        return new StatusView.Chart(title, caption, color, width, height, height + LABEL_ROOM, height + 12, max, bars);
    }

    private static String oneDecimal(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
