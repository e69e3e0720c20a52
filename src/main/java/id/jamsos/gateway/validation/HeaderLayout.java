package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Where each known column sits in the header record, and which header cells were not understood. */
final class HeaderLayout {

    private final int[] index = new int[Column.values().length];
    private final List<String> unknown = new ArrayList<>();
    /** The non-empty header cells as written, for the note of a refused header (at most {@link #SHOWN_HEADERS}). */
    private final List<String> written = new ArrayList<>();
    private final int width;
    private int known;

    /** A refusal note names at most this many of the headers found, each cut to {@link #SHOWN_CHARS}. */
    static final int SHOWN_HEADERS = 40;
    static final int SHOWN_CHARS = 60;

    private HeaderLayout(List<String> headerCells) {
        java.util.Arrays.fill(index, -1);
        width = headerCells.size();
        for (int i = 0; i < headerCells.size(); i++) {
            String cell = headerCells.get(i) == null ? "" : headerCells.get(i).strip();
            if (!cell.isEmpty() && written.size() < SHOWN_HEADERS) {
                String oneLine = Whitespace.collapse(cell).strip();
                written.add(oneLine.length() > SHOWN_CHARS ? oneLine.substring(0, SHOWN_CHARS) + "…" : oneLine);
            }
            Column c = Column.forHeader(cell);
            if (c == null) {
                if (!Column.normalize(cell).isEmpty()) {
                    unknown.add(cell);
                }
            } else if (index[c.ordinal()] < 0) {
                index[c.ordinal()] = i;
                known++;
            } else {
                index[c.ordinal()] = -2; // seen twice: refused in check()
            }
        }
    }

    static HeaderLayout of(List<String> headerCells) {
        return new HeaderLayout(headerCells);
    }

    boolean has(Column c) {
        return index[c.ordinal()] >= 0;
    }

    /** Column position, or -1 when the file does not have it. */
    int indexOf(Column c) {
        return Math.max(index[c.ordinal()], -1);
    }

    /** How many known columns the row names: of several candidate rows, the likeliest header names most. */
    int knownColumns() {
        return known;
    }

    /** The header cells as written (non-empty ones, shortened), for a refusal note. */
    List<String> written() {
        return written;
    }

    /**
     * The file gives this column: itself, or for TGL_LAHIR the combined place-and-date column, which
     * holds the date as well.
     */
    boolean gives(Column c) {
        return has(c) || c == Column.TGL_LAHIR && has(Column.TEMPAT_TGL_LAHIR);
    }

    int width() {
        return width;
    }

    List<String> unknownColumns() {
        return unknown;
    }

    /** Refuses a header that repeats a column or lacks a required one. */
    void check(String fileName) throws FileRejectedException {
        for (Column c : Column.values()) {
            if (index[c.ordinal()] == -2) {
                throw FileRefusals.duplicateColumn(fileName, c.name());
            }
        }
        List<Column> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c.requiredIn(has(Column.AKSI)) && !gives(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw FileRefusals.missingColumns(fileName, missing, written);
        }
    }

    Map<Column, Integer> asMap() {
        Map<Column, Integer> m = new EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            if (has(c)) {
                m.put(c, index[c.ordinal()]);
            }
        }
        return m;
    }
}
