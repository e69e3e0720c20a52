package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.registry.RegistryAnswers;
import id.jamsos.gateway.registry.RegistryCredentials;
import id.jamsos.gateway.registry.RegistryFailures;
import id.jamsos.gateway.registry.RegistryRefusedException;
import id.jamsos.gateway.registry.RegistryRequests;
import id.jamsos.gateway.registry.RegistryUsage;
import id.jamsos.gateway.simulator.RegistryPopulation;
import id.jamsos.gateway.simulator.RegistrySimulator;
import id.jamsos.gateway.simulator.RegistrySimulatorConfig;
import id.jamsos.gateway.verification.JobVerification;
import id.jamsos.gateway.verification.RegistryAlarm;
import id.jamsos.gateway.verification.VerificationRules;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verification stage through the real registry client (routes/registry.camel.yaml) over HTTP on
 * loopback against the registry simulator: its demo people give every verdict, and a wrong password
 * gives "Login Gagal", which must hold the job in the enroller's error handling (a stand-in enroller with
 * enroller-errors) rather than decide its rows.
 */
class VerificationEndToEndTest extends RouteTestSupport {

    private static final String AGENCY = "dinsos";
    private static final RowRejection SET_ASIDE = new RowRejection("NIK", "NIK_BIRTHDATE_MISMATCH",
            "Tanggal lahir di NIK 15-06-1985 (perempuan) tidak sama dengan TGL_LAHIR 31-12-1985: beda tanggal, bulan",
            "The NIK's birth date 15-06-1985 (female) does not match TGL_LAHIR 31-12-1985: day, month differ");

    private RegistrySimulator sim;
    private final HikariDataSource ledgerDb = ledgerDatabase("verification-e2e");
    private final Ledger ledger = new Ledger(ledgerDb, Clock.systemUTC());
    private final RegistryAlarm alarm = new RegistryAlarm(0, Clock.systemUTC());

    private RegistrySimulator sim() {
        if (sim == null) {
            sim = RegistrySimulator.start(RegistrySimulatorConfig.defaults().withSample(10, 42L, 0));
        }
        return sim;
    }

    @Override
    protected String routeFile() {
        return "routes/verification.camel.yaml,file:routes/registry.camel.yaml";
    }

