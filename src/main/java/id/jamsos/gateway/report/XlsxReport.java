package id.jamsos.gateway.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A report workbook written as it streams: POI's SXSSF keeps a window of {@value #WINDOW} rows per sheet
 * in memory and writes the rest to a compressed temporary file, so a report of a million rows takes no
 * more heap than one of ten.
 *
 * <p>Every value is a string cell with the text format {@code @}: a NIK or KPJ stays its exact digits
 * (a number cell would hold a 16-digit NIK as a double and drop its last digit), and a clerk who edits a
 * cell and presses Enter gets text back, not a number or a formula. A string cell is never a formula,
 * so agency text needs no {@link CsvCells#neutralize} here; only the row number is a number cell.
 */
final class XlsxReport implements AutoCloseable {

    static final int WINDOW = 200;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final CellStyle text;
    private final CellStyle header;
    private Sheet sheet;
    private int next;

    XlsxReport() {
        workbook.setCompressTempFiles(true);
        text = workbook.createCellStyle();
        text.setDataFormat(workbook.createDataFormat().getFormat("@"));
        header = workbook.createCellStyle();
        header.cloneStyleFrom(text);
        Font bold = workbook.createFont();
        bold.setBold(true);
        header.setFont(bold);
    }

    /** Starts the next sheet with its header row (frozen) and column widths in characters. */
    void sheet(String name, String[] columns, int[] widths) {
        sheet = workbook.createSheet(name);
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, Math.min(255, widths[i]) * 256);
            sheet.setDefaultColumnStyle(i, text);
        }
        ((SXSSFSheet) sheet).createFreezePane(0, 1);
        Row row = sheet.createRow(0);
        for (int i = 0; i < columns.length; i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(columns[i]);
            cell.setCellStyle(header);
        }
        next = 1;
    }

    /** A row: the row number (a number cell; null for none), then text cells; null and "" are empty cells. */
    void row(Integer rowNo, String... values) {
        Row row = sheet.createRow(next++);
        int col = 0;
        if (rowNo != null) {
            row.createCell(col++).setCellValue(rowNo);
        }
        for (String value : values) {
            Cell cell = row.createCell(col++);
            cell.setCellStyle(text);
            if (value != null && !value.isEmpty()) {
                cell.setCellValue(value);
            }
        }
    }

    void writeTo(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the temporary files SXSSF wrote beside the heap. */
    @Override
    public void close() throws IOException {
        workbook.dispose();
        workbook.close();
    }
}
