package id.jamsos.gateway.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

class CsvEncodingTest {

    @TempDir
    Path dir;

    @Test
    void utf8WithBomReadsTheFirstHeaderCleanly() throws Exception {
        Path f = write(dir, "bom.csv", "\uFEFFNIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\r\n"
                + MALE_1990 + ";André Rumbiak;12/05/1990;L\r\n");
        Read r = read(f);
        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(r.warnings()).isEmpty();
        assertThat(r.rows()).hasSize(1);
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).worker().name()).isEqualTo("André Rumbiak");
    }

    @Test
    void utf8WithoutBom() throws Exception {
        Path f = write(dir, "plain.csv", "NIK,NAMA,TGL_LAHIR,JENIS_KELAMIN\n" + FEMALE_1985 + ",Yosina Mambrasar,05-03-1985,P\n");
        Read r = read(f);
        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(r.row(0).accepted()).isTrue();
    }

    @Test
    void windows1252FromAFixtureIsReadWithAWarning() throws Exception {
        Path f = dir.resolve("cp1252.csv");
        try (InputStream in = getClass().getResourceAsStream("/files/distrik-sorong-cp1252.csv")) {
            Files.copy(in, f);
        }
        // The fixture really is not UTF-8: é is the single byte E9.
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).contains("Andr\u00e9");
        Read r = read(f);
        assertThat(r.encoding()).isEqualTo("windows-1252");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("Windows-1252").contains("bukan UTF-8"));
        assertThat(r.rows()).hasSize(2);
        assertThat(r.row(0).worker().name()).isEqualTo("Agustinus Kambu");
        assertThat(r.row(1).worker().name()).isEqualTo("André Séptinus Rumbiak");
        assertThat(r.row(1).worker().address()).isEqualTo("Jl. Ahmad Yani – Klademak");
    }
}
