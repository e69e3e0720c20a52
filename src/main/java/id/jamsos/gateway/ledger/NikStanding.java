package id.jamsos.gateway.ledger;

import id.jamsos.gateway.model.RowRejection;
import java.time.YearMonth;
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
    /** The worker's cover ended because they died: a DAFTAR row for the NIK is never sent. */
    String DECEASED = "WORKER_DECEASED";

    /**
     * The reason a row for this NIK is not sent, given the row's own name and birth-date hash; null when
     * it may be sent after all (a worker whose cover ended, named with the same data: a re-enrollment).
     */
    RowRejection refusal(String rowName, String rowBirthHash);

    /** {@link #refusal(String, String)} for row {@code rowNo} of file {@code fileName}, which some reasons name. */
    default RowRejection refusal(String rowName, String rowBirthHash, String fileName, int rowNo) {
        return refusal(rowName, rowBirthHash);
    }

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

    /**
     * Enrolled once, but no period of cover is open now (ended MOVED, LAPSED, WITHDRAWN, ...): coming back
     * is a new registration at BPJS (shared/domain.md), which brings the same KPJ back, and the ledger then
     * opens a new period for the same worker. The row must name the same person, as for {@link Enrolled};
     * a worker who died is never enrolled again.
     *
     * @param lastMonth the last month of cover: of the period ended DIED for a death, else the latest
     */
    record CoverEnded(String kpj, String name, String birthHash, EndReason reason, YearMonth lastMonth)
            implements NikStanding {

        @Override
        public RowRejection refusal(String rowName, String rowBirthHash) {
            return refusal(rowName, rowBirthHash, null, 0);
        }

        @Override
        public RowRejection refusal(String rowName, String rowBirthHash, String fileName, int rowNo) {
            RowRejection asEnrolled = new Enrolled(kpj, name, birthHash).refusal(rowName, rowBirthHash);
            if (!asEnrolled.code().equals(ALREADY_ENROLLED)) {
                // Other data: the NIK may be mistyped, which the clerk must learn first.
                return asEnrolled;
            }
            return reason == EndReason.DIED ? deceased(kpj, lastMonth, fileName, rowNo) : null;
        }
    }

    /**
     * The reason a DAFTAR row for a worker who died is refused, naming the file and row when known
     * ({@code fileName} null: not known).
     */
    static RowRejection deceased(String kpj, YearMonth lastMonth, String fileName, int rowNo) {
        String whereId = fileName == null ? "" : "Berkas " + fileName + ", baris " + rowNo + ", kolom NIK: ";
        String whereEn = fileName == null ? "" : "File " + fileName + ", row " + rowNo + ", field NIK: ";
        return new RowRejection("NIK", DECEASED,
                whereId + "pemilik NIK ini tercatat meninggal dunia (KPJ " + kpj + ", tanggungan berakhir bulan "
                        + lastMonth + "). Tidak didaftarkan lagi; jika catatan ini keliru, hubungi petugas TI",
                whereEn + "the holder of this NIK is recorded as deceased (KPJ " + kpj + ", cover ended with "
                        + lastMonth + "). Not enrolled again; if that record is wrong, contact the IT operators");
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
