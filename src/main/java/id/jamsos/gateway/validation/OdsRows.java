package id.jamsos.gateway.validation;

import java.io.InputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.util.XMLHelper;

/**
 * Pulls the rows of an OpenDocument spreadsheet's first table ({@code content.xml}:
 * {@code office:spreadsheet / table:table / table:table-row / table:table-cell}) one at a time with
 * StAX, into the same {@link SheetRows.Row} the .xlsx reader fills, so both formats meet the row rules
 * the same way: text cells as text, number cells flagged {@link SheetRows.Row#numeric} with their exact
 * value ({@code office:value}, never the displayed text, which LibreOffice writes as
 * {@code 9.2710112059E+015}), date cells as {@code yyyy-MM-dd}.
 *
 * <p>Repeats are never expanded: LibreOffice ends a sheet with one empty row "repeated" a million
 * times ({@code table:number-rows-repeated="1048000"}) and a row with one empty cell repeated to the
 * last column ({@code table:number-columns-repeated="16380"}). Empty repeated rows only advance the
 * row number and are never handed out; empty repeated cells only advance the column. A non-empty
 * row written once for several equal rows is handed out once with {@link SheetRows.Row#repeated}
 * set, and the caller numbers the copies; a non-empty repeated cell fills at most the columns up to
 * {@link SheetRows#MAX_COLUMNS}. Memory is one row, whatever the file declares.
 *
 * <p>Cell text is the {@code text:p} paragraphs joined by a line break, with {@code text:s} (its
 * {@code text:c} spaces), {@code text:tab} and {@code text:line-break} spelled out; comments
 * ({@code office:annotation}) and drawings are not part of the value. At most {@code maxChars + 1}
 * characters of a cell are kept; {@link SheetRows.Row#chars} counts every cell's text, also those past
 * the kept columns, so an absurd row is refused by its length.
 */
final class OdsRows implements AutoCloseable {

    static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static final String DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";

    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();

    private final XMLStreamReader xml;
    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    /** The next row's number as a spreadsheet shows it (1-based); a long, as repeats may declare anything. */
    private long nextRow = 1;
    private boolean inTable;
    private boolean done;

    OdsRows(InputStream contentXml, int maxChars) throws XMLStreamException {
        this.xml = XML.createXMLStreamReader(contentXml);
        this.maxChars = maxChars;
    }

    /**
     * Fills {@code row} with the next non-blank row of the first table; false after its last row.
     *
     * @throws XMLStreamException also for a non-blank row numbered past 2,147,483,647 (only a hostile
     *                            file declares so many repeated rows)
     */
    boolean next(SheetRows.Row row) throws XMLStreamException {
        while (!done && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String ns = xml.getNamespaceURI();
                String name = xml.getLocalName();
                if (TABLE.equals(ns) && "table".equals(name)) {
                    if (inTable) {
                        skipElement(); // a table inside the table: no rows of the sheet
                    } else {
                        inTable = true;
                    }
                } else if (inTable && TABLE.equals(ns) && "table-row".equals(name)) {
                    long repeats = repeat(xml.getAttributeValue(TABLE, "number-rows-repeated"));
                    long number = nextRow;
                    nextRow += repeats;
                    readRow(row);
                    if (row.blank()) {
                        continue;
                    }
                    if (number + repeats - 1 > Integer.MAX_VALUE) {
                        throw new XMLStreamException("row number past " + Integer.MAX_VALUE);
                    }
                    row.number = (int) number;
                    row.repeated = (int) repeats;
                    return true;
                } else if (inTable && (OFFICE.equals(ns) || DRAW.equals(ns) || TABLE.equals(ns)
                        && ("table-columns".equals(name) || "table-column".equals(name)
                        || "table-header-columns".equals(name) || "table-column-group".equals(name)
                        || "shapes".equals(name) || "named-expressions".equals(name)))) {
                    skipElement(); // forms, shapes, column styles: nothing of the rows
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && inTable && TABLE.equals(xml.getNamespaceURI())
                    && "table".equals(xml.getLocalName())) {
                done = true; // the first table only, as for an .xlsx the first sheet
            }
        }
        done = true;
        return false;
    }

