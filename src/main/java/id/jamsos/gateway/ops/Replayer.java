package id.jamsos.gateway.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ChangeJob;
import id.jamsos.gateway.changes.ReplayChecks;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a file's parked rows: puts them back to PENDING in the ledger and queues their jobs again from
 * the items stored at intake, enrollment rows as enrollment jobs, change rows (AKSI BERHENTI, KOREKSI,
 * PINDAH) as change jobs, each sealed as the intake seals them. BPJS answers a repeated refId with the
 * same outcome, and the ledger decides a row once, so a row replayed twice is still enrolled, ended or
 * corrected once. A change row the ledger no longer allows (changes.ReplayChecks: the cover ended
 * meanwhile, a later row changed the worker) is refused here and not sent. Used by the status page and
 * the CLI.
 */
public final class Replayer {

    /** Sends one job (its JSON encrypted, as {@code JobSeal} makes it) to its queue. */
    @FunctionalInterface
    public interface JobSender {
        void send(long fileId, String agencyId, String sealedJob);
    }

    /**
     * @param queued      rows queued again, of both kinds
     * @param enrollments enrollment rows among them
     * @param changes     change rows among them
     * @param refused     change rows refused at this replay (not sent)
     */
    public record Result(long fileId, int queued, int enrollments, int changes, int refused, String message) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final Ledger ledger;
    private final OpsQueries queries;
    private final ObjectMapper json;
    private final JobSender sender;
    private final JobSender changeSender;
    private final ChangeLedger changeLedger;
    private final ReplayChecks checks;
    private final int batchSize;
    private final GatewayMetrics metrics;
    private final JobSeal seal;

    /**
     * @param sender       sends to the enrollment queue
     * @param changeSender sends to the changes queue (jamsos.queue.changes)
     */
    public Replayer(Ledger ledger, OpsQueries queries, ObjectMapper json, JobSender sender, JobSender changeSender,
                    ChangeLedger changeLedger, ReplayChecks checks, int batchSize, GatewayMetrics metricsOrNull) {
        this.ledger = ledger;
        this.queries = queries;
        this.json = json;
        this.sender = sender;
        this.changeSender = changeSender;
        this.changeLedger = changeLedger;
        this.checks = checks;
        this.batchSize = batchSize;
        this.metrics = metricsOrNull;
        // Replays only send: whether plain jobs are read is the enroller's setting, not this one's.
        this.seal = new JobSeal(ledger.personalData(), false);
    }

