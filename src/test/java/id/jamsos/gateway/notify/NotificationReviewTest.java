package id.jamsos.gateway.notify;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.cli.NotifyCommandAccess;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.Due;
import id.jamsos.gateway.ledger.NotificationLedger.Event;
import id.jamsos.gateway.ledger.NotificationLedger.NewNotification;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.NotificationLedger.View;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PersonalDataMigration;
import id.jamsos.gateway.model.ContactStatement;
import id.jamsos.gateway.nik.PhoneMask;
import id.jamsos.gateway.ops.OpsTemplates;
import id.jamsos.gateway.ops.StatusView;
import id.jamsos.gateway.support.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review findings of issue 19's notifications, each on a real (H2) ledger: what waits for an operator is
 * visible (gauge, health detail, status page), an unreadable row does not stop a round, key rotation and
 * retention reach phones and parameters, a restated consent keeps its date, replies apply in the provider's
 * order, a stale claim cannot skip the back-off, phone numbers never reach last_error, and operator actions are
 * audited.
 */
class NotificationReviewTest {

    private static final String NIK = "9271011503850001";
    private static final String NIK2 = "9271011503850002";
    private static final String PHONE = "+6281234560001";
    private static final String PHONE2 = "+6281234560002";
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final byte[] HMAC = "jamsos-test-only-hmac-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OLD_KEY = "jamsos-test-only-aes-key-32bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW_KEY = "jamsos-test-only-aes-key-NEW-32b".getBytes(StandardCharsets.US_ASCII);

    private HikariDataSource ds;
    private MutableClock clock;
    private NotificationLedger ledger;

    @BeforeEach
    void ledger() {
        ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("notify-review-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(ds);
        clock = new MutableClock(T0);
        ledger = new NotificationLedger(ds, PersonalDataCipher.forTests(), clock);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    private NewNotification message(String key, String nik, String kpj) {
        return new NewNotification(key, Event.COVER_STARTED, ledger.nikHash(nik), kpj, NotificationTemplates.COVER_STARTED,
                List.of("MARIA RUMBIAK", kpj, "0001", "Juni 2026", "Pemerintah Kota Sorong"));
    }

    private int update(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i] instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private String text(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "(no row)";
            }
        }
    }

    private void openPeriod(String nik, String kpj) throws Exception {
        update("INSERT INTO coverage_period (nik_hash, kpj, agency_id, first_month, opened_at, opened_by, open_nik_hash)"
                + " VALUES (?, ?, 'dinsos', '2026-06', ?, 'file:1/row:2', ?)", ledger.nikHash(nik), kpj, T0, ledger.nikHash(nik));
    }

    private State state(long id) throws Exception {
        return State.valueOf(text("SELECT state FROM notification WHERE id = ?", id));
    }

    // ------------------------------------------------------------------ finding 1

