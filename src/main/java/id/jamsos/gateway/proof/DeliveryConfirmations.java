package id.jamsos.gateway.proof;

import id.jamsos.gateway.ledger.ProofLedger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Delivery confirmations an agency sends back (docs/proof-of-cover.md, "Confirming delivery"): a CSV or
 * XLSX with the columns KPJ, TANGGAL_TERIMA (the day the worker received the proof), PENERIMA or
 * NAMA_PENERIMA (who took it) and KETERANGAN (a note, optional), typed from the village's signed receipt
 * list. Every row is checked and answered in both languages naming the file, the row (as the spreadsheet
 * numbers it, the header being row 1) and the field; the good rows are recorded, the bad ones are not and
 * may be sent again corrected.
 *
 * <p>A row is refused when its KPJ is empty, unknown to the agency (another agency's worker reads as
 * unknown, as on the portal's worker page), in none of the agency's printed batches, or when its date is
 * missing, unreadable, in the future or before the proof was printed, or the receiver is empty.
 */
public final class DeliveryConfirmations {

    /** Larger than any village's list: a file above it is refused whole. */
    public static final long MAX_BYTES = 2L * 1024 * 1024;

    /** One answer: {@code ok} rows were recorded; {@code field} is null for a whole-file answer. */
    public record Result(String file, int row, String field, boolean ok, String messageId, String messageEn) {
        /** "berkas.csv baris 3 TANGGAL_TERIMA: Indonesian / English". */
        public String text() {
            return file + (row > 0 ? " baris/row " + row : "") + (field == null ? "" : " " + field) + ": " + messageId
                    + " / " + messageEn;
        }
    }

    /** What a file did: the answers row by row, and the proofs recorded as delivered. */
    public record Outcome(List<Result> results, int delivered) {
        public long refused() {
            return results.stream().filter(r -> !r.ok()).count();
        }
    }

    private record Line(int row, String kpj, String date, String receiver, String note) {
    }

    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT));

    private final ProofLedger ledger;
    private final ZoneId zone;
    private final Clock clock;

    public DeliveryConfirmations(ProofLedger ledger, ZoneId zone, Clock clock) {
        this.ledger = ledger;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * Reads, checks and records {@code content} (a file named {@code fileName}) for {@code agencyId};
     * {@code by} says who sent it (portal:&lt;clerk&gt;, command:&lt;user&gt;).
     */
    public Outcome apply(String agencyId, String fileName, byte[] content, String by) {
        String file = fileName == null || fileName.isBlank() ? "berkas" : fileName.strip();
        List<Line> lines;
        try {
            lines = read(file, content);
        } catch (FileProblem p) {
            return new Outcome(List.of(new Result(file, 0, null, false, p.messageId, p.messageEn)), 0);
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<Result> results = new ArrayList<>();
        List<ProofLedger.Delivery> deliveries = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        // Each delivery's answer, for one the ledger finds recorded in the meantime (ProofLedger.deliver).
        Map<ProofLedger.Delivery, Integer> pending = new java.util.IdentityHashMap<>();
        for (Line l : lines) {
            String kpj = l.kpj().strip();
            if (kpj.isEmpty()) {
                results.add(bad(file, l.row(), "KPJ", "KPJ kosong", "KPJ is empty"));
                continue;
            }
            // Only a row recorded above makes a later one a repetition: a refused row may be corrected lower down.
            if (seen.contains(kpj)) {
                results.add(bad(file, l.row(), "KPJ", "KPJ " + kpj + " sudah ada di baris sebelumnya dalam berkas ini",
                        "KPJ " + kpj + " is on an earlier row of this file"));
                continue;
            }
            if (!ledger.agencyKnows(agencyId, kpj)) {
                results.add(bad(file, l.row(), "KPJ", "KPJ " + kpj + " tidak dikenal untuk instansi ini",
                        "KPJ " + kpj + " is unknown to this agency"));
                continue;
            }
            Optional<ProofLedger.Latest> latest = ledger.latest(agencyId, kpj);
            if (latest.isEmpty()) {
                results.add(bad(file, l.row(), "KPJ", "KPJ " + kpj + " tidak ada di batch cetak instansi ini",
                        "KPJ " + kpj + " is not in any printed batch of this agency"));
                continue;
            }
            String rawDate = l.date().strip();
            if (rawDate.isEmpty()) {
                results.add(bad(file, l.row(), "TANGGAL_TERIMA", "TANGGAL_TERIMA kosong", "TANGGAL_TERIMA is empty"));
                continue;
            }
            Optional<LocalDate> on = date(rawDate);
            if (on.isEmpty()) {
                results.add(bad(file, l.row(), "TANGGAL_TERIMA", "Tanggal tidak terbaca: " + rawDate
                        + " (pakai dd/mm/yyyy)", "Unreadable date: " + rawDate + " (use dd/mm/yyyy)"));
                continue;
            }
            if (on.get().isAfter(today)) {
                results.add(bad(file, l.row(), "TANGGAL_TERIMA", "Tanggal " + on.get() + " belum terjadi",
                        "Date " + on.get() + " is in the future"));
                continue;
            }
            LocalDate printed = latest.get().printedAt().atZone(zone).toLocalDate();
            if (on.get().isBefore(printed)) {
                results.add(bad(file, l.row(), "TANGGAL_TERIMA", "Tanggal " + on.get() + " sebelum bukti dicetak ("
                        + printed + ")", "Date " + on.get() + " is before the proof was printed (" + printed + ")"));
                continue;
            }
            String receiver = l.receiver().strip();
            if (receiver.isEmpty()) {
                results.add(bad(file, l.row(), "PENERIMA", "PENERIMA kosong: tulis nama yang menerima",
                        "PENERIMA is empty: write who received it"));
                continue;
            }
            seen.add(kpj);
            if (latest.get().state() == ProofLedger.State.DELIVERED) {
                results.add(new Result(file, l.row(), null, true, "Sudah tercatat diterima sebelumnya; tidak diubah",
                        "Already recorded as delivered; left as it was"));
                continue;
            }
            deliveries.add(new ProofLedger.Delivery(latest.get().batchId(), kpj, on.get(), receiver, l.note().strip(),
                    by + " file:" + file + " row:" + l.row()));
            pending.put(deliveries.get(deliveries.size() - 1), results.size());
            results.add(new Result(file, l.row(), null, true, "Diterima " + on.get() + " oleh " + receiver
                    + " (batch " + latest.get().batchId() + ")", "Delivered " + on.get() + " to " + receiver
                    + " (batch " + latest.get().batchId() + ")"));
        }
        if (lines.isEmpty()) {
            results.add(new Result(file, 0, null, false, "Berkas tidak berisi baris", "The file has no rows"));
        }
        List<ProofLedger.Delivery> recorded = ledger.deliver(deliveries);
        java.util.Set<ProofLedger.Delivery> moved = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        moved.addAll(recorded);
        for (Map.Entry<ProofLedger.Delivery, Integer> e : pending.entrySet()) {
            if (!moved.contains(e.getKey())) {
                // Another confirmation of the KPJ (the portal, the SFTP folder) was recorded since the check above.
                Result r = results.get(e.getValue());
                results.set(e.getValue(), new Result(r.file(), r.row(), null, true,
                        "Sudah tercatat diterima sebelumnya; tidak diubah", "Already recorded as delivered; left as it was"));
            }
        }
        return new Outcome(results, recorded.size());
    }

    private static Result bad(String file, int row, String field, String id, String en) {
        return new Result(file, row, field, false, id, en);
    }

    static Optional<LocalDate> date(String s) {
        for (DateTimeFormatter f : DATES) {
            try {
                return Optional.of(LocalDate.parse(s, f));
            } catch (DateTimeParseException e) {
                // the next style
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- reading

    private static final class FileProblem extends Exception {
        final String messageId;
        final String messageEn;

        FileProblem(String messageId, String messageEn) {
            super(messageEn, null, false, false);
            this.messageId = messageId;
            this.messageEn = messageEn;
        }
    }

    private static List<Line> read(String file, byte[] content) throws FileProblem {
        if (content.length > MAX_BYTES) {
            throw new FileProblem("Berkas lebih dari 2 MB", "The file is larger than 2 MB");
        }
        String lower = file.toLowerCase(Locale.ROOT);
        List<List<String>> rows;
        if (lower.endsWith(".xlsx")) {
            rows = xlsx(content);
        } else if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
            rows = csv(content);
        } else {
            throw new FileProblem("Jenis berkas tidak didukung: kirim CSV atau XLSX",
                    "File type not supported: send CSV or XLSX");
        }
        if (rows.isEmpty()) {
            throw new FileProblem("Berkas kosong", "The file is empty");
        }
        Map<String, Integer> head = new java.util.HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace("\uFEFF", "");
            head.putIfAbsent(name, i);
        }
        Integer kpj = head.get("KPJ");
        Integer date = head.containsKey("TANGGAL_TERIMA") ? head.get("TANGGAL_TERIMA") : head.get("TGL_TERIMA");
        Integer receiver = head.containsKey("PENERIMA") ? head.get("PENERIMA") : head.get("NAMA_PENERIMA");
        Integer note = head.get("KETERANGAN");
        if (kpj == null || date == null || receiver == null) {
            throw new FileProblem("Kolom wajib tidak ada: KPJ, TANGGAL_TERIMA, PENERIMA (atau NAMA_PENERIMA)",
                    "Required columns missing: KPJ, TANGGAL_TERIMA, PENERIMA (or NAMA_PENERIMA)");
        }
        List<Line> lines = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> cells = rows.get(r);
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            lines.add(new Line(r + 1, cell(cells, kpj), cell(cells, date), cell(cells, receiver),
                    note == null ? "" : cell(cells, note)));
        }
        return lines;
    }

    private static String cell(List<String> cells, int i) {
        return i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
    }

    private static List<List<String>> csv(byte[] content) throws FileProblem {
        String text = decode(content);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String first = text.lines().findFirst().orElse("");
        char sep = first.chars().filter(c -> c == ';').count() > first.chars().filter(c -> c == ',').count() ? ';' : ',';
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.DEFAULT.builder().setDelimiter(sep).get()).get()) {
            for (CSVRecord rec : parser) {
                List<String> cells = new ArrayList<>();
                rec.forEach(cells::add);
                rows.add(cells);
            }
        } catch (IOException | RuntimeException e) {
            throw new FileProblem("CSV tidak terbaca", "The CSV cannot be read");
        }
        return rows;
    }

    /** UTF-8 when it is, else Windows-1252 (Excel on an Indonesian PC). */
    private static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return new String(content, Charset.forName("windows-1252"));
        }
    }

    private static List<List<String>> xlsx(byte[] content) throws FileProblem {
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                    Cell cell = row.getCell(c);
                    if (cell == null) {
                        cells.add("");
                    } else if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                        cells.add(cell.getLocalDateTimeCellValue().toLocalDate().toString());
                    } else {
                        cells.add(formatter.formatCellValue(cell));
                    }
                }
                while (rows.size() < row.getRowNum()) {
                    rows.add(List.of());
                }
                rows.add(cells);
            }
        } catch (IOException | RuntimeException e) {
            throw new FileProblem("XLSX tidak terbaca", "The XLSX cannot be read");
        }
        return rows;
    }

    /** For tests and the command: the file's bytes from a stream. */
    public static byte[] bytes(InputStream in) throws IOException {
        byte[] b = in.readNBytes((int) MAX_BYTES + 1);
        return b;
    }
}
