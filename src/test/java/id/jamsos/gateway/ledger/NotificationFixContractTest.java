package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ledger.NotificationLedger.Event;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ledger.NotificationLedger.View;
import id.jamsos.gateway.model.ContactStatement;
import id.jamsos.gateway.notify.NotificationScan;
import id.jamsos.gateway.notify.NotificationTemplates;
import id.jamsos.gateway.support.MutableClock;
import java.sql.Connection;
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
 * PostgreSQL): retention keeps the phone of a worker still waiting to be enrolled.
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
}
