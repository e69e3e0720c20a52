package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.demo.SamplePerson;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.nik.Nik;
import id.jamsos.gateway.registry.RegistryAnswers;
import id.jamsos.gateway.registry.RegistryCredentials;
import id.jamsos.gateway.registry.RegistryFailures;
import id.jamsos.gateway.registry.RegistryField;
import id.jamsos.gateway.registry.RegistryOutcome;
import id.jamsos.gateway.registry.RegistryPurpose;
import id.jamsos.gateway.registry.RegistryRefusedException;
import id.jamsos.gateway.registry.RegistryRequest;
import id.jamsos.gateway.registry.RegistryRequests;
import id.jamsos.gateway.registry.RegistryTransientException;
import id.jamsos.gateway.registry.RegistryUnavailableException;
import id.jamsos.gateway.registry.RegistryUsage;
import id.jamsos.gateway.registry.RegistryVerdict;
import id.jamsos.gateway.simulator.RegistryPopulation;
import id.jamsos.gateway.simulator.RegistrySimulator;
import id.jamsos.gateway.simulator.RegistrySimulatorConfig;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * routes/registry.camel.yaml alone, over real HTTP on loopback against the registry simulator: every
 * kind of answer, the retries of what may answer next time (and not of refusals), the circuit breaker,
 * and the usage record of every call that reached the registry (an H2 ledger).
 */
class RegistryRouteTest extends RouteTestSupport {

    private static final ZoneId ZONE = ZoneId.of("Asia/Jayapura");
    private static final String AGENCY = "dinsos";

    private final RegistrySimulatorConfig simConfig = RegistrySimulatorConfig.defaults().withSample(50, 42L, 0);
    /**
     * Started on first use: Camel's test support asks for the settings (the simulator's address) in its
     * constructor, before this class's fields are set. No initializer, so that it keeps that value.
     */
    private RegistrySimulator sim;
    private final HikariDataSource ledgerDb = ledgerDatabase("registry-route");
    private final RegistryUsageLedger usage = new RegistryUsageLedger(ledgerDb);

    private RegistrySimulator sim() {
        if (sim == null) {
            sim = RegistrySimulator.start(RegistrySimulatorConfig.defaults().withSample(50, 42L, 0));
        }
        return sim;
    }

