package id.jamsos.gateway.model;

import java.time.LocalDate;

/**
 * One worker as an agency row describes them, after validation and normalisation.
 * Optional fields are null when the agency left them empty.
 *
 * @param monthlyIncome declared monthly income in whole rupiah (default from config when absent)
 */
public record WorkerRecord(
        String nik,
        String name,
        LocalDate birthDate,
        Sex sex,
        String birthPlace,
        String address,
        String kelurahan,
        String district,
        String phone,
        String occupation,
        long monthlyIncome) {
}
