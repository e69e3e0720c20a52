package id.jamsos.gateway.coverage;

import java.util.List;
import java.util.Locale;

/**
 * A stand-alone SVG bar chart of a coverage report (one file per chart, opened by any browser and
 * placed in a report or the README): horizontal bars, one per label, scaled to the largest, the value
 * written at the bar's end. Hand-written as ops/SvgBars is: no charting library for a dozen rectangles.
 * Labels are escaped; nothing is fetched from elsewhere.
 */
public final class SvgChart {

    private static final int WIDTH = 720;
    private static final int BAR = 22;
    private static final int GAP = 6;
    private static final int LABEL = 220;
    private static final int TOP = 56;

    private SvgChart() {
    }

    public static String bars(String title, String subtitle, List<String> labels, List<Long> values, String color) {
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        int height = TOP + labels.size() * (BAR + GAP) + 24;
        int room = WIDTH - LABEL - 90;
        StringBuilder svg = new StringBuilder(1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
                .append("<text x=\"12\" y=\"24\" font-size=\"17\" font-weight=\"bold\" fill=\"#1f2933\">")
                .append(escape(title)).append("</text>\n")
                .append("<text x=\"12\" y=\"44\" font-size=\"12\" fill=\"#52606d\">").append(escape(subtitle))
                .append("</text>\n");
        for (int i = 0; i < labels.size(); i++) {
            long v = values.get(i);
            int y = TOP + i * (BAR + GAP);
            double w = v == 0 ? 0 : Math.max(1, (double) v / max * room);
            svg.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 16)
                    .append("\" font-size=\"13\" text-anchor=\"end\" fill=\"#1f2933\">")
                    .append(escape(shorten(labels.get(i)))).append("</text>\n")
                    .append("<rect x=\"").append(LABEL).append("\" y=\"").append(y).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"").append(BAR)
                    .append("\" fill=\"").append(color).append("\"/>\n")
                    .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", LABEL + w + 6)).append("\" y=\"")
                    .append(y + 16).append("\" font-size=\"13\" fill=\"#1f2933\">")
                    .append(String.format(Locale.ROOT, "%,d", v)).append("</text>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String shorten(String label) {
        return label.length() > 30 ? label.substring(0, 29) + "…" : label;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch < 0x20 ? ' ' : ch);
            }
        }
        return b.toString();
    }
}
