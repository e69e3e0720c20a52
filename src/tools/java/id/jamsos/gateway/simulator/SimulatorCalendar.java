package id.jamsos.gateway.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's calendar: the clock it was started with plus an offset a test or an operator can
 * move (POST /sim/clock, {@link BpjsSimulator#setNow}), read in the BPJS branch's zone. Enrollment
 * dates, invoice months, due dates and the lapse rule follow it, so a test can live through a year
 * in seconds. The signature window and the claims' paidAt stay on the start clock: moving the
 * calendar must not make every signed request stale.
 */
final class SimulatorCalendar extends Clock {

    /** Kota Sorong's branch keeps WIT; the gateway's months are read there too (jamsos.finance.zone). */
    static final ZoneId ZONE = ZoneId.of("Asia/Jayapura");

    private final Clock base;
    private final AtomicReference<Duration> offset;

    SimulatorCalendar(Clock base) {
        this(Objects.requireNonNull(base, "base"), new AtomicReference<>(Duration.ZERO));
    }

    private SimulatorCalendar(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return ZONE;
    }

    /** The zone is fixed; a clock in another zone would be a different calendar, so this one stays. */
    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(base, offset.get()).withZone(zone);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    LocalDate today() {
        return LocalDate.now(this);
    }

    YearMonth month() {
        return YearMonth.now(this);
    }

    /** From now on the calendar reads {@code now} and runs on from there with the start clock. */
    void setNow(Instant now) {
        offset.set(Duration.between(base.instant(), Objects.requireNonNull(now, "now")));
    }

    void advance(Duration by) {
        offset.accumulateAndGet(Objects.requireNonNull(by, "by"), Duration::plus);
    }

    Duration offset() {
        return offset.get();
    }

    void reset() {
        offset.set(Duration.ZERO);
    }
}
