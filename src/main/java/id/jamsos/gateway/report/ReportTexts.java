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
                + file.id() + "; laporannya: " + ReportNames.results(reportBase, 1) + " dan " + ReportNames.rejects(reportBase, 1) + ","
                + " laporan berkas sebelumnya tidak diubah. NIK yang sudah terdaftar atau sedang diproses dari"
                + " berkas sebelumnya tidak dikirim dua kali (ALREADY_ENROLLED, IN_PROGRESS).\r\n"
                + "File " + name + " was received before (file #" + earlier.id() + ", " + earlier.receivedAt()
                + ") with other content. This file was processed as a new file #" + file.id() + "; its reports: "
                + ReportNames.results(reportBase, 1) + " and " + ReportNames.rejects(reportBase, 1) + ", the earlier file's reports are"
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

    /**
     * A parked row's reason in the reports, in plain words: what happened and what the clerk does. The
     * delivery error itself (an exception's message, an HTTP status, BPJS's metaData code) is for the
     * operators: it is in the ledger, on the ops page and in the log line that parked the job.
     */
    public static final String PARKED_ID = "Belum terkirim: BPJS sedang tidak dapat dihubungi; petugas akan mengirim"
            + " ulang. Tidak perlu mengirim baris ini lagi.";
    public static final String PARKED_EN = "Not sent yet: BPJS could not be reached; an operator will send it again."
            + " Do not send this row again.";

    /** An enrolled row's remark: the KPJ number is the clerk's proof. */
    public static final String ENROLLED = "Terdaftar di BPJS Ketenagakerjaan; nomor KPJ ada di kolom kpj"
            + " / Enrolled with BPJS Ketenagakerjaan; the KPJ number is in the kpj column";
    /** A row still at BPJS (reports are written when none is; said for completeness). */
    public static final String PENDING = "Sedang diproses di BPJS; hasilnya ada di versi laporan berikutnya"
            + " / Being processed at BPJS; the result comes in the next version of this report";
    /** A change row (BERHENTI, KOREKSI, PINDAH) applied, when the ledger kept no note of its own. */
    public static final String APPLIED = "Perubahan diterapkan di BPJS dan di data gateway"
            + " / The change was applied at BPJS and in the gateway's records";

    /**
     * A row BPJS refused. BPJS's own reason is quoted (its words, often Indonesian only); an answer that
     * is technical rather than a reason (an HTTP status, a metaData code, an exception) is not: the clerk
     * gets a reference the operators find it under.
     */
    public static String refusedId(String bpjsReason, long fileId, int rowNo) {
        return plainReason(bpjsReason) == null
                ? "Ditolak oleh BPJS Ketenagakerjaan; rinciannya ada pada petugas TI (berkas #" + fileId + ", baris "
                        + rowNo + ")"
                : "Ditolak oleh BPJS Ketenagakerjaan: " + plainReason(bpjsReason);
    }

    public static String refusedEn(String bpjsReason, long fileId, int rowNo) {
        return plainReason(bpjsReason) == null
                ? "Refused by BPJS Ketenagakerjaan; IT operators have the details (file #" + fileId + ", row " + rowNo
                        + ")"
                : "Refused by BPJS Ketenagakerjaan: " + plainReason(bpjsReason);
    }

    /** BPJS's reason as a clerk may read it, or null when it is technical text or none. */
    static String plainReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String r = reason.strip();
        if (r.startsWith("HTTP ") || r.contains("metaData") || r.contains("Exception") || r.contains("endpoint")) {
            return null;
        }
        return r;
    }

    /** A text "Indonesian / English" as its two halves; one without the slash in both. */
    public static String[] split(String text) {
        int cut = text.indexOf(" / ");
        return cut < 0 ? new String[] {text, text} : new String[] {text.substring(0, cut), text.substring(cut + 3)};
    }

    /** A file-level warning's line: "PERINGATAN / WARNING: ...". */
    public static String warning(String text) {
        return "PERINGATAN / WARNING: " + text;
    }

    /**
     * The note of a report version after the first: which version it replaces, that the earlier one is
     * kept, and the rows by state before and now ({@code before} and {@code now} as {@link ReportCounts}
     * renders them).
     */
    public static String changes(String fileName, int version, String before, String now, String earlierNames) {
        return "Laporan berkas " + fileName + " versi " + version + " menggantikan versi " + (version - 1)
                + ": sebagian baris diputuskan lagi (pengiriman ulang atau koreksi). Laporan versi sebelumnya tetap"
                + " ada di folder ini (" + earlierNames + ").\r\n"
                + "Sebelumnya / before: " + before + "\r\n"
                + "Sekarang / now: " + now + "\r\n"
                + "Reports of file " + fileName + " version " + version + " replace version " + (version - 1)
                + ": some rows were decided again (sent again or corrected). The earlier version's reports stay in"
                + " this folder (" + earlierNames + ").\r\n";
    }

    /** A waitlisted row (jamsos.programme.overBudgetPolicy=WAITLIST): the budget cannot carry it yet. */
    public static final String WAITLISTED_ID = "Anggaran program tidak cukup sampai akhir tahun program; menunggu"
            + " tambahan anggaran, dikirim ke BPJS menurut urutan kedatangan. Tidak perlu mengirim baris ini lagi.";
    public static final String WAITLISTED_EN = "The programme's budget cannot carry this worker to the programme's"
            + " last month; waiting for money to be added, then sent to BPJS in arrival order. Do not send this row"
            + " again.";

    /**
     * A row BPJS answered "already registered" whose member another payer covers (RowState.OTHER_PAYER),
     * when the ledger kept no bilingual reason naming the payer (enrollment.OtherPayers writes that one).
     */
    public static final String OTHER_PAYER_ID = "Sudah menjadi peserta aktif BPJS Ketenagakerjaan yang dibayar oleh"
            + " pihak lain; tidak didaftarkan atas biaya kota. Kirim lagi bila pembayar lain berhenti membayar.";
    public static final String OTHER_PAYER_EN = "Already an active BPJS Ketenagakerjaan member paid by another payer;"
            + " not enrolled at the city's cost. Send it again if the other payer stops paying.";

    /**
     * A row held for a person to look at (RowState.REVIEW) when the ledger kept no bilingual reason of
     * its own: the registry or the eligibility check writes the specific one.
     */
    public static final String REVIEW_ID = "Data pekerja perlu diperiksa petugas sebelum didaftarkan ke BPJS;"
            + " baris ini tidak ditolak dan tidak perlu dikirim lagi.";
    public static final String REVIEW_EN = "A person must check this worker's data before enrollment at BPJS;"
            + " the row is not refused and need not be sent again.";

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
