package id.jamsos.gateway.validation;

import java.util.List;

/**
 * The cells of one row as the row rules read them. A CSV row decodes a cell only when a rule asks
 * for it ({@link CsvTokenizer}); an .xlsx row is already a list of strings.
 */
interface RowCells {

    int size();

    /** The cell's text; "" for an empty cell or a position past the end of the row, never null. */
    String get(int i);

    /** True for an empty or whitespace-only cell, and for a position past the end of the row. */
    boolean isBlank(int i);

    static RowCells of(List<String> cells) {
        return new RowCells() {
            @Override
            public int size() {
                return cells.size();
            }

            @Override
            public String get(int i) {
                String v = i < 0 || i >= cells.size() ? null : cells.get(i);
                return v == null ? "" : v;
            }

            @Override
            public boolean isBlank(int i) {
                return get(i).isBlank();
            }
        };
    }
}
