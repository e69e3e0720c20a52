package id.jamsos.gateway.demo;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.finance.BudgetPlan;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.simulator.RegistrySimulator;
import id.jamsos.gateway.simulator.RegistrySimulatorConfig;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.support.PrivateFiles;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    private final CountDownLatch stopped = new CountDownLatch(1);
    private static final String SAMPLE = "pekerja_2024-03";

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
        // The shared ledger's TCP server (H2's AUTO_SERVER) listens on loopback only, like the rest
        // of the demo; read when H2 first loads, so set before anything opens a database.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        PrivateFiles.createDirectories(dir);
        // One demo per folder: a second one would wait for ever on the broker's store lock.
        try (FileChannel lockFile = FileChannel.open(dir.resolve("demo.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                out.println("CANNOT START: another demo is running in " + dir.toAbsolutePath()
                        + "; stop it (Ctrl-C) or give another --dir.");
                return false;
            }
            Optional<Map<String, String>> keys = DemoConfig.previousKeys(dir);
            if (keys.isEmpty() && DemoConfig.hasLedger(dir)) {
                out.println("CANNOT RESUME: " + dir.toAbsolutePath() + " holds the ledger of an earlier demo but not the"
                        + " keys it was encrypted with (" + DemoConfig.folder(dir).resolve(DemoConfig.PROPERTIES)
                        + " is missing; demos before this version did not keep them). Give another --dir, or delete "
                        + dir.toAbsolutePath() + " and run again.");
                return false;
            }
            if (keys.isPresent()) {
                out.println("resuming the demo in this folder: its ledger, broker store and keys ("
                        + DemoConfig.folder(dir).resolve(DemoConfig.PROPERTIES) + ") are kept");
            }
            return runIn(keys.orElseGet(() -> PersonalDataKeys.random("demo1")),
                    keys.isPresent() ? System.currentTimeMillis() : SimulatorConfig.defaults().kpjSeed(), keepRunning);
        }
    }

    /** Makes {@link #run} return, as Ctrl-C would, once it is waiting with --keep-running. */
    public void stop() {
        stopped.countDown();
    }

    private boolean runIn(Map<String, String> piiKeys, long kpjSeed, boolean keepRunning) throws Exception {
        // The population registry's simulator: the demo agency's rows are verified before BPJS
        // (docs/verification.md); it learns the sample's people once the sample is generated.
        try (DemoEnvironment env = DemoEnvironment.start(dir, piiKeys, kpjSeed);
             RegistrySimulator registry = RegistrySimulator.start(RegistrySimulatorConfig.defaults().withSample(0, 0L, 0));
             DemoNotifications notifications = DemoNotifications.start(env)) {
            // A fresh operator token per demo run, printed with --keep-running, for the status page.
            String opsToken = java.util.UUID.randomUUID().toString();
            Map<String, String> overrides = new java.util.HashMap<>(Map.of("jamsos.ops.token", opsToken,
                    "jamsos.ledger.url", env.sharedLedgerUrl()));
            overrides.putAll(registrySettings(registry));
            overrides.putAll(notifications.settings());
            Map<String, String> settings = env.settings(overrides);
            GatewayProperties props = GatewayProperties.of(settings);
            Set<String> verified = Set.of(DemoEnvironment.KEY_AGENCY);
            AgencyRegistry agencies = AgencyRegistry.of(env.agencies().agencies(), verified);
            // Written before the gateway starts: the keys must be on disk before anything is encrypted with them.
            Path config = DemoConfig.write(dir, settings, env.agencies().agencies(), verified);
            env.simulator().callbackTarget(env.callbackUrl(props), null);
            try (Gateway gateway = Gateway.start(props, agencies)) {
                String agency = DemoEnvironment.KEY_AGENCY;
                Ledger ledger = gateway.ledger();
                // A resumed demo uploads a new file (new workers): the same one again would be a duplicate.
                long earlier = ledger.files(agency, 1000).stream().filter(f -> f.fileName().startsWith(SAMPLE)).count();
                String fileName = earlier == 0 ? SAMPLE + ".csv" : SAMPLE + "_" + (earlier + 1) + ".csv";
                Path sample = dir.resolve(fileName);
                SampleSummary expected = SampleWorkers.generate(sample, rows, 2024L + earlier, badEvery);
                notifications.addConsent(sample);
                out.printf("sample file %s: %d rows (%d should be accepted, %d rejected)%n", fileName,
                        expected.rows(), expected.expectedAccepted(), expected.expectedRejected());
                List<String> forReview = registryKnows(registry, 2024L + earlier);

                ProducerTemplate producer = gateway.context().createProducerTemplate();
                producer.sendBodyAndHeader(env.uploadUri(agency), sample.toFile(), Exchange.FILE_NAME, fileName);
                out.println("uploaded to " + agency + "/inbox over SFTP; waiting for the gateway");

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
                showReview(ledger, file.id(), forReview, counts.getOrDefault(RowState.REVIEW, 0), config);
                Path results = env.outbox(agency).resolve(fileName + ".results.csv");
                Path rejects = env.outbox(agency).resolve(fileName + ".rejects.csv");
                out.println("reports: " + results + " (" + Files.size(results) + " bytes), "
                        + rejects + " (" + Files.size(rejects) + " bytes)");
                DemoProof.write(props, agency, dir, out);

                boolean told = notifications.report(gateway, out, Duration.ofSeconds(90));
                int delivered = fireClaims(env, props, ledger, file.id());
                showCoverEnded(gateway.coverage(), ledger, file.id());
                showBudget(gateway.budgetPlanner());
                DemoCoverageReport.write(gateway, dir, java.time.ZoneId.of(props.get("jamsos.finance.zone")), out);
                boolean ok = told && file.state() == FileState.DONE && delivered == claims
                        && counts.getOrDefault(RowState.PENDING, 0) == 0
                        && counts.getOrDefault(RowState.REVIEW, 0) == forReview.size();
                out.printf("summary: rows=%d enrolled=%d rejected=%d review=%d claims_delivered=%d/%d -> %s%n",
                        file.totalRows(), counts.getOrDefault(RowState.ENROLLED, 0),
                        counts.getOrDefault(RowState.REJECTED, 0) + counts.getOrDefault(RowState.REFUSED, 0),
                        counts.getOrDefault(RowState.REVIEW, 0), delivered, claims, ok ? "OK" : "NOT OK");
                tryThese(env, config, file, keepRunning);
                if (keepRunning) {
                    explain(env, props);
                    stopped.await();
                }
                return ok;
            }
        }
    }

    /**
     * The registry simulator's settings for the gateway: its demo credentials (public, loopback only) and
     * the IP address it allows.
     */
    private static Map<String, String> registrySettings(RegistrySimulator registry) {
        RegistrySimulatorConfig c = registry.config();
        return Map.of("jamsos.registry.enabled", "true",
                "jamsos.registry.url", registry.serviceUrl(),
                "jamsos.registry.userId", c.userId(),
                "jamsos.registry.password", c.password(),
                "jamsos.registry.ipUser", c.allowedIps().iterator().next(),
                "jamsos.verification.enabled", "true");
    }

    /**
     * Teaches the registry simulator the sample's people, less two of the first rows' (valid in every
     * sample): one it never recorded ("Data Tidak Ditemukan") and one without an e-KTP (BELUM REKAM).
     * Both rows go to REVIEW for a person, as real residents in those cases must. Returns their NIKs.
     */
    private List<String> registryKnows(RegistrySimulator registry, long seed) {
        registry.population().putSample(rows, seed, badEvery);
        List<SamplePerson> people = SampleWorkers.people(rows, seed, badEvery);
        if (people.size() < 2 || (badEvery > 0 && badEvery <= 2)) {
            return List.of();
        }
        registry.population().forget(people.get(0).nik());
        registry.population().unrecorded(people.get(1).nik());
        return List.of(people.get(0).nik(), people.get(1).nik());
    }

    /** The rows the registry sent to review, and the command that lists, releases or refuses them. */
    private void showReview(Ledger ledger, long fileId, List<String> forReview, int inReview, Path config) {
        out.printf("registry verification: %d row(s) held for review (NIK not found, no e-KTP recorded)%n", inReview);
        List<id.jamsos.gateway.ledger.LedgerRow> held = new ArrayList<>();
        ledger.forEachRow(fileId, row -> {
            if (row.state() == RowState.REVIEW) {
                held.add(row);
            }
        });
        for (id.jamsos.gateway.ledger.LedgerRow row : held) {
            out.printf("  review: row %d, NIK %s: %s%n", row.rowNo(), id.jamsos.gateway.nik.NikMask.mask(row.nik()),
                    row.lastError());
        }
        if (held.size() != forReview.size()) {
            out.printf("  (expected %d rows in review)%n", forReview.size());
        }
        out.println("  a person decides: review --list, review --release " + fileId + ":ROW or --refuse "
                + fileId + ":ROW --reason \"...\" (--config " + config.toAbsolutePath() + ")");
    }

    /** The exact commands that work on this demo, with its config folder. */
    private void tryThese(DemoEnvironment env, Path config, FileInfo file, boolean keepRunning) {
        // The operator commands are the production jar's, as on a real server; only the simulator is the tools jar's.
        String jar = "java -jar " + besideThisJar("jamsos-gateway.jar");
        String tools = "java -jar " + besideThisJar("jamsos-gateway-tools.jar");
        String cfg = " --config " + config.toAbsolutePath();
        out.println();
        out.println("Try (config folder " + config.toAbsolutePath() + "):");
        out.println("  " + jar + " status" + cfg);
        out.println("  " + jar + " status" + cfg + " --file " + file.id());
        out.println("  " + jar + " statement" + cfg + " --period "
                + YearMonth.now(ZoneId.of(env.gatewayProperties(Map.of()).get("jamsos.finance.zone"))) + " --no-publish");
        out.println("  " + jar + " replay" + cfg + " --all-parked");
        out.println("  " + jar + " review" + cfg + " --list");
        out.println("  " + jar + " budget" + cfg);
        out.println("  " + jar + " coverage" + cfg + " --month "
                + YearMonth.now(ZoneId.of(env.gatewayProperties(Map.of()).get("jamsos.finance.zone"))));
        if (keepRunning) {
            out.println("  " + jar + " finance-tail" + cfg + " --timeout 2");
            out.println("  " + tools + " simulator fire-claim --simulator " + env.simulator().baseUrl() + " --type JKK");
        } else {
            out.println("  (with --keep-running also finance-tail and simulator fire-claim, which need the demo's"
                    + " broker and simulator; run the demo again with the same --dir to resume it)");
        }
    }

    /**
     * One of the two jars the build writes side by side: beside the tools jar this runs from, or in
     * target/ when run from classes (tests, an IDE).
     */
    private static String besideThisJar(String name) {
        try {
            Path p = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (p.toString().endsWith(".jar")) {
                return p.resolveSibling(name).toString();
            }
        } catch (Exception | Error ignored) {
            // No code source (unusual class loader): the build's folder below.
        }
        return "target/" + name;
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
        Set<String> fired = new HashSet<>();
        for (int i = 0; i < niks.size(); i++) {
            ClaimNotice claim = i % 2 == 0 ? env.simulator().jkmClaimFor(niks.get(i))
                    : env.simulator().jkkClaimFor(niks.get(i), 7_500_000L);
            int status = env.simulator().fireClaim(callback, claim);
            fired.add("claim-" + claim.claimId());
            out.printf("BPJS confirmed claim %s (%s, Rp %,d): gateway answered HTTP %d%n", claim.claimId(),
                    claim.claimType(), claim.amount(), status);
        }
        // Browsed, not taken: the messages stay on the queue for finance-tail (and a real finance system).
        try (FinanceQueueReader finance = new FinanceQueueReader(env.broker().brokerUrl(), props.get("jamsos.finance.queue"))) {
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < fired.size() && System.nanoTime() < deadline) {
                finance.browse(Integer.MAX_VALUE, Duration.ofMillis(500), r -> {
                    if (fired.contains(r.messageId()) && seen.add(r.messageId())) {
                        out.printf("finance queue: %s claimType=%s agencyId=%s schemaVersion=%s%n", r.messageId(),
                                r.claimType(), r.agencyId(), r.schemaVersion());
                    }
                });
            }
            return seen.size();
        }
    }

    /**
     * A paid death benefit (JKM) ends the worker's cover with the month it was paid: this month they
     * are still counted, next month's statement no longer bills the city for them.
     */
    private void showCoverEnded(CoverageLedger coverage, Ledger ledger, long fileId) {
        List<String> kpjs = new ArrayList<>();
        ledger.forEachRow(fileId, row -> {
            if (row.state() == RowState.ENROLLED) {
                kpjs.add(row.kpj());
            }
        });
        YearMonth now = coverage.thisMonth();
        for (String kpj : kpjs) {
            for (CoveragePeriod p : coverage.periods(kpj)) {
                if (!p.open()) {
                    out.printf("cover ended: KPJ %s (%s), %s to %s, %s [%s]%n", kpj, p.agencyId(), p.firstMonth(),
                            p.lastMonth(), p.endReason().text(), p.endedBy());
                }
            }
        }
        out.printf("workers covered: %s %d, %s %d (next month's statement bills only these)%n", now,
                coverage.coveredIn(now, null), now.plusMonths(1), coverage.coveredIn(now.plusMonths(1), null));
    }

    /**
     * The programme's budget plan for the demo cohort, as {@code budget} prints it in full: what the
     * covered workers cost a month and how long the money lasts.
     */
    private void showBudget(BudgetPlanner planner) {
        BudgetPlan plan = planner.plan();
        out.printf("budget %s: Rp %,d left of Rp %,d, %d workers cost Rp %,d a month, money for %s months%s%n",
                plan.programmeId(), plan.remaining(), plan.budget(), plan.workers(), plan.costPerMonth(),
                plan.monthsBoughtText() == null ? "all" : plan.monthsBoughtText(),
                plan.runsOut() ? ", runs out after " + plan.runsOutAfter() : " (lasts to " + plan.lastMonth() + ")");
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
        out.println("  probes    http://127.0.0.1:" + env.managementPort() + "/observe/health/ready, /observe/health/live,"
                + " metrics /observe/metrics");
    }
}
