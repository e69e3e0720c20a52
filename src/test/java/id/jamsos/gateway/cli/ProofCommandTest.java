package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.proof.ProofFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code proof-of-cover} command on the seeded ledger of ProofFixture: the PDF written where asked with
 * its path printed and batches recorded, nothing written where nobody is covered, a batch handed over, and a
 * confirmation file whose refused row makes the exit code 1.
 */
class ProofCommandTest {

    private final ProofFixture fixture = new ProofFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void printHandOverAndConfirm() throws Exception {
        Path pdf = dir.resolve("out/klasaman.pdf");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ProofCommand.print(fixture.props, "Sorong Timur", "Klasaman", "dinsos", pdf, "command:test",
                new PrintWriter(out), new PrintWriter(err))).isZero();
        assertThat(out.toString()).contains("proofs of cover: 2, 3 halaman / pages", pdf.toAbsolutePath().toString());
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
        }
        assertThat(Files.list(pdf.getParent())).containsExactly(pdf);

        Path none = dir.resolve("none.pdf");
        assertThat(ProofCommand.print(fixture.props, "Sorong Utara", null, null, none, "command:test",
                new PrintWriter(new StringWriter()), new PrintWriter(err))).isEqualTo(ProofCommand.NOTHING);
        assertThat(none).doesNotExist();
        assertThat(err.toString()).contains("nobody covered there: Sorong Utara");

        ProofLedger ledger = new ProofLedger(fixture.dataSource, fixture.pii, Clock.systemUTC());
        long batch = ledger.batches("dinsos", 10).get(0).id();
        StringWriter handed = new StringWriter();
        assertThat(ProofCommand.handed(fixture.props, batch, null, "Sekretaris Kelurahan Klasaman", "command:test",
                new PrintWriter(handed), new PrintWriter(err))).isZero();
        assertThat(handed.toString()).contains("Batch " + batch, "2 bukti / proofs");
        assertThat(ProofCommand.handed(fixture.props, batch + 100, null, "x", "command:test",
                new PrintWriter(new StringWriter()), new PrintWriter(err))).isEqualTo(ProofCommand.NOTHING);
        assertThat(ProofCommand.handed(fixture.props, batch, "2999-01-01", "x", "command:test",
                new PrintWriter(new StringWriter()), new PrintWriter(err))).isEqualTo(ExitCodes.CONFIGURATION);

        String today = LocalDate.now(ZoneId.of("Asia/Jayapura")).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        Path file = dir.resolve("terima_klasaman.csv");
        Files.writeString(file, "KPJ;TANGGAL_TERIMA;PENERIMA\n" + ProofFixture.YOSINA.kpj() + ";" + today
                + ";Yosina\n" + ProofFixture.MARKUS.kpj() + ";" + today + ";Markus\n", StandardCharsets.UTF_8);
        StringWriter confirmed = new StringWriter();
        assertThat(ProofCommand.confirm(fixture.props, "dinsos", file, "command:test", new PrintWriter(confirmed)))
                .isEqualTo(ProofCommand.NOTHING);
        assertThat(confirmed.toString()).contains("OK     terima_klasaman.csv baris/row 2",
                "DITOLAK/REFUSED terima_klasaman.csv baris/row 3 KPJ: KPJ " + ProofFixture.MARKUS.kpj()
                        + " tidak dikenal untuk instansi ini",
                "delivered recorded: 1; ditolak / refused: 1");
        assertThat(ledger.latest("dinsos", ProofFixture.YOSINA.kpj())).get().extracting(ProofLedger.Latest::state)
                .isEqualTo(ProofLedger.State.DELIVERED);
    }

    @Test
    void theWorkersWithNoVillageRecordedArePrintedOnTheirOwn() throws Exception {
        fixture.enroll("dinsos", "dinsos-tanpa.csv", java.util.List.of(new ProofFixture.Seeded("dinsos", "SORONG TIMUR",
                null, "Naomi Rumbiak", "9671104801900031", "05K40000031")));
        Path pdf = dir.resolve("tanpa.pdf");
        StringWriter out = new StringWriter();
        assertThat(ProofCommand.print(fixture.props, "Sorong Timur", null, true, "dinsos", pdf, "command:test",
                new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
        assertThat(out.toString()).contains("proofs of cover: 1,", "dinsos  Sorong Timur / Tanpa kelurahan / No village"
                + " recorded  1");
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("Naomi Rumbiak")
                    .doesNotContain(ProofFixture.YOSINA.name());
        }
    }
}
