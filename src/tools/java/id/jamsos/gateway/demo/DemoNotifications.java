package id.jamsos.gateway.demo;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.simulator.SmsGatewayMock;
import id.jamsos.gateway.simulator.WhatsAppMock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's part of notifying workers (docs/notifications.md): the WhatsApp Cloud API mock and the SMS gateway
 * mock on loopback, the gateway's settings for them, a PERSETUJUAN column in the sample file (most workers agree,
 * every fifth says T, every seventh leaves it empty; a few numbers are not on WhatsApp, so SMS carries theirs),
 * and a summary line once the messages have gone: {@code notifications: ... -> OK}.
 */
public final class DemoNotifications implements AutoCloseable {

    private static final String TOKEN = "demo-whatsapp-token";
    private static final String APP_SECRET = "demo-whatsapp-app-secret";
    private static final String PHONE_ID = "106540352242922";
    private static final String SMS_USER = "demo";
    private static final String SMS_PASS = "demo-sms-passkey";

    private final WhatsAppMock whatsapp;
    private final SmsGatewayMock sms;
    private final int webhookPort;
    private final List<String> niks = new ArrayList<>();
    private int agreed;

    private DemoNotifications(int webhookPort) {
        this.webhookPort = webhookPort;
        this.whatsapp = WhatsAppMock.start(0, PHONE_ID, TOKEN, APP_SECRET)
                .webhook("http://127.0.0.1:" + webhookPort + "/whatsapp/webhook");
        this.sms = SmsGatewayMock.start(0, SMS_USER, SMS_PASS);
    }

    /** The mocks, calling the demo gateway's webhook on the environment's HTTP port. */
    public static DemoNotifications start(DemoEnvironment env) {
        return new DemoNotifications(env.httpPort());
    }

    /** The gateway's settings: notifications on, aimed at the mocks (public demo secrets, loopback only). */
    public Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("jamsos.notify.enabled", "true");
        s.put("jamsos.notify.scanIntervalMs", "1000");
        s.put("jamsos.notify.sendIntervalMs", "200");
        s.put("jamsos.notify.scanDelayMs", "1000");
        s.put("jamsos.notify.maxPerSecond", "100");
        s.put("jamsos.notify.whatsapp.baseUri", whatsapp.baseUri());
        s.put("jamsos.notify.whatsapp.phoneNumberId", PHONE_ID);
        s.put("jamsos.notify.whatsapp.token", TOKEN);
        s.put("jamsos.notify.whatsapp.appSecret", APP_SECRET);
        s.put("jamsos.notify.whatsapp.verifyToken", "demo-verify-token");
        s.put("jamsos.notify.sms.url", sms.url());
        s.put("jamsos.notify.sms.userKey", SMS_USER);
        s.put("jamsos.notify.sms.passKey", SMS_PASS);
        return s;
    }

    /**
     * Adds PERSETUJUAN to the sample (a {@code ;}-separated CSV with a header): Y for most rows, T for every fifth,
     * empty for every seventh; every thirtieth number that agreed is not on WhatsApp.
     */
    public void addConsent(Path sample) throws IOException {
        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(lines.size());
        String[] header = lines.get(0).split(";", -1);
        int phoneAt = List.of(header).indexOf("NO_HP");
        out.add(lines.get(0) + ";PERSETUJUAN");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                out.add(line);
                continue;
            }
            String[] cells = line.split(";", -1);
            niks.add(cells[0].replace("\"", "").strip());
            String consent = i % 5 == 0 ? "T" : i % 7 == 0 ? "" : "Y";
            if ("Y".equals(consent)) {
                agreed++;
                if (agreed % 30 == 0 && phoneAt >= 0 && phoneAt < cells.length) {
                    String digits = cells[phoneAt].replaceAll("[^0-9]", "");
                    if (digits.startsWith("0")) {
                        whatsapp.notOnWhatsApp("62" + digits.substring(1));
                    } else if (!digits.isEmpty()) {
                        whatsapp.notOnWhatsApp(digits.startsWith("62") ? digits : "62" + digits);
                    }
                }
            }
            out.add(line + ";" + consent);
        }
        Files.write(sample, out, StandardCharsets.UTF_8);
    }

    /**
     * Waits until the enrolled workers who agreed have been told (nothing QUEUED or SENDING, the counts steady
     * for a few seconds), then prints what the mocks received. OK when nothing FAILED or is UNCERTAIN, no worker
     * got a message twice, and no message carries a full NIK. The ledger's counts include an earlier run's
     * (a resumed demo); the mocks' are this run's.
     */
    public boolean report(Gateway gateway, PrintStream out, Duration timeout) throws InterruptedException {
        NotificationLedger ledger = gateway.context().getRegistry().lookupByNameAndType("notificationLedger",
                NotificationLedger.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<State, Long> last = null;
        int steady = 0;
        Map<State, Long> counts = ledger.counts();
        while (System.nanoTime() < deadline && steady < 4) {
            Thread.sleep(700);
            counts = ledger.counts();
            steady = counts.equals(last) && counts.get(State.QUEUED) + counts.get(State.SENDING) == 0 ? steady + 1 : 0;
            last = counts;
        }
        boolean nikFree = whatsapp.received().stream().noneMatch(m -> niks.stream().anyMatch(n -> n.length() == 16
                && m.body().contains(n))) && sms.received().stream().noneMatch(m -> niks.stream().anyMatch(n -> n.length() == 16
                && m.text() != null && m.text().contains(n)));
        long distinct = whatsapp.accepted().stream().map(WhatsAppMock.Received::to).distinct().count()
                + sms.accepted().stream().map(SmsGatewayMock.Received::number).distinct().count();
        long received = whatsapp.accepted().size() + sms.accepted().size();
        boolean settled = counts.get(State.QUEUED) + counts.get(State.SENDING) == 0;
        boolean ok = settled && counts.get(State.FAILED) + counts.get(State.UNCERTAIN) == 0 && distinct == received
                && nikFree;
        out.printf("notifications: %d rows agreed (PERSETUJUAN=Y); %d enrolled workers with a mobile number told:"
                        + " WhatsApp %d (%d delivered per webhook in all), SMS %d (not on WhatsApp); failed=%d uncertain=%d;"
                        + " no full NIK in any message: %s -> %s%n", agreed, received, whatsapp.accepted().size(),
                counts.get(State.DELIVERED) + counts.get(State.READ), sms.accepted().size(), counts.get(State.FAILED),
                counts.get(State.UNCERTAIN), nikFree ? "yes" : "NO", ok ? "OK" : "NOT OK");
        out.println("  WhatsApp mock: " + whatsapp.baseUri() + "/mock/messages; webhook http://127.0.0.1:" + webhookPort
                + "/whatsapp/webhook; see also: notify status --config <dir>/config");
        return ok;
    }

    @Override
    public void close() {
        whatsapp.close();
        sms.close();
    }
}