    @Override
    protected String routeFile() {
        return "routes/registry.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.registry.enabled", "true");
        s.put("jamsos.registry.url", sim().serviceUrl());
        s.put("jamsos.registry.requestTimeoutMs", "1500");
        s.put("jamsos.registry.connectTimeoutMs", "1000");
        s.put("jamsos.registry.retries", "2");
        s.put("jamsos.registry.retryDelayMs", "10");
        s.put("jamsos.registry.ratePerSecond", "0");
        s.put("jamsos.registry.breaker.windowCalls", "4");
        s.put("jamsos.registry.breaker.minimumCalls", "4");
        s.put("jamsos.registry.breaker.failureRatePercent", "50");
        s.put("jamsos.registry.breaker.openSeconds", "60");
        return s;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("registryRequests", requests(simConfig.password(), simConfig.allowedIps().iterator().next()));
        registry.bind("registryAnswers", new RegistryAnswers(Json.mapper(), 80));
        registry.bind("registryFailures", new RegistryFailures());
        registry.bind("registryUsage", new RegistryUsage(usage, Clock.systemUTC(), ZONE));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        // As the gateway's: Apache HttpClient's own retries off, the route decides.
        registry.bind("http", BpjsHttp.component(null));
    }

    private RegistryRequests requests(String password, String ip) {
        return new RegistryRequests(Json.mapper(), new RegistryCredentials(simConfig.userId(), password, ip), 80);
    }

    private static RegistryRequest asked(String nik, String name, LocalDate birth, String place, char sex) {
        return new RegistryRequest(nik, name, birth, place, sex, RegistryPurpose.ENROLLMENT_CHECK, AGENCY, "file 7 row 3");
    }

    private static RegistryRequest asked(RegistryPopulation.Person p) {
        return asked(p.nik(), p.fullName(), p.birthDate(), p.birthPlace(), p.sex().name().charAt(0));
    }

    private RegistryVerdict verify(RegistryRequest request) {
        return template.requestBody("direct:registry-verify", request, RegistryVerdict.class);
    }

    private Throwable failure(RegistryRequest request) {
        Throwable thrown = catchThrowable(() -> verify(request));
        assertThat(thrown).isInstanceOf(CamelExecutionException.class);
        return thrown.getCause();
    }

    private Map<RegistryOutcome, Long> counted() {
        YearMonth month = YearMonth.now(ZONE);
        return usage.between(month, month).stream().peek(u -> {
            assertThat(u.purpose()).isEqualTo(RegistryPurpose.ENROLLMENT_CHECK);
            assertThat(u.agencyId()).isEqualTo(AGENCY);
        }).collect(Collectors.groupingBy(RegistryUsageLedger.Usage::outcome,
                Collectors.summingLong(RegistryUsageLedger.Usage::calls)));
    }

    @Test
    void aWorkerKnownAsTheAgencyHasThemMatchesEveryField() {
        start();

        RegistryVerdict verdict = verify(asked(RegistryPopulation.MATCHING));

        assertThat(verdict.kind()).isEqualTo(RegistryVerdict.Kind.FOUND);
        assertThat(verdict.fields()).containsOnlyKeys(RegistryField.values());
        assertThat(verdict.allMatch()).isTrue();
        assertThat(verdict.ektpRecorded()).isTrue();
        assertThat(verdict.threshold()).isEqualTo(80);
        assertThat(verdict.fields().get(RegistryField.FULL_NAME)).isEqualTo(new RegistryVerdict.FieldVerdict(true, 100));
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.MATCH, 1L));
    }

    @Test
    void theGenerateCommandsWorkersAreKnownWithoutABirthPlaceSent() {
        start();
        List<SamplePerson> people = SampleWorkers.people(50, 42L, 0);

        for (SamplePerson p : people.subList(0, 5)) {
            RegistryVerdict verdict = verify(asked(p.nik(), p.fullName().toLowerCase(), p.birthDate(), null,
                    p.sex().name().charAt(0)));
            assertThat(verdict.allMatch()).isTrue();
            // No birth place asked: none judged.
            assertThat(verdict.fields()).doesNotContainKey(RegistryField.BIRTH_PLACE);
        }
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.MATCH, 5L));
    }

    @Test
    void aNameRecordedOtherwiseIsAPartialMismatchWithItsScore() {
        start();
        RegistryPopulation.Person p = RegistryPopulation.OTHER_NAME;

        RegistryVerdict verdict = verify(asked(p.nik(), RegistryPopulation.OTHER_NAME_IN_FILES, p.birthDate(),
                p.birthPlace(), 'L'));

        assertThat(verdict.kind()).isEqualTo(RegistryVerdict.Kind.FOUND);
        assertThat(verdict.allMatch()).isFalse();
        RegistryVerdict.FieldVerdict name = verdict.fields().get(RegistryField.FULL_NAME);
        assertThat(name.matches()).isFalse();
        assertThat(name.score()).isBetween(1, 79);
        assertThat(verdict.fields().get(RegistryField.BIRTH_DATE).matches()).isTrue();
        assertThat(verdict.fields().get(RegistryField.SEX).matches()).isTrue();
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.MISMATCH, 1L));
    }

    @Test
    void aBirthDateRecordedOtherwiseThanTheNiksDigitsIsABirthDateMismatch() {
        start();
        RegistryPopulation.Person p = RegistryPopulation.OTHER_BIRTH_DATE;
        // What the agency file has: the NIK's own digits.
        LocalDate inNik = LocalDate.of(1985, 6, 15);
        assertThat(p.nik().substring(6, 12)).isEqualTo(Nik.birthSegment(inNik, p.sex()));

        RegistryVerdict verdict = verify(asked(p.nik(), p.fullName(), inNik, p.birthPlace(), 'P'));

        assertThat(verdict.fields().get(RegistryField.BIRTH_DATE).matches()).isFalse();
        assertThat(verdict.fields().get(RegistryField.FULL_NAME).matches()).isTrue();
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.MISMATCH, 1L));
    }

    @Test
    void aNikTheRegistryDoesNotKnowIsNotFound() {
        start();

        RegistryVerdict verdict = verify(asked(RegistryPopulation.NOT_FOUND_NIK, "AGUS", LocalDate.of(1981, 2, 2),
                null, 'L'));

        assertThat(verdict).isEqualTo(RegistryVerdict.notFound(80));
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.NOT_FOUND, 1L));
    }

    @Test
    void aPersonWithoutARecordedEktpIsFoundAndSaysSo() {
        start();

        RegistryVerdict verdict = verify(asked(RegistryPopulation.UNRECORDED));

        assertThat(verdict.kind()).isEqualTo(RegistryVerdict.Kind.FOUND);
        assertThat(verdict.allMatch()).isTrue();
        assertThat(verdict.ektpRecorded()).isFalse();
    }

    @Test
    void aWrongPasswordIsALoginRefusalNeverRetried() {
        context.getRegistry().bind("registryRequests", requests("not-the-password", "10.10.1.20"));
        start();

        Throwable refused = failure(asked(RegistryPopulation.MATCHING));

        assertThat(refused).isInstanceOf(RegistryRefusedException.class);
        assertThat(((RegistryRefusedException) refused).answer()).isEqualTo("Login Gagal");
        assertThat(refused.getMessage()).doesNotContain("not-the-password");
        assertThat(sim().requests()).isEqualTo(1);
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.REFUSED, 1L));
    }

    @Test
    void anIpNotRegisteredIsRefused() {
        context.getRegistry().bind("registryRequests", requests(simConfig.password(), "192.168.9.9"));
        start();

        Throwable refused = failure(asked(RegistryPopulation.MATCHING));

        assertThat(refused).isInstanceOf(RegistryRefusedException.class);
        assertThat(((RegistryRefusedException) refused).answer()).isEqualTo("IP Address Tidak Sesuai");
        assertThat(sim().requests()).isEqualTo(1);
    }

    @Test
    void timeoutsAreRetriedThenTheRegistryIsUnavailable() {
        sim().faults().timeoutRate(1).timeoutHoldMs(2500);
        start();

        Throwable failed = failure(asked(RegistryPopulation.MATCHING));

        assertThat(failed).isInstanceOf(RegistryUnavailableException.class).isInstanceOf(RegistryTransientException.class);
        assertThat(failed.getMessage()).doesNotContain(RegistryPopulation.MATCHING.nik());
        // The call and its two retries.
        assertThat(sim().requests()).isEqualTo(3);
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.NO_ANSWER, 3L));
    }

    @Test
    void serverErrorsThenAnAnswerGiveTheVerdict() {
        sim().faults().failNext(503, 502);
        start();

        RegistryVerdict verdict = verify(asked(RegistryPopulation.MATCHING));

        assertThat(verdict.allMatch()).isTrue();
        assertThat(sim().requests()).isEqualTo(3);
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.NO_ANSWER, 2L, RegistryOutcome.MATCH, 1L));
    }

    @Test
    void aRateLimitAnswerIsRetried() {
        sim().faults().failNext(429);
        start();

        assertThat(verify(asked(RegistryPopulation.MATCHING)).allMatch()).isTrue();
        assertThat(sim().requests()).isEqualTo(2);
    }

    @Test
    void theBreakerOpensAfterFailuresAndHoldsCallsBackUncounted() {
        sim().faults().errorRate(1).errorStatus(500);
        start();

        // Three attempts, all failed: the breaker has seen 3 of its minimum 4.
        assertThat(failure(asked(RegistryPopulation.MATCHING))).isInstanceOf(RegistryTransientException.class);
        // The fourth failure opens it; the retry after it is held back, not sent.
        Throwable open = failure(asked(RegistryPopulation.MATCHING));
        assertThat(open).isInstanceOf(RegistryUnavailableException.class).isNotInstanceOf(RegistryTransientException.class);
        assertThat(open.getMessage()).contains("circuit open");
        assertThat(sim().requests()).isEqualTo(4);

        // Open: nothing reaches the registry, even once it would answer, and nothing is counted.
        sim().faults().clear();
        assertThat(failure(asked(RegistryPopulation.MATCHING))).hasMessageContaining("circuit open");
        assertThat(sim().requests()).isEqualTo(4);
        assertThat(counted()).isEqualTo(Map.of(RegistryOutcome.NO_ANSWER, 4L));
    }

    @AfterEach
    void closeSimulatorAndLedger() {
        sim().close();
        ledgerDb.close();
    }
}
