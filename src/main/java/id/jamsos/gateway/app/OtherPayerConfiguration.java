package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.enrollment.OtherPayers;
import id.jamsos.gateway.finance.LapseCheck;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.OpsHealth;
import id.jamsos.gateway.ledger.OtherPayerLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.time.Clock;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * "Already covered by another payer" (issue 18): the enroller's look-up step of rows BPJS answered 208
 * and the ledger of workers another payer covers, which finance is told about. A part of
 * {@link GatewayConfiguration}, in a class of its own to keep each under 32 {@code @BindToRegistry}
 * methods (see {@link EnrollerConfiguration}).
 */
public final class OtherPayerConfiguration extends ConfigurationPart {

    OtherPayerConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                            ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public OtherPayerLedger otherPayerLedger() {
        return new OtherPayerLedger(dataSource, clock);
    }

    /**
     * The share guard's alarm as a health detail (docs/operations.md): HELD while the last lapse or payer round
     * found too large a share of its workers paid by another payer and ended none of them
     * (jamsos_lapse_other_payer_held above 0). A detail, neither readiness nor liveness: claims and files go
     * on, a restart would not help; an operator must look at BPJS's pembayar answers.
     */
    @BindToRegistry(lazy = true)
    public DetailCheck otherPayerGuardHealthCheck(LapseCheck lapseCheck) {
        return new DetailCheck(OpsHealth.OTHER_PAYER_GUARD, () -> lapseCheck.otherPayerHeld() == 0,
                "the last lapse or payer round found too large a share of its workers paid by another payer and ended"
                        + " none (jamsos_lapse_other_payer_held); check BPJS's pembayar answers");
    }

    /** The enroller's steps (routes/enroller.camel.yaml, direct:bpjs-membership). */
    @BindToRegistry(value = "otherPayers", lazy = true)
    public OtherPayers otherPayers(@PropertyInject("jamsos.finance.zone") String zone,
            @PropertyInject(value = "jamsos.payerRegionCodes", defaultValue = "") String payerRegionCodes) {
        return new OtherPayers(json, clock, ZoneId.of(zone.trim())).regionCodes(payerRegionCodes);
    }
}
