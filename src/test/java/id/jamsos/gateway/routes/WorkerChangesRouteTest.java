package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ChangeAnswers;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ChangeJob;
import id.jamsos.gateway.changes.ChangeRecorder;
import id.jamsos.gateway.changes.ChangeRequests;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.CredentialsRefusedException;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EndpointFailures;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerChange;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/worker-changes.camel.yaml with its real error handling (changes-errors) and a real ledger (H2):
 * change jobs sealed as the intake seals them go to a BPJS stand-in that follows the contract of
 * docs/bpjs-api.md for deactivation and data update (over HTTP on loopback, so the test sees what the
 * producer puts on the wire), and their answers end up in the ledger. The stand-in is the only part
 * that is not the gateway's: {@link #BPJS} can be replaced by the simulator once it has the endpoints
 * (its base URL as jamsos.bpjs.url, and the simulator's KPJs).
 */
class WorkerChangesRouteTest extends RouteTestSupport {

    private static final String CONS_ID = "route-test";
    private static final String SECRET = "route-test-secret";
    private static final String USER_KEY = "route-test-user-key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final PersonalDataCipher PII = PersonalDataCipher.forTests();
    private static final int MAX_ATTEMPTS = 3;
    /** 10 April 2026 in Sorong: the workers' cover starts in April. */
    private static final Instant ENROLLED = Instant.parse("2026-04-10T02:00:00Z");
    private static final BpjsStub BPJS = startBpjs();

    private HikariDataSource dataSource;
    private Ledger ledger;
    private ChangeLedger changes;
    private CoverageLedger coverage;
    private long enrolFile;

    @Override
    protected String routeFile() {
        return "routes/worker-changes.camel.yaml";
    }

    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.bpjs.url", BPJS.url(), "jamsos.delivery.maxAttempts", Integer.toString(MAX_ATTEMPTS));
    }

    /** The beans the route and changes-errors call, made as GatewayConfiguration makes them. */
    @Override
    protected void bindToRegistry(Registry registry) {
        dataSource = ledgerDatabase("worker-changes-route");
        ledger = new Ledger(dataSource, Clock.fixed(ENROLLED, ZoneOffset.UTC), PII);
        changes = new ChangeLedger(dataSource, Clock.systemUTC(), PII);
        coverage = new CoverageLedger(dataSource, Clock.systemUTC(), CoverageLedger.DEFAULT_ZONE);
        Clock clock = Clock.systemUTC();
        CredentialsAlarm credentials = new CredentialsAlarm(CONS_ID, Duration.ofSeconds(30), 50, clock);
        // A window large enough that the few failures of a test never open it.
        CircuitBreaker breaker = CircuitBreaker.of("bpjs-endpoint", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20).minimumNumberOfCalls(20).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(EndpointFailures::endpointFailed).build());
        HttpComponent http = new HttpComponent();
        http.setAutomaticRetriesDisabled(true);
        registry.bind("http", http);
        registry.bind("bpjsCircuitBreaker", breaker);
        registry.bind("endpointFailures", new EndpointFailures(breaker));
        registry.bind(CredentialsAlarm.BEAN, credentials);
        registry.bind("jobSeal", new JobSeal(PII, false));
        registry.bind("bpjsSigner", new RequestSigner(CONS_ID, SECRET, USER_KEY, clock));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("deliveryAttempts", new DeliveryAttempts(MAX_ATTEMPTS, 50, 0, 0));
        registry.bind("changeRequests", new ChangeRequests());
        registry.bind("changeAnswers", new ChangeAnswers(JSON, credentials, fileId -> YearMonth.of(2026, 9)));
        registry.bind("changeRecorder", new ChangeRecorder(changes, ledger));
        // Gateway binds the broker's component under this name; here its sends are mocked and skipped.
        registry.bind("activemq", new ActiveMQComponent());
    }

    @BeforeEach
    void replaceTheBrokerAndEnrolThreeWorkers() throws Exception {
        AdviceWith.adviceWith(context, "worker-changes", a -> {
            a.replaceFromWith("direct:changes");
            a.weaveByToUri("direct:file-reports").replace().to("mock:file-reports");
        });
        AdviceWith.adviceWith(context, "park-change-job", a -> {
            a.weaveByToUri("activemq:*").replace().to("mock:changes-parked");
            a.weaveByToUri("direct:file-reports").replace().to("mock:file-reports");
        });
        start();

        enrolFile = ledger.registerFile("AG1", "april.csv", "a".repeat(64), ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> enrolled = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            rows.add(new LedgerRow(enrolFile, i, nik(i), "Worker " + i, RowState.PENDING, List.of(),
                    "daftar-" + i, null, null, 2_000_000L, LocalDate.of(1990, 1, i)));
            enrolled.add(new RowOutcome(enrolFile, i, RowState.ENROLLED, kpj(i), null, "AG1", "Sorong Barat"));
        }
        ledger.insertRows(enrolFile, rows);
        ledger.completeIntake(enrolFile, 3, 0);
        ledger.recordOutcomes(enrolled);
    }

    @AfterEach
    void closeTheLedger() {
        context.stop();
        dataSource.close();
    }

    @AfterAll
    static void stopBpjs() {
        BPJS.close();
    }

    @Test
    void eachActionIsSentAsTheContractSaysAndAppliedToTheLedger() throws Exception {
        ChangeJob job = changeFile("perubahan.csv",
                new ChangeItem(1, ChangeAction.BERHENTI, "chg-a-1", kpj(1), nik(1), "MOVED", "2026-06", null, null,
                        null),
                new ChangeItem(2, ChangeAction.KOREKSI, "chg-a-2", kpj(2), nik(2), null, null, null, null,
                        new ChangeItem.Correction("Yohana Worker", null, 3_500_000L, null)),
                new ChangeItem(3, ChangeAction.PINDAH, "chg-a-3", kpj(3), nik(3), null, null, "AG2", "2026-08", null));
        MockEndpoint reports = getMockEndpoint("mock:file-reports");
        reports.expectedHeaderReceived(Headers.REPORTS_DUE, job.fileId());
        int before = BPJS.requests().size();

        Exchange done = deliver(job, "ID:a", 1);

        assertThat(done.getException()).isNull();
        List<BpjsStub.Request> sent = BPJS.requests().subList(before, BPJS.requests().size());
        // No call for the handover: nobody's membership changes.
        assertThat(sent).extracting(BpjsStub.Request::method, BpjsStub.Request::pathAndQuery).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/bpjstk/v1/peserta/nonaktif"),
                org.assertj.core.groups.Tuple.tuple("PUT", "/bpjstk/v1/peserta/" + kpj(2)));
        for (BpjsStub.Request call : sent) {
            long timestamp = Long.parseLong(call.header(BpjsSignature.TIMESTAMP));
            assertThat(call.header(BpjsSignature.CONS_ID)).isEqualTo(CONS_ID);
            assertThat(call.header(BpjsSignature.SIGNATURE)).isEqualTo(BpjsSignature.sign(CONS_ID, timestamp, SECRET));
            assertThat(call.header(BpjsSignature.USER_KEY)).isEqualTo(USER_KEY);
            assertThat(call.headers().keySet()).noneMatch(h -> h.startsWith("jamsos") || h.startsWith("jms")
                    || h.startsWith("camel"));
        }
        JsonNode deactivation = JSON.readTree(sent.get(0).body());
        assertThat(deactivation.path("refId").asText()).isEqualTo("chg-a-1");
        assertThat(deactivation.path("kpj").asText()).isEqualTo(kpj(1));
        assertThat(deactivation.path("alasan").asText()).isEqualTo("MOVED");
        assertThat(deactivation.path("bulanTerakhir").asText()).isEqualTo("2026-06");
        JsonNode update = JSON.readTree(sent.get(1).body());
        // Only the corrected fields: the others are not sent at all, not sent empty.
        assertThat(fieldNames(update)).containsExactlyInAnyOrder("refId", "nama", "penghasilan");
        assertThat(update.path("penghasilan").asLong()).isEqualTo(3_500_000L);

        // BERHENTI: cover ends with the reason and the month, ended by the row.
        CoveragePeriod ended = coverage.periods(kpj(1)).get(0);
        assertThat(ended.lastMonth()).isEqualTo(YearMonth.of(2026, 6));
        assertThat(ended.endReason()).isEqualTo(EndReason.MOVED);
        assertThat(ended.endedBy()).isEqualTo(CoverageLedger.rowSource(job.fileId(), 1));
        // KOREKSI: the stored data, and the history with its values encrypted.
        assertThat(ledger.findWorkerByKpj(kpj(2))).hasValueSatisfying(w -> assertThat(w.name())
                .isEqualTo("Yohana Worker"));
        List<WorkerChange> history = changes.history(kpj(2));
        assertThat(history).hasSize(1);
        assertThat(history.get(0).oldValues()).containsEntry("nama", "Worker 2").containsEntry("penghasilan", "2000000");
        assertThat(history.get(0).newValues()).containsEntry("nama", "Yohana Worker")
                .containsEntry("penghasilan", "3500000");
        assertThat(history.get(0).bpjsRefId()).isEqualTo("chg-a-2");
        assertThat(storedHistoryValues()).allSatisfy(v -> assertThat(v).startsWith("enc:").doesNotContain("Yohana"));
        // PINDAH: the months split between the agencies.
        assertThat(coverage.periods(kpj(3))).extracting(CoveragePeriod::agencyId, CoveragePeriod::lastMonth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AG1", YearMonth.of(2026, 7)),
                        org.assertj.core.groups.Tuple.tuple("AG2", null));
        assertThat(coverage.coveredIn(YearMonth.of(2026, 8), "AG2")).isEqualTo(1);

        assertThat(states(job.fileId())).containsExactly(RowState.APPLIED, RowState.APPLIED, RowState.APPLIED);
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aKoreksiOfTheVillageOrTradeAloneMakesNoCallAndWithANameOnlyTheNameGoesToBpjs() throws Exception {
        ChangeJob job = changeFile("koreksi-desa.csv",
                new ChangeItem(1, ChangeAction.KOREKSI, "chg-v-1", kpj(1), nik(1), null, null, null, null,
                        new ChangeItem.Correction(null, null, null, null, "Remu Utara", "Tukang Ojek")),
                new ChangeItem(2, ChangeAction.KOREKSI, "chg-v-2", kpj(2), nik(2), null, null, null, null,
                        new ChangeItem.Correction("Yohana Worker", null, null, null, "Klasaman", null)));
        int before = BPJS.requests().size();

        Exchange done = deliver(job, "ID:v", 1);

        assertThat(done.getException()).isNull();
        List<BpjsStub.Request> sent = BPJS.requests().subList(before, BPJS.requests().size());
        // Row 1: no call (BPJS keeps no village or trade). Row 2: the name only.
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.pathAndQuery()).isEqualTo("/bpjstk/v1/peserta/" + kpj(2));
            assertThat(fieldNames(JSON.readTree(call.body()))).containsExactlyInAnyOrder("refId", "nama");
        });
        assertThat(states(job.fileId())).containsExactly(RowState.APPLIED, RowState.APPLIED);
        assertThat(changes.history(kpj(1))).singleElement().satisfies(line -> {
            assertThat(line.changedFields()).containsExactly("kelurahan", "pekerjaan");
            assertThat(line.newValues()).containsEntry("kelurahan", "Remu Utara").containsEntry("pekerjaan", "tukang ojek");
            assertThat(line.bpjsRefId()).isNull();
        });
        assertThat(changes.history(kpj(2))).singleElement().satisfies(line ->
                assertThat(line.changedFields()).containsExactly("nama", "kelurahan"));
    }

    @Test
    void aKoreksiOfTheDistrictWithTheVillageMakesNoCallAndMovesTheWorkersDistrict() throws Exception {
        // A worker moved to a village of another district: KELURAHAN and DISTRIK, nothing BPJS keeps.
        ChangeJob job = changeFile("koreksi-distrik.csv",
                new ChangeItem(1, ChangeAction.KOREKSI, "chg-d-1", kpj(1), nik(1), null, null, null, null,
                        new ChangeItem.Correction(null, null, null, null, "Remu Utara", null, "Sorong Manoi")),
                new ChangeItem(2, ChangeAction.KOREKSI, "chg-d-2", kpj(2), nik(2), null, null, null, null,
                        new ChangeItem.Correction(null, null, null, null, null, null, "Sorong Barat")));
        int before = BPJS.requests().size();

        Exchange done = deliver(job, "ID:d", 1);

        assertThat(done.getException()).isNull();
        assertThat(BPJS.requests().subList(before, BPJS.requests().size())).isEmpty();
        assertThat(states(job.fileId())).containsExactly(RowState.APPLIED, RowState.APPLIED);
        assertThat(workerDistrict(kpj(1))).isEqualTo("Sorong Manoi");
        assertThat(workerDistrict(kpj(2))).isEqualTo("Sorong Barat");
        assertThat(changes.history(kpj(1))).singleElement().satisfies(line -> {
            assertThat(line.changedFields()).containsExactly("kelurahan", "distrik");
            assertThat(line.newValues()).containsEntry("distrik", "Sorong Manoi");
            assertThat(line.bpjsRefId()).isNull();
        });
    }

    private String workerDistrict(String kpj) throws Exception {
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT district FROM worker WHERE kpj = ?")) {
            ps.setString(1, kpj);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aRowBpjsRefusesIsRefusedWithItsWordsAndChangesNothing() throws Exception {
        BPJS.answerNext(BpjsStub.Answer.json(200,
                "{\"metaData\":{\"code\":\"201\",\"message\":\"Peserta tidak ditemukan / member not found\"},"
                        + "\"response\":null}"));
        ChangeJob job = changeFile("berhenti.csv", new ChangeItem(1, ChangeAction.BERHENTI, "chg-b-1", kpj(1), nik(1),
                "DIED", "2026-05", null, null, null));

        Exchange done = deliver(job, "ID:b", 1);

        assertThat(done.getException()).isNull();
        assertThat(states(job.fileId())).containsExactly(RowState.REFUSED);
        assertThat(lastErrors(job.fileId()).get(0)).isEqualTo("BPJS 201: Peserta tidak ditemukan / member not found");
        assertThat(coverage.openPeriod(kpj(1))).isPresent();
        assertThat(changes.history(kpj(1))).isEmpty();
        assertThat(getMockEndpoint("mock:file-reports").getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aRowAnswered503IsTriedAgainWithTheSameRefIdAndAppliedOnce() throws Exception {
        BPJS.answerNext(new BpjsStub.Answer(503, "{}", Map.of("Retry-After", "0")));
        ChangeJob job = changeFile("koreksi.csv", new ChangeItem(1, ChangeAction.KOREKSI, "chg-c-1", kpj(1), nik(1),
                null, null, null, null, new ChangeItem.Correction(null, "1990-02-02", null, "081299990000")));
        int before = BPJS.requests().size();

        Exchange first = deliver(job, "ID:c", 1);
        assertThat(first.getException()).as("rolled back for the broker to deliver again")
                .isInstanceOf(TransientDeliveryException.class).hasMessageContaining("HTTP 503");
        assertThat(states(job.fileId())).containsExactly(RowState.PENDING);

        Exchange second = deliver(job, "ID:c", 2);

        assertThat(second.getException()).isNull();
        List<BpjsStub.Request> sent = BPJS.requests().subList(before, BPJS.requests().size());
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(r -> JSON.readTree(r.body()).path("refId").asText())
                .containsExactly("chg-c-1", "chg-c-1");
        assertThat(states(job.fileId())).containsExactly(RowState.APPLIED);
        assertThat(changes.history(kpj(1))).singleElement().satisfies(line -> {
            assertThat(line.changedFields()).containsExactly("tglLahir", "noHp");
            assertThat(line.newValues()).containsEntry("noHp", "081299990000");
        });
        assertThat(ledger.birthHash(LocalDate.of(1990, 2, 2))).isEqualTo(birthHashOf(kpj(1)));
    }

    @Test
    void aJobDeliveredTwiceChangesTheLedgerOnce() throws Exception {
        ChangeJob job = changeFile("dua-kali.csv",
                new ChangeItem(1, ChangeAction.BERHENTI, "chg-d-1", kpj(1), nik(1), "WITHDRAWN", "2026-04", null, null,
                        null),
                new ChangeItem(2, ChangeAction.PINDAH, "chg-d-2", kpj(2), nik(2), null, null, "AG2", null, null));
        MockEndpoint reports = getMockEndpoint("mock:file-reports");
        reports.expectedMessageCount(1);

        deliver(job, "ID:d", 1);
        // The broker delivers it again (the acknowledgement was lost): BPJS answers the same refId the same.
        Exchange again = deliver(job, "ID:d", 2);

        assertThat(again.getException()).isNull();
        assertThat(coverage.periods(kpj(1))).singleElement().satisfies(p -> {
            assertThat(p.endReason()).isEqualTo(EndReason.WITHDRAWN);
            assertThat(p.lastMonth()).isEqualTo(YearMonth.of(2026, 4));
        });
        // The job named no month: the handover takes effect from the month the route was told (September here).
        assertThat(coverage.periods(kpj(2))).hasSize(2).last().satisfies(p ->
                assertThat(p.firstMonth()).isEqualTo(YearMonth.of(2026, 9)));
        assertThat(changes.history(kpj(1))).hasSize(1);
        assertThat(changes.history(kpj(2))).hasSize(1);
        assertThat(states(job.fileId())).containsExactly(RowState.APPLIED, RowState.APPLIED);
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void anEndpointWithoutTheCallParksTheRowsAndKeepsTheJobSealed() throws Exception {
        // What an endpoint that does not know the call answers (a simulator from before the change calls).
        BPJS.answerNext(BpjsStub.Answer.json(404, "{\"metaData\":{\"code\":\"404\",\"message\":\"not found\"},"
                + "\"response\":null}"));
        ChangeJob job = changeFile("parkir.csv",
                new ChangeItem(1, ChangeAction.PINDAH, "chg-e-1", kpj(1), nik(1), null, null, "AG2", "2026-08", null),
                new ChangeItem(2, ChangeAction.BERHENTI, "chg-e-2", kpj(2), nik(2), "MOVED", "2026-06", null, null,
                        null));
        MockEndpoint parked = getMockEndpoint("mock:changes-parked");
        parked.expectedMessageCount(1);

        Exchange done = deliver(job, "ID:e", 1);

        assertThat(done.getException()).isNull();
        MockEndpoint.assertIsSatisfied(context);
        // The handover answered before the failure is applied; the refused call's row waits for an operator.
        assertThat(states(job.fileId())).containsExactly(RowState.APPLIED, RowState.PARKED);
        assertThat(lastErrors(job.fileId()).get(1)).contains("HTTP 404");
        assertThat(coverage.openPeriod(kpj(2))).isPresent();
        String body = parked.getReceivedExchanges().get(0).getMessage().getBody(String.class);
        assertThat(body).startsWith("enc:");
        assertThat(JSON.readValue(new JobSeal(PII, false).open(body), ChangeJob.class)).isEqualTo(job);
        assertThat(getMockEndpoint("mock:file-reports").getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void refusedCredentialsHoldTheJobWithoutParkingOrRefusingItsRows() throws Exception {
        BPJS.answerNext(BpjsStub.Answer.json(401,
                "{\"metaData\":{\"code\":\"403\",\"message\":\"user_key tidak valid\"},\"response\":null}"));
        ChangeJob job = changeFile("kunci.csv", new ChangeItem(1, ChangeAction.BERHENTI, "chg-f-1", kpj(1), nik(1),
                "MOVED", "2026-06", null, null, null));
        int before = BPJS.requests().size();

        Exchange first = deliver(job, "ID:f", 1);
        Exchange second = deliver(job, "ID:f", 2);

        assertThat(first.getException()).isInstanceOf(CredentialsRefusedException.class);
        assertThat(((CredentialsRefusedException) first.getException()).answered()).isTrue();
        // Held back without a call until the next check: the rows wait, PENDING.
        assertThat(((CredentialsRefusedException) second.getException()).answered()).isFalse();
        assertThat(BPJS.requests().size() - before).isEqualTo(1);
        assertThat(states(job.fileId())).containsExactly(RowState.PENDING);
        assertThat(getMockEndpoint("mock:changes-parked").getReceivedCounter()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** A change file of agency AG1 with one PENDING row per item, as the intake records it. */
    private ChangeJob changeFile(String name, ChangeItem... items) {
        long fileId = ledger.registerFile("AG1", name, Integer.toHexString(name.hashCode()).repeat(8).substring(0, 64),
                Instant.now()).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        for (ChangeItem item : items) {
            rows.add(new LedgerRow(fileId, item.rowNo(), item.nik(), "Worker", RowState.PENDING, List.of(),
                    item.idempotencyKey(), null, null));
        }
        ledger.insertRows(fileId, rows);
        ledger.completeIntake(fileId, items.length, 0);
        return new ChangeJob(fileId, "AG1", name, List.of(items));
    }

    /** As the broker hands it over: the sealed job and the JMS headers DeliveryAttempts counts by. */
    private Exchange deliver(ChangeJob job, String messageId, int deliveryCount) throws IOException {
        String sealed = PII.encryptText(JSON.writeValueAsString(job), CipherContext.ENROLLMENT_JOB);
        return template.send("direct:changes", e -> {
            e.getMessage().setBody(sealed);
            e.getMessage().setHeaders(new HashMap<>(Map.of("JMSMessageID", messageId, "JMSXDeliveryCount",
                    deliveryCount, Headers.FILE_ID, job.fileId(), Headers.AGENCY_ID, job.agencyId())));
        });
    }

    private List<RowState> states(long fileId) {
        List<RowState> states = new ArrayList<>();
        ledger.forEachRow(fileId, r -> states.add(r.state()));
        return states;
    }

    private List<String> lastErrors(long fileId) {
        List<String> errors = new ArrayList<>();
        ledger.forEachRow(fileId, r -> errors.add(r.lastError()));
        return errors;
    }

    private List<String> storedHistoryValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT old_values, new_values FROM worker_change")) {
            while (rs.next()) {
                values.add(rs.getString(1));
                values.add(rs.getString(2));
            }
        }
        return values;
    }

    private String birthHashOf(String kpj) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT birth_hash FROM worker WHERE kpj = '" + kpj + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String nik(int row) {
        return String.format("917101%010d", row);
    }

    /** KPJs as BPJS issues them now: letters in the first seven characters. */
    private static String kpj(int row) {
        return String.format("05K4%07d", row);
    }

    /**
     * BPJS as docs/bpjs-api.md describes the change calls: a deactivation answers 200 NONAKTIF with the
     * month asked for, an update 200 with the fields it changed. Same refId, same answer.
     */
    private static BpjsStub startBpjs() {
        try {
            return BpjsStub.start(request -> {
                try {
                    JsonNode body = JSON.readTree(request.body());
                    ObjectNode envelope = JSON.createObjectNode();
                    ObjectNode response = JSON.createObjectNode();
                    response.put("refId", body.path("refId").asText());
                    if (request.method().equals("POST") && request.pathAndQuery().equals("/bpjstk/v1/peserta/nonaktif")) {
                        response.put("kpj", body.path("kpj").asText());
                        response.put("status", "NONAKTIF");
                        response.put("bulanTerakhir", body.path("bulanTerakhir").asText());
                    } else if (request.method().equals("PUT") && request.pathAndQuery().startsWith("/bpjstk/v1/peserta/")) {
                        response.put("kpj", request.pathAndQuery().substring("/bpjstk/v1/peserta/".length()));
                        ArrayNode changed = response.putArray("diubah");
                        fieldNames(body).stream().filter(f -> !f.equals("refId")).forEach(changed::add);
                    } else {
                        return BpjsStub.Answer.json(404, "{\"metaData\":{\"code\":\"404\",\"message\":\"no such service\"},"
                                + "\"response\":null}");
                    }
                    envelope.putObject("metaData").put("code", "200").put("message", "OK");
                    envelope.set("response", response);
                    return BpjsStub.Answer.json(200, JSON.writeValueAsString(envelope));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
