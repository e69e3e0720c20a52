package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.InvoiceLedger;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PersonalDataMigration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The invoice as the route reads it (docs/finance.md "Comparison with the invoice"): streamed by
 * {@link InvoiceAnswer} into the ledger's copy, read back by the statement in KPJ order. KPJs with
 * letters (05K40081234) and one with a lower-case letter, which sorts after every upper-case one in
 * Java's order and before some of them in a natural-language collation: both sides must use Java's.
 */
abstract class StoredInvoiceContract extends SeededLedgerContract {

    static final YearMonth MARCH = YearMonth.of(2024, 3);
    static final YearMonth APRIL = YearMonth.of(2024, 4);
    /** Covered all of 2024, at a declared Rp 1,000,000: Rp 10,000 JKK and Rp 6,800 JKM a month. */
    static final List<String> KPJS = List.of("05K40081234", "05A40081234", "0512345678B", "05k40081234",
            "11111111111", "05Z00000001");
    static final long DUE = 16_800;

    StoredInvoiceContract(Kind kind) {
        super(kind);
    }

    @Override
    StatementBuilder seed() throws Exception {
        Instant enrolled = OffsetDateTime.of(2023, 12, 31, 20, 0, 0, 0, ZoneOffset.ofHours(9)).toInstant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO agency_file (id, agency_id, file_name, checksum, received_at, state)"
                        + " VALUES (1, 'dinas-sosial', 'pbi-2024.csv', 'abc', TIMESTAMP WITH TIME ZONE"
                        + " '2023-12-31 10:00:00+00', 'DONE')");
            }
            try (PreparedStatement row = c.prepareStatement("INSERT INTO file_row (file_id, row_no, nik, name, state,"
                    + " kpj, updated_at, monthly_income) VALUES (1, ?, ?, ?, 'ENROLLED', ?, ?, 1000000)");
                 PreparedStatement worker = c.prepareStatement("INSERT INTO worker (nik, kpj, name, agency_id,"
                         + " district, file_id, row_no, enrolled_at) VALUES (?, ?, ?, 'dinas-sosial', 'Sorong', 1, ?, ?)")) {
                OffsetDateTime at = enrolled.atOffset(ZoneOffset.UTC);
                for (int i = 0; i < KPJS.size(); i++) {
                    String nik = String.format("9271011019%06d", i + 1);
                    row.setInt(1, i + 2);
                    row.setString(2, nik);
                    row.setString(3, "Pekerja " + i);
                    row.setString(4, KPJS.get(i));
                    row.setObject(5, at);
                    row.addBatch();
                    worker.setString(1, nik);
                    worker.setString(2, KPJS.get(i));
                    worker.setString(3, "Pekerja " + i);
                    worker.setInt(4, i + 2);
                    worker.setObject(5, at);
                    worker.addBatch();
                }
                row.executeBatch();
                worker.executeBatch();
            }
            c.commit();
        }
        new PersonalDataMigration(ds, PersonalDataCipher.forTests()).run();
        assertThat(new CoverageLedger(ds, Clock.systemUTC(), CoverageLedger.DEFAULT_ZONE).openMissing())
                .isEqualTo(KPJS.size());
        return builderAt(Instant.parse("2024-04-02T00:00:00Z"), 1_000_000L, 2_200_000_000L);
    }

    private InvoiceLedger store() {
        return new FinanceLedger(ds).invoices();
    }

    private Invoice readStored(String answer, YearMonth month) {
        return new InvoiceAnswer(Json.mapper(), store(), Clock.systemUTC()).read(
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), 200, month.toString());
    }

    private static Invoice readInMemory(String answer) {
        return new InvoiceAnswer(Json.mapper()).read(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)),
                200, MARCH.toString());
    }

    private static String line(String kpj, long jkk) {
        return "{\"kpj\":\"" + kpj + "\",\"nik\":\"9271011019000001\",\"nama\":\"Pekerja\",\"iuranJkk\":" + jkk
                + ",\"iuranJkm\":6800,\"total\":" + (jkk + 6800) + "}";
    }

    /** An answer billing {@code lines} for {@code month}, response before metaData (either order is read). */
    private static String answer(YearMonth month, String nomor, List<String> lines) {
        return "{\"response\":{\"periode\":\"" + month + "\",\"kodeWilayah\":\"9671\",\"jumlahPeserta\":" + lines.size()
                + ",\"totalIuranJkk\":" + (10_000L * lines.size()) + ",\"totalIuranJkm\":" + (6_800L * lines.size())
                + ",\"totalIuran\":" + (DUE * lines.size()) + ",\"peserta\":[" + String.join(",", lines)
                + "],\"nomorTagihan\":\"" + nomor + "\",\"jatuhTempo\":\"2024-04-15\"},"
                + "\"metaData\":{\"code\":\"200\",\"message\":\"OK\"}}";
    }

    /**
     * March's invoice, out of KPJ order: every worker but 11111111111, 05K40081234 billed Rp 1 more,
     * and a stranger with letters in the KPJ.
     */
    private static String march(String nomor) {
        return answer(MARCH, nomor, List.of(line("05k40081234", 10_000), line("05Z00000001", 10_000),
                line("05K40081234", 10_001), line("0512345678B", 10_000), line("05A40081234", 10_000),
                line("05B99999999", 10_000)));
    }

    @Test
    void theStoredInvoiceIsComparedAsTheSameInvoiceHeldInMemory() {
        Invoice header = readStored(march("T-1"), MARCH);

        assertThat(header.peserta()).isNull();
        assertThat(header.nomorTagihan()).isEqualTo("T-1");
        assertThat(store().lineCount(MARCH)).contains(6);
        ContributionStatement stored = builder.buildWithInvoice(MARCH, null, header);
        ContributionStatement held = builder.buildWithInvoice(MARCH, null, readInMemory(march("T-1")));

        assertThat(stored.differenceCounts()).isEqualTo(new ContributionStatement.DifferenceCounts(1, 1, 0, 1, 3));
        assertThat(stored.differences()).extracting(ContributionStatement.Difference::kpj)
                .containsExactlyInAnyOrder("11111111111", "05B99999999", "05K40081234");
        assertThat(stored.differences()).isEqualTo(held.differences());
        assertThat(stored.invoice()).isEqualTo(held.invoice());
        assertThat(stored.messageId()).isEqualTo(held.messageId());
        // The stranger's NIK is kept and shown masked only.
        assertThat(stored.differences()).filteredOn(d -> "05B99999999".equals(d.kpj()))
                .extracting(ContributionStatement.Difference::nikMasked).containsExactly("9271********0001");
    }

    @Test
    void linesComeBackInJavasStringOrder() {
        readStored(march("T-1"), MARCH);
        List<String> read = new ArrayList<>();
        try (InvoiceLedger.Lines lines = store().linesByKpj(MARCH)) {
            lines.forEachRemaining(l -> read.add(l.kpj()));
        }

        List<String> sorted = new ArrayList<>(read);
        sorted.sort(null);
        assertThat(read).isEqualTo(sorted).hasSize(6);
        assertThat(read.get(read.size() - 1)).isEqualTo("05k40081234");
    }

    /** A name with a tab, a backslash and a line break comes back as sent (PostgreSQL's COPY escapes them). */
    @Test
    void awkwardTextComesBackAsSent() {
        YearMonth july = YearMonth.of(2024, 7);
        readStored(answer(july, "T-JUL", List.of(line("05A40081234", 10_000).replace("\"nama\":\"Pekerja\"",
                "\"nama\":\"A\\tB\\\\C\\nD\"").replace("\"nik\":\"9271011019000001\"", "\"nik\":null"))), july);

        try (InvoiceLedger.Lines lines = store().linesByKpj(july)) {
            Invoice.Line l = lines.next();
            assertThat(l.nama()).isEqualTo("A\tB\\C\nD");
            assertThat(l.nik()).isNull();
            assertThat(l.total()).isEqualTo(DUE);
        }
    }

    @Test
    void aNewAnswerReplacesTheMonthsCopyAndLeavesOtherMonths() {
        readStored(march("T-1"), MARCH);
        readStored(answer(APRIL, "T-APR", List.of(line("05A40081234", 10_000))), APRIL);

        Invoice again = readStored(answer(MARCH, "T-2", List.of(line("05A40081234", 10_000),
                line("05K40081234", 10_000))), MARCH);

        assertThat(again.nomorTagihan()).isEqualTo("T-2");
        assertThat(store().lineCount(MARCH)).contains(2);
        assertThat(store().header(MARCH).orElseThrow().totalIuran()).isEqualTo(2 * DUE);
        assertThat(store().lineCount(APRIL)).contains(1);
        assertThat(builder.buildWithInvoice(MARCH, null, again).differenceCounts().enrolledNotBilled()).isEqualTo(4);
    }

    @Test
    void aMalformedAnswerIsAClearErrorAndLeavesTheEarlierCopy() {
        readStored(march("T-1"), MARCH);
        String good = march("T-3");

        // Cut off in the middle of its lines, as a dropped connection leaves it.
        assertThatThrownBy(() -> readStored(good.substring(0, good.indexOf("05A40081234")), MARCH))
                .isInstanceOf(BpjsCallException.class).hasMessageContaining("no readable envelope");
        // A key sent twice in a line.
        assertThatThrownBy(() -> readStored(answer(MARCH, "T-4", List.of(line("05A40081234", 10_000).replace(
                "\"iuranJkm\":6800", "\"iuranJkm\":6800,\"iuranJkm\":0"))), MARCH))
                .isInstanceOf(BpjsCallException.class).hasMessageContaining("a key sent twice");
        // Lines first, then a metaData that says the invoice is not there.
        assertThatThrownBy(() -> readStored(good.replace("{\"code\":\"200\",\"message\":\"OK\"}",
                "{\"code\":\"201\",\"message\":\"Tagihan belum terbit\"}"), MARCH))
                .isInstanceOf(BpjsCallException.class).hasMessageContaining("metaData 201 Tagihan belum terbit");
        // Another month's invoice.
        assertThatThrownBy(() -> readStored(good, YearMonth.of(2024, 5)))
                .isInstanceOf(BpjsCallException.class).hasMessageContaining("invoice of 2024-03 when asked for 2024-05");
        // A line that is no object.
        assertThatThrownBy(() -> readStored(answer(MARCH, "T-5", List.of("42")), MARCH))
                .isInstanceOf(BpjsCallException.class).hasMessageContaining("line 1 of peserta is no line");

        assertThat(store().lineCount(MARCH)).contains(6);
        assertThat(store().header(MARCH).orElseThrow().nomorTagihan()).isEqualTo("T-1");
        assertThat(store().header(YearMonth.of(2024, 5))).isEmpty();
    }

    @Test
    void retentionRemovesTheMonthsPastKeepingABatchAtATimeAndLeavesTheRest() {
        readStored(march("T-1"), MARCH);
        readStored(answer(APRIL, "T-APR", List.of(line("05A40081234", 10_000))), APRIL);

        // Batches of 4 through March's 6 lines; April is kept.
        assertThat(store().purgeBefore(APRIL, 4)).isEqualTo(6);
        assertThat(store().header(MARCH)).isEmpty();
        assertThat(store().lineCount(MARCH)).isEmpty();
        assertThat(store().lineCount(APRIL)).contains(1);
        // Nothing left to remove: a second run removes nothing, and the month reads as never stored.
        assertThat(store().purgeBefore(APRIL, 4)).isZero();
        Invoice headerOnly = new Invoice(MARCH.toString(), "9671", 0, 0, 0, 0, null);
        assertThatThrownBy(() -> builder.buildWithInvoice(MARCH, null, headerOnly))
                .isInstanceOf(LedgerException.class).hasMessageContaining("no invoice of 2024-03 is stored");
    }

    @Test
    void aStatementWithoutAStoredInvoiceIsRefusedRatherThanBillingNobody() {
        YearMonth june = YearMonth.of(2024, 6);
        Invoice headerOnly = new Invoice(june.toString(), "9671", 0, 0, 0, 0, null);

        assertThatThrownBy(() -> builder.buildWithInvoice(june, null, headerOnly))
                .isInstanceOf(LedgerException.class).hasMessageContaining("no invoice of 2024-06 is stored");
    }
}
