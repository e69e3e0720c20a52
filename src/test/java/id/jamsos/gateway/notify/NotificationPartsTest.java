package id.jamsos.gateway.notify;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.Due;
import id.jamsos.gateway.ledger.NotificationLedger.Event;
import id.jamsos.gateway.ledger.NotificationLedger.NewNotification;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.NotificationLedger.View;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.model.ContactStatement;
import id.jamsos.gateway.validation.ContactConsent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of notifying workers on their own: the consent cell, the templates, the outbox's rules on a real
 * (H2) ledger, and the HTTP client given to camel-whatsapp against a real loopback socket.
 */
class NotificationPartsTest {

    private static final String NIK = "9271011503850001";

    @Test
    void consentCellsAreReadInIndonesianAndEnglishAndAnythingElseIsNoAnswer() {
        assertThat(List.of("Y", "ya", " YES ", "setuju", "1")).allMatch(v -> ContactConsent.parse(v) == Boolean.TRUE);
        assertThat(List.of("T", "tidak", "N", "no", "Tidak  Setuju", "0")).allMatch(v -> ContactConsent.parse(v) == Boolean.FALSE);
        assertThat(ContactConsent.parse("mungkin")).isNull();
        assertThat(ContactConsent.parse("")).isNull();
    }

    @Test
    void aMessageFillsEveryParameterAndShowsOnlyTheNiksLastFourDigits() {
        NotificationTemplates templates = new NotificationTemplates(code -> "Pemerintah Kota Sorong (APBD Kota)");
        NewNotification n = templates.of(new NotificationLedger.Candidate("COVER_STARTED:period:1", Event.COVER_STARTED,
                "h", "05K40081234", "MARIA RUMBIAK", NIK, "a", null, "2026-12", null, null), 0);
        String text = NotificationTemplates.text(n.template(), n.params());
        assertThat(text).doesNotContain("{{").doesNotContain(NIK).contains("0001", "05K40081234", "Desember 2026",
                "JKK", "JKM", "JMO", "175", "Pemerintah Kota Sorong (APBD Kota)", "BERHENTI");
        for (String template : NotificationTemplates.TEXTS.keySet()) {
            assertThat(NotificationTemplates.text(template, List.of("a", "b", "c", "d", "e"))).doesNotContain("{{");
        }
    }

