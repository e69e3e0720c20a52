package id.jamsos.gateway.portal;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowState;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-mail to an agency's contact address ({@code contact_email} in agencies.yaml) once a file's
 * results are ready, whichever way the file came (SFTP or the portal): its name and counts and where
 * to download the reports, Indonesian first. Never a row of the file: no NIK, no name. The route
 * (portal-results-mail) sends it with camel-mail's smtp producer.
 */
public final class ResultsMail {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsMail.class);

    private final boolean enabled;
    private final Ledger ledger;
    private final Supplier<AgencyRegistry> agencies;
    private final String portalUrl;

    /** @param portalUrl how clerks reach the portal (https://portal.example/), or empty: the mail names no link */
    public ResultsMail(boolean enabled, Ledger ledger, Supplier<AgencyRegistry> agencies, String portalUrl) {
        this.enabled = enabled;
        this.ledger = ledger;
        this.agencies = agencies;
        this.portalUrl = portalUrl == null ? "" : portalUrl.replaceAll("/+$", "");
    }

    /**
     * The mail's text, its headers (To, Subject) replacing the exchange's: camel-mail turns every message
     * header into a mail header, and none of the gateway's own belongs in a mail. Null when no mail goes:
     * mail is off, or the agency has no contact address.
     */
    public String compose(@Header(Headers.REPORTS_DUE) long fileId, @org.apache.camel.Headers Map<String, Object> headers) {
        headers.clear();
        if (!enabled) {
            return null;
        }
        Optional<FileInfo> found = ledger.file(fileId);
        if (found.isEmpty()) {
            return null;
        }
        FileInfo file = found.get();
        String to = agencies.get().portal(file.agencyId()).contactEmail();
        if (to == null) {
            return null;
        }
        Map<RowState, Integer> c = ledger.rowCounts(file.id());
        int enrolled = c.getOrDefault(RowState.ENROLLED, 0) + c.getOrDefault(RowState.APPLIED, 0);
        int rejected = c.getOrDefault(RowState.REJECTED, 0) + c.getOrDefault(RowState.REFUSED, 0);
        int parked = c.getOrDefault(RowState.PARKED, 0);
        int waitlisted = c.getOrDefault(RowState.WAITLISTED, 0);
        int review = c.getOrDefault(RowState.REVIEW, 0);
        String link = portalUrl.isEmpty() ? null : portalUrl + "/portal/files/" + file.id();
        String name = file.fileName().replaceAll("[\\r\\n]", " ");
        headers.put("To", to);
        headers.put("Subject", "Hasil berkas #" + file.id() + " siap / Results of file #" + file.id() + " are ready");
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        StringBuilder b = new StringBuilder();
        b.append("Hasil berkas ").append(name).append(" (#").append(file.id()).append(") sudah siap.\n")
                .append("Baris: ").append(file.totalRows()).append(", terdaftar: ").append(enrolled)
                .append(", ditolak: ").append(rejected).append(", ditahan: ").append(parked)
                .append(", menunggu anggaran: ").append(waitlisted).append(", diperiksa petugas: ").append(review)
                .append(".\n");
        b.append(link == null ? "Unduh hasil dan penolakan di portal instansi.\n"
                : "Unduh hasil dan penolakan: " + link + "\n");
        b.append("\nThe results of file ").append(name).append(" (#").append(file.id()).append(") are ready.\n")
                .append("Rows: ").append(file.totalRows()).append(", enrolled: ").append(enrolled)
                .append(", rejected: ").append(rejected).append(", parked: ").append(parked)
                .append(", waitlisted: ").append(waitlisted).append(", in review: ").append(review).append(".\n");
        b.append(link == null ? "Download the results and rejects on the agency portal.\n"
                : "Download the results and rejects: " + link + "\n");
        int otherPayer = c.getOrDefault(RowState.OTHER_PAYER, 0);
        if (otherPayer > 0) {
            b.append("\n").append(otherPayer).append(" baris sudah menjadi peserta aktif yang dibayar pihak lain; tidak")
                    .append(" didaftarkan atas biaya kota. / ").append(otherPayer)
                    .append(" rows are already active members paid by another payer; not enrolled at the city's cost.\n");
        }
        if (parked > 0) {
            b.append("\n").append(parked).append(" baris ditahan: operator TI mengirim ulang. / ").append(parked)
                    .append(" rows are parked: the IT operator sends them again.\n");
        }
        LOG.info("agency={} file id={}: results mail to the agency's contact address", file.agencyId(), file.id());
        return b.toString();
    }
}
