package id.jamsos.gateway.ledger;

/** One row of one file: the key of file_row. */
public record RowKey(long fileId, int rowNo) {

    static RowKey of(RowOutcome outcome) {
        return new RowKey(outcome.fileId(), outcome.rowNo());
    }
}
