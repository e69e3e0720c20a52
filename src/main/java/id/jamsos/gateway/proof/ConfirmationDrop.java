package id.jamsos.gateway.proof;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.intake.SafeFileNames;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery confirmations an agency drops on its SFTP account, in its inbox's {@value #FOLDER}/ folder
 * (routes/agency-intake.camel.yaml, template agency-confirmations; docs/proof-of-cover.md): read with the
 * same checks as the portal's upload ({@link DeliveryConfirmations}), and answered with a result file for
 * the clerk that names the file, the row and the field of each refused row, in Indonesian with English
 * beside it.
 */
public final class ConfirmationDrop {

    /** The sub-folder of an agency's inbox that holds confirmation files; the intake never reads it. */
    public static final String FOLDER = "konfirmasi";
    /** The result file's name: the confirmation's own, with this after it. */
    public static final String RESULT_SUFFIX = ".hasil.txt";

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmationDrop.class);

    private final DeliveryConfirmations confirmations;
    private final AuditTrail audit;

    public ConfirmationDrop(DeliveryConfirmations confirmations, AuditTrail audit) {
        this.confirmations = confirmations;
        this.audit = audit;
    }

    /**
     * The file read (at most {@link DeliveryConfirmations#MAX_BYTES} and one byte, so a larger one is refused
     * without being held whole), checked and its good rows recorded, as sent by the agency's SFTP login.
     */
    public DeliveryConfirmations.Outcome apply(@ExchangeProperty(Headers.AGENCY_ID) String agencyId,
                                               @Header(Exchange.FILE_NAME_ONLY) String name, @Body InputStream content)
            throws IOException {
        byte[] bytes;
        try (InputStream in = content) {
            bytes = DeliveryConfirmations.bytes(in);
        }
        DeliveryConfirmations.Outcome outcome = confirmations.apply(agencyId, name, bytes, "sftp:" + agencyId);
        LOG.info("agency={}: delivery confirmations over SFTP file={} delivered={} refused={}", agencyId,
                SafeFileNames.forLog(name), outcome.delivered(), outcome.refused());
        audit.record(AuditEvent.system("sftp", agencyId, "PROOF_CONFIRM", SafeFileNames.forLog(name),
                "delivered=" + outcome.delivered() + " refused=" + outcome.refused()));
        return outcome;
    }

    /** Whether the file was refused as a whole (unreadable, no rows, required columns missing): archived as failed. */
    public boolean refusedWhole(@Body DeliveryConfirmations.Outcome outcome) {
        return outcome.results().stream().anyMatch(r -> !r.ok() && r.row() == 0);
    }

    /** The result file for the clerk: a summary, then one line per row, each refused one naming row and field. */
    public String answer(@Body DeliveryConfirmations.Outcome outcome, @Header(Exchange.FILE_NAME_ONLY) String name) {
        StringBuilder out = new StringBuilder();
        out.append("Hasil tanda terima / delivery confirmation result: ").append(name).append("\r\n");
        out.append("Diterima tercatat / delivered recorded: ").append(outcome.delivered())
                .append("; baris ditolak / rows refused: ").append(outcome.refused()).append("\r\n");
        if (outcome.refused() > 0) {
            out.append("Perbaiki baris yang ditolak lalu kirim baris itu saja lagi ke folder ").append(FOLDER)
                    .append("/ / Correct the refused rows and send only those again to the ").append(FOLDER)
                    .append("/ folder.\r\n");
        }
        out.append("\r\n");
        for (DeliveryConfirmations.Result r : outcome.results()) {
            out.append(r.ok() ? "DITERIMA / ACCEPTED  " : "DITOLAK / REFUSED    ").append(r.text()).append("\r\n");
        }
        return out.toString();
    }

    /** The result file's name. */
    public static String resultName(String confirmationName) {
        return confirmationName + RESULT_SUFFIX;
    }
}
