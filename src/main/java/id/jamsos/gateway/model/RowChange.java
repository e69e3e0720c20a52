package id.jamsos.gateway.model;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.EndReason;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What an accepted change row (AKSI BERHENTI, KOREKSI or PINDAH) asks for, after validation. Only the
 * fields of its action are set; the rest are null. Whether the ledger lets the change through (the
 * worker enrolled here, covered, by this agency) is decided at intake, not here.
 *
 * @param nik            the worker, who is named by NIK alone
 * @param reason         BERHENTI: why cover ends
 * @param lastMonth      BERHENTI: the last month covered, inclusive
 * @param targetAgencyId PINDAH: the agency to take the worker over
 * @param name           KOREKSI: the corrected name, when given
 * @param birthDate      KOREKSI: the corrected birth date, when given
 * @param monthlyIncome  KOREKSI: the corrected monthly income in whole rupiah, when given
 * @param phone          KOREKSI: the corrected mobile number (+62...), when given
 * @param incomeFrom     KOREKSI of the income: the first month it holds (BULAN_BERLAKU); null: the month applied
 * @param kelurahan      KOREKSI: the corrected village (KELURAHAN), as an enrollment reads it, when given
 * @param occupation     KOREKSI: the corrected trade (PEKERJAAN), as an enrollment reads it, when given
 * @param district       KOREKSI: the corrected district (DISTRIK), as an enrollment reads it, when given
 */
public record RowChange(ChangeAction action, String nik, EndReason reason, YearMonth lastMonth,
                        String targetAgencyId, String name, LocalDate birthDate, Long monthlyIncome, String phone,
                        YearMonth incomeFrom, String kelurahan, String occupation, String district) {

    /** A change that corrects no district. */
    public RowChange(ChangeAction action, String nik, EndReason reason, YearMonth lastMonth, String targetAgencyId,
                     String name, LocalDate birthDate, Long monthlyIncome, String phone, YearMonth incomeFrom,
                     String kelurahan, String occupation) {
        this(action, nik, reason, lastMonth, targetAgencyId, name, birthDate, monthlyIncome, phone, incomeFrom,
                kelurahan, occupation, null);
    }

    /** A change that corrects no village or trade. */
    public RowChange(ChangeAction action, String nik, EndReason reason, YearMonth lastMonth, String targetAgencyId,
                     String name, LocalDate birthDate, Long monthlyIncome, String phone, YearMonth incomeFrom) {
        this(action, nik, reason, lastMonth, targetAgencyId, name, birthDate, monthlyIncome, phone, incomeFrom, null,
                null, null);
    }

    /** A change without an income's effective month (every action but a KOREKSI of PENGHASILAN). */
    public RowChange(ChangeAction action, String nik, EndReason reason, YearMonth lastMonth, String targetAgencyId,
                     String name, LocalDate birthDate, Long monthlyIncome, String phone) {
        this(action, nik, reason, lastMonth, targetAgencyId, name, birthDate, monthlyIncome, phone, null);
    }
}
