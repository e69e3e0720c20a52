package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.GatewayMetrics;
import id.jamsos.gateway.verification.JobVerification;
import id.jamsos.gateway.verification.RegistryAlarm;
import id.jamsos.gateway.verification.VerificationRules;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * The verification stage's beans (routes/verification.camel.yaml, docs/verification.md): the rules, the
 * job's steps around the registry call, the alarm that holds jobs while the registry refuses the gateway,
 * and the ledger of review rows. A part of {@link GatewayConfiguration} of its own (see
 * {@link EnrollerConfiguration} for why parts stay small). The registry client and its route are not here.
 */
public final class VerificationConfiguration extends ConfigurationPart {

    VerificationConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii,
                              Clock clock, ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public VerificationRules verificationRules() {
        return new VerificationRules();
    }

    @BindToRegistry(lazy = true)
    public ReviewLedger reviewLedger() {
        return new ReviewLedger(dataSource, clock, pii);
    }

    /** Its meters on the gateway's registry: jamsos_registry_refused, jamsos_registry_refusals_total. */
    @BindToRegistry(value = RegistryAlarm.BEAN, lazy = true)
    public RegistryAlarm registryAlarm(@PropertyInject("jamsos.verification.holdMs") long holdMs,
                                       GatewayMetrics metrics) {
        RegistryAlarm alarm = new RegistryAlarm(holdMs, clock);
        alarm.meters(metrics.registry());
        return alarm;
    }

    /**
     * The status page's health line (a detail, not readiness: intake and claims go on): DOWN while the
     * population registry refuses the gateway and verified jobs are held.
     */
    @BindToRegistry(lazy = true)
    public DetailCheck populationRegistryHealthCheck(RegistryAlarm alarm) {
        return new DetailCheck("populationRegistry", () -> alarm.refusal().isEmpty(),
                "the population registry refuses the gateway (login or IP); verified enrollment is held");
    }

    /** jamsos.verification.enabled and each agency's registry_verify, read at each job (a reload applies). */
    @BindToRegistry(lazy = true)
    public JobVerification jobVerification(@PropertyInject("jamsos.verification.enabled") boolean enabled,
                                           ReviewLedger reviews, Ledger ledger, RegistryAlarm alarm,
                                           AuditTrail audit) {
        return new JobVerification(enabled, agencyId -> agencies.get().registryVerify(agencyId), reviews, ledger,
                alarm, audit);
    }
}
