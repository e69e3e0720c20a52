package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.ops.ReviewDesk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `review` on a ledger of its own (H2) with a file whose rows 2 and 3 wait in REVIEW after its reports were
 * written: the list shows them with masked NIKs, a release queues the row's stored request as a reviewed
 * job (the registry is not asked again) and reopens the file, a refusal rejects the row with the
 * operator's reason and has the reports written again; each action is audited, none twice.
 */
class ReviewCommandTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String NOT_FOUND = id.jamsos.gateway.verification.VerificationRules.NOT_FOUND;

    private HikariDataSource dataSource;
    private Ledger ledger;
    private ReviewLedger reviews;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private ReviewDesk desk;
    private long file;

    @BeforeEach
    void fileWithTwoRowsInReview() throws Exception {
        dataSource = LedgerDataSource.create(LedgerDataSource.h2MemUrl("review-" + UUID.randomUUID()), "sa", "", 2);
        LedgerMigrations.migrate(dataSource);
        ledger = new Ledger(dataSource);
        reviews = new ReviewLedger(dataSource, Clock.systemUTC(), PersonalDataCipher.forTests());
        file = ledger.registerFile("dinas-sosial", "pekerja.csv", "b".repeat(64), Instant.now()).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        Map<Integer, String> stored = new HashMap<>();
        for (int r = 1; r <= 3; r++) {
            rows.add(new LedgerRow(file, r, nik(r), "Worker " + r, RowState.PENDING, List.of(), "key-" + r, null, null,
                    1_000_000L, LocalDate.of(1990, 6, 12)));
            stored.put(r, JSON.writeValueAsString(new EnrollmentJob.Item(r, "Sorong Timur", new EnrollmentRequest(
                    "key-" + r, nik(r), "Worker " + r, "1990-06-12", "L", "Sorong", null, null, null, null, null,
                    1_000_000L, List.of("JKK", "JKM"), "9671"))));
        }
        ledger.insertRows(file, rows);
        new OpsQueries(dataSource, PersonalDataCipher.forTests()).storeItems(file, stored);
        ledger.completeIntake(file, 3, 0);
        reviews.recordVerdicts(file, List.of(
                new ReviewLedger.Verified(2, RowState.REVIEW, List.of(), NOT_FOUND, null),
                new ReviewLedger.Verified(3, RowState.REVIEW, List.of(), NOT_FOUND, null)));
        ledger.recordOutcomes(List.of(new RowOutcome(file, 1, RowState.ENROLLED, "K1", null, "dinas-sosial", "x")));
        assertThat(ledger.tryStartReporting(file)).isTrue();
        ledger.markReported(file);
        desk = new ReviewDesk(reviews, ledger, JSON, (fileId, agencyId, sealedJob) -> sent.add(sealedJob),
                audited::add);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void theListShowsRowsInReviewWithMaskedNiksAndTheirReason() throws Exception {
        Run run = review("--list");

        assertThat(run.code).isZero();
        assertThat(run.out).contains(file + ":2  dinas-sosial  pekerja.csv").contains(file + ":3")
                .contains(NOT_FOUND).contains("2 rows in review")
                .doesNotContain(nik(2)).doesNotContain(nik(3)).doesNotContain(file + ":1 ");
        assertThat(audited).singleElement().extracting(AuditEvent::action).isEqualTo("REVIEW_LIST");

        Run json = review("--list", "--json");
        assertThat(JSON.readTree(json.out).path("rows")).hasSize(2);
        assertThat(JSON.readTree(json.out).path("rows").get(0).path("nik").asText()).doesNotContain(nik(2))
                .endsWith(nik(2).substring(12));
    }

    @Test
    void aRowHeldForAnotherCauseIsReleasedToTheRegistryCheckNotPastIt() throws Exception {
        // Row 3 waits for the eligibility list's reason, not the registry's: the registry never saw it.
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE file_row SET last_error = ? WHERE file_id = ?"
                     + " AND row_no = 3")) {
            ps.setString(1, "Tidak ada di daftar sasaran / Not on the eligibility list");
            ps.setLong(2, file);
            ps.executeUpdate();
        }
        Run run = review("--release", file + ":3");

        assertThat(run.code).as(run.out).isZero();
        EnrollmentJob job = JSON.readValue(new JobSeal(PersonalDataCipher.forTests(), false).open(sent.get(0)),
                EnrollmentJob.class);
        assertThat(job.reviewed()).as("goes through the registry check like any job").isFalse();
    }

    @Test
    void aReleasedRowIsQueuedAsAReviewedJobAndItsFileReopened() throws Exception {
        Run run = review("--release", file + ":2");

        assertThat(run.code).isZero();
        assertThat(run.out).contains("released");
        assertThat(reviews.stateOf(file, 2)).contains(RowState.PENDING);
        assertThat(ledger.file(file).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        assertThat(sent).hasSize(1);
        EnrollmentJob job = JSON.readValue(new JobSeal(PersonalDataCipher.forTests(), false).open(sent.get(0)),
                EnrollmentJob.class);
        assertThat(job.reviewed()).as("held by the registry: the person's check stands for it").isTrue();
        assertThat(job.items()).extracting(EnrollmentJob.Item::rowNo).containsExactly(2);
        assertThat(job.items().get(0).request().nik()).isEqualTo(nik(2));
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("REVIEW_RELEASE");
            assertThat(e.actorKind()).isEqualTo(AuditEvent.OPERATOR);
            assertThat(e.actor()).isEqualTo("ops-test");
            assertThat(e.subject()).isEqualTo("file:" + file + "/row:2");
        });

        Run again = review("--release", file + ":2");
        assertThat(again.code).isEqualTo(ReviewCommand.NOT_DECIDED);
        assertThat(again.out).contains("not in review (PENDING)");
        assertThat(sent).hasSize(1);
        assertThat(audited).hasSize(1);
    }

    @Test
    void aRefusedRowIsRejectedWithTheOperatorsReasonAndTheReportsAreDueAgain() throws Exception {
        review("--release", file + ":2");
        ledger.recordOutcomes(List.of(new RowOutcome(file, 2, RowState.ENROLLED, "K2", null, "dinas-sosial", "x")));
        assertThat(ledger.tryStartReporting(file)).isTrue();
        ledger.markReported(file);
        audited.clear();

        Run run = review("--refuse", file + ":3", "--reason", "NIK ganda, pekerja sudah terdaftar dengan NIK lain");

        assertThat(run.code).isZero();
        assertThat(reviews.stateOf(file, 3)).contains(RowState.REJECTED);
        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(file, rows::add);
        assertThat(rows.get(2).reasons()).extracting(RowRejection::code, RowRejection::messageId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("REVIEW_REFUSED", "Ditolak petugas setelah"
                        + " pemeriksaan: NIK ganda, pekerja sudah terdaftar dengan NIK lain"));
        assertThat(rows.get(2).reasons().get(0).messageEn()).startsWith("Refused by an operator after review: ");
        // The running gateway's stale-reports takes the file up and writes its reports again.
        assertThat(ledger.file(file).orElseThrow().state()).isEqualTo(FileState.REPORTING);
        assertThat(ledger.reclaimStaleReporting(Instant.now(), 10)).containsExactly(file);
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("REVIEW_REFUSE");
            assertThat(e.detail()).contains("NIK ganda");
        });
        assertThat(sent).hasSize(1);
    }

    @Test
    void aRefusalNeedsAReasonAndARowIsWrittenFileIdColonRow() {
        assertThatThrownBy(() -> review("--refuse", file + ":3"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--reason");
        assertThatThrownBy(() -> review("--release", "3"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("FILE_ID:ROW");
        assertThat(reviews.stateOf(file, 3)).contains(RowState.REVIEW);
        assertThat(audited).isEmpty();
    }

    private record Run(int code, String out) {
    }

    private Run review(String... args) throws Exception {
        ReviewCommand command = new ReviewCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.parseArgs(args);
        int code = command.run(desk, "ops-test");
        return new Run(code, out.toString());
    }

    private static String nik(int row) {
        return String.format("967101120590%04d", row);
    }
}
