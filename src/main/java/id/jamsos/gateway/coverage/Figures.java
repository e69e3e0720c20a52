package id.jamsos.gateway.coverage;

import id.jamsos.gateway.ledger.EndReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One group's figures in one month (or a whole range): workers covered (active), periods started,
 * periods ended by reason, paid claims (count and rupiah) and money spent (the contributions of the
 * months covered, priced at each worker's income in force as the statement prices them). Mutable while
 * the builder adds query results into it; read-only once the report is made.
 */
public final class Figures {

    private long active;
    private long started;
    private final EnumMap<EndReason, Long> ended = new EnumMap<>(EndReason.class);
    private long claims;
    private long claimsAmount;
    private long spent;

    public long active() {
        return active;
    }

    public long started() {
        return started;
    }

    public long ended() {
        return ended.values().stream().mapToLong(Long::longValue).sum();
    }

    public long ended(EndReason reason) {
        return ended.getOrDefault(reason, 0L);
    }

    public Map<EndReason, Long> endedByReason() {
        return Collections.unmodifiableMap(ended);
    }

    public long claims() {
        return claims;
    }

    public long claimsAmount() {
        return claimsAmount;
    }

    /** Whole rupiah. */
    public long spent() {
        return spent;
    }

    void addActive(long workers, long money) {
        active += workers;
        spent = Math.addExact(spent, money);
    }

    void addStarted(long n) {
        started += n;
    }

    void addEnded(EndReason reason, long n) {
        ended.merge(reason, n, Long::sum);
    }

    void addClaims(long n, long amount) {
        claims += n;
        claimsAmount = Math.addExact(claimsAmount, amount);
    }

    /** Adds another group's figures (a month into a range, a group into the total). Active adds up too. */
    void add(Figures other) {
        addActive(other.active, other.spent);
        started += other.started;
        other.ended.forEach(this::addEnded);
        addClaims(other.claims, other.claimsAmount);
    }
}
