package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.registry.RegistryField;
import id.jamsos.gateway.registry.RegistryRefusedException;
import id.jamsos.gateway.registry.RegistryRequest;
import id.jamsos.gateway.registry.RegistryUnavailableException;
import id.jamsos.gateway.registry.RegistryVerdict;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.verification.JobVerification;
import id.jamsos.gateway.verification.RegistryAlarm;
import id.jamsos.gateway.verification.VerificationRules;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/verification.camel.yaml with the gateway's error handling: a job's rows are checked with a
 * stand-in for the registry client (direct:registry-verify, answering prepared verdicts by NIK) and
 * decided in the ledger (H2); the job comes back with the rows that go on to BPJS. A stand-in for the
 * enroller (direct:enroller, with the enroller's route configuration enroller-errors) shows what a
 * refusal of the gateway or an unreachable registry does to the job: held, rows PENDING, nothing parked.
 */
class VerificationRouteTest extends RouteTestSupport {

    private static final String AGENCY = "dinas-sosial";
    private static final RowRejection SET_ASIDE = new RowRejection("NIK", "NIK_BIRTHDATE_MISMATCH",
            "Tanggal lahir di NIK 12-05-1990 (laki-laki) tidak sama dengan TGL_LAHIR 12-06-1990: beda bulan",
            "The NIK's birth date 12-05-1990 (male) does not match TGL_LAHIR 12-06-1990: month differs");

    /** What the stand-in registry answers per NIK; a NIK absent here is refused as "Login Gagal". */
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final List<RegistryRequest> asked = new CopyOnWriteArrayList<>();
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HikariDataSource dataSource;
    private Ledger ledger;
    private ReviewLedger reviews;
    private RegistryAlarm alarm;

    @TempDir
    Path reportsDir;

    @Override
    protected String routeFile() {
        return "routes/verification.camel.yaml";
    }

    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                // The registry client's contract: RegistryRequest in, RegistryVerdict out, or its exceptions.
                from("direct:registry-verify").routeId("registry-stand-in").process(e -> {
                    RegistryRequest request = e.getMessage().getBody(RegistryRequest.class);
                    asked.add(request);
                    Object answer = answers.getOrDefault(request.nik(), new RegistryRefusedException("Login Gagal"));
                    if (answer instanceof RuntimeException failure) {
                        throw failure;
                    }
                    e.getMessage().setBody(answer);
                });
                // The enroller's part around the stage: its error handling, and BPJS after.
                from("direct:enroller").routeId("enroller-stand-in").routeConfigurationId("enroller-errors")
                        .setProperty(Headers.JOB, body())
                        .to("direct:verify-job")
                        .to("mock:bpjs");
                from("direct:park-job").routeId("park-stand-in").to("mock:parked");
            }
        });
    }

    /** The agency's registry_verify, switched off by one test as an operator would after a registry problem. */
    private final java.util.concurrent.atomic.AtomicBoolean verifying = new java.util.concurrent.atomic.AtomicBoolean(true);

    @Override
    protected void bindToRegistry(Registry registry) {
        dataSource = ledgerDatabase("verification");
        Clock clock = Clock.systemUTC();
        ledger = new Ledger(dataSource, clock);
        reviews = new ReviewLedger(dataSource, clock, PersonalDataCipher.forTests());
        alarm = new RegistryAlarm(0, clock);
        alarm.meters(meters);
        registry.bind("verificationRules", new VerificationRules());
        registry.bind(RegistryAlarm.BEAN, alarm);
        registry.bind("jobVerification", new JobVerification(true, a -> verifying.get() && AGENCY.equals(a), reviews,
                ledger, alarm, audited::add));
        registry.bind("deliveryAttempts", new DeliveryAttempts(3, 0));
        registry.bind(CredentialsAlarm.BEAN, new CredentialsAlarm("test", Duration.ofSeconds(30), 0, clock));
        // Made, never started: the dead-letter step of enroller-errors names the broker (skipped below).
        registry.bind("activemq", new org.apache.camel.component.activemq6.ActiveMQComponent());
    }

    @BeforeEach
    void startRoutes() throws Exception {
        org.apache.camel.builder.AdviceWith.adviceWith(context, "enroller-stand-in",
                a -> a.mockEndpointsAndSkip("activemq:*"));
        start();
    }

    @AfterEach
    void closeLedger() {
        dataSource.close();
    }

    @Test
    void aMixedFileIsDecidedRowByRowAndOnlyConfirmedRowsGoOnToBpjs() throws Exception {
        long file = file("campuran.csv", 6);
        answers.put(nik(1), found(true, Map.of()));
        answers.put(nik(2), found(true, Map.of(RegistryField.FULL_NAME, 43)));
        answers.put(nik(3), RegistryVerdict.notFound(80));
        answers.put(nik(4), found(false, Map.of()));
        answers.put(nik(5), found(true, Map.of()));
        answers.put(nik(6), found(true, Map.of(RegistryField.BIRTH_DATE, 30)));
        EnrollmentJob job = job(file, item(1, null), item(2, null), item(3, null), item(4, null),
                item(5, SET_ASIDE), item(6, SET_ASIDE));
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.expectedMessageCount(1);

        template.sendBody("direct:enroller", job);

        MockEndpoint.assertIsSatisfied(context);
        EnrollmentJob going = bpjs.getReceivedExchanges().get(0).getMessage().getBody(EnrollmentJob.class);
        assertThat(going.items()).extracting(EnrollmentJob.Item::rowNo).containsExactly(1, 5);
        assertThat(asked).extracting(RegistryRequest::source)
                .containsExactly("file:" + file + "/row:1", "file:" + file + "/row:2", "file:" + file + "/row:3",
                        "file:" + file + "/row:4", "file:" + file + "/row:5", "file:" + file + "/row:6");
        assertThat(asked.get(0).birthDate()).isEqualTo(java.time.LocalDate.of(1990, 6, 12));
        assertThat(asked.get(0).agencyId()).isEqualTo(AGENCY);
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.REJECTED, RowState.REVIEW,
                RowState.REVIEW, RowState.PENDING, RowState.REJECTED);
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("REGISTRY_VERIFY");
            assertThat(e.subject()).isEqualTo("file:" + file);
            assertThat(e.detail()).contains("6 rows checked: 2 go on to BPJS, 2 refused").doesNotContain(nik(1));
        });

        // BPJS enrolls the two; the file's reports say each row's fate in words.
        ledger.completeIntake(file, 6, 0);
        ledger.recordOutcomes(List.of(
                new id.jamsos.gateway.ledger.RowOutcome(file, 1, RowState.ENROLLED, "K1", null, AGENCY, "Sorong"),
                new id.jamsos.gateway.ledger.RowOutcome(file, 5, RowState.ENROLLED, "K5", null, AGENCY, "Sorong")));
        assertThat(ledger.tryStartReporting(file)).isTrue();
        String results = Files.readString(new ReportWriter(ledger, reportsDir)
                .resultsCsv(file, new HashMap<>(), new HashMap<>()).toPath(), StandardCharsets.UTF_8);
        List<String> lines = results.lines().toList();
        assertThat(lines.get(2)).contains("DITOLAK/REJECTED").contains("NAMA tidak sesuai data Dukcapil (skor 43 < 80)")
                .contains("NAME does not match the population registry (score 43 < 80)");
        assertThat(lines.get(3)).contains("DIPERIKSA PETUGAS/IN REVIEW").contains("tidak ditemukan di data Dukcapil")
                .contains("did not find this NIK");
        assertThat(lines.get(4)).contains("DIPERIKSA PETUGAS/IN REVIEW").contains("BELUM REKAM");
        assertThat(lines.get(5)).contains("Tanggal lahir NIK berbeda, sesuai data Dukcapil")
                .contains("the registry confirms TGL_LAHIR");
        assertThat(lines.get(6)).contains("DITOLAK/REJECTED").contains("Tanggal lahir di NIK 12-05-1990")
                .contains("TGL_LAHIR tidak sesuai data Dukcapil (skor 30 < 80)");

        // The same job delivered again (a rollback after the BPJS call): decided rows are not asked again.
        asked.clear();
        template.sendBody("direct:verify-job", job);
        assertThat(asked).isEmpty();
    }

    @Test
    void aJobWithNoRowLeftForBpjsSaysWhenItsFileIsDecided() {
        long file = file("semua-ditinjau.csv", 1);
        answers.put(nik(1), RegistryVerdict.notFound(80));
        ledger.completeIntake(file, 1, 0);

        org.apache.camel.Exchange out = template.request("direct:verify-job",
                e -> e.getMessage().setBody(job(file, item(1, null))));

        assertThat(out.getMessage().getBody(EnrollmentJob.class).items()).isEmpty();
        assertThat(out.getMessage().getHeader(Headers.REPORTS_DUE)).isEqualTo(file);
        assertThat(states(file)).containsExactly(RowState.REVIEW);
    }

    @Test
    void rowsTheStageHeldOrRefusedNeverReachBpjsAfterTheAgencysSwitchIsTurnedOff() {
        long file = file("dimatikan.csv", 3);
        answers.put(nik(1), found(true, Map.of()));
        answers.put(nik(2), RegistryVerdict.notFound(80));
        answers.put(nik(3), found(true, Map.of(RegistryField.FULL_NAME, 43)));
        EnrollmentJob job = job(file, item(1, null), item(2, null), item(3, null));
        assertThat(template.requestBody("direct:verify-job", job, EnrollmentJob.class).items())
                .extracting(EnrollmentJob.Item::rowNo).containsExactly(1);

        // BPJS failed after the stage (the job rolled back), and registry_verify was turned off meanwhile.
        verifying.set(false);
        asked.clear();
        EnrollmentJob again = template.requestBody("direct:verify-job", job, EnrollmentJob.class);

        assertThat(again.items()).as("the row in REVIEW and the refused one stay out").extracting(EnrollmentJob.Item::rowNo)
                .containsExactly(1);
        assertThat(asked).isEmpty();
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.REVIEW, RowState.REJECTED);
        verifying.set(true);
    }

    @Test
    void anAgencyWithoutVerificationAndReleasedRowsAreNotAsked() {
        long file = file("lain.csv", 1);
        EnrollmentJob other = new EnrollmentJob(file, "dinas-lain", "lain.csv", List.of(item(1, null)));
        EnrollmentJob released = new EnrollmentJob(file, AGENCY, "lain.csv", List.of(item(1, null)), true);

        assertThat(template.requestBody("direct:verify-job", other, EnrollmentJob.class)).isEqualTo(other);
        assertThat(template.requestBody("direct:verify-job", released, EnrollmentJob.class)).isEqualTo(released);
        assertThat(asked).isEmpty();
        assertThat(states(file)).containsExactly(RowState.PENDING);
    }

    @Test
    void aRefusalOfTheGatewayHoldsTheJobWithItsRowsPendingAndCountsTheAlarm() {
        long file = file("ditahan.csv", 2);
        answers.put(nik(1), found(true, Map.of()));
        // Row 2's NIK has no answer: the stand-in refuses the gateway ("Login Gagal").

        java.time.Instant longAgo = java.time.Instant.now().minus(Duration.ofHours(3));
        touch(file, longAgo);
        assertThatThrownBy(() -> template.sendBody("direct:enroller", job(file, item(1, null), item(2, null))))
                .hasRootCauseInstanceOf(RegistryRefusedException.class);

        // The held rows are being worked on: the stuck-pending sweep (after 60 minutes unmoved) leaves them.
        assertThat(new id.jamsos.gateway.ledger.StuckPending(dataSource, Clock.systemUTC())
                .parkStuck(Duration.ofMinutes(60))).as("nothing parked").isEmpty();
        assertThat(getMockEndpoint("mock:bpjs").getReceivedCounter()).isZero();
        assertThat(getMockEndpoint("mock:parked").getReceivedCounter()).isZero();
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.PENDING);
        assertThat(alarm.refusals()).isEqualTo(1);
        assertThat(alarm.refusal()).hasValueSatisfying(r -> assertThat(r).contains("Login Gagal"));
        assertThat(meters.get("jamsos.registry.refused").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("jamsos.registry.refusals").functionCounter().count()).isEqualTo(1.0);

        // The registry answers again: the next delivery decides the rows and the alarm is over.
        answers.put(nik(2), found(true, Map.of()));
        template.sendBody("direct:enroller", job(file, item(1, null), item(2, null)));
        assertThat(getMockEndpoint("mock:bpjs").getReceivedCounter()).isEqualTo(1);
        assertThat(alarm.refusal()).isEmpty();
        assertThat(meters.get("jamsos.registry.refused").gauge().value()).isZero();
    }

    /** Sets every row's updated_at of the file, as if nothing had moved since {@code at}. */
    private void touch(long file, java.time.Instant at) {
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE file_row SET updated_at = ? WHERE file_id = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(at));
            ps.setLong(2, file);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnreachableRegistryHoldsTheJobAndDecidesNothing() {
        long file = file("menunggu.csv", 1);
        answers.put(nik(1), new RegistryUnavailableException("registry timed out after 3 attempts", null));

        assertThatThrownBy(() -> template.sendBody("direct:enroller", job(file, item(1, null))))
                .hasRootCauseInstanceOf(RegistryUnavailableException.class);

        assertThat(getMockEndpoint("mock:bpjs").getReceivedCounter()).isZero();
        assertThat(getMockEndpoint("mock:parked").getReceivedCounter()).isZero();
        assertThat(states(file)).containsExactly(RowState.PENDING);
        assertThat(alarm.unavailable()).isEqualTo(1);
        assertThat(alarm.refusals()).isZero();
    }

    @Test
    void aRegistryClientThatIsNotRunningHoldsTheJobAsAnOutage() throws Exception {
        long file = file("tanpa-klien.csv", 1);
        context.getRouteController().stopRoute("registry-stand-in");

        assertThatThrownBy(() -> template.sendBody("direct:enroller", job(file, item(1, null))))
                .isInstanceOf(org.apache.camel.CamelExecutionException.class)
                .cause().isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("jamsos.registry.enabled");

        assertThat(getMockEndpoint("mock:parked").getReceivedCounter()).isZero();
        assertThat(states(file)).containsExactly(RowState.PENDING);
        assertThat(alarm.unavailable()).isEqualTo(1);
    }

    private long file(String name, int rows) {
        long file = ledger.registerFile(AGENCY, name, name.repeat(64).substring(0, 64), Instant.now()).fileId();
        List<LedgerRow> pending = new ArrayList<>();
        for (int r = 1; r <= rows; r++) {
            pending.add(new LedgerRow(file, r, nik(r), "Worker " + r, RowState.PENDING, List.of(), "key-" + file + "-" + r,
                    null, null, 1_000_000L, java.time.LocalDate.of(1990, 6, 12)));
        }
        ledger.insertRows(file, pending);
        return file;
    }

    private List<RowState> states(long file) {
        List<RowState> states = new ArrayList<>();
        ledger.forEachRow(file, r -> states.add(r.state()));
        return states;
    }

    private static String nik(int row) {
        return String.format("967101120590%04d", row);
    }

    private static EnrollmentJob job(long file, EnrollmentJob.Item... items) {
        return new EnrollmentJob(file, AGENCY, "file.csv", List.of(items));
    }

    private static EnrollmentJob.Item item(int row, RowRejection setAside) {
        return new EnrollmentJob.Item(row, "Sorong Timur", new EnrollmentRequest("ref-" + row, nik(row),
                "Worker " + row, "1990-06-12", "L", "Sorong", null, null, null, null, null, 1_000_000L,
                List.of("JKK", "JKM"), "9671"), setAside);
    }

    private static RegistryVerdict found(boolean ektp, Map<RegistryField, Integer> below) {
        Map<RegistryField, RegistryVerdict.FieldVerdict> fields = new EnumMap<>(RegistryField.class);
        for (RegistryField f : RegistryField.values()) {
            Integer score = below.get(f);
            fields.put(f, score == null ? new RegistryVerdict.FieldVerdict(true, 100)
                    : new RegistryVerdict.FieldVerdict(false, score));
        }
        return new RegistryVerdict(RegistryVerdict.Kind.FOUND, fields, ektp, 80);
    }
}
