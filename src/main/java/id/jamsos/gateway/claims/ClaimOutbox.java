package id.jamsos.gateway.claims;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.FinanceLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher of the claim outbox (routes/claim-outbox.camel.yaml): takes the claims the
 * {@link ClaimProcessor} recorded with their messages, a batch at a time under the publication
 * lease, for the route to send in one JMS transaction, then marks them published in one ledger
 * transaction. A crash between the broker's commit and the mark sends the batch again once the
 * lease runs out: at least once, with the same messageId (and JMSCorrelationID) for finance to drop.
 */
public final class ClaimOutbox {


    private static final Logger LOG = LoggerFactory.getLogger(ClaimOutbox.class);
    /** The longest wait between two attempts while sending fails. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** The most claim ids {@link #wake(String)} keeps; beyond them the search finds the claims. */
    static final int MAX_RECORDED = 10_000;

    private final FinanceLedger finance;
    private final int batchSize;
    private final Duration interval;
    private final Duration linger;
    private final Duration searchInterval;
    private final Duration lease;
    private final Clock clock;
    /** At most one pending wake-up: many callbacks during one send make one more batch, not many. */
    private final Semaphore wakeUp = new Semaphore(0);
    /** Claims this process recorded and has not taken yet, oldest first: leased by primary key. */
    private final Queue<String> recorded = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recordedCount = new AtomicInteger();
    private volatile boolean moreWaiting;
    private volatile int failuresInARow;
    /** Search the ledger at the next take: at start, after a failure, while searches find full batches. */
    private volatile boolean searchNow = true;
    private volatile long lastSearchNanos;
    /** When the publisher last came round to {@link #awaitWork} (clock millis), 0 before the first time. */
    private volatile long lastRoundMillis;

    /**
     * How the publisher paces itself.
     *
     * @param interval       the longest a recorded claim waits when nothing wakes the publisher, and
     *                       the first back-off while sending fails
     * @param linger         how long the publisher waits after a wake-up for more claims to join the batch
     * @param searchInterval how often it searches the ledger for claims it was not told about (other
     *                       processes' claims whose publisher died, leases run out)
     * @param lease          how long a batch is this process's to send before another may take it over
     */
    public record Timing(Duration interval, Duration linger, Duration searchInterval, Duration lease) {
    }

    /** @param batchSize messages per JMS transaction */
    public ClaimOutbox(FinanceLedger finance, int batchSize, Timing timing, Clock clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.finance = finance;
        this.batchSize = batchSize;
        this.interval = timing.interval();
        this.linger = timing.linger();
        this.searchInterval = timing.searchInterval();
        this.lease = timing.lease();
        this.clock = clock;
    }

    /** This process recorded the claim: publish it without waiting for the interval, taken by its id. */
    public void wake(String claimId) {
        if (recordedCount.incrementAndGet() <= MAX_RECORDED) {
            recorded.add(claimId);
        } else {
            recordedCount.decrementAndGet();
        }
        wake();
    }

