package id.jamsos.gateway.report;

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

    public static String fileError(String fileName, Throwable error) {
        if (error instanceof FileRejectedException f) {
            return "Berkas " + fileName + " ditolak seluruhnya: " + f.messageId() + "\r\n"
                    + "File " + fileName + " was refused as a whole: " + f.messageEn() + "\r\n"
                    + "Kode / code: " + f.code() + "\r\n";
        }
        return "Berkas " + fileName + " tidak dapat diproses karena kesalahan sistem; petugas TI telah diberi tahu.\r\n"
                + "File " + fileName + " could not be processed because of a system error; IT operators have been told.\r\n"
                + "Detail: " + (error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage()) + "\r\n";
    }
}
