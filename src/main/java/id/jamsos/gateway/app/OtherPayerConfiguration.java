package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.enrollment.OtherPayers;
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

    /** The enroller's steps (routes/enroller.camel.yaml, direct:bpjs-membership). */
    @BindToRegistry(value = "otherPayers", lazy = true)
    public OtherPayers otherPayers(@PropertyInject("jamsos.finance.zone") String zone) {
        return new OtherPayers(json, clock, ZoneId.of(zone.trim()));
    }
}
