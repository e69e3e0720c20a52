package id.jamsos.gateway.changes;

import java.util.Locale;

/**
 * What an agency's row asks for (the AKSI column): DAFTAR enrolls (the default, as every row before
 * change files existed), BERHENTI ends cover, KOREKSI corrects a worker's personal data, PINDAH hands
 * the worker to another agency of the city.
 */
public enum ChangeAction {
    DAFTAR,
    BERHENTI,
    KOREKSI,
    PINDAH;

    /** The action a cell names (any case, surrounding spaces ignored); empty means DAFTAR; null when unknown. */
    public static ChangeAction ofCell(String cell) {
        if (cell == null || cell.isBlank()) {
            return DAFTAR;
        }
        String word = cell.trim().toUpperCase(Locale.ROOT);
        for (ChangeAction a : values()) {
            if (a.name().equals(word)) {
                return a;
            }
        }
        return null;
    }
}
