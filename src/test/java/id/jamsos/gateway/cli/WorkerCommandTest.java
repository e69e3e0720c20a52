package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ops.WorkerLookups;
import id.jamsos.gateway.support.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code worker} command on an H2 ledger with a worker enrolled, corrected (KOREKSI) and claimed:
 * the story in text and JSON, the NIK masked unless {@code --full-nik}, each look-up audited and a full
 * NIK audited besides; the audit never names the full NIK.
 */
class WorkerCommandTest {

    static final String NIK = "9271014501900001";
    static final String KPJ = "05K40081234";

    private final GatewayProperties props = properties();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private HikariDataSource keepAlive;

    private static GatewayProperties properties() {
        Map<String, String> settings = new HashMap<>(PersonalDataKeys.random("k1"));
        settings.put("jamsos.ledger.url", id.jamsos.gateway.ledger.LedgerDataSource.h2MemUrl("worker-command-"
                + UUID.randomUUID()));
        settings.put("jamsos.ledger.user", "sa");
        return GatewayProperties.of(settings);
    }

    @BeforeEach
    void enrolCorrectAndClaim() {
        keepAlive = BudgetCommand.openLedger(props);
        PersonalDataCipher pii = PersonalDataKeys.cipher(props);
        Instant enrolled = Instant.parse("2026-03-31T15:30:00Z");
        Ledger ledger = new Ledger(keepAlive, Clock.fixed(enrolled, ZoneOffset.UTC), pii);
        long file = ledger.registerFile("dinsos", "maret.csv", "a".repeat(64), enrolled).fileId();
        ledger.insertRows(file, List.of(new LedgerRow(file, 1, NIK, "Worker One", RowState.PENDING, List.of(), "k-1",
                null, null, 1_000_000L, LocalDate.of(1990, 1, 5))));
        ledger.completeIntake(file, 1, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(file, 1, RowState.ENROLLED, KPJ, null, "dinsos", "Sorong")));
        Instant applied = Instant.parse("2026-05-10T02:00:00Z");
        long changes = ledger.registerFile("dinsos", "koreksi.csv", "b".repeat(64), applied).fileId();
        ledger.insertRows(changes, List.of(new LedgerRow(changes, 1, NIK, "Worker One", RowState.PENDING, List.of(),
                "c-1", null, null, null, null, ChangeAction.KOREKSI, "{}")));
        new ChangeLedger(keepAlive, Clock.fixed(applied, ZoneOffset.UTC), pii).apply(List.of(ChangeOutcome.corrected(
                changes, 1, "dinsos", KPJ, new ChangeOutcome.Correction("Yohana Worker", LocalDate.of(1990, 1, 6),
                        2_000_000L, "081234567890", "Remu Utara", "Pedagang", "Sorong Manoi"), "c-1", "200")));
        new FinanceLedger(keepAlive, pii).recordClaim(new ClaimRecord("JKK-7", "JKK", KPJ, NIK, 1_500_000L, "dinsos",
                Instant.parse("2026-06-01T00:00:00Z"), "{}"), new ClaimMessage("JKK-7", "finance", null, "{}", Map.of()));
    }

    @AfterEach
    void close() {
        keepAlive.close();
    }

    private int run(String nik, String kpj, boolean json, boolean full, StringWriter out, StringWriter err)
            throws Exception {
        return WorkerCommand.run(props, nik, kpj, json, full, audit::add, "command:test", new PrintWriter(out),
                new PrintWriter(err));
    }

    @Test
    void theStoryIsPrintedWithTheNikMaskedAndTheLookUpAudited() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(run(NIK, null, false, false, out, new StringWriter())).isZero();

        String text = out.toString();
        assertThat(text).contains("NIK 9271********0001", "KPJ " + KPJ, "Yohana Worker")
                .contains("Baris / row 1 berkas / file maret.csv", "DAFTAR/ENROLL \u2192 TERDAFTAR/ENROLLED")
                .contains("Terdaftar di BPJS / enrolled at BPJS, KPJ " + KPJ)
                .contains("Kepesertaan mulai / cover from 2026-04")
                .contains("KOREKSI/CORRECT: nama / name Worker One \u2192 Yohana Worker",
                        "tanggal lahir diubah / birth date changed", "nomor HP diubah / phone number changed",
                        "penghasilan / income Rp 1.000.000 \u2192 Rp 2.000.000",
                        "kelurahan / village Remu Utara", "pekerjaan / trade pedagang",
                        "distrik / district Sorong \u2192 Sorong Manoi")
                .contains("Klaim / claim JKK JKK-7 Rp 1.500.000")
                .doesNotContain(NIK, "081234567890", "1990-01-06");
        assertThat(text.indexOf("maret.csv")).isLessThan(text.indexOf("KOREKSI")).isLessThan(text.indexOf("JKK-7"));
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(WorkerLookups.LOOKUP);
            assertThat(e.actorKind()).isEqualTo(AuditEvent.OPERATOR);
            assertThat(e.actor()).isEqualTo("command:test");
            assertThat(e.subject()).isEqualTo("nik:9271********0001");
            assertThat(e.detail()).startsWith("found");
        });
    }

    @Test
    void theFullNikIsShownOnlyWhenAskedAndThatIsAuditedToo() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(run(null, KPJ, true, true, out, new StringWriter())).isZero();

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("nik").asText()).isEqualTo(NIK);
        assertThat(root.get("nikMasked").asBoolean()).isFalse();
        assertThat(root.get("events")).extracting(e -> e.get("kind").asText())
                .contains("FILE_ROW", "ENROLLED", "COVER_OPENED", "CHANGE", "INCOME", "CLAIM");
        assertThat(out.toString()).doesNotContain("081234567890");
        assertThat(audit).extracting(AuditEvent::action).containsExactly(WorkerLookups.LOOKUP, WorkerLookups.FULL_NIK);
        assertThat(audit).allSatisfy(e -> assertThat(e.toString()).doesNotContain(NIK));
        assertThat(audit.get(1).subject()).isEqualTo("kpj:" + KPJ);

        StringWriter masked = new StringWriter();
        run(null, KPJ, true, false, masked, new StringWriter());
        assertThat(new ObjectMapper().readTree(masked.toString()).get("nik").asText()).isEqualTo("9271********0001");
        assertThat(audit).extracting(AuditEvent::action).containsExactly(WorkerLookups.LOOKUP, WorkerLookups.FULL_NIK,
                WorkerLookups.LOOKUP);
    }

    @Test
    void anUnknownWorkerIsNotFoundAndStillAuditedABadKeyIsRefused() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run("9271014501900002", null, false, true, new StringWriter(), err))
                .isEqualTo(WorkerCommand.NOT_FOUND);
        assertThat(err.toString()).contains("not found: nik:9271********0002");
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.detail()).startsWith("not found"));

        assertThat(run("92710145", null, false, false, new StringWriter(), err)).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(err.toString()).contains("a NIK is 16 digits").doesNotContain("92710145");
        assertThat(audit).hasSize(1);
    }

    @Test
    void theJarOffersTheCommandWithEitherKeyNotBoth() {
        CliRun help = CliRun.of("worker", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--nik", "--kpj", "--full-nik", "--json");
        assertThat(CliRun.of("worker", "--nik", NIK, "--kpj", KPJ).exitCode()).isEqualTo(2);
    }
}
