package id.jamsos.gateway.notify;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.simulator.SmsGatewayMock;
import id.jamsos.gateway.simulator.WhatsAppMock;
import id.jamsos.gateway.support.GatewayProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the gateway process in the middle of a batch of notifications, then a fresh start on the same
 * ledger: no worker gets a message twice. The gateway runs as a separate JVM ({@code run --config DIR}) on a
 * PostgreSQL ledger, as on a server; the WhatsApp mock answers slowly, so the kill lands while messages are
 * being sent, during a call. The message of that call (SENDING: the mock got it, the dead process never
 * recorded it) is not sent again: it ends UNCERTAIN, for an operator.
 */
class NotificationCrashTest {

    private static final int WORKERS = 30;
    private static final String TOKEN = "crash-token-6b1e";
    private static final String APP_SECRET = "crash-app-secret-2c9d";
    private static final String PHONE_ID = "100200300";

    @TempDir
    Path dir;

    @Test
    void aGatewayKilledMidBatchSendsNoMessageTwiceAfterARestart() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.openOrSkip();
             DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"));
             WhatsAppMock whatsapp = WhatsAppMock.start(0, PHONE_ID, TOKEN, APP_SECRET);
             SmsGatewayMock sms = SmsGatewayMock.start(0, "sorong", "crash-sms-pass")) {
            LedgerMigrations.migrate(db.dataSource());
            // Counts only: nothing here is decrypted, so the test key does.
            NotificationLedger ledger = new NotificationLedger(db.dataSource(), PersonalDataCipher.forTests(),
                    Clock.systemUTC());
            whatsapp.latency(250);
            Path config = writeConfig(env, db, whatsapp, sms);
            Path sample = dir.resolve("crash_notif.csv");
            writeWorkers(sample);

            long acceptedAtKill;
            try (GatewayProcess first = GatewayProcess.start(config, "notify-crash-gateway-1")) {
                GatewayProcess.upload(env, sample, "crash_notif.csv");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> whatsapp.accepted().size() >= 8 && whatsapp.inFlight() > 0);
                first.kill();
                acceptedAtKill = whatsapp.accepted().size();
                System.out.println("[fault] gateway killed (SIGKILL) mid-batch: " + acceptedAtKill + " of " + WORKERS
                        + " messages accepted by the mock, ledger " + ledger.counts());
                assertThat(acceptedAtKill).isLessThan(WORKERS);
            }

            try (GatewayProcess second = GatewayProcess.start(config, "notify-crash-gateway-2")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    Map<State, Long> c = ledger.counts();
                    return c.get(State.QUEUED) == 0 && c.get(State.SENDING) == 0
                            && c.values().stream().mapToLong(Long::longValue).sum() == WORKERS;
                });
                Map<State, Long> counts = ledger.counts();
                Map<String, Long> perRecipient = whatsapp.accepted().stream()
                        .collect(Collectors.groupingBy(WhatsAppMock.Received::to, Collectors.counting()));
                long delivered = counts.get(State.SENT) + counts.get(State.DELIVERED) + counts.get(State.READ);
                System.out.println("[fault] after restart: ledger " + counts + ", mock accepted "
                        + whatsapp.accepted().size() + " for " + perRecipient.size() + " workers, max per worker "
                        + perRecipient.values().stream().mapToLong(Long::longValue).max().orElse(0));
                // Never twice.
                assertThat(perRecipient.values()).allMatch(n -> n == 1);
                assertThat(sms.accepted()).isEmpty();
                // Every message is accounted for: sent (the mock has it) or, taken by the dead process, UNCERTAIN.
                assertThat(counts.get(State.FAILED) + counts.get(State.SKIPPED)).isZero();
                assertThat(delivered + counts.get(State.UNCERTAIN)).isEqualTo(WORKERS);
                // Killed during a call: the mock accepted that message, the dead process never recorded it. It is
                // the one UNCERTAIN row, not sent again.
                assertThat(counts.get(State.UNCERTAIN)).isEqualTo(1);
                assertThat((long) whatsapp.accepted().size()).isEqualTo(delivered + 1);
            }
        }
    }

    private void writeWorkers(Path sample) throws IOException {
        Random r = new Random(7);
        StringBuilder csv = new StringBuilder("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;PERSETUJUAN\n");
        for (int i = 0; i < WORKERS; i++) {
            LocalDate birth = LocalDate.of(1970 + i % 30, 1 + i % 12, 1 + i % 27);
            Sex sex = i % 2 == 0 ? Sex.L : Sex.P;
            csv.append(SampleWorkers.validNik(r, birth, sex, "9271")).append(";PEKERJA UJI ").append((char) ('A' + i % 26))
                    .append(";").append(birth.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")))
                    .append(";").append(sex == Sex.L ? "L" : "P").append(";08123457").append(String.format("%04d", i))
                    .append(";Y\n");
        }
        Files.writeString(sample, csv, StandardCharsets.UTF_8);
    }

    private Path writeConfig(DemoEnvironment env, PostgresTestDatabase db, WhatsAppMock whatsapp, SmsGatewayMock sms)
            throws IOException {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "jamsos.ledger.url", db.url(),
                "jamsos.ledger.user", db.user(),
                "jamsos.callback.secret", "notify-crash-callback-secret-8Vn3Qw",
                "jamsos.agencies.file", "agencies.yaml"));
        overrides.put("jamsos.notify.enabled", "true");
        overrides.put("jamsos.notify.scanIntervalMs", "300");
        overrides.put("jamsos.notify.sendIntervalMs", "200");
        overrides.put("jamsos.notify.scanDelayMs", "500");
        overrides.put("jamsos.notify.sendingTimeoutSeconds", "2");
        overrides.put("jamsos.notify.whatsapp.baseUri", whatsapp.baseUri());
        overrides.put("jamsos.notify.whatsapp.phoneNumberId", PHONE_ID);
        overrides.put("jamsos.notify.whatsapp.token", TOKEN);
        overrides.put("jamsos.notify.whatsapp.appSecret", APP_SECRET);
        overrides.put("jamsos.notify.sms.url", sms.url());
        overrides.put("jamsos.notify.sms.userKey", "sorong");
        overrides.put("jamsos.notify.sms.passKey", "crash-sms-pass");
        GatewayProperties props = env.gatewayProperties(overrides);
        return GatewayProcess.writeConfig(dir, env, props, "NotificationCrashTest");
    }
}