    @Test
    void anEventIsQueuedOnceClaimedOnceAndAnInterruptedSendIsUncertainNotResent() {
        try (HikariDataSource ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("notify-" + UUID.randomUUID()),
                "sa", "", 4)) {
            LedgerMigrations.migrate(ds);
            NotificationLedger ledger = new NotificationLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
            ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, "+6281234560001", true)));
            NewNotification n = new NewNotification("COVER_STARTED:period:7", Event.COVER_STARTED, ledger.nikHash(NIK),
                    "05K40081234", NotificationTemplates.COVER_STARTED, List.of("MARIA", "05K40081234", "0001", "Mei 2026", "x"));
            assertThat(ledger.queue(List.of(n))).isEqualTo(1);
            assertThat(ledger.queue(List.of(n))).as("the same event again").isZero();

            List<Due> due = ledger.due(10);
            assertThat(due).hasSize(1);
            assertThat(due.get(0).phone()).isEqualTo("+6281234560001");
            assertThat(due.get(0).toString()).doesNotContain("6281234560001").doesNotContain("MARIA");
            assertThat(ledger.claim(due.get(0).id())).isTrue();
            assertThat(ledger.claim(due.get(0).id())).as("a second process").isFalse();

            // The process died during the call: SENDING, then UNCERTAIN, and not due again.
            assertThat(ledger.markUncertain(Duration.ZERO)).isEqualTo(1);
            assertThat(ledger.due(10)).isEmpty();
            // The webhook proves WhatsApp did not deliver it (found by the recipient, no wamid recorded): SMS.
            assertThat(ledger.status("wamid.unknown", "+6281234560001", "failed", "131026 Message undeliverable")).isTrue();
            List<Due> again = ledger.due(10);
            assertThat(again).singleElement().extracting(Due::channel).isEqualTo(NotificationLedger.SMS);
            assertThat(ledger.claim(again.get(0).id())).isTrue();
            ledger.sent(again.get(0).id(), NotificationLedger.SMS, "SMS1");
            assertThat(ledger.ofKpj("05K40081234")).extracting(View::state).containsExactly(State.SENT);

            // Opt-out by the worker's number: a later event is skipped, not sent.
            assertThat(ledger.optOutByPhone("+6281234560001", "whatsapp:wamid.in.1")).isEqualTo(1);
            ledger.queue(List.of(new NewNotification("COVER_AT_RISK:05K40081234:2026-06", Event.COVER_AT_RISK,
                    ledger.nikHash(NIK), "05K40081234", NotificationTemplates.COVER_AT_RISK, List.of("a", "b", "c", "2"))));
            assertThat(ledger.due(10)).isEmpty();
            assertThat(ledger.counts().get(State.SKIPPED)).isEqualTo(1);
            // An agency file's Y does not lift the worker's own opt-out.
            ledger.recordStatements(3, List.of(new ContactStatement(2, NIK, null, true)));
            assertThat(ledger.optOutByPhone("+6281234560001", "again")).as("still opted out").isZero();
        }
    }

    /**
     * A message queued while the worker was alive is not sent once their death is recorded (review B #6): the
     * phone is the family's now, and "your cover is at risk" is the wrong thing to tell them.
     */
    @Test
    void aMessageQueuedBeforeTheWorkersDeathIsSkippedNotSent() throws Exception {
        try (HikariDataSource ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("notify-" + UUID.randomUUID()),
                "sa", "", 4)) {
            LedgerMigrations.migrate(ds);
            NotificationLedger ledger = new NotificationLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
            ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, "+6281234560001", true)));
            ledger.queue(List.of(new NewNotification("COVER_AT_RISK:05K40081234:2026-06", Event.COVER_AT_RISK,
                    ledger.nikHash(NIK), "05K40081234", NotificationTemplates.COVER_AT_RISK, List.of("a", "b", "c", "2"))));
            Due due = ledger.due(10).get(0);
            try (java.sql.Connection c = ds.getConnection();
                 java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO claim (claim_id, claim_type, kpj, amount,"
                         + " agency_id, received_at) VALUES ('JKM-1', 'JKM', '05K40081234', 42000000, 'dinsos', ?)")) {
                ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                ps.executeUpdate();
            }

            assertThat(ledger.claim(due.id())).as("claimed after the death").isFalse();
            assertThat(ledger.ofKpj("05K40081234")).singleElement().extracting(View::state).isEqualTo(State.SKIPPED);
            assertThat(ledger.due(10)).isEmpty();
        }
    }

    /**
     * Another agency's row for a worker (refused as a duplicate) neither repoints their messages nor withdraws their
     * consent; the enrolling agency's own row with a new number and no "Y" leaves the worker without consent, since
     * the "Y" was given for the old number (review B #3).
     */
    @Test
    void onlyTheEnrollingAgencySpeaksForAWorkersPhoneAndANewNumberNeedsItsOwnConsent() throws Exception {
        try (HikariDataSource ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("notify-" + UUID.randomUUID()),
                "sa", "", 4)) {
            LedgerMigrations.migrate(ds);
            NotificationLedger ledger = new NotificationLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
            id.jamsos.gateway.ledger.Ledger files = new id.jamsos.gateway.ledger.Ledger(ds);
            java.time.Instant t = java.time.Instant.now();
            long own = files.registerFile("dinsos", "a.csv", "a".repeat(64), t).fileId();
            long other = files.registerFile("nelayan", "b.csv", "b".repeat(64), t).fileId();
            try (java.sql.Connection c = ds.getConnection();
                 java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO worker (nik_hash, kpj, agency_id, file_id,"
                         + " row_no, enrolled_at) VALUES (?, '05K40081234', 'dinsos', ?, 2, ?)")) {
                ps.setString(1, ledger.nikHash(NIK));
                ps.setLong(2, own);
                ps.setObject(3, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                ps.executeUpdate();
            }
            ledger.recordStatements(own, List.of(new ContactStatement(2, NIK, "+6281234560001", true)));

            assertThat(ledger.recordStatements(other, List.of(new ContactStatement(5, NIK, "+6289999999999", false))))
                    .as("another agency's row").isZero();
            ledger.queue(List.of(new NewNotification("COVER_STARTED:period:7", Event.COVER_STARTED, ledger.nikHash(NIK),
                    "05K40081234", NotificationTemplates.COVER_STARTED, List.of("MARIA", "05K40081234", "0001", "Mei 2026", "x"))));
            assertThat(ledger.due(10)).singleElement().extracting(Due::phone).isEqualTo("+6281234560001");

            ledger.recordStatements(own, List.of(new ContactStatement(3, NIK, "+6281234560002", null)));
            assertThat(ledger.due(10)).as("a new number without its own consent").isEmpty();
            assertThat(ledger.ofKpj("05K40081234")).singleElement().extracting(View::state).isEqualTo(State.SKIPPED);
        }
    }

    @Test
    void aReplayedFailedStatusMovesAMessageToSmsOnceAndAttemptsStartAgainOnSms() {
        try (HikariDataSource ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("notify-" + UUID.randomUUID()),
                "sa", "", 4)) {
            LedgerMigrations.migrate(ds);
            NotificationLedger ledger = new NotificationLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
            ledger.recordStatements(1, List.of(new ContactStatement(2, NIK, "+6281234560001", true)));
            ledger.queue(List.of(new NewNotification("COVER_STARTED:period:9", Event.COVER_STARTED, ledger.nikHash(NIK),
                    "05K40081234", NotificationTemplates.COVER_STARTED, List.of("MARIA", "05K40081234", "0001", "Mei 2026", "x"))));
            Due first = ledger.due(10).get(0);
            assertThat(ledger.claim(first.id())).isTrue();
            // A status for this number while the call is out is not taken as this row's (it may be another's).
            assertThat(ledger.status("wamid.other", "+6281234560001", "failed", "x")).isFalse();
            ledger.sent(first.id(), NotificationLedger.WHATSAPP, "wamid.A");

            assertThat(ledger.status("wamid.A", null, "failed", "131049")).isTrue();
            Due sms = ledger.due(10).get(0);
            assertThat(sms.channel()).isEqualTo(NotificationLedger.SMS);
            assertThat(sms.attempt()).as("SMS gets its own attempts").isEqualTo(1);
            assertThat(ledger.claim(sms.id())).isTrue();
            // Meta delivers the same "failed" again while the SMS is out, and after: nothing changes.
            assertThat(ledger.status("wamid.A", null, "failed", "131049")).isTrue();
            ledger.sent(sms.id(), NotificationLedger.SMS, "SMS1");
            assertThat(ledger.status("wamid.A", "+6281234560001", "failed", "131049")).isTrue();
            assertThat(ledger.due(10)).as("one SMS only").isEmpty();
            assertThat(ledger.ofKpj("05K40081234")).singleElement().satisfies(v -> {
                assertThat(v.state()).isEqualTo(State.SENT);
                assertThat(v.channel()).isEqualTo(NotificationLedger.SMS);
            });
        }
    }

    @Test
    void theWhatsAppClientAnswers599WhenNothingListensAnd598WhenTheAnswerIsLost() throws Exception {
        int port;
        // (An HttpServer never started keeps its socket listening after stop: a plain socket, closed.)
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        } // nothing listens there now
        BoundedHttpClient client = new BoundedHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2));
        HttpResponse<String> answer = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(BoundedHttpClient.NO_ANSWER);
        assertThat(answer.body()).startsWith("not sent: ");

        // A server that takes the request and never answers: the request timeout, then 598, answer lost, not
        // 599: the request was sent and may have been accepted (get() above and below would fail on a hang).
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1);
        silent.createContext("/", ex -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        silent.start();
        try {
            HttpResponse<String> late = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + silent.getAddress().getPort() + "/x")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(late.statusCode()).isEqualTo(BoundedHttpClient.ANSWER_LOST);
            assertThat(late.body()).startsWith("answer lost: ");
        } finally {
            silent.stop(0);
        }
    }
}
