package id.jamsos.gateway.report;

import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileRegistration;
import id.jamsos.gateway.model.FileRejectedException;

/** Short notes written back to an agency, Indonesian first with the English beside it. */
public final class ReportTexts {

    private ReportTexts() {
    }

    public static String duplicate(String fileName, FileRegistration reg) {
        return "Berkas " + fileName + " sudah pernah diterima dan diproses (berkas #" + reg.previousFileId()
                + " \"" + reg.previousFileName() + "\", " + reg.previousReceivedAt() + "). Berkas ini tidak diproses lagi.\r\n"
                + "File " + fileName + " was already received and processed (file #" + reg.previousFileId()
                + " \"" + reg.previousFileName() + "\", " + reg.previousReceivedAt() + "). It was not processed again.\r\n";
    }

    /** For a file sent under the name of an earlier one with other content: processed as a file of its own. */
    public static String reupload(FileInfo file, FileInfo earlier, String reportBase) {
        String name = file.fileName();
        return "Berkas " + name + " sudah pernah diterima sebelumnya (berkas #" + earlier.id() + ", "
                + earlier.receivedAt() + ") dengan isi yang berbeda. Berkas ini diproses sebagai berkas baru #"
                + file.id() + "; laporannya: " + reportBase + ".results.csv dan " + reportBase + ".rejects.csv,"
                + " laporan berkas sebelumnya tidak diubah. NIK yang sudah terdaftar atau sedang diproses dari"
                + " berkas sebelumnya tidak dikirim dua kali (ALREADY_ENROLLED, IN_PROGRESS).\r\n"
                + "File " + name + " was received before (file #" + earlier.id() + ", " + earlier.receivedAt()
                + ") with other content. This file was processed as a new file #" + file.id() + "; its reports: "
                + reportBase + ".results.csv and " + reportBase + ".rejects.csv, the earlier file's reports are"
                + " unchanged. NIKs already enrolled or in progress from the earlier file are not sent twice"
                + " (ALREADY_ENROLLED, IN_PROGRESS).\r\n";
    }

    /**
     * The note beside a file refused as a whole, or failed for a system error. A system error is
     * never quoted (no exception class, SQL or vendor code reaches an agency): the note gives a
     * reference the operator finds in the log, where the whole error is.
     *
     * @param reference e.g. {@code "berkas/file #12, insiden/incident 3fa9c21b"}
     */
    public static String fileError(String fileName, Throwable error, String reference) {
        if (error instanceof FileRejectedException f) {
            return "Berkas " + fileName + " ditolak seluruhnya: " + f.messageId() + "\r\n"
                    + "File " + fileName + " was refused as a whole: " + f.messageEn() + "\r\n"
                    + "Kode / code: " + f.code() + "\r\n";
        }
        return "Berkas " + fileName + " tidak dapat diproses karena kesalahan sistem di gateway, bukan karena isi"
                + " berkas; petugas TI telah diberi tahu. Sebutkan rujukan di bawah bila menghubungi petugas TI;"
                + " kirim ulang berkas setelah mereka memperbaikinya.\r\n"
                + "File " + fileName + " could not be processed because of a system error in the gateway, not because"
                + " of its content; IT operators have been told. Quote the reference below when you contact them;"
                + " upload the file again once they have fixed it.\r\n"
                + "Kode / code: FILE_SYSTEM_ERROR\r\n"
                + "Rujukan / reference: " + reference + "\r\n";
    }

    /** A parked row's reason in the reports: what the clerk does, never the delivery error itself. */
    public static final String PARKED_ID = "Belum terkirim ke BPJS karena gangguan pengiriman; ditahan untuk petugas TI"
            + " yang akan mengirim ulang. Tidak perlu mengirim baris ini lagi.";
    public static final String PARKED_EN = "Not delivered to BPJS yet because of a delivery problem; held for IT"
            + " operators to resend. Do not send this row again.";

    /** A waitlisted row (jamsos.programme.overBudgetPolicy=WAITLIST): the budget cannot carry it yet. */
    public static final String WAITLISTED_ID = "Anggaran program tidak cukup sampai akhir tahun program; menunggu"
            + " tambahan anggaran, dikirim ke BPJS menurut urutan kedatangan. Tidak perlu mengirim baris ini lagi.";
    public static final String WAITLISTED_EN = "The programme's budget cannot carry this worker to the programme's"
            + " last month; waiting for money to be added, then sent to BPJS in arrival order. Do not send this row"
            + " again.";

    /**
     * The remark of an ENROLLED row that brought back a worker whose cover had ended (moved away and
     * back, lapsed, withdrawn): the same KPJ, a new period of cover from {@code firstMonth}.
     */
    public static String reenrolled(java.time.YearMonth firstMonth) {
        return "Pendaftaran ulang: tanggungan sebelumnya sudah berakhir; peserta didaftarkan kembali dengan KPJ yang"
                + " sama, tanggungan baru mulai bulan " + firstMonth + " / Re-enrollment: the earlier cover had ended;"
                + " the worker was enrolled again under the same KPJ, new cover from " + firstMonth;
    }
}
