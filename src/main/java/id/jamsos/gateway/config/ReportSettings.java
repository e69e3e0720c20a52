package id.jamsos.gateway.config;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an agency gets its reports ({@code config/agencies.yaml}: {@code report_formats},
 * {@code report_csv_separator}, {@code report_csv_encoding}). The defaults are what every agency had
 * before: CSV only, comma-separated, UTF-8 with a BOM.
 *
 * @param formats   which reports are written: CSV (results and rejects) and/or one XLSX workbook
 * @param separator the CSV separator: {@code ,} or {@code ;} (what an Indonesian-locale Excel expects)
 *                  or a tab
 * @param encoding  UTF-8 (written with a BOM, so Excel reads it as UTF-8) or windows-1252 (for an old
 *                  Excel that opens UTF-8 badly; letters it cannot hold become {@code ?})
 */
public record ReportSettings(Set<Format> formats, char separator, Charset encoding) {

    public enum Format {
        CSV, XLSX;

        public String suffix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The separators agencies.yaml accepts; before DEFAULT, which the constructor checks against it. */
    static final List<Character> SEPARATORS = List.of(',', ';', '\t');
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    public static final ReportSettings DEFAULT = new ReportSettings(EnumSet.of(Format.CSV), ',', StandardCharsets.UTF_8);

    public ReportSettings {
        formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one report format");
        }
        if (!SEPARATORS.contains(separator)) {
            throw new IllegalArgumentException("separator must be , ; or a tab");
        }
        if (!encoding.equals(StandardCharsets.UTF_8) && !encoding.equals(WINDOWS_1252)) {
            throw new IllegalArgumentException("encoding must be UTF-8 or windows-1252");
        }
    }

    public boolean csv() {
        return formats.contains(Format.CSV);
    }

    public boolean xlsx() {
        return formats.contains(Format.XLSX);
    }

    /** A BOM only for UTF-8: without it Excel on Indonesian-locale PCs reads UTF-8 as Windows-1252. */
    public boolean bom() {
        return encoding.equals(StandardCharsets.UTF_8);
    }
}
