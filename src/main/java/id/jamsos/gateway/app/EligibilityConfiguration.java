package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.eligibility.EligibilityCheck;
import id.jamsos.gateway.eligibility.EligibilityPolicy;
import id.jamsos.gateway.eligibility.TargetDeciles;
import id.jamsos.gateway.ledger.EligibilityLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * The programme's eligibility list (docs/eligibility.md): the ledger's view of it and the intake route's
 * check. A part of {@link GatewayConfiguration}, in a class of its own to keep each under 32
 * {@code @BindToRegistry} methods (see {@link EnrollerConfiguration}).
 */
public final class EligibilityConfiguration extends ConfigurationPart {

    EligibilityConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                             ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public EligibilityLedger eligibilityLedger() {
        return new EligibilityLedger(dataSource, pii, clock);
    }

    /** The intake's step; a wrong setting stops the start with the setting named. */
    @BindToRegistry(value = EligibilityCheck.BEAN, lazy = true)
    public EligibilityCheck eligibilityCheck(EligibilityLedger ledger,
            @PropertyInject("jamsos.eligibility.policy") String policy,
            @PropertyInject("jamsos.eligibility.targetDeciles") String targetDeciles) {
        return new EligibilityCheck(ledger, EligibilityPolicy.of(policy), TargetDeciles.parse(targetDeciles));
    }
}
