package id.jamsos.gateway.validation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes .xlsx fixtures with POI's ordinary workbook API (fine for writing small test files).
 * A row is an array of cell values: {@code String} a text cell, {@code Number} a number cell,
 * {@code LocalDate} a date cell formatted dd/mm/yyyy, {@link Formula} a formula whose cached value
 * is computed before saving, {@code null} no cell at all. A {@code null} row is left out (blank).
 */
public final class XlsxFiles {

    /** A formula cell, e.g. {@code new Formula("CONCATENATE(\"Agus\",\"tinus\")")}. */
    public record Formula(String text) {
    }

    private XlsxFiles() {
    }

    public static Path write(Path dir, String name, Object[]... rows) throws IOException {
        return write(dir, name, false, rows);
    }

    public static Path write(Path dir, String name, boolean date1904, Object[]... rows) throws IOException {
        Path p = dir.resolve(name);
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(p)) {
            if (date1904) {
                wb.getCTWorkbook().addNewWorkbookPr().setDate1904(true);
            }
            CellStyle dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            Sheet sheet = wb.createSheet("Pekerja");
            boolean formulas = false;
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] == null) {
                    continue;
                }
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    if (v == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (v instanceof String s) {
                        cell.setCellValue(s);
                    } else if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (v instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(dateStyle);
                    } else if (v instanceof Formula f) {
                        cell.setCellFormula(f.text());
                        if (f.text().startsWith("DATE(")) {
                            cell.setCellStyle(dateStyle); // as Excel formats a DATE() result
                        }
                        formulas = true;
                    } else {
                        throw new IllegalArgumentException("cell type " + v.getClass());
                    }
                }
            }
            if (formulas) {
                wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            }
            wb.createSheet("Catatan").createRow(0).createCell(0).setCellValue("second sheet, never read");
            wb.write(out);
        }
        return p;
    }

    /** A workbook whose first sheet has no rows at all. */
    public static Path writeEmpty(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(p)) {
            wb.createSheet("Kosong");
            wb.write(out);
        }
        return p;
    }
}