    @Override
    protected boolean withErrorHandling() {
        return true;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.registry.enabled", "true");
        s.put("jamsos.registry.url", sim().serviceUrl());
        s.put("jamsos.registry.retries", "1");
        s.put("jamsos.registry.retryDelayMs", "10");
        s.put("jamsos.registry.ratePerSecond", "0");
        return s;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:enroller").routeId("enroller-stand-in").routeConfigurationId("enroller-errors")
                        .setProperty(Headers.JOB, body())
                        .to("direct:verify-job")
                        .to("mock:bpjs");
                from("direct:park-job").routeId("park-stand-in").to("mock:parked");
            }
        });
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        RegistrySimulatorConfig sc = sim().config();
        registry.bind("registryRequests", new RegistryRequests(Json.mapper(), new RegistryCredentials(sc.userId(),
                sc.password(), sc.allowedIps().iterator().next()), 80));
        registry.bind("registryAnswers", new RegistryAnswers(Json.mapper(), 80));
        registry.bind("registryFailures", new RegistryFailures());
        registry.bind("registryUsage", new RegistryUsage(new RegistryUsageLedger(ledgerDb), Clock.systemUTC(),
                ZoneId.of("Asia/Jayapura")));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("http", BpjsHttp.component(null));
        Clock clock = Clock.systemUTC();
        ReviewLedger reviews = new ReviewLedger(ledgerDb, clock, PersonalDataCipher.forTests());
        registry.bind("verificationRules", new VerificationRules());
        registry.bind(RegistryAlarm.BEAN, alarm);
        registry.bind("jobVerification", new JobVerification(true, AGENCY::equals, reviews, ledger, alarm, e -> { }));
        registry.bind("deliveryAttempts", new DeliveryAttempts(3, 0));
        registry.bind(CredentialsAlarm.BEAN, new CredentialsAlarm("test", Duration.ofSeconds(30), 0, clock));
        registry.bind("activemq", new org.apache.camel.component.activemq6.ActiveMQComponent());
    }

    private void startRoutes() throws Exception {
        AdviceWith.adviceWith(context, "enroller-stand-in", a -> a.mockEndpointsAndSkip("activemq:*"));
        start();
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
        ledgerDb.close();
    }

    @Test
    void theSimulatorsPeopleAreDecidedAsTheRulesSay() throws Exception {
        startRoutes();
        long file = file(5);
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", List.of(
                item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                        RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null),
                item(2, RegistryPopulation.OTHER_NAME.nik(), RegistryPopulation.OTHER_NAME_IN_FILES,
                        RegistryPopulation.OTHER_NAME.birthDate(), "SORONG", "L", null),
                item(3, RegistryPopulation.NOT_FOUND_NIK, "YOHANES KAMBU", LocalDate.of(1981, 2, 2), "SORONG", "L",
                        null),
                item(4, RegistryPopulation.UNRECORDED.nik(), RegistryPopulation.UNRECORDED.fullName(),
                        RegistryPopulation.UNRECORDED.birthDate(), "MANOKWARI", "P", null),
                item(5, RegistryPopulation.OTHER_BIRTH_DATE.nik(), RegistryPopulation.OTHER_BIRTH_DATE.fullName(),
                        LocalDate.of(1985, 12, 31), "SORONG", "P", SET_ASIDE)));
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.expectedMessageCount(1);

        template.sendBody("direct:enroller", job);

        MockEndpoint.assertIsSatisfied(context);
        EnrollmentJob going = bpjs.getReceivedExchanges().get(0).getMessage().getBody(EnrollmentJob.class);
        assertThat(going.items()).extracting(EnrollmentJob.Item::rowNo).containsExactly(1, 5);
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.REJECTED, RowState.REVIEW,
                RowState.REVIEW, RowState.PENDING);
        List<LedgerRow> rows = rows(file);
        assertThat(rows.get(1).reasons()).extracting(RowRejection::field).contains("NAMA");
        assertThat(rows.get(1).reasons().get(0).messageId()).startsWith("NAMA tidak sesuai data Dukcapil (skor ");
        assertThat(rows.get(3).lastError()).contains("BELUM REKAM");
        assertThat(new ReviewLedger(ledgerDb, Clock.systemUTC(), PersonalDataCipher.forTests()).warnings(file, 5))
                .containsExactly(VerificationRules.BIRTH_DATE_CONFIRMED);
    }

    @Test
    void aRefusedLoginHoldsTheJobAndCountsTheAlarm() throws Exception {
        // The gateway signs in with a password the registry does not know: "Login Gagal".
        RegistrySimulatorConfig sc = sim().config();
        context.getRegistry().bind("registryRequests", new RegistryRequests(Json.mapper(),
                new RegistryCredentials(sc.userId(), "not-the-password", sc.allowedIps().iterator().next()), 80));
        startRoutes();
        long file = file(1);
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", List.of(
                item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                        RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null)));

        assertThatThrownBy(() -> template.sendBody("direct:enroller", job))
                .hasRootCauseInstanceOf(RegistryRefusedException.class);

        assertThat(getMockEndpoint("mock:bpjs").getReceivedCounter()).isZero();
        assertThat(getMockEndpoint("mock:parked").getReceivedCounter()).isZero();
        assertThat(states(file)).containsExactly(RowState.PENDING);
        assertThat(alarm.refusals()).as("held by enroller-errors through the registry route's own handling")
                .isEqualTo(1);
    }

    @Test
    void anUnreadableAnswerAboutOneWorkerSendsThatRowToReviewAndTheJobGoesOn() throws Exception {
        startRoutes();
        // The registry answers about this worker in words no gateway knows (finding B #7: it held the job).
        sim().answerUnreadably(RegistryPopulation.OTHER_NAME.nik());
        long file = file(2);
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", List.of(
                item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                        RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null),
                item(2, RegistryPopulation.OTHER_NAME.nik(), RegistryPopulation.OTHER_NAME.fullName(),
                        RegistryPopulation.OTHER_NAME.birthDate(), "SORONG", "L", null)));
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.expectedMessageCount(1);

        template.sendBody("direct:enroller", job);

        MockEndpoint.assertIsSatisfied(context);
        EnrollmentJob going = bpjs.getReceivedExchanges().get(0).getMessage().getBody(EnrollmentJob.class);
        assertThat(going.items()).extracting(EnrollmentJob.Item::rowNo).containsExactly(1);
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.REVIEW);
        assertThat(rows(file).get(1).lastError()).isEqualTo(VerificationRules.UNREADABLE)
                .startsWith("Jawaban registri tidak dapat dibaca").contains("The registry's answer could not be read");
        assertThat(alarm.unavailable()).as("not held").isZero();
        // Asked once each over HTTP: an answer, not retried, not a failure for the breaker.
        assertThat(sim().requests()).isEqualTo(2);
        assertThat(sim().answers()).containsEntry("UNREADABLE", 1L).containsEntry("MATCH", 1L);
        assertThat(usage()).containsEntry(id.jamsos.gateway.registry.RegistryOutcome.UNREADABLE, 1L)
                .containsEntry(id.jamsos.gateway.registry.RegistryOutcome.MATCH, 1L)
                .doesNotContainKey(id.jamsos.gateway.registry.RegistryOutcome.NO_ANSWER);
        assertThat(VerificationRules.heldByRegistry(rows(file).get(1).lastError()))
                .as("a person's release stands for the registry's check").isTrue();
    }

    @Test
    void aRegistryAnswering5xxStillHoldsTheWholeJob() throws Exception {
        startRoutes();
        sim().faults().failNext(503, 503);
        long file = file(2);
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", List.of(
                item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                        RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null),
                item(2, RegistryPopulation.OTHER_NAME.nik(), RegistryPopulation.OTHER_NAME.fullName(),
                        RegistryPopulation.OTHER_NAME.birthDate(), "SORONG", "L", null)));

        assertThatThrownBy(() -> template.sendBody("direct:enroller", job))
                .hasRootCauseInstanceOf(id.jamsos.gateway.registry.RegistryUnavailableException.class);

        assertThat(getMockEndpoint("mock:bpjs").getReceivedCounter()).isZero();
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.PENDING);
        assertThat(alarm.unavailable()).isEqualTo(1);
    }

    @Test
    void theSameUnknownWordsForSeveralWorkersInARowAreTheServicesAndHoldTheJob() throws Exception {
        startRoutes();
        List<EnrollmentJob.Item> items = new ArrayList<>();
        RegistryPopulation.Person[] people = {RegistryPopulation.MATCHING, RegistryPopulation.OTHER_NAME,
            RegistryPopulation.UNRECORDED};
        for (int i = 0; i < people.length; i++) {
            sim().answerUnreadably(people[i].nik());
            items.add(item(i + 1, people[i].nik(), people[i].fullName(), people[i].birthDate(), "SORONG",
                    people[i].sex().name(), null));
        }
        long file = file(3);

        assertThatThrownBy(() -> template.sendBody("direct:enroller", new EnrollmentJob(file, AGENCY, "e2e.csv",
                items))).hasRootCauseInstanceOf(id.jamsos.gateway.registry.RegistryUnavailableException.class);

        assertThat(states(file)).as("nothing decided: the job waits").containsOnly(RowState.PENDING);
        assertThat(alarm.unavailable()).isEqualTo(1);
        assertThat(getMockEndpoint("mock:bpjs").getReceivedCounter()).isZero();
    }

    @Test
    void aJobHeldForUnreadableAnswersIsHeldABoundedNumberOfTimesThenItsRowsGoToReview() throws Exception {
        startRoutes();
        List<EnrollmentJob.Item> items = new ArrayList<>();
        RegistryPopulation.Person[] people = {RegistryPopulation.MATCHING, RegistryPopulation.OTHER_NAME,
            RegistryPopulation.UNRECORDED};
        for (int i = 0; i < people.length; i++) {
            sim().answerUnreadably(people[i].nik());
            items.add(item(i + 1, people[i].nik(), people[i].fullName(), people[i].birthDate(), "SORONG",
                    people[i].sex().name(), null));
        }
        long file = file(3);
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", items);
        // The broker redelivers a held job without using its attempts: before the fix, the first row of the
        // redelivery was the 4th unreadable answer in a row and the job was held at every delivery, forever.
        for (int delivery = 1; delivery <= VerificationRules.UNREADABLE_HOLDS; delivery++) {
            assertThatThrownBy(() -> template.sendBody("direct:enroller", job))
                    .hasRootCauseInstanceOf(id.jamsos.gateway.registry.RegistryUnavailableException.class);
            assertThat(states(file)).containsOnly(RowState.PENDING);
        }
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.expectedMessageCount(1);

        template.sendBody("direct:enroller", job);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(bpjs.getReceivedExchanges().get(0).getMessage().getBody(EnrollmentJob.class).items()).isEmpty();
        assertThat(states(file)).containsOnly(RowState.REVIEW);
        assertThat(rows(file)).extracting(LedgerRow::lastError).containsOnly(VerificationRules.UNREADABLE);
        assertThat(alarm.unavailable()).as("held UNREADABLE_HOLDS times, not more")
                .isEqualTo(VerificationRules.UNREADABLE_HOLDS);
        assertThat(sim().requests()).isEqualTo(3L * (VerificationRules.UNREADABLE_HOLDS + 1));
    }

    @Test
    void unreadableAnswersOfAnEarlierJobDoNotHoldTheNextOne() throws Exception {
        startRoutes();
        sim().answerUnreadably(RegistryPopulation.MATCHING.nik());
        sim().answerUnreadably(RegistryPopulation.OTHER_NAME.nik());
        sim().answerUnreadably(RegistryPopulation.UNRECORDED.nik());
        long earlier = file(2);
        template.sendBody("direct:enroller", new EnrollmentJob(earlier, AGENCY, "e2e.csv", List.of(
                item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                        RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null),
                item(2, RegistryPopulation.OTHER_NAME.nik(), RegistryPopulation.OTHER_NAME.fullName(),
                        RegistryPopulation.OTHER_NAME.birthDate(), "SORONG", "L", null))));
        long now = file(1, "b");
        RegistryPopulation.Person p = RegistryPopulation.UNRECORDED;

        // Before the fix: the third unreadable answer in a row across jobs held this one as an outage.
        template.sendBody("direct:enroller", new EnrollmentJob(now, AGENCY, "e2e.csv", List.of(
                item(1, p.nik(), p.fullName(), p.birthDate(), "SORONG", p.sex().name(), null))));

        assertThat(states(earlier)).containsOnly(RowState.REVIEW);
        assertThat(states(now)).containsExactly(RowState.REVIEW);
        assertThat(alarm.unavailable()).isZero();
    }

    @Test
    void aJobRedeliveredDuringABpjsOutageAsksTheRegistryNothingMore() throws Exception {
        startRoutes();
        long file = file(2);
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", List.of(
                item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                        RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null),
                item(2, RegistryPopulation.NOT_FOUND_NIK, "YOHANES KAMBU", LocalDate.of(1981, 2, 2), "SORONG", "L",
                        null)));
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.expectedMessageCount(4);

        template.sendBody("direct:enroller", job);
        long calls = sim().requests();
        long counted = usage().values().stream().mapToLong(Long::longValue).sum();
        assertThat(calls).isEqualTo(2);
        assertThat(counted).isEqualTo(2);
        // BPJS is down: the enroller's transaction rolls the job back and the broker delivers it again, thrice.
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:enroller", job);
        }

        MockEndpoint.assertIsSatisfied(context);
        assertThat(sim().requests()).as("calls at the registry").isEqualTo(calls);
        assertThat(usage().values().stream().mapToLong(Long::longValue).sum()).as("calls in registry_usage")
                .isEqualTo(counted);
        // The row that passed still goes on to BPJS at every delivery; the one in review does not.
        for (org.apache.camel.Exchange e : bpjs.getReceivedExchanges()) {
            assertThat(e.getMessage().getBody(EnrollmentJob.class).items()).extracting(EnrollmentJob.Item::rowNo)
                    .containsExactly(1);
        }
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.REVIEW);
    }

    @Test
    void aRowReleasedFromReviewWhileItsJobIsRedeliveredIsNotAskedAgainNorPutBackInReview() throws Exception {
        startRoutes();
        long file = file(2);
        EnrollmentJob.Item found = item(1, RegistryPopulation.MATCHING.nik(), RegistryPopulation.MATCHING.fullName(),
                RegistryPopulation.MATCHING.birthDate(), "SORONG", "L", null);
        EnrollmentJob.Item notFound = item(2, RegistryPopulation.NOT_FOUND_NIK, "YOHANES KAMBU",
                LocalDate.of(1981, 2, 2), "SORONG", "L", null);
        new id.jamsos.gateway.ledger.OpsQueries(ledgerDb, PersonalDataCipher.forTests()).storeItems(file, Map.of(
                1, Json.mapper().writeValueAsString(found), 2, Json.mapper().writeValueAsString(notFound)));
        EnrollmentJob job = new EnrollmentJob(file, AGENCY, "e2e.csv", List.of(found, notFound));
        template.sendBody("direct:enroller", job);
        assertThat(states(file)).containsExactly(RowState.PENDING, RowState.REVIEW);
        long calls = sim().requests();

        // A person releases row 2 (the registry did not find the NIK; the person checked it) while BPJS is down
        // and the original job is still being redelivered (finding B #4).
        List<String> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        id.jamsos.gateway.ops.ReviewDesk desk = new id.jamsos.gateway.ops.ReviewDesk(
                new ReviewLedger(ledgerDb, Clock.systemUTC(), PersonalDataCipher.forTests()), ledger, Json.mapper(),
                (fileId, agencyId, sealed) -> queued.add(sealed), e -> { });
        assertThat(desk.release("ops-test", file, 2).ok()).isTrue();
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.reset();
        bpjs.expectedMessageCount(2);

        // The original job's next delivery, then the released job.
        template.sendBody("direct:enroller", job);
        EnrollmentJob released = Json.mapper().readValue(new id.jamsos.gateway.enrollment.JobSeal(
                PersonalDataCipher.forTests(), false).open(queued.get(0)), EnrollmentJob.class);
        template.sendBody("direct:enroller", released);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(sim().requests()).as("row 2 not asked again").isEqualTo(calls);
        assertThat(states(file)).as("row 2 stays on its way to BPJS").containsExactly(RowState.PENDING,
                RowState.PENDING);
        // Both jobs carry row 2: BPJS answers its repeated refId with the first outcome (enrolled once).
        assertThat(bpjs.getReceivedExchanges().get(0).getMessage().getBody(EnrollmentJob.class).items())
                .extracting(EnrollmentJob.Item::rowNo).containsExactly(1, 2);
        assertThat(bpjs.getReceivedExchanges().get(1).getMessage().getBody(EnrollmentJob.class).items())
                .extracting(EnrollmentJob.Item::rowNo).containsExactly(2);
    }

    private Map<id.jamsos.gateway.registry.RegistryOutcome, Long> usage() {
        Map<id.jamsos.gateway.registry.RegistryOutcome, Long> out = new HashMap<>();
        java.time.YearMonth now = java.time.YearMonth.now(ZoneId.of("Asia/Jayapura"));
        for (RegistryUsageLedger.Usage u : new RegistryUsageLedger(ledgerDb).between(now.minusMonths(1), now)) {
            out.merge(u.outcome(), u.calls(), Long::sum);
        }
        return out;
    }

    private long file(int rows) {
        return file(rows, "");
    }

    /** A second file in one test needs its own {@code tag} (idempotency keys, hash). */
    private long file(int rows, String tag) {
        long file = ledger.registerFile(AGENCY, "e2e.csv", (tag + "e2e" + rows).repeat(22).substring(0, 64),
                Instant.now()).fileId();
        List<LedgerRow> pending = new ArrayList<>();
        for (int r = 1; r <= rows; r++) {
            pending.add(new LedgerRow(file, r, "9271010101800" + (tag.isEmpty() ? 100 + r : 200 + r), "Worker " + r, RowState.PENDING, List.of(),
                    tag + "key-" + r, null, null, 1_000_000L, LocalDate.of(1980, 1, 1)));
        }
        ledger.insertRows(file, pending);
        return file;
    }

    private List<RowState> states(long file) {
        return rows(file).stream().map(LedgerRow::state).toList();
    }

    private List<LedgerRow> rows(long file) {
        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(file, rows::add);
        return rows;
    }

    private static EnrollmentJob.Item item(int row, String nik, String name, LocalDate birth, String place, String sex,
                                           RowRejection setAside) {
        return new EnrollmentJob.Item(row, "Sorong", new EnrollmentRequest("ref-" + row, nik, name, birth.toString(),
                sex, place, null, null, null, null, null, 1_000_000L, List.of("JKK", "JKM"), "9671"), setAside);
    }
}
