package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The claim outbox of the finance ledger (V8), the same on every database the ledger runs on. */
abstract class ClaimOutboxContractTest extends LedgerDatabaseContract {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final String NAME = "Yosina Mambrasar";

    private Ledger ledger;
    private FinanceLedger finance;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource());
        finance = new FinanceLedger(db.dataSource());
    }

    private static ClaimRecord claim(String id, int second) {
        return new ClaimRecord(id, "JKK", "K" + id, "3171000000000001", 7_500_000L, "AG1", T0.plusSeconds(second),
                "{\"claimId\":\"" + id + "\"}");
    }

    private static ClaimMessage message(String id) {
        return new ClaimMessage(id, "finance", null, "{\"claimId\":\"" + id + "\",\"worker\":{\"name\":\"" + NAME + "\"}}",
                Map.of("messageId", "claim-" + id, "claimType", "JKK"));
    }

    private static List<String> ids(List<ClaimMessage> batch) {
        return batch.stream().map(ClaimMessage::claimId).toList();
    }

    /** A claim as the gateway stored it before the outbox (V8): without a finance message. */
    private void recordWithoutMessage(ClaimRecord claim) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO claim (claim_id, claim_type, kpj, amount,"
                     + " agency_id, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, claim.claimId());
            ps.setString(2, claim.claimType());
            ps.setString(3, claim.kpj());
            ps.setLong(4, claim.amount());
            ps.setString(5, claim.agencyId());
            DbTime.set(ps, 6, claim.receivedAt());
            ps.executeUpdate();
        }
    }

    private long publishedCount() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM claim WHERE published_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String storedMessage(String id) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT message FROM claim WHERE claim_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aClaimIsRecordedOnceWithItsMessageEncrypted() throws Exception {
        assertThat(finance.recordClaim(claim("C1", 0), message("C1"))).isTrue();
        assertThat(finance.recordClaim(claim("C1", 5), new ClaimMessage("C1", "review", "X: y", "{}", Map.of())))
                .isFalse();

        assertThat(storedMessage("C1")).startsWith("enc:").doesNotContain(NAME);
        assertThat(finance.unpublishedClaimCount()).isEqualTo(1);
        assertThat(finance.claimDestination("C1")).as("not published yet").isEmpty();
        List<ClaimMessage> batch = finance.leaseUnpublished(10, T0, T0.plusSeconds(60));
        assertThat(batch).containsExactly(message("C1"));
        assertThat(ledger.claim("C1").orElseThrow().payloadJson()).isEqualTo("{\"claimId\":\"C1\"}");
    }

    @Test
    void aClaimIsStoredOnceAlsoWhenCallsRaceAndItsFirstPublicationStays() throws Exception {
        Instant at = T0.plus(5, ChronoUnit.DAYS);
        ClaimRecord claim = new ClaimRecord("CLM-1", "JKM", "K0001", "3171000000000001", 42_000_000L, "AG1", at,
                "{\"claimId\":\"CLM-1\"}");

        assertThat(finance.recordClaim(claim, message("CLM-1"))).isTrue();
        assertThat(finance.recordClaim(claim, message("CLM-1"))).isFalse();
        assertThat(ledger.claim("CLM-1")).contains(claim);
        assertThat(finance.unpublishedClaimCount()).isEqualTo(1);

        finance.markPublished(List.of("CLM-1"), at.plusSeconds(1));
        finance.markPublished(List.of("CLM-1"), at.plusSeconds(99));
        assertThat(finance.unpublishedClaimCount()).isZero();
        assertThat(publishedCount()).isEqualTo(1);

        ClaimRecord other = new ClaimRecord("CLM-2", "JKK", null, null, 9_000_000_000L, null, at, null);
        List<Boolean> inserted = LedgerContractTest.race(8, () -> finance.recordClaim(other, message("CLM-2")));
        assertThat(inserted).containsOnlyOnce(true);
        assertThat(ledger.claim("CLM-2").orElseThrow().amount()).isEqualTo(9_000_000_000L);
    }

    @Test
    void aBatchIsLeasedOldestFirstAndNotTakenAgainWhileTheLeaseRuns() {
        for (int i = 0; i < 5; i++) {
            finance.recordClaim(claim("C" + i, 10 - i), message("C" + i));
        }

        List<ClaimMessage> first = finance.leaseUnpublished(3, T0, T0.plusSeconds(60));
        assertThat(ids(first)).containsExactly("C4", "C3", "C2");
        assertThat(ids(finance.leaseUnpublished(10, T0.plusSeconds(1), T0.plusSeconds(61))))
                .containsExactly("C1", "C0");
        assertThat(finance.leaseUnpublished(10, T0.plusSeconds(2), T0.plusSeconds(62))).isEmpty();

        // The holder died: once its lease has run out, another process takes the batch over.
        assertThat(ids(finance.leaseUnpublished(10, T0.plusSeconds(61), T0.plusSeconds(121))))
                .containsExactly("C4", "C3", "C2");
    }

    @Test
    void publishedClaimsAreNotTakenAgainAndReleasedOnesAreTakenAtOnce() {
        for (int i = 0; i < 4; i++) {
            finance.recordClaim(claim("C" + i, i), message("C" + i));
        }
        List<ClaimMessage> batch = finance.leaseUnpublished(10, T0, T0.plusSeconds(60));
        finance.markPublished(List.of("C0", "C1"), T0.plusSeconds(1));
        finance.release(List.of("C2", "C3"));

        assertThat(finance.claimDestination("C0")).contains("finance");
        assertThat(finance.unpublishedClaimCount()).isEqualTo(2);
        assertThat(ids(finance.leaseUnpublished(10, T0.plusSeconds(2), T0.plusSeconds(62))))
                .containsExactly("C2", "C3");
        assertThat(batch).hasSize(4);
        // Published stays published, also when an old holder marks or releases late.
        finance.release(List.of("C0"));
        assertThat(ids(finance.leaseUnpublished(10, T0.plusSeconds(100), T0.plusSeconds(160))))
                .containsExactly("C2", "C3");
    }

    @Test
    void claimsLeasedByIdAreOnlyTheGivenOnesStillUnpublishedAndFreeOldestFirst() throws Exception {
        for (int i = 0; i < 5; i++) {
            finance.recordClaim(claim("C" + i, 10 - i), message("C" + i));
        }
        finance.leaseUnpublished(1, T0, T0.plusSeconds(60)); // C4: another holder's running lease
        finance.markPublished(List.of("C3"), T0);
        recordWithoutMessage(claim("OLD", 0)); // no message: nothing to send

        List<ClaimMessage> batch = finance.leaseClaims(List.of("C1", "C4", "C3", "C2", "OLD", "NONE", "C1"),
                T0.plusSeconds(1), T0.plusSeconds(61));

        assertThat(batch).containsExactly(message("C2"), message("C1"));
        assertThat(finance.leaseClaims(List.of("C1", "C2"), T0.plusSeconds(2), T0.plusSeconds(62)))
                .as("under this batch's lease now").isEmpty();
        assertThat(ids(finance.leaseUnpublished(10, T0.plusSeconds(2), T0.plusSeconds(62))))
                .as("C0 was not asked for and is still free").containsExactly("C0");
        assertThat(ids(finance.leaseClaims(List.of("C1", "C4"), T0.plusSeconds(62), T0.plusSeconds(122))))
                .as("once the leases ran out").containsExactly("C4", "C1");
        assertThat(finance.leaseClaims(List.of(), T0, T0)).isEmpty();
    }

    @Test
    void publishersLeasingByIdAndBySearchAtOnceNeverTakeTheSameClaim() throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = String.format("C%02d", i);
            // Oldest first is the reverse of claim_id order: the search and the by-id lease must
            // still lock rows in one order, or two of them deadlock.
            finance.recordClaim(claim(id, 60 - i), message(id));
            all.add(id);
        }
        List<String> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        AtomicInteger turn = new AtomicInteger();

        List<List<ClaimMessage>> batches = LedgerContractTest.race(4, () -> switch (turn.getAndIncrement() % 4) {
            case 0 -> finance.leaseClaims(all, T0.plusSeconds(100), T0.plusSeconds(160));
            case 1 -> finance.leaseClaims(reversed, T0.plusSeconds(100), T0.plusSeconds(160));
            default -> finance.leaseUnpublished(40, T0.plusSeconds(100), T0.plusSeconds(160));
        });

        List<String> taken = new ArrayList<>();
        batches.forEach(b -> taken.addAll(ids(b)));
        assertThat(taken).doesNotHaveDuplicates();
        assertThat(taken.size() + finance.leaseUnpublished(100, T0.plusSeconds(101), T0.plusSeconds(161)).size())
                .isEqualTo(60);
    }

    @Test
    void twoPublishersRacingNeverTakeTheSameClaim() throws Exception {
        for (int i = 0; i < 60; i++) {
            finance.recordClaim(claim(String.format("C%02d", i), i), message(String.format("C%02d", i)));
        }

        List<List<ClaimMessage>> batches = LedgerContractTest.race(4,
                () -> finance.leaseUnpublished(40, T0.plusSeconds(100), T0.plusSeconds(160)));

        List<String> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(ids(b)));
        Set<String> distinct = new TreeSet<>(all);
        assertThat(all).hasSameSizeAs(distinct);
        // Whoever lost a claim to another racer left it out; nothing is both taken and left over.
        assertThat(distinct.size() + finance.leaseUnpublished(100, T0.plusSeconds(101), T0.plusSeconds(161)).size())
                .isEqualTo(60);
    }

    @Test
    void aClaimRecordedBeforeTheOutboxGetsItsMessageWhenSeenAgain() throws Exception {
        recordWithoutMessage(claim("OLD", 0));
        assertThat(finance.leaseUnpublished(10, T0, T0.plusSeconds(60))).as("no message, nothing to send").isEmpty();
        assertThat(finance.unpublishedClaimsWithoutMessage()).as("counted, for the warning at start").isEqualTo(1);

        assertThat(finance.recordClaim(claim("OLD", 9), message("OLD"))).isTrue();
        assertThat(finance.unpublishedClaimsWithoutMessage()).isZero();

        assertThat(finance.leaseUnpublished(10, T0, T0.plusSeconds(60))).containsExactly(message("OLD"));
        assertThat(finance.recordClaim(claim("OLD", 9), message("OLD"))).isFalse();
    }

    /** Issue 16: a worker's earlier claims that went to finance, by NIK or KPJ, for caps over several claims. */
    @Test
    void aWorkersEarlierFinanceClaimsAreFoundByNikOrKpjButNotThoseOnReview() {
        String nik = "3171000000000009";
        finance.recordClaim(new ClaimRecord("S1", "JKM", "05K40081234", nik, 42_000_000L, "AG1", T0, "{\"claimId\":\"S1\"}"),
                message("S1"));
        finance.recordClaim(new ClaimRecord("S2", "JKM", "05K40081234", null, 3_000_000L, "AG1", T0.plusSeconds(1),
                "{\"claimId\":\"S2\"}"), message("S2"));
        finance.recordClaim(new ClaimRecord("S3", "JKM", null, nik, 1_500_000L, "AG1", T0.plusSeconds(2),
                "{\"claimId\":\"S3\"}"), new ClaimMessage("S3", "review", "OVER_CAP: x", "{}", Map.of()));
        finance.recordClaim(new ClaimRecord("S4", "JKM", "05K40089999", "3171000000000008", 2_000_000L, "AG1",
                T0.plusSeconds(3), "{\"claimId\":\"S4\"}"), message("S4"));

        assertThat(finance.financeClaimPayloads("05K40081234", nik, "S9"))
                .containsExactly("{\"claimId\":\"S1\"}", "{\"claimId\":\"S2\"}");
        assertThat(finance.financeClaimPayloads("05K40081234", nik, "S1")).containsExactly("{\"claimId\":\"S2\"}");
        assertThat(finance.financeClaimPayloads(null, nik, "S9")).containsExactly("{\"claimId\":\"S1\"}");
        assertThat(finance.financeClaimPayloads("NOPE", null, "S9")).isEmpty();
    }
}
