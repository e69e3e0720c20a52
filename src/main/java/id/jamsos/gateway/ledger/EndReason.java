package id.jamsos.gateway.ledger;

/**
 * Why a period of cover ended, as the ledger stores it (coverage_period.end_reason) and finance reads
 * it. The Indonesian word is what an agency writes in a change file and reads in its report.
 */
public enum EndReason {
    DIED("meninggal dunia", "died"),
    MOVED("pindah domisili", "moved away"),
    NOT_ELIGIBLE("tidak memenuhi syarat", "no longer eligible"),
    OTHER_PAYER("ditanggung pembayar lain", "paid for by another payer"),
    WITHDRAWN("ditarik oleh instansi", "withdrawn by the agency"),
    BUDGET_ENDED("anggaran habis", "budget ended"),
    LAPSED("nonaktif karena tunggakan", "lapsed for unpaid contributions"),
    TRANSFERRED("dipindahkan ke instansi lain", "handed to another agency");

    private final String indonesian;
    private final String english;

    EndReason(String indonesian, String english) {
        this.indonesian = indonesian;
        this.english = english;
    }

    /** "meninggal dunia / died": for reports and messages a person reads. */
    public String text() {
        return indonesian + " / " + english;
    }
}
