package id.jamsos.gateway.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One machine-readable result line: {@code key=value} pairs separated by single spaces, in the
 * order they were added. Values never contain spaces or '=' (they are replaced by '_'), decimals
 * use a dot whatever the locale, so {@code awk}/{@code grep} and a spreadsheet can read the lines.
 */
public final class BenchLine {

    private final Map<String, String> values = new LinkedHashMap<>();

    public static BenchLine scenario(String name) {
        return new BenchLine().put("scenario", name);
    }

    public BenchLine put(String key, String value) {
        if (key == null || key.isEmpty() || !key.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("bad key: " + key);
        }
        values.put(key, value == null ? "-" : value.replaceAll("[\\s=]+", "_"));
        return this;
    }

    public BenchLine put(String key, long value) {
        return put(key, Long.toString(value));
    }

    /** Rounded to {@code decimals} places; NaN and infinities print as "-". */
    public BenchLine put(String key, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return put(key, "-");
        }
        return put(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    public String get(String key) {
        return values.get(key);
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    /** Parses a line written by {@link #toString()} (for tests and scripts that post-process runs). */
    public static Map<String, String> parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : line.trim().split(" +")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
