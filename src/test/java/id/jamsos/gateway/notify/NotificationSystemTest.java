package id.jamsos.gateway.notify;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.NotificationLedger.View;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.routes.GatewayFixture;
import id.jamsos.gateway.simulator.SmsGatewayMock;
import id.jamsos.gateway.simulator.WhatsAppMock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifying workers end to end (docs/notifications.md): a whole gateway on the demo environment, an agency
 * file with NO_HP and PERSETUJUAN enrolled at the BPJS simulator, and the messages sent over real HTTP on
 * loopback to the WhatsApp Cloud API mock and the SMS gateway mock, which call the gateway's webhook back.
 */
class NotificationSystemTest {

    private static final String TOKEN = "mock-token-4d8a2f";
    private static final String APP_SECRET = "mock-app-secret-93b1c7";
    private static final String PHONE_ID = "109876543210";

    @TempDir
    Path dir;

    /** Five workers: two agree (Y, YA), one says no (T), one says nothing, one agrees but has no WhatsApp. */
    private record Worker(String nik, String name, LocalDate birth, Sex sex, String phone, String consent) {
        String row() {
            return nik + ";" + name + ";" + birth.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")) + ";"
                    + (sex == Sex.L ? "L" : "P") + ";" + phone + ";" + consent;
        }

        String e164() {
            return "+62" + phone.substring(1);
        }
    }

    @Test
    void consentingWorkersAreToldOnceByWhatsAppOrSmsAndOptOutsAndWithdrawalsAreHonoured() throws Exception {
        Random r = new Random(19);
        List<Worker> workers = List.of(
                worker(r, "YOHANES KAMBUAYA", LocalDate.of(1985, 3, 15), Sex.L, "081234560001", "Y"),
                worker(r, "MARIA RUMBIAK", LocalDate.of(1990, 7, 5), Sex.P, "081234560002", "YA"),
                worker(r, "PETRUS MAMBRASAR", LocalDate.of(1980, 1, 20), Sex.L, "081234560003", "T"),
                worker(r, "AGUS WONDA", LocalDate.of(1975, 10, 10), Sex.L, "081234560004", ""),
                worker(r, "ESTER YOKU", LocalDate.of(1988, 12, 12), Sex.P, "081234560005", "setuju"));
        Path file = dir.resolve("pekerja_notif.csv");
        StringBuilder csv = new StringBuilder("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;PERSETUJUAN\n");
        workers.forEach(w -> csv.append(w.row()).append('\n'));
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        try (WhatsAppMock whatsapp = WhatsAppMock.start(0, PHONE_ID, TOKEN, APP_SECRET);
             SmsGatewayMock sms = SmsGatewayMock.start(0, "sorong", "sms-pass-key-77");
             GatewayFixture fx = GatewayFixture.startWith(dir.resolve("env"), env -> {
                 whatsapp.webhook("http://127.0.0.1:" + env.httpPort() + "/whatsapp/webhook");
                 return settings(whatsapp, sms);
             })) {
            // The first two calls fail with 503: retried, never sent twice. Ester has no WhatsApp: SMS.
            whatsapp.failNext(503, 2);
            whatsapp.notOnWhatsApp(workers.get(4).e164());

            fx.upload(DemoEnvironment.KEY_AGENCY, file, "pekerja_notif.csv");
            FileInfo done = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "pekerja_notif.csv", Duration.ofSeconds(60));
            assertThat(fx.gateway.ledger().rowCounts(done.id()).get(RowState.ENROLLED)).isEqualTo(5);

            NotificationLedger ledger = fx.gateway.context().getRegistry().lookupByNameAndType("notificationLedger",
                    NotificationLedger.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> whatsapp.accepted().size() == 2 && sms.accepted().size() == 1);
            // Delivered, as the mock's webhook calls said.
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.counts().get(State.DELIVERED) == 2);

