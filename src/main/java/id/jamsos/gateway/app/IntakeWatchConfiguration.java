package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.intake.IntakeWatch;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The watch on files that stay in the intake (intake/IntakeWatch; the route intake-watch in
 * routes/intake-watch.camel.yaml). A part of {@link GatewayConfiguration} of its own, to keep each class
 * well under 32 {@code @BindToRegistry} methods (see {@link EnrollerConfiguration}).
 */
public final class IntakeWatchConfiguration extends ConfigurationPart {

    IntakeWatchConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                             ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    /** Not lazy: Camel lists in-flight exchanges only once asked to, and only those that start after. */
    @BindToRegistry
    public IntakeWatch intakeWatch(CamelContext context, @PropertyInject("jamsos.intake.stuckWarnMs") long stuckWarnMs) {
        return new IntakeWatch(context, Duration.ofMillis(Math.max(0, stuckWarnMs)));
    }
}
