package id.jamsos.gateway.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: every claim message the processor records, to finance or to review, validates against
 * finance-claim-v3, and carries the event date and the service level; the checked claim holds the
 * event date that ends a dead worker's cover. A worker with a letter KPJ (05K40081234) is enrolled on
 * an in-memory ledger; the claims are those the simulator's ClaimFactory helpers make.
 */
class FinanceClaimMessageSchemaTest {

    static final Instant NOW = Instant.parse("2026-06-12T02:00:00Z");
    static final String NIK = "9271014501900001";
    static final String KPJ = "05K40081234";
    static final JsonSchema V3 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(FinanceClaimMessageSchemaTest.class.getResourceAsStream("/schemas/finance-claim-v3.schema.json"));

    private HikariDataSource dataSource;
    private FinanceLedger finance;
    private ClaimProcessor processor;
    private final ObjectMapper json = Json.mapper();
    private final List<String> measured = new ArrayList<>();
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void setUp() {
        dataSource = LedgerDataSource.create(LedgerDataSource.h2MemUrl("claim-schema-" + UUID.randomUUID()), "sa", "", 2);
        LedgerMigrations.migrate(dataSource);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Ledger ledger = new Ledger(dataSource, clock);
        finance = new FinanceLedger(dataSource);
        long file = ledger.registerFile("AG1", "peserta.csv", "%064d".formatted(1), NOW.minusSeconds(86_400L * 90))
                .fileId();
        ledger.insertRows(file, List.of(new LedgerRow(file, 1, NIK, "Yohana Kambu", RowState.PENDING, List.of(),
                "key-1", null, null, 1_000_000L, null)));
        ledger.completeIntake(file, 1, 0);
        ledger.recordOutcomes(List.of(new RowOutcome(file, 1, RowState.ENROLLED, KPJ, null, "AG1", "Sorong Timur")));
        processor = new ClaimProcessor(ledger, finance, AgencyRegistry.of(List.of()),
                Map.of("JKM", "5.1.02.01.001", "JKK", "5.1.02.01.002"), ZoneId.of("Asia/Jayapura"), json, clock,
                id -> { }, ClaimCatalogue.defaults(),
                (type, level) -> measured.add(type + ":" + level.workingDays() + ":" + level.late()));
    }

    @AfterEach
    void tearDown() throws Exception {
        dataSource.close();
        camel.close();
    }

    static ClaimNotice jkm(String id, String paidAt) {
        return new ClaimNotice(id, "JKM", KPJ, NIK, 42_000_000L, List.of(
                new ClaimNotice.Component("SANTUNAN_KEMATIAN", 20_000_000L),
                new ClaimNotice.Component("BIAYA_PEMAKAMAN", 10_000_000L),
                new ClaimNotice.Component("SANTUNAN_BERKALA", 12_000_000L)), paidAt,
                new ClaimNotice.Beneficiary("Ahli waris Yohana Kambu", "SUAMI"));
    }

    private ClaimProcessor.Outcome prepare(ClaimNotice claim) throws Exception {
        return processor.prepare(new DefaultExchange(camel), claim, json.writeValueAsString(claim),
                ClaimProcessor.SOURCE_CALLBACK);
    }

