package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ledger.NotificationLedger.Event;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.NotificationLedger.View;
import id.jamsos.gateway.model.ContactStatement;
import id.jamsos.gateway.notify.NotificationScan;
import id.jamsos.gateway.notify.NotificationTemplates;
import id.jamsos.gateway.support.MutableClock;
import id.jamsos.gateway.ledger.NotificationLedger.Due;
import id.jamsos.gateway.ledger.NotificationLedger.NewNotification;
import id.jamsos.gateway.notify.WhatsAppWebhook;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session 13's review findings on notifications, on each ledger database (the SQL they changed runs on H2 and
 * PostgreSQL): retention keeps the phone of a worker still waiting to be enrolled (1); no column keeps a
 * WhatsApp message id, which encodes the phone number (2); same-second replies apply in the call's order (7).
 */
abstract class NotificationFixContractTest extends LedgerDatabaseContract {

    private static final String NIK = "9271011503850001";
    private static final String PHONE = "+6281234560001";
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private MutableClock clock;
    private NotificationLedger ledger;
    private PersonalDataCipher pii;

    @BeforeEach
    void ledger() {
        clock = new MutableClock(T0);
        pii = PersonalDataCipher.forTests();
        ledger = new NotificationLedger(db.dataSource(), pii, clock);
    }

