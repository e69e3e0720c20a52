package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.ProofLedger;
import id.jamsos.gateway.portal.PortalPages;
import id.jamsos.gateway.portal.PortalProofs;
import id.jamsos.gateway.proof.ConfirmationDrop;
import id.jamsos.gateway.proof.DeliveryConfirmations;
import id.jamsos.gateway.proof.ProofPrinter;
import id.jamsos.gateway.proof.ProofSettings;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Proofs of cover (issue 19, docs/proof-of-cover.md): the settings every printed proof carries, the ledger
 * of print batches and deliveries (V39), and the clerks' /portal/proofs (routes/portal.camel.yaml). A part
 * of {@link GatewayConfiguration} of its own, to keep each class well under 32 {@code @BindToRegistry}
 * methods (see {@link EnrollerConfiguration}).
 */
public final class ProofConfiguration extends ConfigurationPart {

    ProofConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                       ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    /** Made when Camel configures: a check page that is not https:// stops the start with the setting's name. */
    @BindToRegistry
    public ProofSettings proofSettings(CamelContext context) {
        return ProofSettings.from(k -> context.getPropertiesComponent().resolveProperty(k).map(String::trim).orElse(null));
    }

    @BindToRegistry(lazy = true)
    public ProofLedger proofLedger() {
        return new ProofLedger(dataSource, pii, clock);
    }

    @BindToRegistry(lazy = true)
    public PortalProofs portalProofs(PortalPages pages, ProofLedger proofLedger, ProofSettings proofSettings,
                                     AuditTrail audit, @PropertyInject("jamsos.work.dir") String workDir) {
        return new PortalProofs(pages, proofLedger, new ProofPrinter(proofLedger, proofSettings, clock),
                new DeliveryConfirmations(proofLedger, proofSettings.zone(), clock), audit,
                Path.of(workDir.trim()).resolve(".proofs"), proofSettings.zone(), clock);
    }

    /** Delivery confirmations dropped over SFTP (routes/agency-intake.camel.yaml, agency-confirmations). */
    @BindToRegistry(lazy = true)
    public ConfirmationDrop confirmationDrop(ProofLedger proofLedger, ProofSettings proofSettings, AuditTrail audit) {
        return new ConfirmationDrop(new DeliveryConfirmations(proofLedger, proofSettings.zone(), clock), audit);
    }
}
