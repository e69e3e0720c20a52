package id.jamsos.gateway.validation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming reader of the styles part held against POI's {@code StylesTable}, which it replaced:
 * for every cell format (and past the last), the same answer to "is this a date?".
 */
class DateStylesTest {

    /** Custom formats, built-ins, a redefined built-in, and what must not count: a dxf's numFmt, cellStyleXfs. */
    static final String STYLES = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<numFmts count=\"5\">"
            + "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
            + "<numFmt numFmtId=\"165\" formatCode=\"#,##0\"/>"
            + "<numFmt numFmtId=\"166\" formatCode=\"[$-421]d mmmm yyyy;@\"/>"
            + "<numFmt numFmtId=\"167\" formatCode=\"&quot;Rp&quot; #,##0\"/>"
            + "<numFmt numFmtId=\"3\" formatCode=\"yyyy-mm-dd\"/>"
            + "</numFmts>"
            + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
            + "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
            + "<borders count=\"1\"><border/></borders>"
            + "<cellStyleXfs count=\"2\"><xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
            + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"12\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"1\"/>"
            + "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"><alignment wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"168\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"22\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"167\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"47\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "</cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"168\" formatCode=\"yyyy\"/></dxf></dxfs>"
            + "</styleSheet>";

    @Test
    void everyCellFormatIsADateExactlyWhenPoisStylesTableSaysSo() throws Exception {
        byte[] part = STYLES.getBytes(StandardCharsets.UTF_8);
        DateStyles streamed = DateStyles.read(() -> new ByteArrayInputStream(part));
        StylesTable poi = new StylesTable(new ByteArrayInputStream(part));

        assertThat(streamed.count()).isEqualTo(poi.getNumCellStyles()).isEqualTo(12);
        int dates = 0;
        for (int i = -1; i < poi.getNumCellStyles() + 3; i++) {
            boolean expected = false;
            if (i >= 0 && i < poi.getNumCellStyles()) {
                XSSFCellStyle cs = poi.getStyleAt(i);
                expected = DateUtil.isADateFormat(cs.getDataFormat(), cs.getDataFormatString());
            }
            assertThat(streamed.isDate(i)).as("cell format " + i).isEqualTo(expected);
            dates += expected ? 1 : 0;
        }
        // 164, 14, 166, 22, 47, and 3 redefined as yyyy-mm-dd: the comparison is not all "no".
        assertThat(dates).isEqualTo(6);
    }

    @Test
    void aPartWithoutCellFormatsHasNoDates() throws Exception {
        byte[] part = ("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>")
                .getBytes(StandardCharsets.UTF_8);
        DateStyles streamed = DateStyles.read(() -> new ByteArrayInputStream(part));
        assertThat(streamed.count()).isZero();
        assertThat(streamed.isDate(0)).isFalse();
        assertThat(DateStyles.none().isDate(0)).isFalse();
    }
}
