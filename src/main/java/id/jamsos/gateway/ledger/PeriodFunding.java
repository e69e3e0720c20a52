package id.jamsos.gateway.ledger;

/**
 * Who pays a period of cover, decided when the period opens and recorded on it
 * (coverage_period.funding_source and funding_account, V14 and V23), so that a later change of the
 * programme's settings does not move past months to another source. The rule is the programme's
 * (finance/FundingRule); the ledger asks it in the transaction that opens the periods, with a round
 * prepared before that transaction (the rule may read the budget plan, on other connections).
 */
public interface PeriodFunding {

    /** A funding source code and its budget account (kode rekening). */
    record Funding(String source, String account) {
    }

    /** One transaction's decisions, in the order the periods open: a round may count money down. */
    @FunctionalInterface
    interface Round {
        /** @return the funding of a worker of this agency and declared income (null: the default), or null: none */
        Funding fund(String agencyId, Long monthlyIncome);
    }

    /** Prepares the decisions of one transaction; called outside it. */
    Round round();

    /** No rule: periods open without a source (the statement then reads the agency's configured one). */
    PeriodFunding NONE = () -> (agencyId, income) -> null;
}
