package id.jamsos.gateway.validation;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;

/**
 * Pulls the rows of one worksheet's XML ({@code xl/worksheets/sheetN.xml}) one at a time with StAX,
 * so a sheet of any length costs one row of memory. Pull parsing (rather than POI's push-style
 * {@code XSSFSheetXMLHandler}) fits the row iterator without a second thread, and gives the raw
 * cell values instead of POI's display formatting (which would show a NIK as {@code 9.27101E+15}).
 *
 * <p>Each cell becomes text: shared and inline strings as written; formulas as their cached
 * result; a number formatted as a date as {@code yyyy-MM-dd}; any other number as the raw value
 * from the XML, flagged in {@link Row#numeric} so the caller decides how to read it (see
 * {@link NumericNik} for the NIK column, {@link #plainNumber} for the rest).
 */
final class SheetRows implements AutoCloseable {

    /** Cells past this column are ignored; a worker list has a dozen columns, Excel allows 16,384. */
    static final int MAX_COLUMNS = 256;

    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();

    /** One row as read; reused from row to row. */
    static final class Row {
        int number;
        final List<String> cells = new ArrayList<>();
        final BitSet numeric = new BitSet();
        /** Characters of text in the row, to refuse absurd cells. */
        long chars;
        /**
         * How many rows in a row this one stands for, numbered from {@link #number}: always 1 in an .xlsx;
         * an .ods writes equal neighbouring rows once with {@code table:number-rows-repeated}.
         */
        int repeated = 1;

        void reset(int rowNumber) {
            number = rowNumber;
            cells.clear();
            numeric.clear();
            chars = 0;
            repeated = 1;
        }

        void set(int column, String value, boolean isNumber) {
            while (cells.size() <= column) {
                cells.add("");
            }
            cells.set(column, value);
            numeric.set(column, isNumber);
            chars += value.length();
        }

        boolean blank() {
            for (String c : cells) {
                if (!c.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }

    private final XMLStreamReader xml;
    private final SharedTexts strings;
    private final DateStyles styles;
    private final boolean date1904;
    private final int maxChars;
    private final StringBuilder value = new StringBuilder();
    private final StringBuilder inline = new StringBuilder();
    private int lastRow;
    private boolean done;

    /**
     * @param maxChars text beyond this per cell is not kept (the row is refused by its length anyway)
     */
    SheetRows(InputStream sheetXml, SharedTexts strings, DateStyles styles, boolean date1904, int maxChars)
            throws XMLStreamException {
        this.xml = XML.createXMLStreamReader(sheetXml);
        this.strings = strings;
        this.styles = styles;
        this.date1904 = date1904;
        this.maxChars = maxChars;
    }

    /** Fills {@code row} with the next {@code <row>} of the sheet; false at the end of the sheet data. */
    boolean next(Row row) throws XMLStreamException {
        while (!done && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) {
                String r = xml.getAttributeValue(null, "r");
                lastRow = r == null ? lastRow + 1 : Integer.parseInt(r.strip());
                readRow(row, lastRow);
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(xml.getLocalName())) {
                done = true;
            }
        }
        done = true;
        return false;
    }

    private void readRow(Row row, int rowNumber) throws XMLStreamException {
        row.reset(rowNumber);
        int column = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(xml.getLocalName())) {
                String ref = xml.getAttributeValue(null, "r");
                column = ref == null ? column + 1 : columnOf(ref);
                String type = xml.getAttributeValue(null, "t");
                String style = xml.getAttributeValue(null, "s");
                readCell(row, column, type, style);
            } else if (event == XMLStreamConstants.END_ELEMENT && "row".equals(xml.getLocalName())) {
                return;
            }
        }
    }

    private void readCell(Row row, int column, String type, String style) throws XMLStreamException {
        value.setLength(0);
        inline.setLength(0);
        boolean inValue = false;
        boolean inText = false;
        int phonetic = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "v" -> inValue = true;
                    case "t" -> inText = phonetic == 0;
                    case "rPh" -> phonetic++;
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = xml.getLocalName();
                if ("c".equals(name)) {
                    break;
                }
                switch (name) {
                    case "v" -> inValue = false;
                    case "t" -> inText = false;
                    case "rPh" -> phonetic--;
                    default -> { }
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                if (inValue) {
                    append(value);
                } else if (inText) {
                    append(inline);
                }
            }
        }
        if (column < 0 || column >= MAX_COLUMNS) {
            return;
        }
        String v = value.toString();
        String t = type == null ? "n" : type;
        switch (t) {
            case "s" -> {
                row.set(column, v.isBlank() ? "" : strings.get(Integer.parseInt(v.strip())), false);
            }
            case "inlineStr" -> row.set(column, inline.toString(), false);
            case "str", "e" -> row.set(column, v, false);
            case "b" -> row.set(column, v.isEmpty() ? "" : ("1".equals(v.strip()) ? "TRUE" : "FALSE"), false);
            // An ISO 8601 date cell (rare, strict files): the date part is what a birth date needs.
            case "d" -> row.set(column, v.length() >= 10 ? v.substring(0, 10) : v, false);
            default -> {
                if (v.isBlank()) {
                    row.set(column, "", false);
                } else if (isDateStyle(style)) {
                    row.set(column, date(v), false);
                } else {
                    row.set(column, v.strip(), true);
                }
            }
        }
    }

    private void append(StringBuilder sb) {
        int room = maxChars + 1 - sb.length();
        if (room > 0) {
            int len = Math.min(room, xml.getTextLength());
            sb.append(xml.getTextCharacters(), xml.getTextStart(), len);
        }
    }

    /** A date cell as {@code yyyy-MM-dd}; the raw number when it is no date Excel can show. */
    private String date(String raw) {
        try {
            double serial = Double.parseDouble(raw.strip());
            if (DateUtil.isValidExcelDate(serial)) {
                LocalDateTime dt = DateUtil.getLocalDateTime(serial, date1904);
                if (dt != null) {
                    return dt.toLocalDate().toString();
                }
            }
        } catch (NumberFormatException e) {
            // fall through: the raw text tells the clerk what is there
        }
        return raw.strip();
    }

    private boolean isDateStyle(String style) {
        if (style == null) {
            return false;
        }
        try {
            return styles.isDate(Integer.parseInt(style.strip()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** "C12" -> 2 (0-based column of a cell reference). */
    static int columnOf(String ref) {
        int col = 0;
        int i = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
            col = col * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            if (col > 1 << 20) {
                return Integer.MAX_VALUE;
            }
            i++;
        }
        return col - 1;
    }

    /** A number cell outside the NIK column as plain digits: 1500000 for 1500000.0 or 1.5E6. */
    static String plainNumber(String raw) {
        try {
            BigDecimal d = new BigDecimal(raw.strip()).stripTrailingZeros();
            if (d.precision() - d.scale() > 40 || d.scale() > 40) {
                return raw; // not spelled out: 1E+999999999 would be a billion characters
            }
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // nothing held beyond the stream, which the caller closes
        }
    }
}
