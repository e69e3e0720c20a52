package id.jamsos.gateway.eligibility;

import id.jamsos.gateway.model.RowRejection;

/**
 * Why a worker is not eligible: not on the active list (NOT_ELIGIBLE), or on it in a decile the
 * programme does not target (OUTSIDE_TARGET_DECILE, naming the decile). Indonesian first, English beside.
 *
 * @param decile the worker's decile on the list; null when not on it
 */
public record EligibilityVerdict(String code, Integer decile, String messageId, String messageEn) {

    public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
    public static final String OUTSIDE_TARGET_DECILE = "OUTSIDE_TARGET_DECILE";
    /** The column a rejection names: the NIK is what was looked up. */
    static final String FIELD = "NIK";

    static EligibilityVerdict notOnList(String listName) {
        return new EligibilityVerdict(NOT_ELIGIBLE, null,
                "Tidak ada dalam daftar sasaran program (" + listName + ")",
                "Not on the programme's eligibility list (" + listName + ")");
    }

    static EligibilityVerdict noList() {
        return new EligibilityVerdict(NOT_ELIGIBLE, null,
                "Daftar sasaran program belum diimpor; kelayakan belum dapat diperiksa",
                "No eligibility list has been imported; eligibility cannot be checked");
    }

    static EligibilityVerdict outside(int decile, TargetDeciles target) {
        return new EligibilityVerdict(OUTSIDE_TARGET_DECILE, decile,
                "Desil " + decile + " di luar desil sasaran program (" + target + ")",
                "Decile " + decile + " is outside the programme's target deciles (" + target + ")");
    }

    /** For the row's rejection (policy REFUSE). */
    public RowRejection rejection() {
        return new RowRejection(FIELD, code, messageId, messageEn);
    }

    /** "Indonesian / English": a REVIEW row's last_error (policy HOLD) or a row warning (WARN). */
    public String text() {
        return messageId + " / " + messageEn;
    }
}
