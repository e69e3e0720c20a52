package id.jamsos.gateway.report;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCellsTest {

    /** What a clerk cannot see before a cell's first visible character (issue #14, item 7). */
    static final List<String> INVISIBLE = List.of("\u00A0", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF",
            "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
            "\u2069", " ", "\u3000");
    static final List<String> FORMULA = List.of("=", "+", "-", "@", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20");

    @Test
    void formulaStartsBecomeText() {
        assertThat(CsvCells.neutralize("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(CsvCells.neutralize("+6281234567890")).isEqualTo("'+6281234567890");
        assertThat(CsvCells.neutralize("-500000")).isEqualTo("'-500000");
        assertThat(CsvCells.neutralize("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void fullWidthFormulaStartsBecomeText() {
        assertThat(CsvCells.neutralize("\uFF1DHYPERLINK(\"http://x\")")).isEqualTo("'\uFF1DHYPERLINK(\"http://x\")");
        assertThat(CsvCells.neutralize("\uFF0B1+1")).isEqualTo("'\uFF0B1+1");
        assertThat(CsvCells.neutralize("\uFF0D1")).isEqualTo("'\uFF0D1");
        assertThat(CsvCells.neutralize("\uFF20SUM(A1)")).isEqualTo("'\uFF20SUM(A1)");
        // The small forms fold to ASCII the same way.
        assertThat(CsvCells.neutralize("\uFE66cmd")).isEqualTo("'\uFE66cmd");
    }

    @Test
    void formulaStartsBehindInvisibleCharactersBecomeText() {
        for (String prefix : INVISIBLE) {
            for (String f : FORMULA) {
                String cell = prefix + f + "HYPERLINK(\"http://evil.example\")";
                assertThat(CsvCells.neutralize(cell)).as("U+%04X then %s", (int) prefix.charAt(0), f)
                        .isEqualTo("'" + cell);
            }
        }
        String stacked = "\u200E\u00A0\u2066\uFEFF=1+1";
        assertThat(CsvCells.neutralize(stacked)).isEqualTo("'" + stacked);
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertThat(CsvCells.neutralize("Agustinus Kambu")).isEqualTo("Agustinus Kambu");
        assertThat(CsvCells.neutralize("9271011205900001")).isEqualTo("9271011205900001");
        assertThat(CsvCells.neutralize("a=b")).isEqualTo("a=b");
        assertThat(CsvCells.neutralize("'quoted")).isEqualTo("'quoted");
        assertThat(CsvCells.neutralize("\u00A0Yohanes")).isEqualTo("\u00A0Yohanes");
        assertThat(CsvCells.neutralize("\u200BMaria \uFF1D")).isEqualTo("\u200BMaria \uFF1D");
        assertThat(CsvCells.neutralize("\u00A0")).isEqualTo("\u00A0");
    }

    @Test
    void tabCrAndNull() {
        assertThat(CsvCells.neutralize("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvCells.neutralize("\r=1")).isEqualTo("'\r=1");
        assertThat(CsvCells.neutralize(null)).isEmpty();
        assertThat(CsvCells.neutralize("")).isEmpty();
    }

    /**
     * Property test against a reference written from the issue's list alone: for seeded random cells
     * built from invisible characters, formula characters and letters, a cell is prefixed exactly when
     * the reference says it would run as a formula, and otherwise left alone; and what comes out never
     * starts, past the invisible characters, with a formula character.
     */
    @Test
    void agreesWithTheReferenceOnRandomCells() {
        Random random = new Random(14);
        List<String> alphabet = new java.util.ArrayList<>(INVISIBLE);
        alphabet.addAll(FORMULA);
        alphabet.addAll(List.of("A", "b", "9", "'", "\"", ",", ";", "\u00E9", "\u2212", "\uFF21"));
        int prefixed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder cell = new StringBuilder();
            int len = 1 + random.nextInt(6);
            for (int k = 0; k < len; k++) {
                cell.append(alphabet.get(random.nextInt(alphabet.size())));
            }
            String in = cell.toString();
            String out = CsvCells.neutralize(in);
            boolean formula = referenceIsFormula(in);
            assertThat(out).as("%s", escaped(in)).isEqualTo(formula ? "'" + in : in);
            assertThat(referenceIsFormula(out)).as("%s", escaped(in)).isFalse();
            prefixed += formula ? 1 : 0;
        }
        assertThat(prefixed).isBetween(2_000, 18_000);
    }

    private static boolean referenceIsFormula(String cell) {
        int i = 0;
        while (i < cell.length() && INVISIBLE.contains(String.valueOf(cell.charAt(i)))) {
            i++;
        }
        return i < cell.length() && FORMULA.contains(String.valueOf(cell.charAt(i)));
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x80 && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return b.toString();
    }

    @Test
    void digitsBecomeATextFormulaAndAnythingElseIsNeutralisedAsBefore() {
        assertThat(CsvCells.digitsAsText("9671102804958883")).isEqualTo("=\"9671102804958883\"");
        assertThat(CsvCells.digitsAsText("02401234567")).isEqualTo("=\"02401234567\"");
        assertThat(CsvCells.textOf(CsvCells.digitsAsText("9671102804958883"))).isEqualTo("9671102804958883");
        // Only ASCII digits get the gateway's formula; every other value is the clerk's and is guarded.
        assertThat(CsvCells.digitsAsText("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvCells.digitsAsText("-9671102804958883")).isEqualTo("'-9671102804958883");
        assertThat(CsvCells.digitsAsText("\t9671102804958883")).isEqualTo("'\t9671102804958883");
        assertThat(CsvCells.digitsAsText("9.67110280495888E+15")).isEqualTo("9.67110280495888E+15");
        assertThat(CsvCells.digitsAsText("\uFF19\uFF16")).isEqualTo("\uFF19\uFF16");
        assertThat(CsvCells.digitsAsText("96711\"+cmd")).isEqualTo("96711\"+cmd");
        assertThat(CsvCells.digitsAsText("")).isEmpty();
        assertThat(CsvCells.digitsAsText(null)).isEmpty();
        // Read back: only the exact form is unwrapped.
        assertThat(CsvCells.textOf("=\"12a\"")).isEqualTo("=\"12a\"");
        assertThat(CsvCells.textOf("Yosina")).isEqualTo("Yosina");
    }
}
