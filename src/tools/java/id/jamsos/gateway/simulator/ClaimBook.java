package id.jamsos.gateway.simulator;

import id.jamsos.gateway.bpjs.ClaimNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Claims the simulator has "paid", for GET /bpjstk/v1/klaim. Kept in paidAt order (claimId breaks
 * ties) so a client paging with a watermark sees every claim exactly once, as long as no two
 * claims share a paidAt across a page boundary; the simulator's own claims never share one.
 */
final class ClaimBook {

    private static final Comparator<ClaimNotice> ORDER = Comparator
            .comparing((ClaimNotice c) -> Instant.parse(c.paidAt()))
            .thenComparing(ClaimNotice::claimId);

    private final List<ClaimNotice> claims = new ArrayList<>();
    /** Keys the listing sends twice (a fault a test sets); empty: none. */
    final RepeatedKeys repeatedKeys = new RepeatedKeys();
    /** The listing sends a {@code null} in {@code klaim} right before the claim with this id (a fault a test sets); null: none. */
    volatile String nullBefore;

    /** @return false when a claim with this claimId is already in the book (it is not replaced) */
    synchronized boolean add(ClaimNotice claim) {
        Objects.requireNonNull(claim.claimId(), "claimId");
        Instant.parse(Objects.requireNonNull(claim.paidAt(), "paidAt"));
        for (ClaimNotice c : claims) {
            if (c.claimId().equals(claim.claimId())) {
                return false;
            }
        }
        int at = 0;
        while (at < claims.size() && ORDER.compare(claims.get(at), claim) <= 0) {
            at++;
        }
        claims.add(at, claim);
        return true;
    }

    /** Claims paid strictly after {@code since}, oldest first, at most {@code limit}. */
    synchronized List<ClaimNotice> since(Instant since, int limit) {
        List<ClaimNotice> page = new ArrayList<>();
        for (ClaimNotice c : claims) {
            if (page.size() >= limit) {
                break;
            }
            if (Instant.parse(c.paidAt()).isAfter(since)) {
                page.add(c);
            }
        }
        return page;
    }

    synchronized int size() {
        return claims.size();
    }

    synchronized void clear() {
        claims.clear();
        repeatedKeys.clear();
        nullBefore = null;
    }
}
