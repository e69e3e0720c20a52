package id.jamsos.gateway.notify;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.routes.GatewayFixture;
import id.jamsos.gateway.simulator.SmsGatewayMock;
import id.jamsos.gateway.simulator.WhatsAppMock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Never sent twice" when the outcome of a call is not known (docs/notifications.md, "Unknown outcomes"): a
 * whole gateway on the demo environment, one consenting worker, the WhatsApp mock over real HTTP. What the
 * provider may have taken is never sent again by itself: the row is UNCERTAIN, the mock got one message.
 */
class NotificationOutcomeTest {

    private static final String TOKEN = "outcome-token-5e2a";
    private static final String APP_SECRET = "outcome-app-secret-81fd";
    private static final String PHONE_ID = "104455667788";

    @TempDir
    Path dir;

    @Test
    void aMessageAcceptedWhoseAnswerComesTooLateIsUncertainAndNotSentAgain() throws Exception {
        try (WhatsAppMock whatsapp = WhatsAppMock.start(0, PHONE_ID, TOKEN, APP_SECRET);
             SmsGatewayMock sms = SmsGatewayMock.start(0, "sorong", "sms-pass-outcome");
             GatewayFixture fx = GatewayFixture.startWith(dir.resolve("env"), env -> settings(whatsapp, sms))) {
            // Meta takes the message, then answers after the client's 1 s request timeout.
            whatsapp.acceptThenAnswerLate(3_000, 1);
            NotificationLedger ledger = enrolOne(fx);

            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.counts().get(State.UNCERTAIN) == 1);
            Thread.sleep(3_000); // rounds and retries would have happened by now
            assertThat(whatsapp.accepted()).hasSize(1);
            assertThat(whatsapp.calls()).isEqualTo(1);
            assertThat(sms.received()).isEmpty();
            assertThat(ledger.counts().get(State.UNCERTAIN)).isEqualTo(1);
            assertThat(ledger.list(State.UNCERTAIN, 10)).singleElement()
                    .satisfies(v -> assertThat(v.lastError()).contains("answer lost"));
        }
    }

    @Test
    void aLedgerFailureAfterTheProviderAcceptedNeverCallsTheProviderAgain() throws Exception {
        try (WhatsAppMock whatsapp = WhatsAppMock.start(0, PHONE_ID, TOKEN, APP_SECRET);
             SmsGatewayMock sms = SmsGatewayMock.start(0, "sorong", "sms-pass-outcome");
             GatewayFixture fx = GatewayFixture.startWith(dir.resolve("env"), env -> settings(whatsapp, sms))) {
            // Recording the send fails the way a dropped database connection does, its cause chain holding a
            // SocketException (an IOException, which the SMS "no answer" clause once retried whole).
            AdviceWith.adviceWith(fx.gateway.context(), "notify-whatsapp", a -> a.weaveById("whatsapp-sent").before()
                    .throwException(new IllegalStateException("mark a notification sent failed",
                            new java.sql.SQLException("I/O error", "08006",
                                    new java.net.SocketException("Connection reset")))));
            NotificationLedger ledger = enrolOne(fx);

            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.counts().get(State.UNCERTAIN) == 1);
            Thread.sleep(2_000);
            assertThat(whatsapp.accepted()).hasSize(1);
            assertThat(whatsapp.calls()).isEqualTo(1);
            assertThat(sms.received()).isEmpty();
            assertThat(ledger.counts().get(State.UNCERTAIN)).isEqualTo(1);
        }
    }

    private NotificationLedger enrolOne(GatewayFixture fx) throws Exception {
        LocalDate birth = LocalDate.of(1986, 4, 9);
        String nik = SampleWorkers.validNik(new Random(41), birth, Sex.L, "9271");
        Path file = dir.resolve("pekerja_outcome.csv");
        Files.writeString(file, "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;PERSETUJUAN\n" + nik + ";YOSEF WAROMI;09/04/1986;L;"
                + "081234569001;Y\n", StandardCharsets.UTF_8);
        fx.upload(DemoEnvironment.KEY_AGENCY, file, "pekerja_outcome.csv");
        fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "pekerja_outcome.csv", Duration.ofSeconds(60));
        return fx.gateway.context().getRegistry().lookupByNameAndType("notificationLedger", NotificationLedger.class);
    }

    private static Map<String, String> settings(WhatsAppMock whatsapp, SmsGatewayMock sms) {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.notify.enabled", "true");
        s.put("jamsos.notify.scanIntervalMs", "300");
        s.put("jamsos.notify.sendIntervalMs", "200");
        s.put("jamsos.notify.scanDelayMs", "500");
        s.put("jamsos.notify.retryDelayMs", "50");
        s.put("jamsos.notify.retryBaseSeconds", "1");
        s.put("jamsos.notify.whatsapp.requestTimeoutMs", "1000");
        s.put("jamsos.notify.whatsapp.baseUri", whatsapp.baseUri());
        s.put("jamsos.notify.whatsapp.phoneNumberId", PHONE_ID);
        s.put("jamsos.notify.whatsapp.token", TOKEN);
        s.put("jamsos.notify.whatsapp.appSecret", APP_SECRET);
        s.put("jamsos.notify.whatsapp.verifyToken", "verify-me");
        s.put("jamsos.notify.sms.url", sms.url());
        s.put("jamsos.notify.sms.userKey", "sorong");
        s.put("jamsos.notify.sms.passKey", "sms-pass-outcome");
        return s;
    }
}