    /** Something may be waiting: publish without waiting for the interval. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /**
     * Returns when there may be something to send: at once after a full batch, shortly after a
     * wake-up (the linger, so that claims arriving together share one broker commit), else after the
     * interval.
     * While sending fails (broker down) it waits longer each time, up to {@link #MAX_BACKOFF}, and
     * recorded claims do not cut that short: they are safe in the ledger meanwhile.
     */
    public void awaitWork() throws InterruptedException {
        lastRoundMillis = clock.millis();
        if (failuresInARow > 0) {
            long backoff = Math.min(MAX_BACKOFF.toMillis(),
                    interval.toMillis() << Math.min(failuresInARow - 1, 16));
            Thread.sleep(backoff);
            wakeUp.drainPermits();
            return;
        }
        if (moreWaiting) {
            return;
        }
        if (wakeUp.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS) && !linger.isZero()) {
            // A batch of one costs a broker commit and two ledger transactions, as a batch of 100 does.
            Thread.sleep(linger.toMillis());
        }
        wakeUp.drainPermits();
    }

    /**
     * The publisher's heartbeat, for liveness: how long ago it last came round to wait for work, or
     * {@code Long.MAX_VALUE} before its first round. A publisher whose thread died (an
     * OutOfMemoryError escapes every handler and ends a timer's thread) stops coming round.
     */
    public long millisSinceLastRound() {
        long last = lastRoundMillis;
        return last == 0 ? Long.MAX_VALUE : clock.millis() - last;
    }

    /**
     * The longest a live publisher goes between two rounds: a wait (the interval, or the longest
     * back-off), a linger, and a batch sent within its lease; plus a minute for a slow ledger or broker.
     */
    public Duration longestRound() {
        return interval.plus(MAX_BACKOFF).plus(linger).plus(lease).plusMinutes(1);
    }

    /**
     * Leases the next batch; the body is the batch (empty when there is nothing to send). First the
     * claims this process recorded, by primary key; then, once per search interval (at once after a failure,
     * and batch after batch while it keeps finding full ones), a search of the ledger, oldest first,
     * for the rest: claims other processes recorded, leases run out, ids beyond {@link #MAX_RECORDED}.
     * The search is the expensive part on PostgreSQL (see {@link FinanceLedger#leaseClaims}). The batch
     * is also kept in {@code properties} ({@link Headers#CLAIM_BATCH}) for {@link #published} and
     * {@link #failed}, before the search, so that a failed search still gives the first leases back.
     */
    public List<ClaimMessage> take(@ExchangeProperties Map<String, Object> properties) {
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        for (String id; ids.size() < batchSize && (id = recorded.poll()) != null; ) {
            recordedCount.decrementAndGet();
            ids.add(id);
        }
        List<ClaimMessage> batch = new ArrayList<>(finance.leaseClaims(ids, now, now.plus(lease)));
        // Set now: if the search below fails, failed() gives these leases back at once.
        properties.put(Headers.CLAIM_BATCH, batch);
        long nanos = System.nanoTime();
        if (batch.size() < batchSize && (searchNow || nanos - lastSearchNanos >= searchInterval.toNanos())) {
            int room = batchSize - batch.size();
            List<ClaimMessage> found = finance.leaseUnpublished(room, now, now.plus(lease));
            lastSearchNanos = nanos;
            searchNow = found.size() == room;
            batch.addAll(found);
        }
        moreWaiting = batch.size() == batchSize || !recorded.isEmpty() || searchNow;
        return batch;
    }

    /**
     * One message of the batch: its text, returned as the body; its JMS properties as the only headers;
     * where it goes as {@link Headers#DESTINATION}.
     */
    public String toMessage(@Body ClaimMessage message, @org.apache.camel.Headers Map<String, Object> headers,
                            @ExchangeProperties Map<String, Object> properties) {
        headers.clear();
        headers.putAll(message.properties());
        properties.put(Headers.DESTINATION, message.destination());
        return message.body();
    }

    /** After the broker committed the batch: published, in one ledger transaction. */
    public void published(@ExchangeProperty(Headers.CLAIM_BATCH) List<ClaimMessage> batch,
                          @ExchangeProperties Map<String, Object> properties) {
        properties.put(Headers.CLAIM_BATCH_SENT, true);
        finance.markPublished(batch.stream().map(ClaimMessage::claimId).toList(), clock.instant());
        long toFinance = batch.stream().filter(m -> ClaimProcessor.TO_FINANCE.equals(m.destination())).count();
        properties.put(Headers.CLAIMS_TO_FINANCE, (int) toFinance);
        if (failuresInARow > 0) {
            LOG.info("claim outbox publishing again after {} failed attempt(s)", failuresInARow);
            failuresInARow = 0;
        }
        for (ClaimMessage m : batch) {
            LOG.info("claim={} published to {}", m.claimId(), m.destination());
        }
    }

    /**
     * The send or the mark failed (broker or ledger down). A failed send was rolled back on the broker:
     * the leases are given back and the next attempt sends the batch whole. Logged once per outage.
     */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                       @ExchangeProperty(Headers.CLAIM_BATCH) List<ClaimMessage> taken,
                       @ExchangeProperty(Headers.CLAIM_BATCH_SENT) Boolean sent) {
        // Nothing taken when take itself failed before its lease.
        List<ClaimMessage> batch = taken == null ? List.of() : taken;
        if (failuresInARow++ == 0) {
            LOG.warn("claim outbox could not publish {} claim(s); retried, backing off up to {} s: {}", batch.size(),
                    MAX_BACKOFF.toSeconds(), String.valueOf(error));
        } else {
            LOG.debug("claim outbox still failing: {}", String.valueOf(error));
        }
        moreWaiting = false;
        // The batch's ids are out of the queue: the next attempt searches the ledger for them.
        searchNow = true;
        List<String> ids = batch.stream().map(ClaimMessage::claimId).toList();
        if (Boolean.TRUE.equals(sent)) {
            // The broker has the batch; only the mark failed. Giving the leases back would send it all
            // again at once, so the mark is tried once more and otherwise the leases run out.
            try {
                finance.markPublished(ids, clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("claim outbox sent {} claim(s) but could not mark them published; after their lease they"
                        + " are sent again with the same messageId: {}", ids.size(), String.valueOf(e));
            }
            return;
        }
        try {
            finance.release(ids);
        } catch (RuntimeException e) {
            // The ledger is down too: the leases run out by themselves.
            LOG.debug("claim outbox could not give its leases back: {}", String.valueOf(e));
        }
    }
}
