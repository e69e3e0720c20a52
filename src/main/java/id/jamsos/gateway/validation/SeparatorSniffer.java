package id.jamsos.gateway.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the separator from the header line. Agencies sometimes put a title row above the header
 * ("DAFTAR PEKERJA RENTAN ..."), so the header is the first of the opening lines that names a
 * NIK column once split; without one, the separator that occurs most on the first line wins.
 */
final class SeparatorSniffer {

    static final char[] CANDIDATES = {';', ',', '\t'};
    private static final int LINES_TO_TRY = 20;

    private SeparatorSniffer() {
    }

    static char sniff(BufferedReader reader) throws IOException {
        String first = null;
        String line;
        int tried = 0;
        while (tried < LINES_TO_TRY && (line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            tried++;
            if (first == null) {
                first = line;
            }
            for (char sep : CANDIDATES) {
                for (String cell : split(line, sep)) {
                    if (Column.forHeader(cell) == Column.NIK) {
                        return sep;
                    }
                }
            }
        }
        if (first == null) {
            return ',';
        }
        char best = ',';
        int bestCount = 0;
        for (char sep : CANDIDATES) {
            int count = split(first, sep).size() - 1;
            if (count > bestCount) {
                best = sep;
                bestCount = count;
            }
        }
        return best;
    }

    /** Splits one physical line, honouring double quotes; enough to read a header. */
    static List<String> split(String line, char sep) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
