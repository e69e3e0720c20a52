package id.jamsos.gateway.proof;

import id.jamsos.gateway.ledger.PostgresTestDatabase;

/** {@link ProofOfCoverTest} on PostgreSQL (a schema of its own per test; fails, not skips, under CI=true). */
class PostgresProofOfCoverTest extends ProofOfCoverTest {

    @Override
    protected ProofFixture openFixture() {
        PostgresTestDatabase db = PostgresTestDatabase.openOrSkip("proof");
        return new ProofFixture(db.dataSource(), db);
    }
}