    public Result replay(long fileId) {
        FileInfo file = ledger.file(fileId).orElseThrow(() -> new OpsHttpException(404, "no file " + fileId));
        List<OpsQueries.StoredItem> parked = queries.parkedItems(fileId);
        List<OpsQueries.StoredItem> parkedChanges = queries.parkedChangeItems(fileId);
        if (parked.isEmpty() && parkedChanges.isEmpty()) {
            return new Result(fileId, 0, 0, 0, 0, "file " + fileId + " has no parked rows");
        }
        long missing = parked.stream().filter(p -> p.itemJson() == null).count()
                + parkedChanges.stream().filter(p -> p.itemJson() == null).count();
        if (missing > 0) {
            // Resetting them would leave rows PENDING that no job will ever decide.
            throw new OpsHttpException(409, missing + " parked rows of file " + fileId
                    + " were received before requests were stored; ask the agency to upload the file again");
        }
        List<EnrollmentJob.Item> items = new ArrayList<>(parked.size());
        for (OpsQueries.StoredItem p : parked) {
            items.add(read(p.itemJson(), EnrollmentJob.Item.class));
        }
        // The change rows the ledger still allows are sent; the others are refused, with the reason.
        Map<Integer, ChangeItem> sendable = new LinkedHashMap<>();
        List<ChangeOutcome> refusals = new ArrayList<>();
        for (OpsQueries.StoredItem p : parkedChanges) {
            ChangeItem item = read(p.itemJson(), ChangeItem.class);
            Optional<String> why = checks.refusal(fileId, file.agencyId(), item);
            if (why.isPresent()) {
                refusals.add(ChangeOutcome.refused(fileId, item.rowNo(), file.agencyId(), item.action(), item.kpj(),
                        why.get(), item.idempotencyKey(), null));
            } else {
                sendable.put(item.rowNo(), item);
            }
        }
        // PENDING before anything leaves, enrollment rows first: a crash after this leaves rows PENDING,
        // never a job on the queue for a row the ledger thinks parked.
        int resetEnrollments = items.isEmpty() ? 0 : ledger.resetParkedToPending(fileId);
        if (resetEnrollments == 0) {
            // The retention job purged the file meanwhile (or another replay took the rows): sending the
            // jobs now would enroll workers the ledger no longer has rows for.
            items = List.of();
        }
        ChangeLedger.ReplayStart started = parkedChanges.isEmpty() ? new ChangeLedger.ReplayStart(List.of(), 0)
                : changeLedger.startReplay(fileId, refusals, sendable.keySet());
        List<ChangeItem> changeItems = started.pending().stream().map(sendable::get).toList();
        int refused = started.refused();
        if (items.isEmpty() && changeItems.isEmpty() && refused == 0) {
            return new Result(fileId, 0, 0, 0, 0, "file " + fileId + " has no parked rows");
        }
        int queued = 0;
        int queuedChanges = 0;
        try {
            for (int from = 0; from < items.size(); from += batchSize) {
                List<EnrollmentJob.Item> chunk = items.subList(from, Math.min(items.size(), from + batchSize));
                // Sealed as the intake seals a job: the broker never holds the rows in the clear.
                sender.send(fileId, file.agencyId(), seal.seal(json.writeValueAsString(
                        new EnrollmentJob(fileId, file.agencyId(), file.fileName(), chunk))));
                queued += chunk.size();
            }
            for (int from = 0; from < changeItems.size(); from += batchSize) {
                List<ChangeItem> chunk = changeItems.subList(from, Math.min(changeItems.size(), from + batchSize));
                // As the intake sends a change job (agency-intake.camel.yaml): sealed, on the changes queue.
                changeSender.send(fileId, file.agencyId(), seal.seal(json.writeValueAsString(
                        new ChangeJob(fileId, file.agencyId(), file.fileName(), chunk))));
                queuedChanges += chunk.size();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // What could not be queued goes back to PARKED, where the next replay finds it.
            String reason = "replay could not queue the row: " + e.getMessage();
            List<RowOutcome> back = new ArrayList<>();
            for (EnrollmentJob.Item item : items.subList(queued, items.size())) {
                back.add(new RowOutcome(fileId, item.rowNo(), RowState.PARKED, null, reason, file.agencyId(),
                        item.district()));
            }
            ledger.recordOutcomes(back);
            List<ChangeOutcome> backChanges = new ArrayList<>();
            for (ChangeItem item : changeItems.subList(queuedChanges, changeItems.size())) {
                backChanges.add(ChangeOutcome.parked(fileId, item.rowNo(), file.agencyId(), item.action(), item.kpj(),
                        reason, item.idempotencyKey()));
            }
            changeLedger.apply(backChanges);
            int total = items.size() + changeItems.size();
            LOG.error("file id={} agency={}: replay queued {} of {} parked rows ({} enrollment, {} change rows),"
                            + " the rest stay parked", fileId, file.agencyId(), queued + queuedChanges, total, queued,
                    queuedChanges);
            throw new OpsHttpException(503, "replay queued " + (queued + queuedChanges) + " of " + total
                    + " rows (" + queued + " enrollment, " + queuedChanges + " change rows); the rest stay parked:"
                    + " the broker did not take them");
        }
        int all = queued + queuedChanges;
        if (metrics != null) {
            metrics.rowsReplayed(all);
        }
        LOG.info("file id={} agency={}: {} parked rows queued again ({} enrollment, {} change rows), {} change rows"
                + " refused", fileId, file.agencyId(), all, queued, queuedChanges, refused);
        return new Result(fileId, all, queued, queuedChanges, refused, all + " parked rows of file " + fileId
                + " queued again (" + queued + " enrollment, " + queuedChanges + " change rows)"
                + (refused == 0 ? "" : "; " + refused + " change rows refused, not sent: the ledger no longer"
                + " allows them (see the file's rows)"));
    }

    private <T> T read(String itemJson, Class<T> type) {
        try {
            return json.readValue(itemJson, type);
        } catch (JsonProcessingException e) {
            // Without the cause: Jackson's message quotes the JSON, which holds a NIK.
            throw new IllegalStateException("a stored request of a parked row cannot be read (column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
        }
    }
}
