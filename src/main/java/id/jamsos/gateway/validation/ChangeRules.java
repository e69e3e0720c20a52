package id.jamsos.gateway.validation;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.model.RowRejection;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cell rules of change rows (issue 16): the AKSI word, the reason BERHENTI gives, its last month,
 * and PINDAH's receiving agency. Whether the worker may be changed at all (enrolled here, covered, by
 * the file's agency) is the intake's question (intake/ChangeChecks): it needs the ledger.
 */
public final class ChangeRules {

    public static final String ACTION_FIELD = "AKSI";
    public static final String REASON_FIELD = "ALASAN_BERHENTI";
    public static final String MONTH_FIELD = "BULAN_TERAKHIR";
    public static final String TARGET_FIELD = "INSTANSI_TUJUAN";
    public static final String EFFECTIVE_MONTH_FIELD = "BULAN_BERLAKU";

    /**
     * The words an agency writes for why cover ends, after {@link Column#normalize} (so "Pindah domisili"
     * and "PINDAH_DOMISILI" are one word). The English names of {@link EndReason} are accepted too, but only
     * the reasons an agency may give: BUDGET_ENDED, LAPSED and TRANSFERRED are the gateway's own.
     */
    private static final Map<String, EndReason> REASONS = Map.ofEntries(
            Map.entry("MENINGGAL", EndReason.DIED),
            Map.entry("MENINGGALDUNIA", EndReason.DIED),
            Map.entry("DIED", EndReason.DIED),
            Map.entry("PINDAHDOMISILI", EndReason.MOVED),
            Map.entry("PINDAH", EndReason.MOVED),
            Map.entry("MOVED", EndReason.MOVED),
            Map.entry("TIDAKMEMENUHISYARAT", EndReason.NOT_ELIGIBLE),
            Map.entry("NOTELIGIBLE", EndReason.NOT_ELIGIBLE),
            Map.entry("PEMBAYARLAIN", EndReason.OTHER_PAYER),
            Map.entry("OTHERPAYER", EndReason.OTHER_PAYER),
            Map.entry("DITARIK", EndReason.WITHDRAWN),
            Map.entry("SALAHDAFTAR", EndReason.WITHDRAWN),
            Map.entry("WITHDRAWN", EndReason.WITHDRAWN));

    private static final String REASON_WORDS = "MENINGGAL, PINDAH_DOMISILI, TIDAK_MEMENUHI_SYARAT, PEMBAYAR_LAIN,"
            + " DITARIK, SALAH_DAFTAR";

