package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SamplePerson;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OtherPayerLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.BpjsSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Already covered by another payer" through the whole gateway, the demo's broker and the BPJS
 * simulator over loopback HTTP: a file of six workers, of whom BPJS knows four already (one self-paying,
 * one paid by a CSR donor, one by another region, one the city's own member). The three another payer
 * covers end OTHER_PAYER with the payer and KPJ in the results report, no worker and no period of cover
 * (the statement does not bill them), and finance gets one signed COVERED_BY_OTHER_PAYER each, valid
 * against its schema; the city's own member answered 208 stays ENROLLED, as do the two new workers.
 */
class OtherPayerEnrollmentTest {

    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final String REGION = "9671";

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void rowsAnotherPayerCoversAreNotEnrolledAtTheCitysCostAndFinanceIsTold() throws Exception {
        GatewayFixture fx = gateways.start(Map.of("jamsos.finance.notices.enabled", "true",
                "jamsos.finance.notices.delayMs", "100", "jamsos.finance.notices.intervalMs", "300"));
        BpjsSimulator sim = fx.env.simulator();
        List<SamplePerson> people = SampleWorkers.people(6, 41L, 0);
        YearMonth month = YearMonth.from(sim.today());
        String selfKpj = sim.addMemberPaidBy(people.get(0).nik(), null, "MANDIRI", null, null, month.minusMonths(5));
        String csrKpj = sim.addMemberPaidBy(people.get(1).nik(), null, "CSR", "GNL-01", "GN Lingkaran",
                month.minusMonths(2));
        String otherRegionKpj = sim.addMemberPaidBy(people.get(2).nik(), null, "PEMDA", "9101",
                "Pemerintah Kabupaten Jayapura", month.minusMonths(1));
        // The city's own member already (enrolled by an earlier registration): 208, and it stays ENROLLED.
        SamplePerson own = people.get(3);
        EnrollmentResult first = sim.enroll(new EnrollmentRequest("earlier-" + own.nik(), own.nik(), own.fullName(),
                own.birthDate().toString(), own.sex().name(), null, null, null,
                null, null, null, 1_000_000L, List.of("JKK", "JKM"), REGION));
        assertThat(first.code()).isEqualTo(EnrollmentResult.ENROLLED);

        Path sample = fx.env.dir().resolveSibling("sudah-peserta.csv");
        SampleWorkers.generate(sample, 6, 41L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "sudah-peserta.csv");
        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "sudah-peserta.csv", Duration.ofSeconds(60));

        assertThat(file.state()).isEqualTo(FileState.DONE);
        Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
        assertThat(counts).containsEntry(RowState.OTHER_PAYER, 3).containsEntry(RowState.ENROLLED, 3)
                .containsEntry(RowState.PENDING, 0);
        Map<String, LedgerRow> byNik = new HashMap<>();
        fx.gateway.ledger().forEachRow(file.id(), r -> byNik.put(r.nik(), r));
        LedgerRow self = byNik.get(people.get(0).nik());
        assertThat(self.state()).isEqualTo(RowState.OTHER_PAYER);
        assertThat(self.kpj()).isEqualTo(selfKpj);
        assertThat(self.lastError()).contains("peserta sendiri (mandiri)", "KPJ " + selfKpj,
                "tidak didaftarkan atas biaya kota", " / Already an active BPJS Ketenagakerjaan member paid by the member"
                        + " themselves (self-paying)", "not enrolled at the city's cost");
        assertThat(byNik.get(people.get(1).nik()).lastError()).contains("donor CSR GN Lingkaran (GNL-01)",
                "CSR donor GN Lingkaran (GNL-01)", "KPJ " + csrKpj);
        assertThat(byNik.get(people.get(2).nik()).lastError()).contains("pemerintah daerah Pemerintah Kabupaten"
                + " Jayapura (9101)", "KPJ " + otherRegionKpj);
        assertThat(byNik.get(own.nik()).state()).isEqualTo(RowState.ENROLLED);
        assertThat(byNik.get(own.nik()).kpj()).isEqualTo(first.kpj());

        // No worker, no period of cover for the three: the statement bills the city's three only.
        CoverageLedger coverage = fx.gateway.coverage();
        for (String kpj : List.of(selfKpj, csrKpj, otherRegionKpj)) {
            assertThat(coverage.periods(kpj)).as("no cover at the city's cost for %s", kpj).isEmpty();
            assertThat(fx.gateway.ledger().findWorkerByKpj(kpj)).isEmpty();
        }
        assertThat(coverage.openPeriod(first.kpj())).isPresent();
        List<String> billed = new ArrayList<>();
        fx.gateway.context().getRegistry().findSingleByType(FinanceLedger.class)
                .forEachWorkerCoveredIn(YearMonth.now(WIT), null, w -> billed.add(w.kpj()));
        assertThat(billed).hasSize(3).contains(first.kpj()).doesNotContain(selfKpj, csrKpj, otherRegionKpj);
        // BPJS's invoice agrees: it bills the city for its own members only.
        assertThat(fx.env.simulator().kpjOf(people.get(0).nik())).contains(selfKpj);

        // The clerk reads why, with the payer and the KPJ, in the results and rejects reports.
        String results = Files.readString(fx.env.outbox(DemoEnvironment.KEY_AGENCY)
                .resolve("sudah-peserta.csv.results.csv"), StandardCharsets.UTF_8);
        assertThat(results.lines().filter(l -> l.contains("DIBAYAR PIHAK LAIN/OTHER PAYER"))).hasSize(3);
        assertThat(results).contains("yang dibayar oleh donor CSR GN Lingkaran (GNL-01)");
        String rejects = Files.readString(fx.env.outbox(DemoEnvironment.KEY_AGENCY)
                .resolve("sudah-peserta.csv.rejects.csv"), StandardCharsets.UTF_8);
        assertThat(rejects.lines().filter(l -> l.contains("OTHER_PAYER"))).hasSize(3);

        // Finance: one COVERED_BY_OTHER_PAYER per row, signed, valid against its schema.
        List<String> ids = List.of(rowId(file, self), rowId(file, byNik.get(people.get(1).nik())),
                rowId(file, byNik.get(people.get(2).nik())));
        List<FinanceQueueReader.Received> got;
        try (FinanceQueueReader reader = new FinanceQueueReader(fx.env.broker().brokerUrl(),
                fx.props.get("jamsos.finance.queue"))) {
            got = FinanceMessages.takeUntil(reader, r -> ids.stream().allMatch(id -> FinanceMessages.count(r, id) > 0),
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
        }
        for (String id : ids) {
            assertThat(FinanceMessages.count(got, id)).as(id).isEqualTo(1);
        }
        FinanceQueueReader.Received selfMessage = got.stream().filter(r -> r.messageId().equals(ids.get(0)))
                .findFirst().orElseThrow();
        assertThat(selfMessage.signature()).isNotBlank();
        assertThat(selfMessage.messageType()).isEqualTo("COVERED_BY_OTHER_PAYER");
        JsonNode body = FinanceMessages.JSON.readTree(selfMessage.body());
        assertThat(body.get("kpj").asText()).isEqualTo(selfKpj);
        assertThat(body.get("found").asText()).isEqualTo("ENROLLMENT");
        assertThat(body.at("/payer/kind").asText()).isEqualTo("MANDIRI");
        assertThat(body.get("nikMasked").asText()).matches("\\d{4}\\*{8}\\d{4}")
                .startsWith(people.get(0).nik().substring(0, 4));
        assertThat(body.at("/agency/id").asText()).isEqualTo(DemoEnvironment.KEY_AGENCY);
        assertThat(body.get("fromMonth").asText()).isEqualTo(YearMonth.now(WIT).toString());
        assertThat(body.get("fileId").asLong()).isEqualTo(file.id());
        assertThat(selfMessage.body()).doesNotContain(people.get(0).nik());
        assertThat(got).noneMatch(r -> r.messageType() != null && r.messageType().equals("COVERAGE_ENDED"));
        assertThat(fx.gateway.context().getRegistry().findSingleByType(OtherPayerLedger.class).unannounced(10)).isEmpty();
    }

    private static String rowId(FileInfo file, LedgerRow row) {
        return "covered-by-other-payer-file-" + file.id() + "-row-" + row.rowNo();
    }
}
