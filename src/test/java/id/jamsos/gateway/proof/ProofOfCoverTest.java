package id.jamsos.gateway.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.report.WorkerStoryText;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proofs of cover on a seeded H2 ledger (ProofFixture): the PDF opened with PDFBox (pages, text: name, masked
 * NIK and never the full one, KPJ, programmes, period, payer, BPJS's channels), its QR codes read back from a
 * rendered page with ZXing (the check page's address, no NIK), the batches recorded, the hand-over, the
 * delivery confirmations with good and bad rows, and the worker's story showing each step.
 */
class ProofOfCoverTest {

    private static final Instant PRINTED = Instant.parse("2026-04-01T02:00:00Z");
    private static final Instant CONFIRMED = Instant.parse("2026-04-20T02:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Jayapura");

    private final ProofFixture fixture = openFixture();
    private final ProofLedger ledger = new ProofLedger(fixture.dataSource, fixture.pii, Clock.fixed(PRINTED, ZoneOffset.UTC));

    /** The seeded ledger: H2 here, PostgreSQL in PostgresProofOfCoverTest. */
    protected ProofFixture openFixture() {
        return new ProofFixture();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private ProofPrinter.Printed print(String district, String kelurahan, String agency, ByteArrayOutputStream out)
            throws Exception {
        return new ProofPrinter(ledger, fixture.settings(), Clock.fixed(PRINTED, ZoneOffset.UTC))
                .print(district, kelurahan, agency, "command:test", out);
    }

    @Test
    void aDistrictPrintsOneBatchPerAgencyAndVillageWithTheWorkersFactsAndNoFullNik() throws Exception {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        ProofPrinter.Printed printed = print(" sorong timur ", null, null, pdf);

        // dinkes/Klasaman (1), dinsos/Klasaman (2), dinsos/Klawuyuk (1): each a hand-over sheet, a receipt
        // list and one page of proofs.
        assertThat(printed.batches()).extracting(ProofLedger.Batch::agencyId, ProofLedger.Batch::kelurahan,
                ProofLedger.Batch::count).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dinkes", "Klasaman", 1),
                        org.assertj.core.groups.Tuple.tuple("dinsos", "Klasaman", 2),
                        org.assertj.core.groups.Tuple.tuple("dinsos", "Klawuyuk", 1));
        assertThat(printed.proofs()).isEqualTo(4);
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(9).isEqualTo(printed.pages());
            String all = new PDFTextStripper().getText(doc);
            for (ProofFixture.Seeded s : List.of(ProofFixture.YOSINA, ProofFixture.JOSE, ProofFixture.MARKUS)) {
                assertThat(all).contains(s.name(), s.kpj(), s.nik().substring(0, 4) + "********" + s.nik().substring(12))
                        .doesNotContain(s.nik());
            }
            // Ł and Ś are not in WinAnsi: the line is drawn in the embedded Unicode font and reads back as written.
            assertThat(all).contains(ProofFixture.LUKASZ.name()).doesNotContain(ProofFixture.LUKASZ.nik())
                    .doesNotContain(ProofFixture.RUTH.name());
            assertThat(all).doesNotContain(ProofFixture.RUTH.kpj());

            String proofs = text(doc, 6);
            assertThat(proofs).contains("Yosina Mambrasar", "9671********0001", "05K40000001",
                    "JKK (kecelakaan kerja), JKM (kematian)", "Maret 2026 - Desember 2026", "APBD Kota Sorong",
                    "Contact Center BPJS 175", "JMO", "ini bukan kartu BPJS Ketenagakerjaan",
                    "this is not a BPJS card", "Pemerintah Kota Sorong", "Klasaman, Sorong Timur");
            String cover = text(doc, 4);
            assertThat(cover).contains("BERITA ACARA SERAH TERIMA", "Nomor batch / batch number",
                    String.valueOf(printed.batches().get(1).id()), "dinsos", "Klasaman", "Tanda tangan / signature",
                    "Diterima oleh / received by");
            assertThat(text(doc, 5)).contains("DAFTAR TANDA TERIMA", "Yosina Mambrasar", "05K40000001")
                    .doesNotContain("9671********0001");

            // The QR codes read back from the rendered page: BPJS's check page, nothing of the worker.
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(5, 200, ImageType.RGB);
            int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            Result[] codes = new QRCodeMultiReader().decodeMultiple(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            assertThat(codes).hasSize(2);
            for (Result code : codes) {
                assertThat(code.getText()).isEqualTo(ProofFixture.CHECK_URL);
                for (ProofFixture.Seeded s : ProofFixture.ALL) {
                    assertThat(code.getText()).doesNotContain(s.nik()).doesNotContain(s.kpj());
                }
            }
        }
        // One PRINTED row per worker printed.
        assertThat(ledger.latest("dinsos", ProofFixture.YOSINA.kpj())).get()
                .extracting(ProofLedger.Latest::state).isEqualTo(ProofLedger.State.PRINTED);
        assertThat(ledger.latest("dinsos", ProofFixture.RUTH.kpj())).isEmpty();
    }

    @Test
    void aVillageOfOneAgencyAndAPlaceWithNobodyCovered() throws Exception {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        ProofPrinter.Printed printed = print("Sorong Timur", "KLASAMAN", "dinsos", pdf);
        assertThat(printed.batches()).singleElement().satisfies(b -> {
            assertThat(b.count()).isEqualTo(2);
            assertThat(b.printedBy()).isEqualTo("command:test");
            assertThat(b.printedAt()).isEqualTo(PRINTED);
        });
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
            assertThat(new PDFTextStripper().getText(doc)).doesNotContain(ProofFixture.MARKUS.name(),
                    ProofFixture.JOSE.name());
        }

        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertThat(print("Sorong Utara", null, null, none).batches()).isEmpty();
        assertThat(none.size()).isZero();
        assertThat(ledger.batches(null, 10)).hasSize(1);
    }

    @Test
    void aVillageWrittenInMixedCaseAndSpacesIsOneVillageAndWorkersWithoutOneHaveALineOfTheirOwn() throws Exception {
        // Review A #10: the same village as agencies type it, and two workers whose village was never written.
        fixture.enroll("dinsos", "dinsos-april.csv", List.of(
                new ProofFixture.Seeded("dinsos", "SORONG TIMUR ", "KLASAMAN ", "Agustina Kambu", "9671104501900011",
                        "05K40000011"),
                new ProofFixture.Seeded("dinsos", "Sorong Timur", "  klasaman", "Benyamin Rumbiak", "9671100501900012",
                        "05K40000012"),
                new ProofFixture.Seeded("dinsos", "Sorong Timur", null, "Christina Wanma", "9671104601900013",
                        "05K40000013"),
                new ProofFixture.Seeded("dinsos", " sorong timur", "   ", "Đorđe Ñuñez Kāwā",
                        "9671100601900014", "05K40000014")));

        // One line per village whatever the case and spaces, in the spelling most of its workers have (Klasaman
        // 2, KLASAMAN 1, klasaman 1); the workers without a village one line of their own, last in the district.
        assertThat(ledger.villagesOf("dinsos")).containsExactly(
                new ProofLedger.VillageCount("Sorong Barat", "Remu", 1),
                new ProofLedger.VillageCount("Sorong Timur", "Klasaman", 4),
                new ProofLedger.VillageCount("Sorong Timur", "Klawuyuk", 1),
                new ProofLedger.VillageCount("Sorong Timur", null, 2));

        // The district's print: the same lines as batches, every worker once.
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        ProofPrinter.Printed printed = print("Sorong Timur", null, "dinsos", pdf);
        assertThat(printed.batches()).extracting(ProofLedger.Batch::district, ProofLedger.Batch::kelurahan,
                ProofLedger.Batch::count).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Sorong Timur", "Klasaman", 4),
                        org.assertj.core.groups.Tuple.tuple("Sorong Timur", "Klawuyuk", 1),
                        org.assertj.core.groups.Tuple.tuple("Sorong Timur", null, 2));
        assertThat(printed.proofs()).isEqualTo(7);
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            String all = new PDFTextStripper().getText(doc);
            // Each name twice: the receipt list and the proof, not twice that for a second spelling of the village.
            for (String name : List.of("Agustina Kambu", "Benyamin Rumbiak", "Yosina Mambrasar", "Christina Wanma")) {
                assertThat(all.split(name, -1)).as(name).hasSize(3);
            }
            assertThat(all).contains(ProofPdf.NO_VILLAGE);
            // Letters outside WinAnsi (Đ, đ, Ñ, ā) come back as text from the embedded font.
            assertThat(all).contains("Đorđe Ñuñez Kāwā");
        }

        // A village asked for in another case and with spaces: the same four.
        assertThat(print(" sorong TIMUR", " klasaman ", "dinsos", new ByteArrayOutputStream()).batches())
                .singleElement().extracting(ProofLedger.Batch::count).isEqualTo(4);
        // The workers without a village, printed on their own (the portal's and the command's line for them).
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        ProofPrinter.Printed nowhere = new ProofPrinter(ledger, fixture.settings(), Clock.fixed(PRINTED, ZoneOffset.UTC))
                .print("Sorong Timur", null, true, "dinsos", "command:test", none);
        assertThat(nowhere.batches()).singleElement().satisfies(b -> {
            assertThat(b.kelurahan()).isNull();
            assertThat(b.count()).isEqualTo(2);
        });
        try (PDDocument doc = Loader.loadPDF(none.toByteArray())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Christina Wanma", ProofPdf.NO_VILLAGE)
                    .doesNotContain("Yosina Mambrasar", "Agustina Kambu");
        }
    }

    @Test
    void aNameWithLettersNoFontHasStillPrints() throws Exception {
        fixture.enroll("dinsos", "dinsos-mei.csv", List.of(new ProofFixture.Seeded("dinsos", "Sorong Timur", "Klawuyuk",
                "Wang \u738b Li", "9671104701900021", "05K40000021")));
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        assertThat(print("Sorong Timur", "Klawuyuk", "dinsos", pdf).proofs()).isEqualTo(2);
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            // 王 is in neither Helvetica nor LiberationSans: a "?" in its place, and the rest of the name as written.
            assertThat(new PDFTextStripper().getText(doc)).contains("Wang ? Li", "Jos\u00e9 M\u00fcller");
        }
    }

    @Test
    void handOverThenConfirmationsWithGoodAndBadRowsEachNamingFileRowAndField() throws Exception {
        ProofPrinter.Printed printed = print("Sorong Timur", null, null, new ByteArrayOutputStream());
        long klasaman = printed.batches().get(1).id();
        assertThat(ledger.handOver(klasaman, LocalDate.of(2026, 4, 3), "command:test", "Sekretaris Kelurahan Klasaman"))
                .contains(2);
        assertThat(ledger.handOver(999_999, LocalDate.of(2026, 4, 3), "command:test", "x")).isEmpty();
        assertThat(ledger.latest("dinsos", ProofFixture.YOSINA.kpj())).get()
                .extracting(ProofLedger.Latest::state).isEqualTo(ProofLedger.State.HANDED_TO_VILLAGE);
        assertThat(ledger.latest("dinsos", ProofFixture.JOSE.kpj())).get()
                .extracting(ProofLedger.Latest::state).isEqualTo(ProofLedger.State.PRINTED);

        String csv = "\uFEFFKPJ;TANGGAL_TERIMA;PENERIMA;KETERANGAN\n"
                + "05K40000001;05/04/2026;Yosina Mambrasar;diterima sendiri\n"   // row 2: good
                + "05K40000003;2026-04-30;José Müller;\n"                      // row 3: in the future
                + "05K40000002;31/02/2026;Istri;\n"                             // row 4: no such day
                + "05K40000004;05/04/2026;Markus Wanma;\n"                      // row 5: dinkes's worker
                + "05K40000005;05/04/2026;Ruth Kambu;\n"                        // row 6: never printed
                + "05K49999999;05/04/2026;Siapa;\n"                             // row 7: nobody's
                + "05K40000003;29/03/2026;José Müller;\n"                       // row 8: before the print
                + "05K40000002;;Istri;\n"                                        // row 9: no date
                + "05K40000001;06/04/2026;Yosina;\n";                            // row 10: recorded on row 2
        DeliveryConfirmations confirmations = new DeliveryConfirmations(ledger, ZONE, Clock.fixed(CONFIRMED, ZoneOffset.UTC));
        DeliveryConfirmations.Outcome outcome = confirmations.apply("dinsos", "terima_klasaman.csv",
                csv.getBytes(StandardCharsets.UTF_8), "portal:clerk");

        assertThat(outcome.delivered()).isEqualTo(1);
        assertThat(outcome.results()).extracting(DeliveryConfirmations.Result::row, DeliveryConfirmations.Result::ok,
                DeliveryConfirmations.Result::field).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, true, null),
                        org.assertj.core.groups.Tuple.tuple(3, false, "TANGGAL_TERIMA"),
                        org.assertj.core.groups.Tuple.tuple(4, false, "TANGGAL_TERIMA"),
                        org.assertj.core.groups.Tuple.tuple(5, false, "KPJ"),
                        org.assertj.core.groups.Tuple.tuple(6, false, "KPJ"),
                        org.assertj.core.groups.Tuple.tuple(7, false, "KPJ"),
                        org.assertj.core.groups.Tuple.tuple(8, false, "TANGGAL_TERIMA"),
                        org.assertj.core.groups.Tuple.tuple(9, false, "TANGGAL_TERIMA"),
                        org.assertj.core.groups.Tuple.tuple(10, false, "KPJ"));
        List<String> texts = outcome.results().stream().map(DeliveryConfirmations.Result::text).toList();
        assertThat(texts.get(1)).isEqualTo("terima_klasaman.csv baris/row 3 TANGGAL_TERIMA: Tanggal 2026-04-30 belum"
                + " terjadi / Date 2026-04-30 is in the future");
        assertThat(texts.get(2)).contains("Tanggal tidak terbaca: 31/02/2026", "Unreadable date");
        assertThat(texts.get(3)).contains("tidak dikenal untuk instansi ini", "is unknown to this agency");
        assertThat(texts.get(4)).contains("tidak ada di batch cetak instansi ini", "not in any printed batch of this agency");
        assertThat(texts.get(5)).contains("is unknown to this agency");
        assertThat(texts.get(6)).contains("before the proof was printed (2026-04-01)");
        assertThat(texts.get(7)).contains("TANGGAL_TERIMA kosong / TANGGAL_TERIMA is empty");
        assertThat(texts.get(8)).contains("is on an earlier row of this file");

        assertThat(ledger.latest("dinsos", ProofFixture.YOSINA.kpj())).get()
                .extracting(ProofLedger.Latest::state).isEqualTo(ProofLedger.State.DELIVERED);
        assertThat(ledger.latest("dinkes", ProofFixture.MARKUS.kpj())).get()
                .extracting(ProofLedger.Latest::state).isEqualTo(ProofLedger.State.PRINTED);
        assertThat(ledger.batches("dinsos", 10)).filteredOn(b -> b.id() == klasaman).singleElement()
                .satisfies(b -> {
                    assertThat(b.delivered()).isEqualTo(1);
                    assertThat(b.handedOn()).isEqualTo(LocalDate.of(2026, 4, 3));
                });

        // A date before the print and a sent-again good row.
        DeliveryConfirmations.Outcome again = confirmations.apply("dinsos", "terima2.csv",
                ("KPJ,TANGGAL_TERIMA,NAMA_PENERIMA\n05K40000001,05-04-2026,Yosina\n05K40000003,31/03/2026,José\n")
                        .getBytes(StandardCharsets.UTF_8), "portal:clerk");
        assertThat(again.delivered()).isZero();
        assertThat(again.results().get(0).ok()).isTrue();
        assertThat(again.results().get(0).messageEn()).contains("Already recorded");
        assertThat(again.results().get(1).text()).contains("before the proof was printed (2026-04-01)");

        // A file without the required columns is answered as a whole.
        DeliveryConfirmations.Outcome wrong = confirmations.apply("dinsos", "x.csv",
                "NIK;NAMA\n1;2\n".getBytes(StandardCharsets.UTF_8), "portal:clerk");
        assertThat(wrong.results()).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.row()).isZero();
            assertThat(r.text()).contains("Kolom wajib tidak ada", "Required columns missing");
        });
    }

    @Test
    void aSecondConfirmationOfADeliveredProofPastTheCheckChangesNothing() throws Exception {
        long batch = print("Sorong Timur", "Klasaman", "dinsos", new ByteArrayOutputStream()).batches().get(0).id();
        ProofLedger.Delivery first = new ProofLedger.Delivery(batch, ProofFixture.YOSINA.kpj(), LocalDate.of(2026, 4, 5),
                "Yosina Mambrasar", "diterima sendiri", "portal:clerk file:a.csv row:2");
        // As two confirmations at once would reach the ledger: both past DeliveryConfirmations' "already
        // delivered" check, which reads before either records.
        ProofLedger.Delivery second = new ProofLedger.Delivery(batch, ProofFixture.YOSINA.kpj(), LocalDate.of(2026, 4, 9),
                "Istri", "", "sftp:dinsos file:b.csv row:2");
        assertThat(ledger.deliver(List.of(first))).containsExactly(first);
        assertThat(ledger.deliver(List.of(second))).isEmpty();

        assertThat(ledger.steps(List.of(ProofFixture.YOSINA.kpj()), "dinsos")).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(ProofLedger.State.DELIVERED);
            assertThat(s.deliveredOn()).isEqualTo(LocalDate.of(2026, 4, 5));
            assertThat(s.receiver()).isEqualTo("Yosina Mambrasar");
            assertThat(s.confirmedBy()).isEqualTo("portal:clerk file:a.csv row:2");
        });
    }

    @Test
    void aBatchHandedOverIsNotHandedOverAgainByTheClerksPathButTheOperatorCorrectsIt() throws Exception {
        long batch = print("Sorong Timur", "Klasaman", "dinsos", new ByteArrayOutputStream()).batches().get(0).id();
        assertThat(ledger.handOverFirst(batch, LocalDate.of(2026, 4, 3), "portal:klerk", "Sekretaris")).contains(2);
        // A re-sent or hand-made form past the portal's check: nothing replaced.
        assertThat(ledger.handOverFirst(batch, LocalDate.of(2026, 4, 4), "portal:other", "Lurah")).isEmpty();
        assertThat(ledger.batch(batch)).get().satisfies(b -> {
            assertThat(b.handedOn()).isEqualTo(LocalDate.of(2026, 4, 3));
            assertThat(b.handedNote()).isEqualTo("Sekretaris");
        });
        assertThat(ledger.handOverFirst(999_999, LocalDate.of(2026, 4, 3), "portal:klerk", "x")).isEmpty();
        // The operator's `proof-of-cover handed` corrects (docs/proof-of-cover.md).
        assertThat(ledger.handOver(batch, LocalDate.of(2026, 4, 4), "command:ops", "Lurah Klasaman")).contains(0);
        assertThat(ledger.batch(batch)).get().satisfies(b -> {
            assertThat(b.handedOn()).isEqualTo(LocalDate.of(2026, 4, 4));
            assertThat(b.handedNote()).isEqualTo("Lurah Klasaman");
        });
    }

    @Test
    void theWorkersStoryShowsTheProofsSteps() throws Exception {
        long batch = print("Sorong Timur", "Klasaman", "dinsos", new ByteArrayOutputStream()).batches().get(0).id();
        ledger.handOver(batch, LocalDate.of(2026, 4, 3), "command:test", "Sekretaris Kelurahan Klasaman");
        new DeliveryConfirmations(ledger, ZONE, Clock.fixed(CONFIRMED, ZoneOffset.UTC)).apply("dinsos", "t.csv",
                "KPJ;TANGGAL_TERIMA;PENERIMA\n05K40000001;06/04/2026;Yosina\n".getBytes(StandardCharsets.UTF_8),
                "portal:clerk");

        WorkerStory.Story story = new WorkerStory(fixture.dataSource, fixture.pii).byKpj(ProofFixture.YOSINA.kpj())
                .orElseThrow();
        String text = WorkerStoryText.text(story, false, ZONE);
        assertThat(text).contains("Bukti kepesertaan dicetak / proof of cover printed (batch " + batch + ", Klasaman)",
                "Bukti kepesertaan diserahkan ke kelurahan / proof of cover handed to the village 2026-04-03:"
                        + " Sekretaris Kelurahan Klasaman",
                "Bukti kepesertaan diterima / proof of cover delivered 2026-04-06, penerima / receiver Yosina");
        assertThat(text.indexOf("dicetak")).isLessThan(text.indexOf("diserahkan")).isLessThan(text.indexOf("diterima /"));
        // Another agency's clerk sees none of it.
        assertThat(new WorkerStory(fixture.dataSource, fixture.pii).ofAgency("dinkes", null, ProofFixture.YOSINA.kpj()))
                .isEmpty();
    }

    private static String text(PDDocument doc, int page) throws Exception {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(doc);
    }
}
