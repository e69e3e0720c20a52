package id.jamsos.gateway.ledger;

import java.util.BitSet;

/**
 * The rows of a file already in the ledger, by spreadsheet row number: bit sets, because a resumed
 * intake of a million-row file must not hold a million boxed entries.
 */
public record ExistingRows(BitSet present, BitSet pending, BitSet rejected) {

    public static ExistingRows none() {
        return new ExistingRows(new BitSet(), new BitSet(), new BitSet());
    }
}
