package id.jamsos.gateway.validation;

import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;

/**
 * Which cell formats of a workbook show a number as a date: all that {@link SheetRows} needs of the
 * styles part (a cell's {@code s="7"} is the eighth {@code <xf>} of {@code <cellXfs>}, whose
 * {@code numFmtId} names a built-in or a {@code <numFmt>} of the part's own). Read streaming, twice over
 * the part, instead of with POI's {@code StylesTable}, which holds the whole part as XMLBeans objects
 * at many times its size: the styles of a heavily formatted workbook (Excel allows 64,000 cell formats,
 * and styles copied in from other workbooks pile up) run to tens of MB, and one file must not take the
 * heap. Kept: one bit per cell format, and one per custom number format id below {@value #MAX_FORMAT_ID}
 * (Excel numbers its own from 164 up; a higher id is read as a format that is no date).
 */
final class DateStyles {

    static final int MAX_FORMAT_ID = 1 << 16;

    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();
    private static final DateStyles NONE = new DateStyles(new BitSet(), 0);

    /** Opens the styles part again for each pass. */
    @FunctionalInterface
    interface Part {
        InputStream open() throws IOException;
    }

    private final BitSet dates;
    private final int count;

    private DateStyles(BitSet dates, int count) {
        this.dates = dates;
        this.count = count;
    }

    /** A workbook without a styles part: every cell is General. */
    static DateStyles none() {
        return NONE;
    }

    static DateStyles read(Part part) throws IOException, XMLStreamException {
        // <numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>: not the numFmt of a <dxf>.
        BitSet custom = new BitSet();
        BitSet customDates = new BitSet();
        try (InputStream in = part.open()) {
            eachChild(in, "numFmts", "numFmt", xml -> {
                int id = number(xml.getAttributeValue(null, "numFmtId"));
                if (id >= 0 && id < MAX_FORMAT_ID) {
                    custom.set(id);
                    customDates.set(id, DateUtil.isADateFormat(id, xml.getAttributeValue(null, "formatCode")));
                }
            });
        }
        IntPredicate isDate = id -> id >= 0 && (id < MAX_FORMAT_ID && custom.get(id) ? customDates.get(id)
                : DateUtil.isADateFormat(id, BuiltinFormats.getBuiltinFormat(id)));
        // <cellXfs><xf numFmtId="14" …/>: not the xfs of <cellStyleXfs>. No numFmtId is General (0).
        BitSet dates = new BitSet();
        int[] count = {0};
        try (InputStream in = part.open()) {
            eachChild(in, "cellXfs", "xf", xml -> {
                String id = xml.getAttributeValue(null, "numFmtId");
                dates.set(count[0]++, isDate.test(id == null ? 0 : number(id)));
            });
        }
        return new DateStyles(dates, count[0]);
    }

    /** Whether cell format {@code index} (a cell's {@code s}) shows a date; false for an index it lacks. */
    boolean isDate(int index) {
        return index >= 0 && dates.get(index);
    }

    /** Cell formats the part has. */
    int count() {
        return count;
    }

    /** Calls {@code visit} at each {@code <child>} directly inside the style sheet's own {@code <container>}. */
    private static void eachChild(InputStream in, String container, String child, Consumer<XMLStreamReader> visit)
            throws XMLStreamException {
        XMLStreamReader xml = XML.createXMLStreamReader(in);
        try {
            int depth = 0;
            boolean inside = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = xml.getLocalName();
                    if (depth == 2 && container.equals(name)) {
                        inside = true;
                    } else if (inside && depth == 3 && child.equals(name)) {
                        visit.accept(xml);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2) {
                        inside = false;
                    }
                    depth--;
                }
            }
        } finally {
            xml.close();
        }
    }

    /** A format id as written; -1 for what is not one. */
    private static int number(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
