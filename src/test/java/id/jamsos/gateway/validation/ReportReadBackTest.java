package id.jamsos.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.config.ReportSettings;
import id.jamsos.gateway.config.ReportSettings.Format;
import id.jamsos.gateway.report.CsvCells;
import id.jamsos.gateway.report.ReportFixture;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential: the CSV reports the gateway writes, read back by the gateway's own CSV parser (the one
 * that reads agency files) and by commons-csv, cell for cell the same; and every NIK and KPJ of the
 * ledger comes back as its exact digits, whatever separator and encoding the agency chose.
 */
class ReportReadBackTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "separator {0}, {1}")
    @CsvSource(delimiter = '|', value = {", | UTF-8", "; | UTF-8", "; | windows-1252", "\\t | UTF-8"})
    void bothParsersReadTheExactDigits(String sep, String encoding) throws Exception {
        char separator = sep.equals("\\t") ? '\t' : sep.charAt(0);
        Charset charset = Charset.forName(encoding);
        ReportSettings settings = new ReportSettings(EnumSet.of(Format.CSV), separator, charset);
        try (ReportFixture fx = new ReportFixture(dir)) {
            ReportFixture.Round round = fx.round(fx.writer(settings));
            Map<Integer, String[]> ledger = new LinkedHashMap<>();
            fx.ledger.forEachRow(fx.fileId, row -> ledger.put(row.rowNo(), new String[] {row.nik(), row.kpj()}));

            for (Object written : round.written.values()) {
                byte[] bytes = Files.readAllBytes((Path) written);
                int bom = settings.bom() ? 3 : 0;
                List<List<String>> ours = ours(bytes, bom, charset, separator);
                List<List<String>> theirs = commons(new String(bytes, bom, bytes.length - bom, charset), separator);
                assertThat(ours).isEqualTo(theirs);
                assertThat(ours.size()).isGreaterThan(1);
            }
            Path results = (Path) round.written.get("pekerja.csv.results.csv");
            List<List<String>> lines = ours(Files.readAllBytes(results), settings.bom() ? 3 : 0, charset, separator);
            for (List<String> line : lines.subList(1, lines.size())) {
                String[] held = ledger.get(Integer.parseInt(line.get(0)));
                assertThat(CsvCells.textOf(line.get(1))).isEqualTo(held[0]);
                assertThat(CsvCells.textOf(line.get(4))).isEqualTo(held[1] == null ? "" : held[1]);
            }
            assertThat(lines.get(1).get(2)).isEqualTo(ReportFixture.NAME);
            assertThat(CsvCells.textOf(lines.get(1).get(1))).isEqualTo(ReportFixture.NIK);
        }
    }

    private static List<List<String>> ours(byte[] bytes, int bom, Charset charset, char separator) throws Exception {
        List<List<String>> records = new ArrayList<>();
        try (CsvTokenizer csv = new CsvTokenizer(new ByteArrayInputStream(bytes, bom, bytes.length - bom), charset,
                separator, 1_000_000)) {
            while (csv.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < csv.size(); i++) {
                    cells.add(csv.get(i));
                }
                records.add(cells);
            }
        }
        return records;
    }

    private static List<List<String>> commons(String text, char separator) throws Exception {
        List<List<String>> records = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setDelimiter(separator).get().parse(new StringReader(text))) {
            records.add(r.toList());
        }
        return records;
    }
}
