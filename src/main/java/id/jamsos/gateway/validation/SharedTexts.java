package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;

/**
 * An {@code .xlsx}'s shared strings ({@code xl/sharedStrings.xml}: each distinct text of the workbook
 * once, which cells point to by number), held in a memory budget.
 *
 * <p>This is the one part of a workbook that must be held whole, since a cell on the last row may
 * point to the first string. POI's {@code ReadOnlySharedStringsTable} keeps one {@code String} per
 * entry (about 50 bytes each before the text): a 145 MB workbook of 25 million short distinct strings
 * ran a 512 MiB gateway out of heap. Here the texts are UTF-8 bytes in 1 MiB blocks, each preceded by
 * its length (2 bytes), and an int per string gives where it starts: 6 bytes per string plus its text.
 * What they take is counted while the part is read (the part's own {@code uniqueCount} is not
 * trusted), and past {@code maxBytes} the file is refused as {@link FileRefusals#TOO_COMPLEX}; no
 * row has been read then. Blocks are added one at a time, never copied into a larger array, so the
 * heap never holds twice the table.
 *
 * <p>Texts are read as POI read them: the {@code <t>} elements of an {@code <si>} (rich-text runs
 * joined), phonetic runs ({@code <rPh>}) left out, Excel's {@code _xHHHH_} escapes decoded.
 */
final class SharedTexts {

    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();

    private static final int BLOCK_BITS = 20;
    private static final int BLOCK = 1 << BLOCK_BITS;
    private static final int STARTS_BITS = 16;
    private static final int STARTS_BLOCK = 1 << STARTS_BITS;
    /** Bytes a text may keep: its length is stored in 2 bytes. */
    private static final int MAX_TEXT_BYTES = 0xFFFF;
    /** Charged per string besides its text: the length (2 bytes) and where it starts (4). */
    static final int BYTES_PER_STRING = 6;

    private static final SharedTexts EMPTY = new SharedTexts(Long.MAX_VALUE);

    private final long maxBytes;
    private final List<byte[]> blocks = new ArrayList<>();
    private final List<int[]> starts = new ArrayList<>();
    private int size;
    /** Position of the next free byte: block index << BLOCK_BITS | offset. */
    private int end = BLOCK; // no block yet: the first add opens one
    private long charged;

    private SharedTexts(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A workbook without shared strings (every text inline or a number). */
    static SharedTexts none() {
        return EMPTY;
    }

    /**
     * Reads the shared strings part.
     *
     * @param maxChars characters kept of one text: a longer one refuses its row anyway
     *                 ({@link FileRefusals#CELL_TOO_LONG}), so the rest need not be held
     */
    static SharedTexts read(InputStream part, String fileName, long maxBytes, int maxChars)
            throws XMLStreamException, FileRejectedException {
        SharedTexts texts = new SharedTexts(maxBytes);
        int keep = Math.min(maxChars + 1, MAX_TEXT_BYTES / 3);
        StringBuilder text = new StringBuilder();
        XMLStreamReader xml = XML.createXMLStreamReader(part);
        try {
            boolean inItem = false;
            boolean inText = false;
            int phonetic = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "si" -> {
                            inItem = true;
                            phonetic = 0;
                            text.setLength(0);
                        }
                        case "t" -> inText = inItem && phonetic == 0;
                        case "rPh" -> phonetic++;
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "si" -> {
                            inItem = false;
                            texts.add(text, fileName);
                        }
                        case "t" -> inText = false;
                        case "rPh" -> phonetic--;
                        default -> { }
                    }
                } else if (inText && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE)) {
                    int room = keep - text.length();
                    if (room > 0) {
                        text.append(xml.getTextCharacters(), xml.getTextStart(), Math.min(room, xml.getTextLength()));
                    }
                }
            }
        } finally {
            xml.close();
        }
        return texts;
    }

    private void add(CharSequence text, String fileName) throws FileRejectedException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_TEXT_BYTES);
        charged += length + BYTES_PER_STRING;
        if (charged > maxBytes) {
            throw FileRefusals.tooComplex(fileName, size, maxBytes);
        }
        int offset = end & (BLOCK - 1);
        if ((end >>> BLOCK_BITS) >= blocks.size() || offset + 2 + length > BLOCK) {
            blocks.add(new byte[BLOCK]);
            offset = 0;
            end = (blocks.size() - 1) << BLOCK_BITS;
        }
        byte[] block = blocks.get(blocks.size() - 1);
        block[offset] = (byte) (length >>> 8);
        block[offset + 1] = (byte) length;
        System.arraycopy(bytes, 0, block, offset + 2, length);
        if ((size & (STARTS_BLOCK - 1)) == 0) {
            starts.add(new int[STARTS_BLOCK]);
        }
        starts.get(size >>> STARTS_BITS)[size & (STARTS_BLOCK - 1)] = end;
        size++;
        end += 2 + length;
    }

    /** The text of string {@code index}, as a cell of type {@code s} gives it. */
    String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("shared string " + index + " of " + size);
        }
        int start = starts.get(index >>> STARTS_BITS)[index & (STARTS_BLOCK - 1)];
        byte[] block = blocks.get(start >>> BLOCK_BITS);
        int offset = start & (BLOCK - 1);
        int length = (block[offset] & 0xFF) << 8 | (block[offset + 1] & 0xFF);
        String s = new String(block, offset + 2, length, StandardCharsets.UTF_8);
        // Excel writes characters XML cannot carry as _xHHHH_; POI decodes them, and so does this.
        return s.contains("_x") ? new XSSFRichTextString(s).getString() : s;
    }

    int size() {
        return size;
    }

    /** Bytes counted against the budget so far. */
    long charged() {
        return charged;
    }
}
