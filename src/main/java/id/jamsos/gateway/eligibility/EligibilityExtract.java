package id.jamsos.gateway.eligibility;

import id.jamsos.gateway.ledger.EligibilityLedger;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads an extract of the poverty-targeting register (DTSEN or P3KE) line by line: a CSV with a header
 * line naming at least the NIK and decile columns, optionally the village code and household id
 * (docs/eligibility.md, "The extract"). Only the current line is held, so an extract of millions of
 * people is read in flat memory.
 *
 * <p>A line whose NIK is not 16 digits or whose decile is not 1 to 10 is skipped and counted; the first
 * few are named by line number and column, never by their value (the extract is personal data).
 */
public final class EligibilityExtract implements java.util.Iterator<EligibilityLedger.Entry>, Closeable {

    /** Village codes are taken as Kemendagri codes unless the column's name says BPS. */
    public static final String KEMENDAGRI = "KEMENDAGRI";
    public static final String BPS = "BPS";
    /** Skipped lines named one by one; the rest only counted. */
    static final int NAMED_SKIPS = 10;

    private static final Set<String> NIK = Set.of("nik", "no_nik", "nomor_nik", "nik_art", "nik_anggota",
            "nomor_induk_kependudukan");
    private static final Set<String> DECILE = Set.of("desil", "decile", "desil_nasional", "desil_kesejahteraan",
            "peringkat_desil", "desil_dtsen", "desil_p3ke");
    private static final Map<String, String> VILLAGE = Map.ofEntries(
            Map.entry("kode_desa", KEMENDAGRI), Map.entry("kode_kelurahan", KEMENDAGRI),
            Map.entry("kode_desa_kelurahan", KEMENDAGRI), Map.entry("kd_desa", KEMENDAGRI),
            Map.entry("kode_wilayah", KEMENDAGRI), Map.entry("village_code", KEMENDAGRI),
            Map.entry("kode_desa_kemendagri", KEMENDAGRI), Map.entry("kode_kemendagri", KEMENDAGRI),
            Map.entry("kode_desa_bps", BPS), Map.entry("kode_bps", BPS), Map.entry("kode_wilayah_bps", BPS),
            Map.entry("village_code_bps", BPS));
    private static final Set<String> HOUSEHOLD = Set.of("id_keluarga", "id_keluarga_p3ke", "id_rumah_tangga",
            "id_ruta", "idrt", "id_rt", "household_id", "no_kk", "nomor_kk");

    private final BufferedReader in;
    private final char separator;
    private final int nikCol;
    private final int decileCol;
    private final int villageCol;
    private final int householdCol;
    private final String villageSystem;
    private final List<String> skips = new ArrayList<>();
    private long skipped;
    private long lineNo = 1;
    private EligibilityLedger.Entry next;

    private EligibilityExtract(BufferedReader in, String header) {
        this.in = in;
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        this.separator = sniff(header);
        List<String> names = split(header, separator);
        int nik = -1;
        int decile = -1;
        int village = -1;
        int household = -1;
        String system = KEMENDAGRI;
        for (int i = 0; i < names.size(); i++) {
            String n = normal(names.get(i));
            if (nik < 0 && NIK.contains(n)) {
                nik = i;
            } else if (decile < 0 && DECILE.contains(n)) {
                decile = i;
            } else if (village < 0 && VILLAGE.containsKey(n)) {
                village = i;
                system = VILLAGE.get(n);
            } else if (household < 0 && HOUSEHOLD.contains(n)) {
                household = i;
            }
        }
        if (nik < 0 || decile < 0) {
            throw new IllegalArgumentException("the extract's header line names no " + (nik < 0 ? "NIK" : "decile")
                    + " column (accepted: " + (nik < 0 ? NIK : DECILE) + "; docs/eligibility.md)");
        }
        this.nikCol = nik;
        this.decileCol = decile;
        this.villageCol = village;
        this.householdCol = household;
        this.villageSystem = system;
    }

    /** Opens the extract and reads its header line (UTF-8, a byte-order mark allowed). */
    public static EligibilityExtract open(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException("the extract is empty");
            }
            return new EligibilityExtract(in, header);
        } catch (RuntimeException | IOException e) {
            in.close();
            throw e;
        }
    }

    /** KEMENDAGRI or BPS: the code system of the village code column, from its name. */
    public String villageCodeSystem() {
        return villageSystem;
    }

    public boolean hasVillageCodes() {
        return villageCol >= 0;
    }

    public boolean hasHouseholds() {
        return householdCol >= 0;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("the extract could not be read past line " + lineNo, e);
            }
            if (line == null) {
                return false;
            }
            lineNo++;
            if (!line.isBlank()) {
                next = parse(line);
            }
        }
        return true;
    }

    @Override
    public EligibilityLedger.Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EligibilityLedger.Entry e = next;
        next = null;
        return e;
    }

    private EligibilityLedger.Entry parse(String line) {
        List<String> cells = split(line, separator);
        String nik = digits(cell(cells, nikCol));
        if (nik == null || nik.length() != 16) {
            return skip("NIK is not 16 digits");
        }
        Integer decile = decile(cell(cells, decileCol));
        if (decile == null) {
            return skip("decile is not a number from 1 to 10");
        }
        String village = villageCol < 0 ? null : digits(cell(cells, villageCol));
        if (village != null && (village.length() < 2 || village.length() > 13)) {
            // Not a code of any level (province 2 digits to village 10): kept as unknown, the person is not.
            village = null;
        }
        String household = householdCol < 0 ? null : cell(cells, householdCol).strip();
        return new EligibilityLedger.Entry(nik, decile, village, household == null || household.isEmpty()
                ? null : household);
    }

    private EligibilityLedger.Entry skip(String why) {
        skipped++;
        if (skips.size() < NAMED_SKIPS) {
            skips.add("line " + lineNo + ": " + why);
        }
        return null;
    }

    /** Lines not taken, once the extract is read. */
    public long skipped() {
        return skipped;
    }

    /** The first few lines not taken, by number and reason, without their values. */
    public List<String> skips() {
        return List.copyOf(skips);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static String cell(List<String> cells, int i) {
        return i < cells.size() ? cells.get(i) : "";
    }

    /** Digits of a cell, spreadsheet decoration (a leading apostrophe, dots, spaces) removed; null if others. */
    static String digits(String cell) {
        StringBuilder d = new StringBuilder(16);
        String s = cell.strip();
        if (s.startsWith("'")) {
            s = s.substring(1);
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                d.append(ch);
            } else if (ch != '.' && ch != ' ') {
                return null;
            }
        }
        return d.length() == 0 ? null : d.toString();
    }

    /** "3", "03", "Desil 3" or "3.0"; null when not 1 to 10. */
    static Integer decile(String cell) {
        String s = cell.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("desil")) {
            s = s.substring(5).strip();
        }
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        try {
            int d = Integer.parseInt(s);
            return d >= 1 && d <= 10 ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String normal(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            out.append(Character.isLetterOrDigit(ch) ? ch : '_');
        }
        return out.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    }

    /** The separator the header line uses most: ';', ',', tab or '|'. */
    static char sniff(String header) {
        char best = ',';
        long most = -1;
        for (char c : new char[] {',', ';', '\t', '|'}) {
            long n = header.chars().filter(ch -> ch == c).count();
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return best;
    }

    /** One line's cells; a cell in double quotes may hold the separator and doubled quotes. */
    static List<String> split(String line, char sep) {
        List<String> cells = new ArrayList<>(8);
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == sep) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
