package id.jamsos.gateway.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attempt to reproduce issue 14 item 8 in the ledger alone (not reproduced): file names with bidi,
 * zero-width and control characters, some at the column's length, registered in a burst for two
 * agencies at once while other threads read and fail files. The intake refuses such names before the
 * ledger (SafeFileNames); here they go straight in, the worst case. Prints what it sent and counted.
 */
class HostileNameBurstTest {

    private static final String[] HOSTILE = {"\u202Eexe.csv", "a\u200Bb.csv", "\uFEFFbom.csv", "ctl\u0001\u0007.csv",
            "del\u007F.csv", "nul\u0000x.csv", "rtl\u200F\u061Cx.csv", "lone\uD800x.csv", "x".repeat(511) + "\u202E"};

    @Test
    void aBurstOfHostileNamesNeverBreaksInsertsIntoAgencyFile() throws Exception {
        try (H2TestDatabase db = new H2TestDatabase()) {
            LedgerMigrations.migrate(db.dataSource());
            Ledger ledger = new Ledger(db.dataSource());
            AtomicInteger sent = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new ArrayList<>();
            for (String agency : List.of("dinas-sosial", "dinas-tenaga-kerja")) {
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 150; i++) {
                            String name = HOSTILE[i % HOSTILE.length] + (i % 3 == 0 ? "" : "-" + thread + "-" + i);
                            if (name.length() > 512) {
                                name = name.substring(0, 512);
                            }
                            String sum = String.format("%064x", (long) (agency.hashCode() * 1_000_003L + thread * 1000L + i));
                            sent.incrementAndGet();
                            try {
                                long id = ledger.registerFile(agency, name, sum, Instant.now()).fileId();
                                if (i % 2 == 0) {
                                    ledger.failFile(id, "refused \u202E\u0001 " + name);
                                }
                            } catch (RuntimeException e) {
                                synchronized (failures) {
                                    failures.add(LedgerException.causeChain(e));
                                }
                            }
                        }
                    }));
                }
                // Readers standing in for the callbacks and the status page.
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        ledger.files(agency, 15);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long valid1 = ledger.registerFile("dinas-sosial", "pekerja.csv", "a".repeat(64), Instant.now()).fileId();
            long valid2 = ledger.registerFile("dinas-tenaga-kerja", "pekerja.csv", "b".repeat(64), Instant.now()).fileId();
            System.out.printf("hostile-name burst: %d registrations sent, %d failed%s; valid files #%d, #%d registered;"
                    + " ledger writable: %s%n", sent.get(), failures.size(),
                    failures.isEmpty() ? "" : " (first: " + failures.get(0) + ")", valid1, valid2,
                    LedgerWriteHealth.of(db.dataSource()).writable());
            assertThat(failures).isEmpty();
            assertThat(LedgerWriteHealth.of(db.dataSource()).writable()).isTrue();
        }
    }
}
