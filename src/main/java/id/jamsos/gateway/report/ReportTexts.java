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

    public static String fileError(String fileName, Throwable error) {
        if (error instanceof FileRejectedException f) {
            return "Berkas " + fileName + " ditolak seluruhnya: " + f.messageId() + "\r\n"
                    + "File " + fileName + " was refused as a whole: " + f.messageEn() + "\r\n"
                    + "Kode / code: " + f.code() + "\r\n";
        }
        // No exception text: a database error quotes the SQL statement and the gateway's internals, which
        // are the operators' business (their log has the whole cause chain), not the agency's.
        return "Berkas " + fileName + " tidak dapat diproses karena kesalahan sistem; petugas TI telah diberi tahu.\r\n"
                + "File " + fileName + " could not be processed because of a system error; IT operators have been told.\r\n"
                + "Kode / code: SYSTEM_ERROR\r\n";
    }
}