    /** Every message in the outbox, by message id, each validated against v3. */
    private Map<String, JsonNode> messages() throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ClaimMessage m : finance.leaseUnpublished(100, NOW, NOW.plusSeconds(60))) {
            JsonNode body = json.readTree(m.body());
            assertThat(V3.validate(body)).as("schema errors of %s: %s", m.claimId(), m.body()).isEmpty();
            assertThat(m.properties()).containsEntry("schemaVersion", "3");
            assertThat(body.path("schemaVersion").asText()).isEqualTo("3");
            out.put(m.claimId(), body);
        }
        return out;
    }

    @Test
    void everyClaimMessageValidatesAgainstV3AndCarriesTheEventDateAndServiceLevel() throws Exception {
        // Died Thursday 28 May 2026, paid Tuesday 2 June with the scholarship for two children (SMA + SD).
        ClaimNotice death = id.jamsos.gateway.simulator.ClaimFactory.withEventDate(
                id.jamsos.gateway.simulator.ClaimFactory.withScholarship(jkm("JKM-1", "2026-06-02T01:00:00Z"),
                        3_000_000L, 1_500_000L), LocalDate.of(2026, 5, 28));
        // The next school year's scholarship as a claim of its own, paid on the 10th.
        ClaimNotice scholarship = id.jamsos.gateway.simulator.ClaimFactory.scholarshipClaim(death, "JKM-2",
                "2026-06-10T01:00:00Z", 3_000_000L, 2_000_000L);
        // A JKK paid 11 working days after the accident: late, with the penalty note.
        ClaimNotice jkk = new ClaimNotice("JKK-1", "JKK", KPJ, NIK, 7_500_000L, List.of(
                new ClaimNotice.Component("BIAYA_PERAWATAN", 4_500_000L),
                new ClaimNotice.Component("SANTUNAN_STMB", 3_000_000L)), "2026-06-12T01:00:00Z", null, "2026-05-28");
        // To review: a code the catalogue does not know, a scholarship over its cap, an event after payment.
        ClaimNotice unknown = new ClaimNotice("JKK-2", "JKK", KPJ, NIK, 1_000_000L,
                List.of(new ClaimNotice.Component("UANG_SAKU", 1_000_000L)), "2026-06-12T01:00:00Z", null);
        ClaimNotice overCap = id.jamsos.gateway.simulator.ClaimFactory.scholarshipClaim(death, "JKM-3",
                "2026-06-11T01:00:00Z", 175_500_000L);
        ClaimNotice future = jkm("JKM-4", "2026-06-02T01:00:00Z").withTanggalKejadian("2026-06-05");
        // Within the cap on its own, but Rp 9,500,000 went to finance before (JKM-1, JKM-2): Rp 174.5 M in all.
        ClaimNotice beyond = id.jamsos.gateway.simulator.ClaimFactory.scholarshipClaim(death, "JKM-5",
                "2026-06-11T02:00:00Z", 165_000_000L);
        // A second notice of JKM-1 with another event date: a conflict, quoting the first version.
        ClaimNotice conflicting = death.withTanggalKejadian("2026-05-27");

        for (ClaimNotice c : List.of(death, scholarship, jkk, unknown, overCap, future, beyond)) {
            assertThat(prepare(c)).as(c.claimId()).isEqualTo(ClaimProcessor.Outcome.RECORDED);
        }
        assertThat(prepare(conflicting)).isEqualTo(ClaimProcessor.Outcome.CONFLICT);

        Map<String, JsonNode> got = messages();
        assertThat(got).hasSize(8);

        JsonNode paid = got.get("JKM-1");
        assertThat(paid.path("messageType").asText()).isEqualTo("CLAIM_PAID");
        assertThat(paid.path("amount").asLong()).isEqualTo(46_500_000L);
        assertThat(paid.path("eventDate").asText()).isEqualTo("2026-05-28");
        assertThat(paid.path("worker").path("kpj").asText()).isEqualTo(KPJ);
        assertThat(paid.path("serviceLevel").path("basis").asText()).isEqualTo("EVENT");
        assertThat(paid.path("serviceLevel").path("workingDays").asInt()).isEqualTo(3);
        assertThat(paid.path("serviceLevel").path("late").asBoolean()).isFalse();

        // Why a version 3: v2 forbids the new fields (additionalProperties false) and letters in a KPJ.
        JsonSchema v2 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(getClass().getResourceAsStream("/schemas/finance-claim-v2.schema.json"));
        com.fasterxml.jackson.databind.node.ObjectNode asV2 = paid.deepCopy();
        asV2.put("schemaVersion", "2");
        assertThat(v2.validate(asV2).toString()).contains("eventDate").contains("serviceLevel").contains("kpj");
        com.fasterxml.jackson.databind.node.ObjectNode broken = paid.deepCopy();
        broken.remove("serviceLevel");
        assertThat(V3.validate(broken)).isNotEmpty();

        assertThat(got.get("JKM-2").path("messageType").asText()).isEqualTo("CLAIM_PAID");
        assertThat(got.get("JKK-1").path("messageType").asText()).isEqualTo("CLAIM_PAID");
        assertThat(got.get("JKK-1").path("serviceLevel").path("lateDays").asInt()).isEqualTo(4);
        assertThat(got.get("JKK-1").path("serviceLevel").path("note").asText()).contains("PP 44/2015");

        assertThat(got.get("JKK-2").path("reviewCode").asText()).isEqualTo(ClaimReview.UNKNOWN_COMPONENT);
        assertThat(got.get("JKM-3").path("reviewCode").asText()).isEqualTo(ClaimReview.COMPONENT_OVER_CAP);
        assertThat(got.get("JKM-4").path("reviewCode").asText()).isEqualTo(ClaimReview.INVALID_EVENT_DATE);
        assertThat(got.get("JKM-5").path("reviewCode").asText()).isEqualTo(ClaimReview.COMPONENT_OVER_CAP);
        assertThat(got.get("JKM-5").path("reviewReason").asText()).contains("sudah dibayar Rp 9500000")
                .contains("Rp 9500000 already paid for this worker");
        assertThat(got.get("JKM-4").path("eventDate").asText()).as("shown to the clerk").isEqualTo("2026-06-05");
        JsonNode conflict = got.values().stream().filter(b -> b.path("previous").isObject()).findFirst().orElseThrow();
        assertThat(conflict.path("reviewReason").asText()).contains("tanggalKejadian");
        assertThat(conflict.path("previous").path("eventDate").asText()).isEqualTo("2026-05-28");
        assertThat(conflict.path("eventDate").asText()).isEqualTo("2026-05-27");

        // Counted once per claim recorded now (the conflicting version is not a claim of its own).
        // A scholarship alone has none (JKM-2, JKM-3); without a valid event date it counts from the receipt.
        assertThat(measured).containsExactly("JKM:3:false", "JKK:11:true", "JKK:0:false", "JKM:0:false");
        assertThat(got.get("JKM-2").path("serviceLevel").isNull()).isTrue();
        assertThat(got.get("JKM-4").path("serviceLevel").path("basis").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void theCheckedClaimHoldsTheEventDateOnlyWhenItPassed() {
        ClaimNotice died = jkm("JKM-9", "2026-06-02T01:00:00Z").withTanggalKejadian("2026-05-28");
        ClaimProcessor.CheckedClaim checked = processor.check(died, "{}", List.of(), NOW);
        assertThat(checked.toFinance()).isTrue();
        assertThat(checked.eventDate()).isEqualTo(LocalDate.of(2026, 5, 28));
        assertThat(checked.worker().kpj()).isEqualTo(KPJ);

        ClaimProcessor.CheckedClaim after = processor.check(died.withTanggalKejadian("2026-06-03"), "{}", List.of(), NOW);
        assertThat(after.toFinance()).isFalse();
        assertThat(after.eventDate()).isNull();
        assertThat(processor.check(jkm("JKM-9", "2026-06-02T01:00:00Z"), "{}", List.of(), NOW).eventDate()).isNull();
    }
}
