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
    private final int width;

    private HeaderLayout(List<String> headerCells) {
        java.util.Arrays.fill(index, -1);
        width = headerCells.size();
        for (int i = 0; i < headerCells.size(); i++) {
            String cell = headerCells.get(i) == null ? "" : headerCells.get(i).strip();
            Column c = Column.forHeader(cell);
            if (c == null) {
                if (!Column.normalize(cell).isEmpty()) {
                    unknown.add(cell);
                }
            } else if (index[c.ordinal()] < 0) {
                index[c.ordinal()] = i;
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
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c.requiredIn(has(Column.AKSI)) && !has(c)) {
                missing.add(c.name());
            }
        }
        if (!missing.isEmpty()) {
            throw FileRefusals.missingColumns(fileName, String.join(", ", missing));
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
