package id.jamsos.gateway.report;

import id.jamsos.gateway.model.RowRejection;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RejectsCsvWriterTest {

    @Test
    void writesHeaderAndOneNeutralisedLinePerReasonWithCrlf() throws Exception {
        StringWriter out = new StringWriter();
        try (RejectsCsvWriter w = new RejectsCsvWriter(out)) {
            w.write(5, "9271011205900001", "=cmd|' /C calc'!A0",
                    new RowRejection("NAMA", "NAME_CHARACTERS", "NAMA hanya boleh berisi huruf, spasi",
                            "NAMA may contain only letters, spaces"));
            w.write(7, "9.27101E+15", "Yosina, Mambrasar", new RowRejection("NIK", "NIK_SPREADSHEET", "rusak", "damaged"));
            w.writeFileRejection("FILE_NO_ROWS", "kosong", "empty");
        }
        String text = out.toString();
        assertThat(text).startsWith("baris/row,nik,nama/name,kolom/field,kode/code,alasan,reason,aksi/action\r\n");
        assertThat(text.split("\r\n", -1)).hasSize(5);

        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
        // A NIK of digits as a formula whose value is its text: no spreadsheet turns it into a number.
        assertThat(records.get(1).toList()).containsExactly("5", "=\"9271011205900001\"", "'=cmd|' /C calc'!A0", "NAMA",
                "NAME_CHARACTERS", "NAMA hanya boleh berisi huruf, spasi", "NAMA may contain only letters, spaces", "DAFTAR/ENROLL");
        assertThat(records.get(2).get(2)).isEqualTo("Yosina, Mambrasar");
        // Not digits only: as the clerk typed it, neutralised as any other cell.
        assertThat(records.get(2).get(1)).isEqualTo("9.27101E+15");
        assertThat(records.get(3).toList()).containsExactly("", "", "", "FILE", "FILE_NO_ROWS", "kosong", "empty", "");
    }
}
