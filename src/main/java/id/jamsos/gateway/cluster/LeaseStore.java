package id.jamsos.gateway.cluster;

import java.util.Optional;

/**
 * Where leases are kept, as a holder sees it. Every time is the store's own: a caller passes how
 * long, never when, so processes whose clocks disagree still agree on who holds a lease.
 */
interface LeaseStore {

    /** Takes or renews the lease for {@code leaseMs} from the store's now, when it is ours or has run out. */
    boolean acquire(String namespace, String owner, long leaseMs) throws Exception;

    /** Gives the lease up at once, so another process need not wait for it to run out. */
    void release(String namespace, String owner) throws Exception;

    /** The current holder, if its lease has not run out by the store's clock. */
    Optional<String> holder(String namespace) throws Exception;
}
