package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.claims.ClaimCatalogue;
import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.claims.ClaimProcessor;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** What the claim route tests share: the processor the callback and the pull both use, and a claim. */
final class RouteTestClaims {

    private RouteTestClaims() {
    }

    /**
     * As FinanceWiring makes it, with the default catalogue and no agencies: every claim is recorded
     * (for review, its worker unknown) with its message in the ledger's outbox.
     */
    static ClaimProcessor processor(Ledger ledger, FinanceLedger finance, ObjectMapper json, Clock clock) {
        ClaimOutbox outbox = new ClaimOutbox(finance, 100, new ClaimOutbox.Timing(Duration.ofMillis(200),
                Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(60)), clock);
        return new ClaimProcessor(ledger, finance, AgencyRegistry.of(List.of()),
                Map.of("JKM", "5.1.02.01.001", "JKK", "5.1.02.01.002"), ZoneId.of("Asia/Jayapura"), json, clock,
                outbox::wake, ClaimCatalogue.defaults());
    }

    /** A well-formed JKK claim as BPJS sends it. */
    static String claimJson(String claimId, String paidAt) {
        return "{\"claimId\":\"" + claimId + "\",\"claimType\":\"JKK\",\"kpj\":\"KPJ7001\",\"nik\":\"9171012345678901\","
                + "\"amount\":7500000,\"components\":[{\"code\":\"BIAYA_PENGOBATAN\",\"amount\":7500000}],"
                + "\"paidAt\":\"" + paidAt + "\"}";
    }
}
