package id.jamsos.gateway.cluster;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When a process counts itself leader, step by step on a fake store and fake clocks: a lease of
 * 15 s renewed every 5 s, as by default. The store keeps time by the database's clock; each process
 * has a monotonic clock of its own that starts anywhere (and a wall clock that plays no part).
 */
class LeaseHolderTest {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration RENEW = Duration.ofSeconds(5);
    private static final long SECOND = 1_000_000_000L;

    /** Real time, in nanoseconds since the test began; every clock below is this plus an offset. */
    private long now;
    private final FakeStore store = new FakeStore();

    @Test
    void aFreeLeaseIsTakenAndRenewedAndAnotherProcessStaysOut() {
        LeaseHolder a = holder("a", 0);
        LeaseHolder b = holder("b", 7 * SECOND);
        assertThat(a.check()).isTrue();
        assertThat(b.check()).isFalse();
        for (int i = 0; i < 10; i++) {
            now += 5 * SECOND;
            assertThat(a.check()).isTrue();
            assertThat(b.check()).isFalse();
        }
    }

    @Test
    void aLeaderThatCannotRenewStepsDownBeforeAnotherCanTakeTheLease() {
        LeaseHolder a = holder("a", 0);
        LeaseHolder b = holder("b", -3 * SECOND);
        assertThat(a.check()).isTrue();
        now += 5 * SECOND;
        assertThat(a.check()).isTrue();
        // From here a's database calls fail (its network to the database is down); b's go through.
        store.unreachableFor("a");
        boolean aSteppedDown = false;
        boolean bTookOver = false;
        for (int step = 0; step < 100; step++) {
            now += SECOND / 4;
            if (step % 4 == 0) {
                aSteppedDown |= !a.check();
                bTookOver |= b.check();
            }
            assertThat(a.leads() && b.leads()).as("two leaders %d ms after the outage began", step * 250).isFalse();
            if (bTookOver) {
                assertThat(aSteppedDown).isTrue();
            }
        }
        assertThat(aSteppedDown).isTrue();
        assertThat(bTookOver).isTrue();
    }

    @Test
    void aLeaderStillLeadsThroughOneFailedRenewal() {
        LeaseHolder a = holder("a", 0);
        assertThat(a.check()).isTrue();
        now += 5 * SECOND;
        store.unreachableFor("a");
        assertThat(a.check()).as("its lease from 5 s ago holds 10 s more").isTrue();
        store.reachableAgain("a");
        now += 5 * SECOND;
        assertThat(a.check()).isTrue();
        assertThat(store.holder("ns")).hasValue("a");
    }

    @Test
    void aRenewalThatHangsPastTheLeaseDoesNotKeepTheProcessLeading() {
        LeaseHolder a = holder("a", 0);
        assertThat(a.check()).isTrue();
        now += 5 * SECOND;
        // The renewal is granted, but only after the call hung 12 s: the lease it got was measured from
        // the database's now, somewhere in those 12 s; counted from when a asked, 3 s are surely left.
        store.hangsFor("a", 12 * SECOND);
        assertThat(a.check()).isFalse();
        assertThat(a.leads()).isFalse();
        // Its next renewal, answered at once, makes it leader again.
        assertThat(a.check()).isTrue();
    }

    @Test
    void whileTheLastRenewalHangsTheLeaderStopsCountingItselfLeaderInTime() {
        LeaseHolder a = holder("a", 0);
        assertThat(a.check()).isTrue();
        // The renewal thread is stuck (no check at all): the route policy's own thread still asks.
        now += 9 * SECOND;
        assertThat(a.leads()).isTrue();
        now += SECOND + 1;
        assertThat(a.leads()).as("one renewal interval before the lease's end").isFalse();
    }

    @Test
    void aProcessThatNeverReachesTheDatabaseNeverLeads() {
        store.unreachableFor("a");
        LeaseHolder a = holder("a", 0);
        for (int i = 0; i < 5; i++) {
            assertThat(a.check()).isFalse();
            now += 5 * SECOND;
        }
        assertThat(store.holder("ns")).isEmpty();
    }

    @Test
    void releasingHandsTheLeaseOverAtOnce() {
        LeaseHolder a = holder("a", 0);
        LeaseHolder b = holder("b", 0);
        assertThat(a.check()).isTrue();
        a.release();
        assertThat(a.leads()).isFalse();
        assertThat(b.check()).isTrue();
    }

    @Test
    void theLeaseMustBeRenewedAtLeastTwicePerLease() {
        assertThatThrownBy(() -> new LeaseHolder(store.as("a"), "ns", "a", LEASE, Duration.ofSeconds(8), () -> now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeartbeatCountsFailedChecksToo() {
        LeaseHolder a = holder("a", 0);
        assertThat(a.millisSinceLastCheck()).isEqualTo(Long.MAX_VALUE);
        store.unreachableFor("a");
        a.check();
        now += 2 * SECOND;
        assertThat(a.millisSinceLastCheck()).isEqualTo(2_000);
    }

    /** A process whose monotonic clock reads real time plus {@code offset}. */
    private LeaseHolder holder(String member, long offset) {
        return new LeaseHolder(store.as(member), "ns", member, LEASE, RENEW, () -> now + offset);
    }

    /** The cluster_lease table, with the database's clock: real time plus an hour. */
    private final class FakeStore {
        private final Map<String, String> owners = new HashMap<>();
        private final Map<String, Long> expires = new HashMap<>();
        private final Map<String, Boolean> unreachable = new HashMap<>();
        private final Map<String, Long> hang = new HashMap<>();

        private long databaseNow() {
            return now + 3_600 * SECOND;
        }

        void unreachableFor(String member) {
            unreachable.put(member, true);
        }

        void reachableAgain(String member) {
            unreachable.remove(member);
        }

        void hangsFor(String member, long nanos) {
            hang.put(member, nanos);
        }

        Optional<String> holder(String namespace) {
            String owner = owners.get(namespace);
            return owner != null && expires.get(namespace) >= databaseNow() ? Optional.of(owner) : Optional.empty();
        }

        /** The store as one process reaches it. */
        LeaseStore as(String member) {
            return new LeaseStore() {
                @Override
                public boolean acquire(String namespace, String owner, long leaseMs) throws SQLException {
                    reach(member);
                    // A hung call is granted at some instant within the hang: the latest, the worst case.
                    Long hung = hang.remove(member);
                    if (hung != null) {
                        now += hung;
                    }
                    String current = owners.get(namespace);
                    if (current == null || current.equals(owner) || expires.get(namespace) < databaseNow()) {
                        owners.put(namespace, owner);
                        expires.put(namespace, databaseNow() + leaseMs * 1_000_000);
                        return true;
                    }
                    return false;
                }

                @Override
                public void release(String namespace, String owner) throws SQLException {
                    reach(member);
                    if (owner.equals(owners.get(namespace))) {
                        expires.put(namespace, 0L);
                    }
                }

                @Override
                public Optional<String> holder(String namespace) throws SQLException {
                    reach(member);
                    return FakeStore.this.holder(namespace);
                }
            };
        }

        private void reach(String member) throws SQLException {
            if (unreachable.containsKey(member)) {
                throw new SQLException("Connection refused");
            }
        }
    }
}