    private int update(String sql, Object... args) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i] instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private String text(String sql, Object... args) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "(no row)";
            }
        }
    }

    private long file(String name) {
        return new Ledger(db.dataSource(), clock).registerFile("dinsos", name, name.repeat(64).substring(0, 64), clock.instant())
                .fileId();
    }

    private void row(long file, int rowNo, String nik, RowState state) throws Exception {
        update("INSERT INTO file_row (file_id, row_no, state, updated_at, nik_hash) VALUES (?, ?, ?, ?, ?)", file, rowNo,
                state.name(), clock.instant(), ledger.nikHash(nik));
    }

    private NotificationScan scan() {
        return new NotificationScan(ledger, new NotificationTemplates(code -> "Pemerintah Kota Sorong"), null, clock, 10,
                Duration.ofDays(30), 0, Duration.ofMinutes(5));
    }

    // ------------------------------------------------------------------ finding 1

    @Test
    void retentionKeepsThePhoneOfAWorkerWaitingToBeEnrolledSoThatCoverStartedIsQueuedOnRelease() throws Exception {
        long first = file("a");
        row(first, 2, NIK, RowState.REJECTED);
        ledger.recordStatements(first, List.of(new ContactStatement(2, NIK, PHONE, true)));

        clock.advance(Duration.ofDays(120));
        long second = file("b");
        row(second, 2, NIK, RowState.WAITLISTED);
        // The same statement again: no change, worker_contact.updated_at stays 120 days old.
        ledger.recordStatements(second, List.of(new ContactStatement(2, NIK, PHONE, true)));
        assertThat(ledger.purgeBefore(clock.instant().minus(Duration.ofDays(90)), 10).phones())
                .as("waiting for money: the phone is still needed").isZero();
        assertThat(text("SELECT phone_enc FROM worker_contact WHERE nik_hash = ?", ledger.nikHash(NIK))).isNotNull();

        // Released and enrolled: the period opens and the worker is told.
        update("UPDATE file_row SET state = 'ENROLLED', kpj = 'K1' WHERE file_id = ? AND row_no = 2", second);
        update("INSERT INTO worker (nik_hash, nik_enc, kpj, name, agency_id, file_id, row_no, enrolled_at)"
                + " VALUES (?, ?, 'K1', 'MARIA RUMBIAK', 'dinsos', ?, 2, ?)", ledger.nikHash(NIK),
                pii.encrypt(NIK, CipherContext.rowNik(second, 2)), second, clock.instant());
        update("INSERT INTO coverage_period (nik_hash, kpj, agency_id, first_month, opened_at, opened_by, open_nik_hash)"
                + " VALUES (?, 'K1', 'dinsos', '2026-09', ?, ?, ?)", ledger.nikHash(NIK), clock.instant(),
                "file:" + second + "/row:2", ledger.nikHash(NIK));
        assertThat(scan().scan()).isEqualTo(1);
        assertThat(ledger.ofKpj("K1")).singleElement().satisfies(v -> {
            assertThat(v.event()).isEqualTo(Event.COVER_STARTED);
            assertThat(v.state()).isEqualTo(State.QUEUED);
        });

        // Only final rows left and nothing open: the phone goes as before.
        update("DELETE FROM coverage_period");
        assertThat(ledger.purgeBefore(clock.instant().plus(Duration.ofDays(1)), 10).phones()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ findings 2 and 7

    /** Meta's ids are base64 of the number and more: this one decodes to "6281234560001...". */
    private static final String WAMID_OUT = "wamid.HBgNNjI4MTIzNDU2MDAwMRUCABEYEjA0QkE5RTc0QjI1RTM0QjEwQgA=";
    private static final String WAMID_STOP = "wamid.HBgNNjI4MTIzNDU2MDAwMRUCABIYFjNFQjBBMTFGMjY3MzQ1QjE2NjRGAA==";
    private static final String WAMID_START = "wamid.HBgNNjI4MTIzNDU2MDAwMRUCABIYFjNFQjBBMTFGMjY3MzQ1QjE2NjRGQQ==";

    private String receive(WhatsAppWebhook webhook, String messages) {
        String body = "{\"entry\":[{\"changes\":[{\"value\":{\"messages\":[" + messages + "]}}]}]}";
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader("X-Hub-Signature-256",
                WhatsAppWebhook.signature("secret".getBytes(StandardCharsets.UTF_8), body));
        return webhook.receive(exchange);
    }

    private static String reply(String id, Instant at, String text) {
        return "{\"from\":\"6281234560001\",\"id\":\"" + id + "\",\"timestamp\":\"" + at.getEpochSecond()
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}";
    }

    /** Every value of every column of the two notification tables, as text. */
    private List<String> everyStoredValue() throws Exception {
        List<String> values = new ArrayList<>();
        for (String table : List.of("worker_contact", "notification")) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String v = rs.getString(i);
                        if (v != null) {
                            values.add(table + "." + md.getColumnName(i).toLowerCase(java.util.Locale.ROOT) + "=" + v);
                        }
                    }
                }
            }
        }
        return values;
    }

    @Test
    void noColumnKeepsAWhatsAppMessageIdYetStatusesAndRepliesStillFindTheirRows() throws Exception {
        long file = file("a");
        ledger.recordStatements(file, List.of(new ContactStatement(2, NIK, PHONE, true)));
        ledger.queue(List.of(new NewNotification("COVER_STARTED:period:1", Event.COVER_STARTED, ledger.nikHash(NIK), "K1",
                NotificationTemplates.COVER_STARTED, List.of("MARIA RUMBIAK", "K1", "0001", "Juni 2026", "Kota Sorong"))));
        Due due = ledger.due(10).get(0);
        assertThat(ledger.claim(due)).isTrue();
        ledger.sent(due.id(), NotificationLedger.WHATSAPP, WAMID_OUT);
        assertThat(ledger.status(WAMID_OUT, null, "delivered", null)).as("found by the id's hash").isTrue();
        assertThat(ledger.ofKpj("K1")).singleElement().extracting(View::state).isEqualTo(State.DELIVERED);

        WhatsAppWebhook webhook = new WhatsAppWebhook(ledger, "secret", "token", clock);
        Instant t = T0.plusSeconds(60);
        assertThat(receive(webhook, reply(WAMID_STOP, t, "BERHENTI"))).isEqualTo("ok");
        assertThat(text("SELECT opt_out_source FROM worker_contact")).isEqualTo(NotificationLedger.REPLY_SOURCE);
        assertThat(receive(webhook, reply(WAMID_START, t.plusSeconds(5), "MULAI"))).isEqualTo("ok");
        assertThat(text("SELECT opted_out_at FROM worker_contact")).as("MULAI lifts the reply's own opt-out").isNull();
        assertThat(text("SELECT reply_id FROM worker_contact")).isEqualTo(ledger.messageIdHash(WAMID_START));

        assertThat(everyStoredValue()).isNotEmpty().noneMatch(v -> v.contains("wamid") || v.contains("HBgN"));

        // Retention: ids of settled messages and old replies go; rows written before the hashing lose theirs.
        update("INSERT INTO worker_contact (nik_hash, consent, consent_at, consent_source, opted_out_at, opt_out_source,"
                + " reply_at, reply_id, updated_at) VALUES ('legacy', 'N', ?, ?, ?, ?, ?, ?, ?)", T0,
                "whatsapp:" + WAMID_STOP, T0, "whatsapp:" + WAMID_STOP, T0, WAMID_STOP, T0);
        clock.advance(Duration.ofDays(120));
        ledger.purgeBefore(clock.instant().minus(Duration.ofDays(90)), 1);
        assertThat(text("SELECT provider_id FROM notification")).isNull();
        assertThat(text("SELECT reply_id FROM worker_contact WHERE nik_hash = ?", ledger.nikHash(NIK))).isNull();
        assertThat(text("SELECT opt_out_source FROM worker_contact WHERE nik_hash = 'legacy'")).isEqualTo("whatsapp:reply");
        assertThat(everyStoredValue()).noneMatch(v -> v.contains("wamid") || v.contains("HBgN"));
        // An opt-out by a reply written before the hashing is still the worker's own: MULAI lifts it.
        assertThat(text("SELECT consent_source FROM worker_contact WHERE nik_hash = 'legacy'")).isEqualTo("whatsapp:reply");
    }

    @Test
    void repliesOfTheSameSecondApplyInTheOrderOfTheCallAndAreNotTakenForOlderOnes() throws Exception {
        ledger.recordStatements(file("a"), List.of(new ContactStatement(2, NIK, PHONE, true)));
        WhatsAppWebhook webhook = new WhatsAppWebhook(ledger, "secret", "token", clock);
        Instant t = T0.plusSeconds(60);
        // Ids chosen so that the string order is the reverse of the worker's: "z..." then "a...".
        assertThat(receive(webhook, reply("wamid.z1", t, "BERHENTI") + "," + reply("wamid.a2", t, "MULAI"))).isEqualTo("ok");
        assertThat(text("SELECT opted_out_at FROM worker_contact")).as("stopped, then started again").isNull();
        // A later call with another reply of that same second: applied, not taken for an older one.
        assertThat(receive(webhook, reply("wamid.a0", t, "STOP"))).isEqualTo("ok");
        assertThat(text("SELECT opted_out_at FROM worker_contact")).isNotNull();
        // The same message again (a retried call) is not applied twice; an older second is not applied.
        assertThat(ledger.optInByReply(PHONE, NotificationLedger.REPLY_SOURCE, t, "wamid.a0")).isZero();
        assertThat(ledger.optInByReply(PHONE, NotificationLedger.REPLY_SOURCE, t.minusSeconds(1), "wamid.b")).isZero();
        assertThat(ledger.optInByReply(PHONE, NotificationLedger.REPLY_SOURCE, t, "wamid.b")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ finding 5

    @Test
    void anUncertainMessageKeepsItsParametersPastRetentionAndAnUnreadableNikEventIsRefusedWithAReason() throws Exception {
        ledger.recordStatements(file("a"), List.of(new ContactStatement(2, NIK, PHONE, true)));
        ledger.queue(List.of(new NewNotification("COVER_STARTED:period:1", Event.COVER_STARTED, ledger.nikHash(NIK), "K1",
                NotificationTemplates.COVER_STARTED, List.of("MARIA RUMBIAK", "K1", "0001", "Juni 2026", "Kota Sorong"))));
        Due due = ledger.due(10).get(0);
        assertThat(ledger.claim(due)).isTrue();
        ledger.uncertain(due.id(), "answer lost");
        // The worker's NIK did not decrypt when this event was found: recorded FAILED without parameters.
        update("INSERT INTO notification (event_key, event, nik_hash, kpj, template, state, attempts, next_attempt_at,"
                + " last_error, created_at, updated_at) VALUES ('COVER_STARTED:period:2', 'COVER_STARTED', 'x', 'K2', '-',"
                + " 'FAILED', 0, ?, ?, ?, ?)", T0, NotificationLedger.UNREADABLE_NIK, T0, T0);
        long unreadable = Long.parseLong(text("SELECT id FROM notification WHERE event_key = 'COVER_STARTED:period:2'"));

        clock.advance(Duration.ofDays(120));
        ledger.purgeBefore(clock.instant().minus(Duration.ofDays(90)), 10);
        assertThat(text("SELECT params_enc FROM notification WHERE id = ?", due.id()))
                .as("UNCERTAIN waits for an operator: the status page says notify resend").isNotNull();
        assertThat(ledger.resendRefusal(due.id())).isNull();
        assertThat(ledger.resend(due.id())).isTrue();

        assertThat(ledger.resend(unreadable)).isFalse();
        assertThat(ledger.resendRefusal(unreadable)).contains("NIK could not be decrypted").contains("cannot be resent");
        assertThat(NotificationLedger.UNREADABLE_NIK).contains("cannot be resent");
        List<id.jamsos.gateway.audit.AuditEvent> trail = new ArrayList<>();
        assertThat(id.jamsos.gateway.cli.NotifyCommandAccess.run("resend", null, unreadable, "operator", ledger,
                trail::add, "ana")).isEqualTo(1);
        assertThat(trail).singleElement().satisfies(e -> assertThat(e.detail()).contains("NIK could not be decrypted"));
    }

    // ------------------------------------------------------------------ finding 6

    @Test
    void keyRotationLeavesADamagedPhoneOrMessageAsItIsAndGoesOn() throws Exception {
        byte[] hmac = "jamsos-test-only-hmac-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] oldKey = "jamsos-test-only-aes-key-32bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] newKey = "jamsos-test-only-aes-key-NEW-32b".getBytes(StandardCharsets.US_ASCII);
        NotificationLedger before = new NotificationLedger(db.dataSource(),
                new PersonalDataCipher(hmac, "test", java.util.Map.of("test", oldKey)), clock);
        String nik2 = "9271011503850002";
        before.recordStatements(1, List.of(new ContactStatement(2, NIK, PHONE, true),
                new ContactStatement(3, nik2, "+6281234560002", true)));
        for (String[] w : new String[][] {{"1", NIK, "K1"}, {"2", nik2, "K2"}}) {
            before.queue(List.of(new NewNotification("COVER_STARTED:period:" + w[0], Event.COVER_STARTED,
                    before.nikHash(w[1]), w[2], NotificationTemplates.COVER_STARTED,
                    List.of("MARIA RUMBIAK", w[2], "0001", "Juni 2026", "Kota Sorong"))));
        }
        // The second worker's phone and message are damaged (a ciphertext cut short, a bad restore).
        String damagedPhone = text("SELECT phone_enc FROM worker_contact WHERE nik_hash = ?", before.nikHash(nik2));
        damagedPhone = damagedPhone.substring(0, damagedPhone.length() - 6) + "AAAAAA";
        update("UPDATE worker_contact SET phone_enc = ? WHERE nik_hash = ?", damagedPhone, before.nikHash(nik2));
        String damagedParams = text("SELECT params_enc FROM notification WHERE kpj = 'K2'");
        damagedParams = damagedParams.substring(0, damagedParams.length() - 6) + "AAAAAA";
        update("UPDATE notification SET params_enc = ? WHERE kpj = 'K2'", damagedParams);

        PersonalDataCipher rotated = new PersonalDataCipher(hmac, "k2", java.util.Map.of("test", oldKey, "k2", newKey));
        PersonalDataMigration migration = new PersonalDataMigration(db.dataSource(), rotated);
        assertThat(migration.run()).as("the two good values, and the gateway starts").isEqualTo(2);
        assertThat(migration.unreadable()).isEqualTo(2);
        assertThat(text("SELECT phone_enc FROM worker_contact WHERE nik_hash = ?", before.nikHash(nik2))).isEqualTo(damagedPhone);
        assertThat(text("SELECT params_enc FROM notification WHERE kpj = 'K2'")).isEqualTo(damagedParams);
        assertThat(rotated.isStale(text("SELECT phone_enc FROM worker_contact WHERE nik_hash = ?", before.nikHash(NIK))))
                .isFalse();
        assertThat(rotated.isStaleText(text("SELECT params_enc FROM notification WHERE kpj = 'K1'"))).isFalse();
    }
}
