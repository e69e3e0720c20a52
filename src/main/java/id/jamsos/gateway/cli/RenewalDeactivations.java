package id.jamsos.gateway.cli;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.app.OperatorTools;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ChangeJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.JmsJobSender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Queues the deactivations of a renewal ({@code budget renew}) on the changes queue
 * ({@code jamsos.queue.changes}) as the intake queues an agency's change rows: sealed change jobs of at
 * most {@code jamsos.bpjs.batchSize} rows, which the running gateway's change route sends to BPJS at the
 * agreed rate (routes/worker-changes.camel.yaml). Rows the broker does not take are parked with the
 * reason, as a change the route could not deliver is.
 */
final class RenewalDeactivations {

    record Sent(int queued, int parked, int skipped, String error) {
    }

    private RenewalDeactivations() {
    }

    static Sent queue(GatewayProperties props, DataSource ds, List<BudgetLedger.Deactivation> deactivations) {
        int skipped = deactivations.stream().mapToInt(BudgetLedger.Deactivation::skipped).sum();
        if (deactivations.stream().allMatch(d -> d.items().isEmpty())) {
            return new Sent(0, 0, skipped, null);
        }
        PersonalDataCipher pii = PersonalDataKeys.cipher(props);
        JobSeal seal = new JobSeal(pii, false);
        int batch = Math.max(1, props.getInt("jamsos.bpjs.batchSize"));
        int queued = 0;
        List<ChangeOutcome> unsent = new ArrayList<>();
        String error = null;
        try (OperatorTools tools = OperatorTools.open(props); JmsJobSender sender = tools.changesSender()) {
            for (BudgetLedger.Deactivation d : deactivations) {
                for (int from = 0; from < d.items().size(); from += batch) {
                    List<ChangeItem> chunk = d.items().subList(from, Math.min(d.items().size(), from + batch));
                    if (error == null) {
                        try {
                            sender.send(d.fileId(), d.agencyId(), seal.seal(Json.mapper().writeValueAsString(
                                    new ChangeJob(d.fileId(), d.agencyId(), d.fileName(), chunk))));
                            queued += chunk.size();
                            continue;
                        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                            error = "the broker did not take the deactivations: " + e.getMessage();
                        }
                    }
                    for (ChangeItem item : chunk) {
                        unsent.add(ChangeOutcome.parked(d.fileId(), item.rowNo(), d.agencyId(), item.action(),
                                item.kpj(), error, item.idempotencyKey()));
                    }
                }
            }
        }
        if (!unsent.isEmpty()) {
            new ChangeLedger(ds, Clock.systemUTC(), pii).apply(unsent);
        }
        return new Sent(queued, unsent.size(), skipped, error);
    }
}