    @Test
    void uncertainAndFailedMessagesShowAsAGaugeAHealthDetailThatStaysUpAndALineOnTheStatusPage() throws Exception {
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        ledger.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1"), message("COVER_STARTED:period:2", NIK, "K2"),
                message("COVER_STARTED:period:3", NIK, "K3")));
        List<Due> due = ledger.due(10);
        ledger.claim(due.get(0));
        ledger.uncertain(due.get(0).id(), "answer lost");
        ledger.claim(due.get(1));
        ledger.failed(due.get(1).id(), "SMS refused");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NotificationWatch watch = new NotificationWatch(ledger, clock, Duration.ofSeconds(10));
        watch.meters(registry);
        // The outcome counter of the desk lives in the same registry: the two names must not collide.
        new NotificationDesk(ledger, 10, 3, Duration.ofSeconds(60)).meters(registry);
        String scrape = registry.scrape();
        assertThat(scrape).contains("jamsos_notifications_state{state=\"UNCERTAIN\"} 1.0",
                "jamsos_notifications_state{state=\"FAILED\"} 1.0", "jamsos_notifications_state{state=\"QUEUED\"} 1.0");

        NotificationHealthCheck check = new NotificationHealthCheck(watch);
        HealthCheck.Result result = check.call();
        assertThat(result.getState()).as("UP: a message waiting for an operator is not a part down")
                .isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("uncertain", 1L).containsEntry("failed", 1L)
                .containsEntry("queued", 1L).containsKeys("sent", "delivered");
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("notify list --state UNCERTAIN"));
        assertThat(check.isReadiness()).isFalse();
        assertThat(check.isLiveness()).isFalse();

        String html = new OpsTemplates().render(new StatusView("nonce", null, "", "", "2026-06-01 09:00:00", false,
                List.of(), null, null, null, null, null, null, watch.get()));
        assertThat(html).contains("data-notifications=\"uncertain\"", "data-notifications=\"failed\"",
                "data-notifications=\"queued\"", "data-notifications=\"sent\"", "data-notifications=\"delivered\"",
                "notify list --state UNCERTAIN");

        // Refreshed as the row gauges are: at most once per TTL, by the clock.
        ledger.claim(due.get(2));
        ledger.uncertain(due.get(2).id(), "answer lost");
        assertThat(watch.counts().get(State.UNCERTAIN)).as("within the TTL").isEqualTo(1L);
        clock.advance(Duration.ofSeconds(10));
        assertThat(registry.scrape()).contains("jamsos_notifications_state{state=\"UNCERTAIN\"} 2.0");
        assertThat(watch.waiting()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ finding 2

    @Test
    void aRowThatCannotBeDecryptedIsFailedAndCountedAndTheRoundGoesOn() throws Exception {
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true),
                new ContactStatement(3, NIK2, PHONE2, true)));
        ledger.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1"), message("COVER_STARTED:period:2", NIK2, "K2"),
                message("COVER_STARTED:period:3", NIK, "K3")));
        // Parameters bound to another row (copied), and a phone under a key this gateway no longer has.
        update("UPDATE notification SET params_enc = (SELECT params_enc FROM notification WHERE event_key = ?)"
                + " WHERE event_key = ?", "COVER_STARTED:period:3", "COVER_STARTED:period:1");
        PersonalDataCipher gone = new PersonalDataCipher(HMAC, "gone", Map.of("gone", NEW_KEY));
        update("UPDATE worker_contact SET phone_enc = ? WHERE nik_hash = ?",
                gone.encrypt(PHONE2, id.jamsos.gateway.ledger.CipherContext.contactPhone(ledger.nikHash(NIK2))),
                ledger.nikHash(NIK2));

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NotificationDesk desk = new NotificationDesk(ledger, 10, 3, Duration.ofSeconds(60));
        desk.meters(registry);
        List<Due> due = desk.due();
        assertThat(due).extracting(Due::eventKey).containsExactly("COVER_STARTED:period:3");
        assertThat(registry.scrape()).contains("jamsos_notifications_total{channel=\"none\",outcome=\"unreadable\"} 2.0");
        for (View v : ledger.list(State.FAILED, 10)) {
            assertThat(v.lastError()).isEqualTo(NotificationLedger.UNREADABLE).doesNotContain("6281").doesNotContain("MARIA");
        }
        assertThat(ledger.counts().get(State.FAILED)).isEqualTo(2);
        assertThat(ledger.due(10)).as("not read again").extracting(Due::eventKey).containsExactly("COVER_STARTED:period:3");
    }

    @Test
    void aWorkerWhoseNikCannotBeDecryptedIsRecordedFailedByTheScanAndTheOthersAreQueued() throws Exception {
        PersonalDataCipher pii = PersonalDataCipher.forTests();
        long file = new id.jamsos.gateway.ledger.Ledger(ds).registerFile("dinsos", "a.csv", "a".repeat(64), T0).fileId();
        String[][] workers = {{NIK, "K1", "2"}, {NIK2, "K2", "3"}};
        for (String[] w : workers) {
            // The second worker's NIK is bound to another row: it does not decrypt where it is.
            int boundTo = w[0].equals(NIK2) ? 99 : Integer.parseInt(w[2]);
            update("INSERT INTO worker (nik_hash, nik_enc, kpj, name, agency_id, file_id, row_no, enrolled_at)"
                    + " VALUES (?, ?, ?, 'MARIA RUMBIAK', 'dinsos', ?, ?, ?)", ledger.nikHash(w[0]),
                    pii.encrypt(w[0], id.jamsos.gateway.ledger.CipherContext.rowNik(file, boundTo)), w[1], file,
                    Integer.parseInt(w[2]), T0);
            openPeriod(w[0], w[1]);
        }
        ledger.recordStatements(file, List.of(new ContactStatement(2, NIK, PHONE, true),
                new ContactStatement(3, NIK2, PHONE2, true)));
        NotificationScan scan = new NotificationScan(ledger, new NotificationTemplates(code -> "Pemerintah Kota Sorong"),
                null, clock, 10, Duration.ofDays(30), 0, Duration.ofMinutes(5));
        assertThat(scan.scan()).isEqualTo(1);
        assertThat(ledger.ofKpj("K1")).singleElement().extracting(View::state).isEqualTo(State.QUEUED);
        assertThat(ledger.ofKpj("K2")).singleElement().satisfies(v -> {
            assertThat(v.state()).isEqualTo(State.FAILED);
            assertThat(v.lastError()).isEqualTo(NotificationLedger.UNREADABLE_NIK);
        });
        assertThat(scan.scan()).as("not found again").isZero();
        assertThat(ledger.due(10)).extracting(Due::kpj).containsExactly("K1");
    }

    @Test
    void keyRotationReEncryptsContactPhonesAndMessageParameters() throws Exception {
        PersonalDataCipher old = new PersonalDataCipher(HMAC, "test", Map.of("test", OLD_KEY));
        NotificationLedger before = new NotificationLedger(ds, old, clock);
        before.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        before.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1")));

        PersonalDataCipher rotated = new PersonalDataCipher(HMAC, "k2", Map.of("test", OLD_KEY, "k2", NEW_KEY));
        assertThat(new PersonalDataMigration(ds, rotated).run()).isEqualTo(2);
        assertThat(rotated.isStale(text("SELECT phone_enc FROM worker_contact"))).isFalse();
        assertThat(rotated.isStaleText(text("SELECT params_enc FROM notification"))).isFalse();
        assertThat(new PersonalDataMigration(ds, rotated).run()).as("idempotent").isZero();

        // The old key can be dropped now: a gateway that has only the new one reads both.
        NotificationLedger after = new NotificationLedger(ds, new PersonalDataCipher(HMAC, "k2", Map.of("k2", NEW_KEY)), clock);
        assertThat(after.due(10)).singleElement().satisfies(d -> {
            assertThat(d.phone()).isEqualTo(PHONE);
            assertThat(d.params()).startsWith("MARIA RUMBIAK");
        });
    }

    // ------------------------------------------------------------------ finding 3

    @Test
    void aRestatedConsentKeepsItsDateAndSourceAndOnlyAChangeMovesThem() throws Exception {
        String hash = ledger.nikHash(NIK);
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        String first = text("SELECT consent_at FROM worker_contact WHERE nik_hash = ?", hash);

        clock.advance(Duration.ofDays(30));
        ledger.recordStatements(5, List.of(new ContactStatement(7, NIK, PHONE, true)));
        ledger.recordStatements(6, List.of(new ContactStatement(8, NIK, null, true)));
        assertThat(text("SELECT consent_at FROM worker_contact WHERE nik_hash = ?", hash)).isEqualTo(first);
        assertThat(text("SELECT consent_source FROM worker_contact WHERE nik_hash = ?", hash)).isEqualTo("file:1/row:2");

        clock.advance(Duration.ofDays(1));
        ledger.recordStatements(9, List.of(new ContactStatement(3, NIK, null, false)));
        assertThat(text("SELECT consent FROM worker_contact WHERE nik_hash = ?", hash)).isEqualTo("N");
        assertThat(text("SELECT consent_source FROM worker_contact WHERE nik_hash = ?", hash)).isEqualTo("file:9/row:3");
        String withdrawn = text("SELECT consent_at FROM worker_contact WHERE nik_hash = ?", hash);
        assertThat(withdrawn).isNotEqualTo(first);

        clock.advance(Duration.ofDays(1));
        ledger.recordStatements(10, List.of(new ContactStatement(4, NIK, null, false)));
        assertThat(text("SELECT consent_at FROM worker_contact WHERE nik_hash = ?", hash)).isEqualTo(withdrawn);

        // A Y with a new number is a new consent (for that number).
        ledger.recordStatements(11, List.of(new ContactStatement(4, NIK, PHONE, true)));
        clock.advance(Duration.ofDays(1));
        ledger.recordStatements(12, List.of(new ContactStatement(4, NIK, PHONE2, true)));
        assertThat(text("SELECT consent_source FROM worker_contact WHERE nik_hash = ?", hash)).isEqualTo("file:12/row:4");
    }

    // ------------------------------------------------------------------ finding 4

    @Test
    void repliesApplyInTheProvidersOrderAndMulaiLiftsOnlyTheWorkersOwnOptOut() throws Exception {
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        String hash = ledger.nikHash(NIK);
        Instant t1 = T0.plusSeconds(100);
        Instant t2 = T0.plusSeconds(200);

        // MULAI at t2 arrives first, BERHENTI of t1 later (a retried webhook call): the worker is not stopped.
        assertThat(ledger.optOutByReply(PHONE, "whatsapp:wamid.B", t2, "wamid.B")).isEqualTo(1);
        assertThat(ledger.optInByReply(PHONE, "whatsapp:wamid.M", t2.plusSeconds(1), "wamid.M")).isEqualTo(1);
        assertThat(ledger.optOutByReply(PHONE, "whatsapp:wamid.A", t1, "wamid.A")).as("older than the MULAI").isZero();
        assertThat(text("SELECT opted_out_at FROM worker_contact WHERE nik_hash = ?", hash)).isNull();
        // The same second: another message is applied in the order it comes (message ids carry no order), the
        // same message again is not.
        assertThat(ledger.optOutByReply(PHONE, "whatsapp:reply", t2.plusSeconds(1), "wamid.M")).as("same message").isZero();
        assertThat(ledger.optOutByReply(PHONE, "whatsapp:reply", t2.plusSeconds(1), "wamid.L")).isEqualTo(1);

        // An operator's opt-out is not lifted by a reply.
        openPeriod(NIK, "K1");
        ledger.optInByReply(PHONE, "whatsapp:wamid.M2", t2.plusSeconds(5), "wamid.M2");
        assertThat(ledger.optOutByKpj("K1", "command:ana:family asked")).isTrue();
        assertThat(ledger.optInByReply(PHONE, "whatsapp:wamid.M3", t2.plusSeconds(9), "wamid.M3")).isZero();
        assertThat(text("SELECT opt_out_source FROM worker_contact WHERE nik_hash = ?", hash))
                .isEqualTo("command:ana:family asked");
    }

    @Test
    void theWebhookAppliesTheRepliesOfOneCallInTheOrderTheWorkerSentThem() throws Exception {
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        WhatsAppWebhook webhook = new WhatsAppWebhook(ledger, "secret", "token", clock);
        // Listed newest first: MULAI (t=200) then BERHENTI (t=100). In the worker's order: stopped, then started.
        String body = "{\"entry\":[{\"changes\":[{\"value\":{\"messages\":["
                + "{\"from\":\"6281234560001\",\"id\":\"wamid.2\",\"timestamp\":\"" + T0.plusSeconds(200).getEpochSecond()
                + "\",\"type\":\"text\",\"text\":{\"body\":\"MULAI\"}},"
                + "{\"from\":\"6281234560001\",\"id\":\"wamid.1\",\"timestamp\":\"" + T0.plusSeconds(100).getEpochSecond()
                + "\",\"type\":\"text\",\"text\":{\"body\":\"BERHENTI\"}}]}}]}]}";
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader("X-Hub-Signature-256",
                WhatsAppWebhook.signature("secret".getBytes(StandardCharsets.UTF_8), body));
        assertThat(webhook.receive(exchange)).isEqualTo("ok");
        assertThat(text("SELECT opted_out_at FROM worker_contact WHERE nik_hash = ?", ledger.nikHash(NIK))).isNull();
        assertThat(text("SELECT reply_id FROM worker_contact WHERE nik_hash = ?", ledger.nikHash(NIK))).isEqualTo(ledger.messageIdHash("wamid.2"));
    }

    // ------------------------------------------------------------------ finding 5

    @Test
    void aStaleSecondClaimerCannotSkipTheBackOffNorSendOnTheChannelThatRefused() throws Exception {
        MutableClock clockB = new MutableClock(T0);
        NotificationLedger replicaA = ledger;
        NotificationLedger replicaB = new NotificationLedger(ds, PersonalDataCipher.forTests(), clockB);
        replicaA.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        replicaA.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1")));

        Due readByA = replicaA.due(10).get(0);
        Due readByB = replicaB.due(10).get(0);
        assertThat(replicaB.claim(readByB)).isTrue();
        replicaB.retryLater(readByB.id(), "WhatsApp 503", Duration.ofSeconds(60));

        assertThat(replicaA.claim(readByA)).as("a stale copy, inside the back-off").isFalse();
        assertThat(replicaA.claim(readByA.id())).as("by id, inside the back-off").isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(replicaA.claim(readByA)).as("a stale copy after the back-off: attempts moved on").isFalse();
        Due fresh = replicaA.due(10).get(0);
        assertThat(fresh.attempt()).isEqualTo(2);
        assertThat(replicaA.claim(fresh)).isTrue();

        // WhatsApp refused for good: SMS now, attempts from 0. A copy read for WhatsApp must not go out.
        replicaA.fallBackToSms(fresh.id(), "131026");
        Due staleWhatsApp = new Due(fresh.id(), fresh.eventKey(), fresh.event(), fresh.kpj(), fresh.template(),
                fresh.params(), NotificationLedger.WHATSAPP, fresh.phone(), 1);
        clockB.set(T0.plusSeconds(61));
        assertThat(replicaB.claim(staleWhatsApp)).as("due now, but on SMS").isFalse();
        assertThat(replicaB.claim(replicaB.due(10).get(0))).isTrue();
        assertThat(state(fresh.id())).isEqualTo(State.SENDING);
    }

    // ------------------------------------------------------------------ finding 6

    @Test
    void phoneNumbersInAProvidersErrorNeverReachLastErrorOrTheLog() throws Exception {
        assertThat(PhoneMask.scrub("ERROR nomor 6281234567890 tidak aktif")).isEqualTo("ERROR nomor <nomor/phone> tidak aktif");
        assertThat(PhoneMask.scrub("to +62 812-3456-7890: refused")).isEqualTo("to <nomor/phone>: refused");
        assertThat(PhoneMask.scrub("nohp=081234567890&x")).isEqualTo("nohp=<nomor/phone>&x");
        assertThat(PhoneMask.scrub("+6281234560001,6281234560002")).doesNotContain("8123456");
        assertThat(PhoneMask.scrub("KPJ 05K40081234, id SMS123456789012, 503, code 131026"))
                .isEqualTo("KPJ 05K40081234, id SMS123456789012, 503, code 131026");
        assertThat(PhoneMask.scrub("NIK " + NIK)).doesNotContain(NIK);

        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        ledger.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1")));
        Due due = ledger.due(10).get(0);
        ledger.claim(due);
        ledger.fallBackToSms(due.id(), "400 (#131026) Message undeliverable to 6281234560001");
        Due sms = ledger.due(10).get(0);
        ledger.claim(sms);
        NotificationDesk desk = new NotificationDesk(ledger, 10, 3, Duration.ofSeconds(60));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new NotifyPermanentException("SMS gateway refused the message: ERROR nomor 081234560001 diblokir"));
        desk.permanentFailure(sms, exchange);
        String lastError = text("SELECT last_error FROM notification WHERE id = ?", sms.id());
        assertThat(lastError).contains("<nomor/phone>").doesNotContain("81234560001");
        assertThat(lastError).startsWith("SMS gateway refused the message: ERROR nomor");
    }

    // ------------------------------------------------------------------ finding 7

    @Test
    void optOutAndResendAreInTheAuditTrailWithTheOperator() throws Exception {
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true)));
        openPeriod(NIK, "K1");
        ledger.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1")));
        Due due = ledger.due(10).get(0);
        ledger.claim(due);
        ledger.uncertain(due.id(), "answer lost");
        List<AuditEvent> trail = new ArrayList<>();

        assertThat(NotifyCommandAccess.run("resend", null, due.id(), "operator", ledger, trail::add, "ana")).isZero();
        assertThat(NotifyCommandAccess.run("resend", null, due.id(), "operator", ledger, trail::add, "ana"))
                .as("queued already").isEqualTo(1);
        assertThat(NotifyCommandAccess.run("opt-out", "K1", null, "contact centre call", ledger, trail::add, "ana"))
                .isZero();
        assertThat(NotifyCommandAccess.run("list", null, null, "operator", ledger, trail::add, "ana")).isZero();

        assertThat(trail).extracting(AuditEvent::action).containsExactly("NOTIFY_RESEND", "NOTIFY_RESEND", "NOTIFY_OPT_OUT");
        assertThat(trail).allSatisfy(e -> {
            assertThat(e.actorKind()).isEqualTo(AuditEvent.OPERATOR);
            assertThat(e.actor()).isEqualTo("ana");
        });
        assertThat(trail.get(0).subject()).isEqualTo("notification " + due.id());
        assertThat(trail).extracting(AuditEvent::outcome).containsExactly(AuditEvent.OK, AuditEvent.FAILED, AuditEvent.OK);
        assertThat(trail.get(2).subject()).isEqualTo("kpj:K1");
        assertThat(trail.get(2).detail()).contains("contact centre call");
        assertThat(text("SELECT opt_out_source FROM worker_contact WHERE nik_hash = ?", ledger.nikHash(NIK)))
                .isEqualTo("command:ana:contact centre call");
    }

    // ------------------------------------------------------------------ finding 8

    @Test
    void retentionRemovesPhonesOfWorkersWithNothingLeftToBeToldAndParametersOfSettledMessages() throws Exception {
        ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true),
                new ContactStatement(3, NIK2, PHONE2, true)));
        openPeriod(NIK2, "K2"); // still covered: keeps the phone
        ledger.queue(List.of(message("COVER_STARTED:period:1", NIK, "K1"), message("COVER_STARTED:period:2", NIK2, "K2")));
        List<Due> due = ledger.due(10);
        ledger.claim(due.get(0));
        ledger.failed(due.get(0).id(), "SMS refused");
        // The second stays QUEUED: not settled.
        ledger.optOutByPhone(PHONE, "whatsapp:wamid.1");

        NotificationRetention retention = new NotificationRetention(ledger, 90, 1, clock);
        assertThat(retention.purge()).as("nothing older than 90 days yet")
                .isEqualTo(new NotificationLedger.Purged(0, 0));
        clock.advance(Duration.ofDays(91));
        assertThat(retention.purge()).isEqualTo(new NotificationLedger.Purged(1, 1));

        String gone = ledger.nikHash(NIK);
        assertThat(text("SELECT phone_enc FROM worker_contact WHERE nik_hash = ?", gone)).isNull();
        assertThat(text("SELECT phone_hash FROM worker_contact WHERE nik_hash = ?", gone)).isNull();
        assertThat(text("SELECT opted_out_at FROM worker_contact WHERE nik_hash = ?", gone)).as("the opt-out stays").isNotNull();
        assertThat(text("SELECT consent FROM worker_contact WHERE nik_hash = ?", gone)).isEqualTo("Y");
        assertThat(text("SELECT phone_enc FROM worker_contact WHERE nik_hash = ?", ledger.nikHash(NIK2))).isNotNull();
        assertThat(text("SELECT params_enc FROM notification WHERE id = ?", due.get(0).id())).isNull();
        assertThat(text("SELECT params_enc FROM notification WHERE id = ?", due.get(1).id())).isNotNull();

        assertThat(ledger.resend(due.get(0).id())).as("nothing left to send").isFalse();
        assertThat(ledger.ofKpj("K1")).singleElement().extracting(View::state).isEqualTo(State.FAILED);
        // A QUEUED row whose parameters are gone (put back by hand, say) is FAILED, not sent, not a stuck round.
        update("UPDATE notification SET state = 'QUEUED' WHERE id = ?", due.get(0).id());
        update("UPDATE worker_contact SET opted_out_at = NULL, phone_enc = ?, phone_hash = ? WHERE nik_hash = ?",
                PersonalDataCipher.forTests().encrypt(PHONE, id.jamsos.gateway.ledger.CipherContext.contactPhone(gone)),
                ledger.phoneHash(PHONE), gone);
        NotificationLedger.Round round = ledger.dueRound(10);
        assertThat(round.unreadable()).isEqualTo(1);
        assertThat(text("SELECT last_error FROM notification WHERE id = ?", due.get(0).id())).isEqualTo(NotificationLedger.PURGED);

        assertThat(new NotificationRetention(ledger, 0, 10, clock).purge()).as("retention off").isNull();
    }
}
