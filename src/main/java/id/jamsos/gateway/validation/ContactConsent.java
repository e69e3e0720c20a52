package id.jamsos.gateway.validation;

import java.util.Locale;
import java.util.Set;

/**
 * The PERSETUJUAN column (also SETUJU_DIHUBUNGI): whether the worker agreed to be told about their cover on
 * the number in NO_HP (docs/notifications.md). Clerks write Y/T, YA/TIDAK, SETUJU/TIDAK SETUJU, or the
 * English Y/N, YES/NO; case and surrounding spaces do not matter.
 */
public final class ContactConsent {

    public static final String FIELD = "PERSETUJUAN";

    /** The warning of a cell that says neither yes nor no, as the reports show it beside the file and row. */
    public static final String UNREADABLE = "PERSETUJUAN tidak dikenali (isi Y/YA atau T/TIDAK); dianggap tidak setuju,"
            + " tidak ada pesan yang dikirim / PERSETUJUAN is not recognised (use Y/YA or T/TIDAK); taken as no"
            + " consent, no message is sent";

    private static final Set<String> YES = Set.of("Y", "YA", "YES", "SETUJU", "BERSEDIA", "1", "TRUE");
    private static final Set<String> NO = Set.of("T", "TIDAK", "N", "NO", "TIDAK SETUJU", "TIDAK BERSEDIA", "0",
            "FALSE");

    private ContactConsent() {
    }

    /** True for a yes, false for a no, null for anything else (an empty cell included). */
    public static Boolean parse(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (YES.contains(v)) {
            return Boolean.TRUE;
        }
        if (NO.contains(v)) {
            return Boolean.FALSE;
        }
        return null;
    }
}
