package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.bpjs.Payer;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session 13 review finding 4, on a real (H2) ledger: the payer round's completed month and each round kind's
 * held other-payer count outlive a restart (ledger_task), only a passing round of the same kind clears its
 * alarm, and a lapse round and a payer round never run at the same time.
 */
class LapseRoundStateTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    /** 3 June 2026, 10:00 WIT: after the payer round's first firing of the month (the 2nd, 09:00). */
    private static final Instant NOW = Instant.parse("2026-06-03T01:00:00Z");

    private HikariDataSource ds;
    private MutableClock clock;
    private CoverageLedger coverage;
    private Arrears.Summary arrears;

    @BeforeEach
    void ledger() {
        ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("lapse-state-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(ds);
        clock = new MutableClock(NOW);
        coverage = new CoverageLedger(ds, clock, CoverageLedger.DEFAULT_ZONE);
        YearMonth may = YearMonth.of(2026, 5);
        arrears = new Arrears.Summary(LocalDate.of(2026, 6, 3), List.of(new Arrears.Month(may, 16_800L, 16_800, 0, 16_800,
                Arrears.Basis.INVOICE, LocalDate.of(2026, 5, 31), true, 1, 1)), 1, 16_800, 1, Map.of());
    }

    @AfterEach
    void close() {
        ds.close();
    }

    /** A gateway process's bean (a restart is a new one on the same ledger). */
    private LapseCheck process() {
        return new LapseCheck(() -> arrears, coverage, Json.mapper(), 10, Duration.ofHours(24), clock, null)
                .payerRoundsOn(StatementCron.parse("0 9 2 * *", WIT));
    }

    private static void holdOthers(LapseCheck check, LapseCheck.Round round, int n) {
        for (int i = 0; i < n; i++) {
            check.holdOtherPayer(new LapseCheck.Verdict(new CoverageLedger.OpenCover(i, "K" + i, YearMonth.of(2026, 1)),
                    "AKTIF", null, null, true, new Payer("MANDIRI", null, null, null), true), round);
        }
    }

    @Test
    void aPayerRoundThatRanToItsEndIsNotAskedAgainThisMonthAfterARestart() {
        LapseCheck first = process();
        LapseCheck.Round round = first.payerRoundDue();
        assertThat(round).isNotNull();
        first.done(round);
        assertThat(first.payerRoundDue()).isNull();

        assertThat(process().payerRoundDue()).as("restarted: the month's round is done").isNull();
        clock.set(Instant.parse("2026-07-02T01:00:00Z"));
        assertThat(process().payerRoundDue()).as("next month").isNotNull();
    }

    @Test
    void aRoundThatStoppedIsDueAgainAndTwoRoundsNeverRunAtOnce() {
        LapseCheck check = process();
        LapseCheck.Round payer = check.payerRoundDue();
        assertThat(payer).isNotNull();
        assertThat(check.due()).as("the lapse round waits while the payer round runs").isNull();
        assertThat(check.payerRoundDue()).isNull();
        check.failed(new IllegalStateException("BPJS down"), payer);

        LapseCheck.Round lapse = check.due();
        assertThat(lapse).as("free again").isNotNull();
        assertThat(check.payerRoundDue()).as("the payer round waits while the lapse round runs").isNull();
        check.done(lapse);
        LapseCheck.Round again = check.payerRoundDue();
        assertThat(again).as("a stopped payer round is due again").isNotNull();

        // A round whose route stopped under it (never done, never failed) is given up after a while.
        clock.advance(LapseCheck.RUNNING_AT_MOST.minusMinutes(1));
        assertThat(check.payerRoundDue()).as("still running").isNull();
        clock.advance(Duration.ofMinutes(2));
        assertThat(check.payerRoundDue()).as("given up: due again").isNotNull();
    }

    @Test
    void aHeldPayerRoundsAlarmOutlivesARestartAndAPassingLapseRoundDoesNotClearIt() {
        LapseCheck check = process();
        LapseCheck.Round payer = check.payerRoundDue();
        holdOthers(check, payer, 5);
        assertThat(check.otherPayersToEnd(payer)).as("5 of 5: the guard holds them").isEmpty();
        check.done(payer);
        assertThat(check.otherPayerHeld()).isEqualTo(5);

        LapseCheck restarted = process();
        assertThat(restarted.otherPayerHeld()).as("kept in the ledger").isEqualTo(5);
        LapseCheck.Round lapse = restarted.due();
        holdOthers(restarted, lapse, 1);
        assertThat(restarted.otherPayersToEnd(lapse)).as("one of one is under the guard's minimum").hasSize(1);
        restarted.done(lapse);
        assertThat(restarted.otherPayerHeld()).as("a passing lapse round leaves the payer round's alarm").isEqualTo(5);
        assertThat(restarted.otherPayerHeld(LapseCheck.PAYER_ROUND)).isEqualTo(5);

        clock.set(Instant.parse("2026-07-02T01:00:00Z"));
        LapseCheck.Round next = restarted.payerRoundDue();
        assertThat(restarted.otherPayersToEnd(next)).isEmpty();
        restarted.done(next);
        assertThat(restarted.otherPayerHeld()).as("a passing payer round clears it").isZero();
        assertThat(process().otherPayerHeld()).isZero();
    }
}
