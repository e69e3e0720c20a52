package id.jamsos.gateway.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.cluster.TaskLock;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.finance.BudgetHeadroom;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.ledger.BudgetGate;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends waitlisted rows to BPJS once the budget carries them (after {@code budget add}, or when ended
 * cover freed money): in arrival order, as many as the headroom carries to the programme's last month,
 * stopping at the first that does not fit so no row overtakes another. Each row goes back to PENDING
 * and its stored request is queued as the intake would have queued it (sealed, per file, in batches);
 * rows the broker does not take go back on the waitlist in their place. BPJS answers a repeated refId
 * with the first outcome, so a row released twice is enrolled once.
 */
public final class WaitlistRelease {

    /** What a release did. */
    public record Result(int released, long stillWaiting, long headroomLeft) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(WaitlistRelease.class);
    /** Rows read from the waitlist per release: a bound on memory, a release may be repeated. */
    static final int MAX_ROWS = 100_000;

    private final BudgetPlanner planner;
    private final BudgetLedger ledger;
    private final ObjectMapper json;
    private final Replayer.JobSender sender;
    private final int batchSize;
    private final JobSeal seal;
    private final TaskLock lock;

    public WaitlistRelease(BudgetPlanner planner, PersonalDataCipher pii, ObjectMapper json, Replayer.JobSender sender,
                           int batchSize) {
        this(planner, pii, json, sender, batchSize, null);
    }

    /**
     * @param lock one release at a time across processes (the gateway's own and {@code budget release}):
     *             two at once would each work out the headroom before the other's rows were pending, and
     *             together release more than the budget carries. Null: no lock (a single caller).
     */
    public WaitlistRelease(BudgetPlanner planner, PersonalDataCipher pii, ObjectMapper json, Replayer.JobSender sender,
                           int batchSize, TaskLock lock) {
        this.lock = lock;
        this.planner = planner;
        this.ledger = planner.ledger();
        this.json = json;
        this.sender = sender;
        this.batchSize = batchSize;
        this.seal = new JobSeal(pii, false);
    }

    /** The name of the lock releases take (cluster_lease.namespace). */
    public static final String LOCK = "jamsos-waitlist-release";

    /**
     * Releases what the budget carries. While another process releases (its lock held), nothing is done
     * here: {@code released} 0, and the rows still waiting as they are now.
     */
    public Result release() {
        if (lock == null) {
            return releaseNow();
        }
        return lock.runAlone(this::releaseNow).orElseGet(() -> {
            LOG.info("waitlist release: another process is releasing now; nothing done here");
            return new Result(0, ledger.waitlistedCount(), 0);
        });
    }

    /**
     * Whether a release would send anything now: rows wait and the headroom carries the first of them
     * (in arrival order, so if it does not fit, nothing does). Cheap: the plan and one row, not the waitlist.
     */
    public boolean releasable() {
        List<BudgetLedger.WaitlistedRow> first = ledger.waitlisted(1);
        if (first.isEmpty() || first.get(0).itemJson() == null) {
            return false;
        }
        return planner.releaseHeadroom().take(first.get(0).monthlyIncome());
    }

    private Result releaseNow() {
        BudgetHeadroom start = planner.releaseHeadroom();
        BudgetHeadroom headroom = start.copy();
        List<BudgetLedger.WaitlistedRow> chosen = new ArrayList<>();
        for (BudgetLedger.WaitlistedRow row : ledger.waitlisted(MAX_ROWS)) {
            if (row.itemJson() == null || !headroom.take(row.monthlyIncome())) {
                break;
            }
            chosen.add(row);
        }
        // Decided again under the programme's commitment lock: an intake or another release that committed
        // money since this one looked leaves it fewer rows (the first in arrival order), never more money.
        Map<RowKey, Long> incomes = new LinkedHashMap<>();
        chosen.forEach(r -> incomes.put(new RowKey(r.fileId(), r.rowNo()), r.monthlyIncome()));
        BudgetGate gate = start.gate(OverBudgetPolicy.WAITLIST);
        // A set: up to MAX_ROWS rows are looked up in it, one by one.
        Set<RowKey> released = new HashSet<>(ledger.release(List.copyOf(incomes.keySet()), incomes, gate));
        Map<Long, List<BudgetLedger.WaitlistedRow>> byFile = new LinkedHashMap<>();
        for (BudgetLedger.WaitlistedRow r : chosen) {
            if (released.contains(new RowKey(r.fileId(), r.rowNo()))) {
                byFile.computeIfAbsent(r.fileId(), k -> new ArrayList<>()).add(r);
            }
        }
        int queued = 0;
        List<RowKey> unsent = new ArrayList<>();
        RuntimeException failure = null;
        for (List<BudgetLedger.WaitlistedRow> rows : byFile.values()) {
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<BudgetLedger.WaitlistedRow> chunk = rows.subList(from, Math.min(rows.size(), from + batchSize));
                if (failure == null) {
                    try {
                        send(chunk);
                        queued += chunk.size();
                        continue;
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                chunk.forEach(r -> unsent.add(new RowKey(r.fileId(), r.rowNo())));
            }
        }
        if (failure != null) {
            // What the release committed for them is given back: the gate reckoned each row's need so.
            Map<RowKey, Long> committed = new LinkedHashMap<>();
            unsent.forEach(k -> committed.put(k, start.need(incomes.get(k))));
            ledger.backToWaitlist(unsent, committed, gate.programmeId());
            LOG.error("waitlist release queued {} rows; {} stay waitlisted: {}", queued, unsent.size(),
                    failure.getMessage());
            throw new IllegalStateException("released " + queued + " rows; " + unsent.size()
                    + " stay waitlisted: the broker did not take them: " + failure.getMessage(), failure);
        }
        long waiting = ledger.waitlistedCount();
        if (queued > 0) {
            LOG.info("waitlist release: {} rows queued for enrollment, {} still waitlisted", queued, waiting);
        }
        return new Result(queued, waiting, headroom.left());
    }

    private void send(List<BudgetLedger.WaitlistedRow> chunk) {
        BudgetLedger.WaitlistedRow first = chunk.get(0);
        List<EnrollmentJob.Item> items = new ArrayList<>(chunk.size());
        try {
            for (BudgetLedger.WaitlistedRow r : chunk) {
                items.add(json.readValue(r.itemJson(), EnrollmentJob.Item.class));
            }
            sender.send(first.fileId(), first.agencyId(), seal.seal(json.writeValueAsString(
                    new EnrollmentJob(first.fileId(), first.agencyId(), first.fileName(), items))));
        } catch (JsonProcessingException e) {
            // Without the cause: Jackson's message quotes the JSON, which holds a NIK.
            throw new IllegalStateException("a stored request of a waitlisted row of file " + first.fileId()
                    + " cannot be read or written");
        }
    }
}
