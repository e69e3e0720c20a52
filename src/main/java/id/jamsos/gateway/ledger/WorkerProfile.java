package id.jamsos.gateway.ledger;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.util.Locale;

/**
 * The coarse facts about an enrolled worker that reports count by and proofs of cover are grouped by
 * (migration V35): village, trade, sex and birth year. None identifies a worker on its own, which is
 * why they are kept in plain text beside the worker while the NIK and the birth date are not.
 *
 * @param kelurahan  the village (kelurahan) as the agency wrote it, trimmed; null when left empty
 * @param occupation the trade (PEKERJAAN) in lower case, e.g. "nelayan"; null when left empty
 * @param sex        "L" or "P"
 * @param birthYear  the year of TGL_LAHIR; null when it could not be read
 */
public record WorkerProfile(String kelurahan, String occupation, String sex, Integer birthYear) {

    /** The profile of a worker as their enrollment request describes them; null for no request. */
    public static WorkerProfile of(EnrollmentRequest request) {
        if (request == null) {
            return null;
        }
        return new WorkerProfile(text(request.kelurahan(), 128),
                request.pekerjaan() == null ? null : text(request.pekerjaan().toLowerCase(Locale.ROOT), 64),
                "L".equals(request.jenisKelamin()) || "P".equals(request.jenisKelamin()) ? request.jenisKelamin() : null,
                year(request.tglLahir()));
    }

    /** A KOREKSI's village and trade, kept as {@link #of} keeps an enrollment's; null where not corrected. */
    public static WorkerProfile corrected(String kelurahan, String occupation) {
        return new WorkerProfile(text(kelurahan, 128),
                occupation == null ? null : text(occupation.toLowerCase(Locale.ROOT), 64), null, null);
    }

    private static String text(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }

    /** yyyy-MM-dd, as validation writes it; anything else reads as unknown rather than failing the answer. */
    private static Integer year(String isoDate) {
        if (isoDate == null || isoDate.length() < 4) {
            return null;
        }
        try {
            return Integer.parseInt(isoDate.substring(0, 4));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