    /** From just after {@code <table:table-row>} to its end tag. */
    private void readRow(SheetRows.Row row) throws XMLStreamException {
        row.reset(0);
        long column = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (TABLE.equals(xml.getNamespaceURI())
                        && ("table-cell".equals(name) || "covered-table-cell".equals(name))) {
                    column += readCell(row, column);
                } else {
                    skipElement();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return; // </table:table-row>: cells are read to their own end
            }
        }
    }

    /** One cell, from its start tag to its end tag; returns how many columns it takes. */
    private long readCell(SheetRows.Row row, long column) throws XMLStreamException {
        long repeats = repeat(xml.getAttributeValue(TABLE, "number-columns-repeated"));
        String type = xml.getAttributeValue(OFFICE, "value-type");
        String value = xml.getAttributeValue(OFFICE, "value");
        String date = xml.getAttributeValue(OFFICE, "date-value");
        String bool = xml.getAttributeValue(OFFICE, "boolean-value");
        String string = xml.getAttributeValue(OFFICE, "string-value");
        readText();
        String cell;
        boolean numeric = false;
        switch (type == null ? "" : type) {
            case "float", "percentage", "currency" -> {
                numeric = value != null && !value.isBlank();
                cell = numeric ? value.strip() : text.toString();
            }
            case "date" -> cell = date == null ? text.toString() : datePart(date.strip());
            case "boolean" -> cell = bool == null ? text.toString() : ("true".equalsIgnoreCase(bool.strip()) ? "TRUE" : "FALSE");
            case "string" -> cell = string != null ? cap(string) : text.toString();
            default -> cell = text.toString(); // no type: an empty cell, or text without a type (hand-made files)
        }
        if (cell.isEmpty()) {
            return repeats;
        }
        long kept = column >= SheetRows.MAX_COLUMNS ? 0 : Math.min(repeats, SheetRows.MAX_COLUMNS - column);
        for (int i = 0; i < kept; i++) {
            row.set((int) column + i, cell, numeric);
        }
        if (kept == 0) {
            row.chars += cell.length(); // not kept, still counted
        }
        return repeats;
    }

    /** The paragraphs of the cell now open, into {@link #text}, up to its end tag. */
    private void readText() throws XMLStreamException {
        text.setLength(0);
        int paragraphs = 0;
        int depth = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String ns = xml.getNamespaceURI();
                String name = xml.getLocalName();
                if (OFFICE.equals(ns) || DRAW.equals(ns) || TABLE.equals(ns)) {
                    skipElement(); // a comment, a drawing, a table inside the cell: not the value
                } else if (TEXT.equals(ns)) {
                    switch (name) {
                        case "p", "h" -> {
                            if (depth == 0 && paragraphs++ > 0) {
                                add("\n");
                            }
                            depth++;
                        }
                        case "s" -> {
                            long n = repeat(xml.getAttributeValue(TEXT, "c"));
                            for (long i = 0; i < n && text.length() <= maxChars; i++) {
                                text.append(' ');
                            }
                            skipElement();
                        }
                        case "tab" -> {
                            add("\t");
                            skipElement();
                        }
                        case "line-break" -> {
                            add("\n");
                            skipElement();
                        }
                        default -> depth++; // span, a (link), ...: their text is the cell's
                    }
                } else {
                    skipElement();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == 0) {
                    return; // the cell's own end tag
                }
                depth--;
            } else if (depth > 0 && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE)) {
                int room = maxChars + 1 - text.length();
                if (room > 0) {
                    text.append(xml.getTextCharacters(), xml.getTextStart(), Math.min(room, xml.getTextLength()));
                }
            }
        }
    }

    private void add(String s) {
        if (text.length() <= maxChars) {
            text.append(s);
        }
    }

    private String cap(String s) {
        return s.length() > maxChars + 1 ? s.substring(0, maxChars + 1) : s;
    }

    /** From a start tag to its end tag, whatever is inside. */
    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** {@code 1992-01-16} of {@code 1992-01-16} or {@code 1992-01-16T00:00:00}. */
    private static String datePart(String v) {
        int t = v.indexOf('T');
        return t >= 0 ? v.substring(0, t) : v;
    }

    /** A repeat count: 1 when absent or unreadable, at least 1, at most 2^31 (more only overflows). */
    static long repeat(String attribute) {
        if (attribute == null) {
            return 1;
        }
        try {
            long n = Long.parseLong(attribute.strip());
            return Math.max(1, Math.min(n, 1L << 31));
        } catch (NumberFormatException e) {
            return 1;
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