    /** MM/yyyy, MM-yyyy (month of one or two digits), yyyy-MM, or a whole yyyy-MM-dd (a workbook's date cell). */
    private static final Pattern MONTH_FIRST = Pattern.compile("(\\d{1,2})[/-](\\d{4})");
    private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})-(\\d{1,2})(?:-\\d{1,2})?");

    /** An agency id as agencies.yaml writes one: letters, digits, '-', '_', '.'; at most 64. */
    private static final Pattern AGENCY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ChangeRules() {
    }

    /** The row's action; null (and a reason added) for a word the gateway does not know. */
    public static ChangeAction action(String raw, List<RowRejection> rejections) {
        ChangeAction action = ChangeAction.ofCell(raw);
        if (action == null) {
            String word = quoted(raw);
            rejections.add(new RowRejection(ACTION_FIELD, "ACTION_UNKNOWN",
                    "AKSI " + word + " tidak dikenal; gunakan DAFTAR, BERHENTI, KOREKSI atau PINDAH",
                    "AKSI " + word + " is not an action; use DAFTAR, BERHENTI, KOREKSI or PINDAH"));
        }
        return action;
    }

    /** BERHENTI's reason; null (and a reason added) when missing or not one of the words. */
    public static EndReason reason(String raw, List<RowRejection> rejections) {
        String key = Column.normalize(raw == null ? "" : raw.strip());
        if (key.isEmpty()) {
            rejections.add(new RowRejection(REASON_FIELD, "REASON_MISSING",
                    "ALASAN_BERHENTI wajib diisi untuk BERHENTI (" + REASON_WORDS + ")",
                    "ALASAN_BERHENTI is required for BERHENTI (" + REASON_WORDS + ")"));
            return null;
        }
        EndReason reason = REASONS.get(key);
        if (reason == null) {
            rejections.add(new RowRejection(REASON_FIELD, "REASON_UNKNOWN",
                    "ALASAN_BERHENTI " + quoted(raw) + " tidak dikenal; gunakan " + REASON_WORDS,
                    "ALASAN_BERHENTI " + quoted(raw) + " is not a reason; use " + REASON_WORDS));
        }
        return reason;
    }

    /** BERHENTI's last month; null (and a reason added) when missing or not a month. */
    public static YearMonth lastMonth(String raw, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            rejections.add(new RowRejection(MONTH_FIELD, "LAST_MONTH_MISSING",
                    "BULAN_TERAKHIR wajib diisi untuk BERHENTI (MM/yyyy)", "BULAN_TERAKHIR is required for BERHENTI (MM/yyyy)"));
            return null;
        }
        YearMonth month = month(s);
        if (month == null) {
            rejections.add(new RowRejection(MONTH_FIELD, "LAST_MONTH_FORMAT",
                    "BULAN_TERAKHIR harus bulan dan tahun: MM/yyyy, MM-yyyy atau yyyy-MM (misalnya 03/2025)",
                    "BULAN_TERAKHIR must be a month and year: MM/yyyy, MM-yyyy or yyyy-MM (e.g. 03/2025)"));
        }
        return month;
    }

    /**
     * KOREKSI's first month of the corrected income; null when the cell is empty (the income then holds
     * from the month the change is applied) or not a month (and a reason added). Read as BULAN_TERAKHIR is.
     */
    public static YearMonth effectiveMonth(String raw, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        YearMonth month = month(s);
        if (month == null) {
            rejections.add(new RowRejection(EFFECTIVE_MONTH_FIELD, "EFFECTIVE_MONTH_FORMAT",
                    "BULAN_BERLAKU harus bulan dan tahun: MM/yyyy, MM-yyyy atau yyyy-MM (misalnya 07/2026)",
                    "BULAN_BERLAKU must be a month and year: MM/yyyy, MM-yyyy or yyyy-MM (e.g. 07/2026)"));
        }
        return month;
    }

    /** PINDAH's receiving agency id; null (and a reason added) when missing or not an agency id. */
    public static String targetAgency(String raw, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            rejections.add(new RowRejection(TARGET_FIELD, "TARGET_MISSING",
                    "INSTANSI_TUJUAN wajib diisi untuk PINDAH (kode instansi penerima)",
                    "INSTANSI_TUJUAN is required for PINDAH (the receiving agency's id)"));
            return null;
        }
        if (!AGENCY_ID.matcher(s).matches()) {
            rejections.add(new RowRejection(TARGET_FIELD, "TARGET_FORMAT",
                    "INSTANSI_TUJUAN bukan kode instansi (huruf, angka, '-', '_', '.')",
                    "INSTANSI_TUJUAN is not an agency id (letters, digits, '-', '_', '.')"));
            return null;
        }
        return s;
    }

    /** The month a cell names, or null. */
    static YearMonth month(String s) {
        Matcher m = MONTH_FIRST.matcher(s);
        int year;
        int month;
        if (m.matches()) {
            month = Integer.parseInt(m.group(1));
            year = Integer.parseInt(m.group(2));
        } else if ((m = YEAR_FIRST.matcher(s)).matches()) {
            year = Integer.parseInt(m.group(1));
            month = Integer.parseInt(m.group(2));
        } else {
            return null;
        }
        if (year < BirthDates.MIN_YEAR) {
            return null;
        }
        try {
            return YearMonth.of(year, month);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A cell quoted in a message, cut short: it is the agency's own text, never a NIK's place. */
    private static String quoted(String raw) {
        String s = raw == null ? "" : Whitespace.collapse(raw).strip();
        if (s.length() > 30) {
            s = s.substring(0, 29) + "\u2026";
        }
        return "'" + s + "'";
    }
}