            // Consent respected: only the three who agreed, each once, on one channel.
            assertThat(whatsapp.accepted()).extracting(WhatsAppMock.Received::to)
                    .containsExactlyInAnyOrder("6281234560001", "6281234560002");
            assertThat(sms.accepted()).extracting(SmsGatewayMock.Received::number).containsExactly("6281234560005");
            assertThat(whatsapp.received()).filteredOn(m -> m.status() == 503).hasSize(2);
            assertThat(whatsapp.received()).filteredOn(m -> m.status() == 400).extracting(WhatsAppMock.Received::to)
                    .containsExactly("6281234560005");
            Map<State, Long> counts = ledger.counts();
            assertThat(counts.get(State.DELIVERED)).isEqualTo(2);
            assertThat(counts.get(State.SENT)).isEqualTo(1);
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);

            // What the messages say: the KPJ, JKK and JKM, who pays, JMO and 175, in Indonesian; no full NIK.
            for (int i : new int[] {0, 1}) {
                Worker w = workers.get(i);
                String kpj = kpjOf(fx, w.nik());
                WhatsAppMock.Received m = whatsapp.accepted().stream().filter(x -> x.to().equals(w.e164().substring(1)))
                        .findFirst().orElseThrow();
                assertThat(m.template()).isEqualTo(NotificationTemplates.COVER_STARTED);
                assertThat(m.params()).containsExactly(w.name(), kpj, w.nik().substring(12), m.params().get(3),
                        "Pemerintah Kota Sorong (APBD Kota)");
                assertThat(NotificationTemplates.text(m.template(), m.params())).contains("JKK", "JKM", "JMO", "175",
                        "Rp 42.000.000", "BERHENTI");
            }
            String smsText = sms.accepted().get(0).text();
            assertThat(smsText).contains(kpjOf(fx, workers.get(4).nik()), "JKK", "JKM", "JMO", "175", "ESTER YOKU");
            for (Worker w : workers) {
                for (WhatsAppMock.Received m : whatsapp.received()) {
                    assertThat(m.body()).doesNotContain(w.nik());
                }
                for (SmsGatewayMock.Received m : sms.received()) {
                    assertThat(m.text()).doesNotContain(w.nik());
                }
            }

            // The worker's story shows the message with its state and times.
            WorkerStory.Story story;
            try (com.zaxxer.hikari.HikariDataSource ds = id.jamsos.gateway.ledger.LedgerDataSource.create(
                    fx.props.get("jamsos.ledger.url"), fx.props.get("jamsos.ledger.user", ""),
                    fx.props.get("jamsos.ledger.password", ""), 2)) {
                story = new WorkerStory(ds, fx.gateway.ledger().personalData()).byKpj(kpjOf(fx, workers.get(0).nik()))
                        .orElseThrow();
            }
            assertThat(story.of(WorkerStory.Kind.NOTIFIED)).singleElement().satisfies(e -> {
                assertThat(e.detail("event")).isEqualTo("COVER_STARTED");
                assertThat(e.detail("state")).isEqualTo("DELIVERED");
                assertThat(e.detail("sentAt")).isNotNull();
                assertThat(e.at()).isNotNull();
            });

            // Opt-out: Yohanes answers BERHENTI on WhatsApp; a later event of his is not sent.
            whatsapp.reply(workers.get(0).e164(), "berhenti");
            String yohanesKpj = kpjOf(fx, workers.get(0).nik());
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.contactOfKpj(yohanesKpj).orElseThrow().optedOutAt() != null);
            // Consent withdrawn by a later agency file: Maria's row again with T (she stays enrolled).
            Path later = dir.resolve("pekerja_notif_2.csv");
            Files.writeString(later, "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;PERSETUJUAN\n"
                    + workers.get(1).row().replace(";YA", ";T") + "\n", StandardCharsets.UTF_8);
            fx.upload(DemoEnvironment.KEY_AGENCY, later, "pekerja_notif_2.csv");
            fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "pekerja_notif_2.csv", Duration.ofSeconds(60));
            String mariaKpj = kpjOf(fx, workers.get(1).nik());
            assertThat(ledger.contactOfKpj(mariaKpj).orElseThrow().consent()).isFalse();
            assertThat(ledger.contactOfKpj(mariaKpj).orElseThrow().consentSource()).startsWith("file:");

            // Later events for both (as the scan would queue them): skipped, nothing more reaches the mocks.
            int before = whatsapp.received().size() + sms.received().size();
            ledger.queue(List.of(laterEvent(ledger, fx, workers.get(0), yohanesKpj), laterEvent(ledger, fx, workers.get(1), mariaKpj)));
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.counts().get(State.SKIPPED) == 2);
            assertThat(ledger.ofKpj(yohanesKpj)).extracting(View::state).contains(State.SKIPPED);
            Thread.sleep(500);
            assertThat(whatsapp.received().size() + sms.received().size()).isEqualTo(before);

            // The webhook refuses a call that is not signed with the app secret.
            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + fx.env.httpPort() + "/whatsapp/webhook"))
                    .header("X-Hub-Signature-256", "sha256=00").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);

            // What waits for an operator is visible in the running gateway (review finding 1): the health
            // detail (UP, counts as details), the gauge and the status page's line, as the gateway wires them.
            org.apache.camel.health.HealthCheck.Result health = org.apache.camel.health.HealthCheckHelper
                    .invoke(fx.gateway.context(), "full").stream().filter(h -> h.getCheck().getId().equals("notifications"))
                    .findFirst().orElseThrow();
            assertThat(health.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
            assertThat(health.getDetails()).containsKeys("queued", "sent", "delivered", "uncertain", "failed");
            assertThat(fx.gateway.context().getRegistry().lookupByNameAndType("gatewayMetrics",
                    id.jamsos.gateway.ops.GatewayMetrics.class).scrape()).contains("jamsos_notifications_state{state=\"SKIPPED\"}",
                    "jamsos_notifications_total{");
            assertThat(fx.gateway.context().getRegistry().lookupByNameAndType("opsPage", id.jamsos.gateway.ops.OpsPage.class)
                    .statusView(null).notifications().stats()).extracting(id.jamsos.gateway.ops.StatusView.Stat::label)
                    .containsExactly("queued", "sent", "delivered", "uncertain", "failed");
            System.out.println("[notify] whatsapp calls=" + whatsapp.calls() + " accepted=" + whatsapp.accepted().size()
                    + " sms accepted=" + sms.accepted().size() + " states=" + ledger.counts());
        }
    }

    private static NotificationLedger.NewNotification laterEvent(NotificationLedger ledger, GatewayFixture fx, Worker w,
                                                               String kpj) {
        return new NotificationLedger.NewNotification("COVER_AT_RISK:" + kpj + ":2099-01",
                NotificationLedger.Event.COVER_AT_RISK, ledger.nikHash(w.nik()), kpj, NotificationTemplates.COVER_AT_RISK,
                List.of(w.name(), kpj, "Pemerintah Kota Sorong", "2"));
    }

    private static Map<String, String> settings(WhatsAppMock whatsapp, SmsGatewayMock sms) {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.notify.enabled", "true");
        s.put("jamsos.notify.scanIntervalMs", "300");
        s.put("jamsos.notify.sendIntervalMs", "200");
        s.put("jamsos.notify.scanDelayMs", "500");
        s.put("jamsos.notify.retryDelayMs", "50");
        s.put("jamsos.notify.retryBaseSeconds", "1");
        s.put("jamsos.notify.whatsapp.baseUri", whatsapp.baseUri());
        s.put("jamsos.notify.whatsapp.phoneNumberId", PHONE_ID);
        s.put("jamsos.notify.whatsapp.token", TOKEN);
        s.put("jamsos.notify.whatsapp.appSecret", APP_SECRET);
        s.put("jamsos.notify.whatsapp.verifyToken", "verify-me");
        s.put("jamsos.notify.sms.url", sms.url());
        s.put("jamsos.notify.sms.userKey", "sorong");
        s.put("jamsos.notify.sms.passKey", "sms-pass-key-77");
        return s;
    }

    private static String kpjOf(GatewayFixture fx, String nik) {
        return fx.gateway.ledger().findWorkerByNik(nik).map(WorkerEnrollment::kpj).orElseThrow();
    }

    private static Worker worker(Random r, String name, LocalDate birth, Sex sex, String phone, String consent) {
        return new Worker(SampleWorkers.validNik(r, birth, sex, "9271"), name, birth, sex, phone, consent);
    }
}
