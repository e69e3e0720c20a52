package id.jamsos.gateway.demo;

/**
 * What a generated sample file should validate to.
 *
 * @param rows             data rows written
 * @param expectedAccepted rows the validator must accept
 * @param expectedRejected rows deliberately made bad
 */
public record SampleSummary(int rows, int expectedAccepted, int expectedRejected) {
}
