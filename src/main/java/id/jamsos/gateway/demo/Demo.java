package id.jamsos.gateway.demo;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The demo: an agency uploads a generated worker list over SFTP, the gateway enrolls it, reports go
 * back to the agency's outbox, BPJS confirms a few paid claims and finance reads them off its queue.
 */
public final class Demo {

    private final Path dir;
    private final int rows;
    private final int badEvery;
    private final int claims;
    private final Duration timeout;
    private final PrintStream out;

    public Demo(Path dir, int rows, int badEvery, int claims, int timeoutSeconds, PrintStream out) {
        this.dir = dir;
        this.rows = rows;
        this.badEvery = badEvery;
        this.claims = claims;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.out = out;
    }

    /** True when every row was decided and every claim reached finance. */
    public boolean run(boolean keepRunning) throws Exception {
        out.println("jamsos-gateway demo in " + dir.toAbsolutePath());
        try (DemoEnvironment env = DemoEnvironment.start(dir)) {
            // A fresh operator token per demo run, printed with --keep-running, for the status page.
            String opsToken = java.util.UUID.randomUUID().toString();
            GatewayProperties props = env.gatewayProperties(Map.of("jamsos.ops.token", opsToken));
            try (Gateway gateway = Gateway.start(props, env.agencies())) {
                String agency = DemoEnvironment.KEY_AGENCY;
                String fileName = "pekerja_2024-03.csv";
                Path sample = dir.resolve(fileName);
                SampleSummary expected = SampleWorkers.generate(sample, rows, 2024L, badEvery);
                out.printf("sample file %s: %d rows (%d should be accepted, %d rejected)%n", fileName,
                        expected.rows(), expected.expectedAccepted(), expected.expectedRejected());

                ProducerTemplate producer = gateway.context().createProducerTemplate();
                producer.sendBodyAndHeader(env.uploadUri(agency), sample.toFile(), Exchange.FILE_NAME, fileName);
                out.println("uploaded to " + agency + "/inbox over SFTP; waiting for the gateway");

                Ledger ledger = gateway.ledger();
                FileInfo file = awaitDone(ledger, agency, fileName);
                if (file == null) {
                    out.println("FAILED: the file was not fully processed within " + timeout.toSeconds() + " s");
                    return false;
                }
                Map<RowState, Integer> counts = ledger.rowCounts(file.id());
                out.printf("file #%d %s: rows=%d enrolled=%d rejected=%d refused=%d parked=%d%n", file.id(),
                        file.state(), file.totalRows(), counts.getOrDefault(RowState.ENROLLED, 0),
                        counts.getOrDefault(RowState.REJECTED, 0), counts.getOrDefault(RowState.REFUSED, 0),
                        counts.getOrDefault(RowState.PARKED, 0));
                Path results = env.outbox(agency).resolve(fileName + ".results.csv");
                Path rejects = env.outbox(agency).resolve(fileName + ".rejects.csv");
                out.println("reports: " + results + " (" + Files.size(results) + " bytes), "
                        + rejects + " (" + Files.size(rejects) + " bytes)");

                int delivered = fireClaims(env, props, ledger, file.id());
                boolean ok = file.state() == FileState.DONE && delivered == claims
                        && counts.getOrDefault(RowState.PENDING, 0) == 0;
                out.printf("summary: rows=%d enrolled=%d rejected=%d claims_delivered=%d/%d -> %s%n",
                        file.totalRows(), counts.getOrDefault(RowState.ENROLLED, 0),
                        counts.getOrDefault(RowState.REJECTED, 0) + counts.getOrDefault(RowState.REFUSED, 0),
                        delivered, claims, ok ? "OK" : "NOT OK");
                if (keepRunning) {
                    explain(env, props);
                    new CountDownLatch(1).await();
                }
                return ok;
            }
        }
    }

    private FileInfo awaitDone(Ledger ledger, String agency, String fileName) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FileInfo> f = ledger.files(agency, 10).stream()
                    .filter(i -> i.fileName().equals(fileName)).findFirst();
            if (f.isPresent() && (f.get().state() == FileState.DONE || f.get().state() == FileState.FAILED)) {
                return f.get();
            }
            Thread.sleep(200);
        }
        return null;
    }

    private int fireClaims(DemoEnvironment env, GatewayProperties props, Ledger ledger, long fileId) throws Exception {
        List<String> niks = new ArrayList<>();
        ledger.forEachRow(fileId, row -> {
            if (row.state() == RowState.ENROLLED && niks.size() < claims) {
                niks.add(row.nik());
            }
        });
        String callback = env.callbackUrl(props);
        for (int i = 0; i < niks.size(); i++) {
            ClaimNotice claim = i % 2 == 0 ? env.simulator().jkmClaimFor(niks.get(i))
                    : env.simulator().jkkClaimFor(niks.get(i), 7_500_000L);
            int status = env.simulator().fireClaim(callback, claim);
            out.printf("BPJS confirmed claim %s (%s, Rp %,d): gateway answered HTTP %d%n", claim.claimId(),
                    claim.claimType(), claim.amount(), status);
        }
        try (FinanceQueueReader finance = new FinanceQueueReader(env.broker().brokerUrl(), props.get("jamsos.finance.queue"))) {
            List<FinanceQueueReader.Received> got = finance.take(niks.size(), Duration.ofSeconds(30));
            for (FinanceQueueReader.Received r : got) {
                out.printf("finance queue: %s claimType=%s agencyId=%s schemaVersion=%s%n", r.messageId(),
                        r.claimType(), r.agencyId(), r.schemaVersion());
            }
            return got.size();
        }
    }

    private void explain(DemoEnvironment env, GatewayProperties props) {
        out.println();
        out.println("Still running (Ctrl-C to stop):");
        out.println("  SFTP      127.0.0.1:" + env.sftp().port() + " users " + DemoEnvironment.KEY_AGENCY
                + " (key " + env.dir().resolve(DemoEnvironment.KEY_AGENCY + ".key") + "), "
                + DemoEnvironment.PASSWORD_AGENCY + " (password " + DemoEnvironment.DEMO_PASSWORD + ")");
        out.println("  broker    " + env.broker().brokerUrl());
        out.println("  simulator " + env.simulator().baseUrl() + " (stats: /sim/stats)");
        out.println("  callback  " + env.callbackUrl(props));
        out.println("  status    http://127.0.0.1:" + env.httpPort() + "/ops (operator token " + props.get("jamsos.ops.token") + ")");
    }
}
