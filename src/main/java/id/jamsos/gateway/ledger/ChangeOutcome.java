package id.jamsos.gateway.ledger;

import id.jamsos.gateway.changes.ChangeAction;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What came of one change row (AKSI BERHENTI, KOREKSI, PINDAH) at BPJS, for the ledger to apply
 * ({@link ChangeLedger#apply}). {@code state} is APPLIED (BPJS took it, or PINDAH, which BPJS is not
 * asked about), REFUSED (BPJS said no, {@code reason} is its answer) or PARKED (the delivery failed
 * for good, {@code reason} is the last error). Only the fields of the row's action are set.
 *
 * @param kpj            the worker's membership number, as the row's job named it
 * @param bpjsRefId      the refId the row was sent with (its idempotency key); null for PINDAH
 * @param bpjsCode       BPJS's metaData code (200, 212, 201, 412, ...); null when BPJS was not asked
 * @param endReason      BERHENTI: why cover ends
 * @param lastMonth      BERHENTI: the last month covered, inclusive (BPJS's, when its answer names one)
 * @param correction     KOREKSI: the corrected values
 * @param targetAgencyId PINDAH: the agency that takes the worker over
 * @param effectiveMonth PINDAH: the first month at the new agency; KOREKSI of the income: the first month
 *                       the corrected income holds (BULAN_BERLAKU), null for the month the ledger applies it in
 */
public record ChangeOutcome(long fileId, int rowNo, String agencyId, ChangeAction action, RowState state, String kpj,
                            String reason, String bpjsRefId, String bpjsCode, EndReason endReason, YearMonth lastMonth,
                            Correction correction, String targetAgencyId, YearMonth effectiveMonth) {

    /**
     * KOREKSI: a field left null is not changed. Income in whole rupiah. The village and the trade are the
     * ledger's own (worker.kelurahan, worker.occupation, V35), as an enrollment records them.
     */
    public record Correction(String name, LocalDate birthDate, Long monthlyIncome, String phone, String kelurahan,
                             String occupation, String district) {

        public Correction(String name, LocalDate birthDate, Long monthlyIncome, String phone) {
            this(name, birthDate, monthlyIncome, phone, null, null);
        }

        /** A correction of no district (worker.district). */
        public Correction(String name, LocalDate birthDate, Long monthlyIncome, String phone, String kelurahan,
                          String occupation) {
            this(name, birthDate, monthlyIncome, phone, kelurahan, occupation, null);
        }
    }

    public ChangeOutcome {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        if (state != RowState.APPLIED && state != RowState.REFUSED && state != RowState.PARKED) {
            throw new IllegalArgumentException("a change outcome is APPLIED, REFUSED or PARKED, not " + state);
        }
        if (state == RowState.APPLIED) {
            switch (action) {
                case BERHENTI -> {
                    Objects.requireNonNull(endReason, "endReason");
                    Objects.requireNonNull(lastMonth, "lastMonth");
                }
                case KOREKSI -> Objects.requireNonNull(correction, "correction");
                case PINDAH -> {
                    Objects.requireNonNull(targetAgencyId, "targetAgencyId");
                    Objects.requireNonNull(effectiveMonth, "effectiveMonth");
                }
                default -> throw new IllegalArgumentException("DAFTAR is an enrollment, not a change");
            }
        }
    }

    /** BERHENTI taken by BPJS (200, or 212 already non-active): cover ends with {@code lastMonth}. */
    public static ChangeOutcome ended(long fileId, int rowNo, String agencyId, String kpj, EndReason reason,
                                      YearMonth lastMonth, String refId, String code) {
        return new ChangeOutcome(fileId, rowNo, agencyId, ChangeAction.BERHENTI, RowState.APPLIED, kpj, null, refId, code,
                reason, lastMonth, null, null, null);
    }

    /** KOREKSI taken by BPJS: the worker's stored data is corrected; a corrected income holds from the month applied. */
    public static ChangeOutcome corrected(long fileId, int rowNo, String agencyId, String kpj, Correction correction,
                                          String refId, String code) {
        return corrected(fileId, rowNo, agencyId, kpj, correction, null, refId, code);
    }

    /** KOREKSI taken by BPJS; a corrected income holds from {@code incomeFrom} (null: the month applied). */
    public static ChangeOutcome corrected(long fileId, int rowNo, String agencyId, String kpj, Correction correction,
                                          YearMonth incomeFrom, String refId, String code) {
        return new ChangeOutcome(fileId, rowNo, agencyId, ChangeAction.KOREKSI, RowState.APPLIED, kpj, null, refId, code,
                null, null, correction, null, incomeFrom);
    }

    /** PINDAH: the worker goes to {@code targetAgencyId} from {@code effectiveMonth}. */
    public static ChangeOutcome handedOver(long fileId, int rowNo, String agencyId, String kpj, String targetAgencyId,
                                           YearMonth effectiveMonth) {
        return new ChangeOutcome(fileId, rowNo, agencyId, ChangeAction.PINDAH, RowState.APPLIED, kpj, null, null, null,
                null, null, null, targetAgencyId, effectiveMonth);
    }

    /** BPJS refused the row: {@code reason} is its answer, for the agency's report. */
    public static ChangeOutcome refused(long fileId, int rowNo, String agencyId, ChangeAction action, String kpj,
                                        String reason, String refId, String code) {
        return new ChangeOutcome(fileId, rowNo, agencyId, action, RowState.REFUSED, kpj, reason, refId, code,
                null, null, null, null, null);
    }

    /** The delivery failed for good: the row waits for an operator. */
    public static ChangeOutcome parked(long fileId, int rowNo, String agencyId, ChangeAction action, String kpj,
                                       String reason, String refId) {
        return new ChangeOutcome(fileId, rowNo, agencyId, action, RowState.PARKED, kpj, reason, refId, null,
                null, null, null, null, null);
    }
}
