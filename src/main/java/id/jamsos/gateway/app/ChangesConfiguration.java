package id.jamsos.gateway.app;

import id.jamsos.gateway.changes.ChangeAnswers;
import id.jamsos.gateway.changes.ChangeRecorder;
import id.jamsos.gateway.changes.ChangeRequests;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.Ledger;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans of routes/worker-changes.camel.yaml (change rows of agency files); the enroller's beans of
 * {@link GatewayConfiguration} (signer, header filter, circuit breaker, credentials alarm, job seal,
 * delivery attempts) do the rest. Processed by Camel right after GatewayConfiguration, like it, and
 * the beans it takes come from there.
 *
 * <p>A class of its own, not more methods there: Camel 4.18 sorts a configuration's
 * {@code @BindToRegistry} methods with a comparator that reads the very list it sorts
 * (DefaultCamelBeanPostProcessor.injectBindToRegistryMethods), which TimSort's merges (32 methods and
 * more) change under it; with four more methods GatewayConfiguration failed to start with
 * "Comparison method violates its general contract!". A class this small is sorted without merges.
 */
public final class ChangesConfiguration implements CamelConfiguration {

    private final DataSource dataSource;
    private final Clock clock;

    public ChangesConfiguration(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Applies the answers and keeps the history (worker_change), with the ledger's cipher; a corrected
     * income without BULAN_BERLAKU holds from the month applied, in the city's zone.
     */
    @BindToRegistry(lazy = true)
    public ChangeLedger changeLedger(Ledger ledger, @PropertyInject("jamsos.finance.zone") String zone) {
        ChangeLedger changes = new ChangeLedger(dataSource, clock, ledger.personalData(), ZoneId.of(zone.trim()));
        // A handover's new period is funded by the same rule as an enrollment's.
        changes.fundPeriodsWith(ledger.periodFunding());
        return changes;
    }

    @BindToRegistry(lazy = true)
    public ChangeRequests changeRequests() {
        return new ChangeRequests();
    }

    /** A handover takes effect from the month after its file was received, in the city's zone. */
    @BindToRegistry(lazy = true)
    public ChangeAnswers changeAnswers(CredentialsAlarm credentials, Ledger ledger, CoverageLedger coverage) {
        return new ChangeAnswers(Json.mapper(), credentials, fileId -> coverage.monthOf(ledger.file(fileId)
                .orElseThrow(() -> new IllegalStateException("no file " + fileId + " in the ledger")).receivedAt())
                .plusMonths(1));
    }

    @BindToRegistry(lazy = true)
    public ChangeRecorder changeRecorder(ChangeLedger changes, Ledger ledger) {
        return new ChangeRecorder(changes, ledger);
    }
}
