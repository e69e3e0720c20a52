package id.jamsos.gateway.ops;

import java.util.List;

/**
 * A small bar chart as inline SVG, drawn on the server: no charting library, no script, nothing
 * fetched from elsewhere. One bar per value, scaled to the largest.
 */
final class SvgBars {

    private SvgBars() {
    }

    static String render(String title, List<Long> values, String color, int width, int height) {
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        double barWidth = (double) width / Math.max(1, values.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" role=\"img\" width=\"").append(width).append("\" height=\"").append(height + 14)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height + 14).append("\"><title>")
                .append(Html.esc(title)).append("</title>");
        svg.append("<line x1=\"0\" y1=\"").append(height).append("\" x2=\"").append(width).append("\" y2=\"")
                .append(height).append("\" stroke=\"#999\"/>");
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i);
            double h = v == 0 ? 0 : Math.max(1, (double) v / max * (height - 2));
            svg.append(String.format(java.util.Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%d</title></rect>",
                    i * barWidth + 0.5, height - h, Math.max(0.5, barWidth - 1), h, color, v));
        }
        svg.append("<text x=\"0\" y=\"").append(height + 12).append("\" font-size=\"10\">max ").append(max)
                .append("</text></svg>");
        return svg.toString();
    }
}
