package id.jamsos.gateway.finance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The monthly contribution statement as the city's finance office receives it on the finance queue
 * (messageType CONTRIBUTION_STATEMENT), described by schemas/contribution-statement-v2.schema.json
 * (version 1, schemas/contribution-statement-v1.schema.json, is kept for the messages still on queues).
 * Money is whole rupiah: the funding sources add up to the totals, and each source's agencies add up to
 * the source, to the rupiah. {@code messageId} is the same for the same figures, so a re-run that finds
 * nothing new is dropped by a deduplicating consumer, and a corrected statement is a new message.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContributionStatement(
        String schemaVersion,
        String messageId,
        String messageType,
        String period,
        String scope,
        String regionCode,
        String currency,
        Rules rules,
        List<SourceTotals> sources,
        List<AgencyTotals> agencies,
        Totals totals,
        Totals invoice,
        String invoiceError,
        Long difference,
        DifferenceCounts differenceCounts,
        int differencesNotListed,
        List<Difference> differences,
        BudgetCheck budget,
        String summary,
        String generatedAt) {

    public static final String SCHEMA_VERSION = "2";
    public static final String TYPE = "CONTRIBUTION_STATEMENT";
    /** The scope of a statement over every agency. */
    public static final String ALL = "all";

    /** How the figures were worked out, so a clerk can check them by hand. */
    public record Rules(int jkkPercent, long jkkMin, long jkkMax, long jkm, boolean proRata, long defaultIncome,
                        String coverage) {
    }

    public record Totals(int workers, long jkk, long jkm, long total) {
    }

    /** @param workersWithDefaultIncome workers whose declared income the ledger lacks, billed at the default */
    public record AgencyTotals(String agencyId, String agencyName, int workers, long jkk, long jkm, long total,
                               int workersWithDefaultIncome) {
    }

    /**
     * What one funding source owes for the month, and per agency within it.
     *
     * @param source  the source's code (APBD_KOTA, OTSUS, ...): the period's own, else the agency's configured
     * @param account the budget account (kode rekening) it is booked on; null for a code the programme lacks
     */
    public record SourceTotals(String source, String name, String account, int workers, long jkk, long jkm,
                               long total, int workersWithDefaultIncome, List<AgencyTotals> agencies) {
    }

    /** How many differences of each kind were found, listed or not. */
    public record DifferenceCounts(int enrolledNotBilled, int billedNotEnrolled, int billedAfterEnd, int amountDiffers,
                                   int total) {
    }

    /**
     * One worker on which the gateway and the invoice disagree.
     *
     * @param kind ENROLLED_NOT_BILLED, BILLED_NOT_ENROLLED, BILLED_AFTER_END or AMOUNT_DIFFERS
     * @param due  what the gateway works out for the month; null when not covered here that month
     * @param billed what the invoice bills; null when not billed
     * @param lastCoveredMonth for BILLED_AFTER_END: the last month the worker's cover included (yyyy-MM)
     * @param endReason for BILLED_AFTER_END: why that cover ended (ledger/EndReason name)
     */
    public record Difference(String kind, String kpj, String nikMasked, String name, String agencyId, Long due,
                             Long billed, String lastCoveredMonth, String endReason, String explanation) {

        public static final String ENROLLED_NOT_BILLED = "ENROLLED_NOT_BILLED";
        public static final String BILLED_NOT_ENROLLED = "BILLED_NOT_ENROLLED";
        public static final String BILLED_AFTER_END = "BILLED_AFTER_END";
        public static final String AMOUNT_DIFFERS = "AMOUNT_DIFFERS";
    }
}
