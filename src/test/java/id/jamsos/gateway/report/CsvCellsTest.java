package id.jamsos.gateway.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCellsTest {

    @Test
    void formulaStartsBecomeText() {
        assertThat(CsvCells.neutralize("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(CsvCells.neutralize("+6281234567890")).isEqualTo("'+6281234567890");
        assertThat(CsvCells.neutralize("-500000")).isEqualTo("'-500000");
        assertThat(CsvCells.neutralize("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertThat(CsvCells.neutralize("Agustinus Kambu")).isEqualTo("Agustinus Kambu");
        assertThat(CsvCells.neutralize("9271011205900001")).isEqualTo("9271011205900001");
        assertThat(CsvCells.neutralize("a=b")).isEqualTo("a=b");
        assertThat(CsvCells.neutralize("'quoted")).isEqualTo("'quoted");
    }

    @Test
    void tabCrAndNull() {
        assertThat(CsvCells.neutralize("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvCells.neutralize("\r=1")).isEqualTo("'\r=1");
        assertThat(CsvCells.neutralize(null)).isEmpty();
        assertThat(CsvCells.neutralize("")).isEmpty();
    }
}
