package id.jamsos.gateway.ledger;

import id.jamsos.gateway.model.RowRejection;
import java.util.Locale;

/**
 * Where a NIK already stands in the ledger when another row names it: enrolled as a worker, or on
 * its way to BPJS in a row of some file. One NIK is one worker with one KPJ, so a second row for it
 * is never sent; what the agency is told depends on whether the second row names the same person.
 */
public sealed interface NikStanding {

    /** Reason codes of a row turned away for its NIK, as the rejects report shows them. */
    String ALREADY_ENROLLED = "ALREADY_ENROLLED";
    String DATA_CONFLICT = "DATA_CONFLICT";
    String IN_PROGRESS = "IN_PROGRESS";

    /** The reason a row for this NIK is not sent, given the row's own name and birth-date hash. */
    RowRejection refusal(String rowName, String rowBirthHash);

    /** Enrolled: the worker the ledger holds, with the name and birth-date hash of its enrolment. */
    record Enrolled(String kpj, String name, String birthHash) implements NikStanding {

        @Override
        public RowRejection refusal(String rowName, String rowBirthHash) {
            boolean sameName = nameKey(name).equals(nameKey(rowName));
            // A worker enrolled before birth dates were compared has no hash: the name decides alone.
            boolean sameBirth = birthHash == null || rowBirthHash == null || birthHash.equals(rowBirthHash);
            if (sameName && sameBirth) {
                return new RowRejection("NIK", ALREADY_ENROLLED,
                        "Sudah terdaftar sebagai peserta BPJS Ketenagakerjaan (KPJ " + kpj + "); tidak dikirim lagi",
                        "Already enrolled in BPJS Ketenagakerjaan (KPJ " + kpj + "); not sent again");
            }
            String id = !sameName
                    ? "nama di berkas ini " + maskName(rowName) + ", nama terdaftar " + maskName(name)
                    : "tanggal lahir berbeda dengan data terdaftar";
            String en = !sameName
                    ? "name in this file " + maskName(rowName) + ", enrolled name " + maskName(name)
                    : "the birth date differs from the enrolled data";
            if (!sameName && !sameBirth) {
                id += "; tanggal lahir juga berbeda";
                en += "; the birth date differs too";
            }
            return new RowRejection("NIK", DATA_CONFLICT,
                    "NIK ini sudah terdaftar (KPJ " + kpj + ") atas data yang berbeda: " + id
                            + ". Tidak dikirim; periksa NIK, atau minta petugas memperbaiki data peserta",
                    "This NIK is already enrolled (KPJ " + kpj + ") with other data: " + en
                            + ". Not sent; check the NIK, or ask an operator to correct the worker's data");
        }
    }

    /** On its way: a PENDING row of another file. */
    record InFlight(long fileId, String fileName, int rowNo) implements NikStanding {

        @Override
        public RowRejection refusal(String rowName, String rowBirthHash) {
            return new RowRejection("NIK", IN_PROGRESS,
                    "NIK ini sedang didaftarkan dari berkas " + fileName + " (id " + fileId + ") baris " + rowNo
                            + "; tidak dikirim dua kali. Jika laporan berkas itu tidak menyebut baris itu TERDAFTAR,"
                            + " kirim baris ini lagi",
                    "This NIK is being enrolled from file " + fileName + " (id " + fileId + ") row " + rowNo
                            + "; not sent twice. If that file's report does not show the row ENROLLED, send this row"
                            + " again");
        }
    }

    /** Names compare without case and runs of white space: the same clerk types them differently. */
    static String nameKey(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /**
     * The first two letters of each word, the rest as stars: enough for a clerk to recognise a name
     * they have on paper, not enough to learn a stranger's from another agency's enrolment.
     */
    static String maskName(String name) {
        String key = nameKey(name);
        if (key.isEmpty()) {
            return "(kosong/empty)";
        }
        StringBuilder sb = new StringBuilder(key.length() + 2).append('\'');
        int inWord = 0;
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                inWord = 0;
                sb.append(' ');
            } else {
                sb.appendCodePoint(inWord++ < 2 ? cp : '*');
            }
        }
        return sb.append('\'').toString();
    }
}
