package id.jamsos.gateway.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a file's parked rows: puts them back to PENDING in the ledger and queues their enrollment
 * jobs again from the job items stored at intake. BPJS answers a repeated refId with the same
 * outcome, so a row replayed twice is still enrolled once. Used by the status page and the CLI.
 */
public final class Replayer {

    /** Sends one enrollment job (its JSON encrypted, as {@code JobSeal} makes it) to the enrollment queue. */
    @FunctionalInterface
    public interface JobSender {
        void send(long fileId, String agencyId, String sealedJob);
    }

    public record Result(long fileId, int queued, String message) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final Ledger ledger;
    private final OpsQueries queries;
    private final ObjectMapper json;
    private final JobSender sender;
    private final int batchSize;
    private final GatewayMetrics metrics;
    private final JobSeal seal;

    public Replayer(Ledger ledger, OpsQueries queries, ObjectMapper json, JobSender sender, int batchSize,
                    GatewayMetrics metricsOrNull) {
        this.ledger = ledger;
        this.queries = queries;
        this.json = json;
        this.sender = sender;
        this.batchSize = batchSize;
        this.metrics = metricsOrNull;
        // Replays only send: whether plain jobs are read is the enroller's setting, not this one's.
        this.seal = new JobSeal(ledger.personalData(), false);
    }

    public Result replay(long fileId) {
        FileInfo file = ledger.file(fileId).orElseThrow(() -> new OpsHttpException(404, "no file " + fileId));
        List<OpsQueries.StoredItem> parked = queries.parkedItems(fileId);
        if (parked.isEmpty()) {
            return new Result(fileId, 0, "file " + fileId + " has no parked rows");
        }
        long missing = parked.stream().filter(p -> p.itemJson() == null).count();
        if (missing > 0) {
            // Resetting them would leave rows PENDING that no job will ever decide.
            throw new OpsHttpException(409, missing + " parked rows of file " + fileId
                    + " were received before requests were stored; ask the agency to upload the file again");
        }
        List<EnrollmentJob.Item> items = new ArrayList<>(parked.size());
        for (OpsQueries.StoredItem p : parked) {
            items.add(read(p.itemJson()));
        }
        if (ledger.resetParkedToPending(fileId) == 0) {
            // The retention job purged the file meanwhile (or another replay took the rows): sending the
            // jobs now would enroll workers the ledger no longer has rows for.
            return new Result(fileId, 0, "file " + fileId + " has no parked rows");
        }
        int queued = 0;
        try {
            for (int from = 0; from < items.size(); from += batchSize) {
                List<EnrollmentJob.Item> chunk = items.subList(from, Math.min(items.size(), from + batchSize));
                // Sealed as the intake seals a job: the broker never holds the rows in the clear.
                sender.send(fileId, file.agencyId(), seal.seal(json.writeValueAsString(
                        new EnrollmentJob(fileId, file.agencyId(), file.fileName(), chunk))));
                queued += chunk.size();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // What could not be queued goes back to PARKED, where the next replay finds it.
            List<RowOutcome> back = new ArrayList<>();
            for (EnrollmentJob.Item item : items.subList(queued, items.size())) {
                back.add(new RowOutcome(fileId, item.rowNo(), RowState.PARKED, null,
                        "replay could not queue the row: " + e.getMessage(), file.agencyId(), item.district()));
            }
            ledger.recordOutcomes(back);
            LOG.error("file id={} agency={}: replay queued {} of {} parked rows, the rest stay parked", fileId,
                    file.agencyId(), queued, items.size());
            throw new OpsHttpException(503, "replay queued " + queued + " of " + items.size()
                    + " rows; the rest stay parked: the broker did not take them");
        }
        if (metrics != null) {
            metrics.rowsReplayed(queued);
        }
        LOG.info("file id={} agency={}: {} parked rows queued again", fileId, file.agencyId(), queued);
        return new Result(fileId, queued, queued + " parked rows of file " + fileId + " queued again");
    }

    private EnrollmentJob.Item read(String itemJson) {
        try {
            return json.readValue(itemJson, EnrollmentJob.Item.class);
        } catch (JsonProcessingException e) {
            // Without the cause: Jackson's message quotes the JSON, which holds a NIK.
            throw new IllegalStateException("a stored request of a parked row cannot be read (column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
        }
    }
}
