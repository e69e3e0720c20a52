package id.jamsos.gateway.changes;

/**
 * One change row as the change route needs it. Months and dates are text ({@code yyyy-MM},
 * {@code yyyy-MM-dd}) so that the job reads the same with any JSON mapper.
 *
 * @param idempotencyKey the row's key, sent to BPJS as refId: the same row sent twice changes once
 * @param kpj            the worker's membership number, found in the ledger at intake
 * @param nik            the worker's NIK (the job is sealed on the broker)
 * @param reason         BERHENTI: the EndReason name
 * @param lastMonth      BERHENTI: the last month covered, inclusive
 * @param targetAgencyId PINDAH: the agency that takes the worker over
 * @param effectiveMonth PINDAH: the first month at the new agency; KOREKSI of the income: the row's
 *                       BULAN_BERLAKU, null when it gave none (the income holds from the month applied)
 * @param correction     KOREKSI: the corrected values (only those present change)
 */
public record ChangeItem(int rowNo, ChangeAction action, String idempotencyKey, String kpj, String nik, String reason,
                         String lastMonth, String targetAgencyId, String effectiveMonth, Correction correction) {

    /**
     * KOREKSI: a field left null is not changed. The NIK itself never changes. The village, the
     * district and the trade are the gateway's record only (BPJS's update call has no such fields): a job
     * written before they existed reads them as null.
     */
    public record Correction(String nama, String tglLahir, Long penghasilan, String noHp, String kelurahan,
                             String pekerjaan, String distrik) {

        public Correction(String nama, String tglLahir, Long penghasilan, String noHp) {
            this(nama, tglLahir, penghasilan, noHp, null, null);
        }

        /** Without a district (a job written before DISTRIK could be corrected reads it as null). */
        public Correction(String nama, String tglLahir, Long penghasilan, String noHp, String kelurahan,
                          String pekerjaan) {
            this(nama, tglLahir, penghasilan, noHp, kelurahan, pekerjaan, null);
        }

        /** Whether any field BPJS keeps is corrected (its update call is made only then). */
        public boolean forBpjs() {
            return nama != null || tglLahir != null || penghasilan != null || noHp != null;
        }
    }

    /**
     * A KOREKSI of the village, the district or the trade and nothing BPJS keeps: applied to the ledger without a call
     * (routes/worker-changes.camel.yaml).
     */
    public boolean profileOnly() {
        return action == ChangeAction.KOREKSI && correction != null && !correction.forBpjs()
                && (correction.kelurahan() != null || correction.pekerjaan() != null || correction.distrik() != null);
    }
}
