package id.jamsos.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.ledger.InvoiceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job's settings: the period, off at 0 days, and which archived files its filter lets go. */
class RetentionJobTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private HikariDataSource ds;
    private Retention retention;
    private long oldFile;

    @BeforeEach
    void ledgerWithAFileFinishedLongAgo() {
        ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("retention-job-" + UUID.randomUUID()), "sa", "", 2);
        LedgerMigrations.migrate(ds);
        Ledger ledger = new Ledger(ds, Clock.fixed(NOW.minus(Duration.ofDays(200)), ZoneOffset.UTC));
        oldFile = ledger.registerFile("AG1", "jan.csv", "a".repeat(64), NOW.minus(Duration.ofDays(200))).fileId();
        ledger.completeIntake(oldFile, 0, 0);
        ledger.tryStartReporting(oldFile);
        ledger.markReported(oldFile);
        retention = new Retention(ds, CLOCK);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    private Instant purgedAt() {
        return new Ledger(ds).file(oldFile).orElseThrow().purgedAt();
    }

    @Test
    void zeroOrNegativeDaysTurnRetentionOff() {
        for (int days : new int[] {0, -1}) {
            RetentionJob off = new RetentionJob(retention, days, 100, CLOCK);
            assertThat(off.enabled()).isFalse();
            assertThat(off.purgeLedger()).isEmpty();
            assertThat(off.lastRun()).isEmpty();
        }
        assertThat(purgedAt()).isNull();
    }

    @Test
    void filesFinishedMoreThanTheConfiguredDaysAgoArePurged() {
        RetentionJob job = new RetentionJob(retention, 90, 100, CLOCK);
        assertThat(job.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(90)));

        assertThat(job.purgeLedger()).hasValueSatisfying(r -> assertThat(r.files()).isEqualTo(1));

        assertThat(purgedAt()).isEqualTo(NOW);
        assertThat(job.lastRun()).hasValueSatisfying(r -> assertThat(r.cutoff()).isEqualTo(job.cutoff()));
        // A period longer than the file's age leaves a new file alone.
        assertThat(new RetentionJob(retention, 365, 100, CLOCK).purgeLedger())
                .hasValueSatisfying(r -> assertThat(r.files()).isZero());
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new RetentionJob(retention, 90, 0, CLOCK))
                .hasMessageContaining("jamsos.retention.batchSize");
    }

    @Test
    void theArchiveFilterTakesOnlyOldFilesWhoseRowsAreGone() {
        GenericFileFilter<Object> filter = new RetentionJob(retention, 90, 100, CLOCK).archiveFilter("AG1");
        long old = NOW.minus(Duration.ofDays(91)).toEpochMilli();

        // jan.csv's rows are still in the ledger: it and its error note stay.
        assertThat(filter.accept(archived("jan.csv", old, false))).isFalse();
        assertThat(filter.accept(archived("jan.csv.error.txt", old, false))).isFalse();
        assertThat(filter.accept(archived("feb.csv", old, false))).isTrue();
        assertThat(filter.accept(archived("feb.csv", NOW.minus(Duration.ofDays(89)).toEpochMilli(), false))).isFalse();
        assertThat(filter.accept(archived("sub", old, true))).isFalse();
        assertThat(filter.accept(archived("unknown-time.csv", 0, false))).isFalse();

        retention.purgeFinishedBefore(NOW.minus(Duration.ofDays(90)), 100);
        assertThat(filter.accept(archived("jan.csv", old, false))).isTrue();
        assertThat(filter.accept(archived("jan.csv.error.txt", old, false))).isTrue();
    }

    private static GenericFile<Object> archived(String name, long modified, boolean directory) {
        GenericFile<Object> f = new GenericFile<>();
        f.setFileNameOnly(name);
        f.setFileName(name);
        f.setLastModified(modified);
        f.setDirectory(directory);
        return f;
    }

    @Test
    void storedInvoicesAreKeptForTheirMonthsAndOlderOnesRemoved() {
        InvoiceLedger invoices = new InvoiceLedger(ds);
        for (YearMonth month : List.of(YearMonth.of(2024, 6), YearMonth.of(2024, 7), YearMonth.of(2026, 5))) {
            invoices.replace(month, NOW, sink -> {
                sink.accept(new Invoice.Line("05A40081234", null, "Pekerja", 10_000, 6_800, 16_800));
                sink.accept(new Invoice.Line("05A40081235", null, "Pekerja", 10_000, 6_800, 16_800));
                return new Invoice(month.toString(), "9671", 2, 20_000, 13_600, 33_600, null, "T-" + month, null);
            });
        }
        // June 2026 and the 23 months before it are kept: from July 2024.
        RetentionJob job = new RetentionJob(retention, 90, 1, CLOCK).keepingInvoices(invoices, 24, ZoneOffset.UTC);
        assertThat(job.purgeInvoices()).isEqualTo(2);
        assertThat(invoices.header(YearMonth.of(2024, 6))).isEmpty();
        assertThat(invoices.lineCount(YearMonth.of(2024, 7))).contains(2);
        assertThat(invoices.lineCount(YearMonth.of(2026, 5))).contains(2);
        // 0 keeps every month; a negative number is refused at start.
        assertThat(new RetentionJob(retention, 90, 1, CLOCK).keepingInvoices(invoices, 0, ZoneOffset.UTC)
                .purgeInvoices()).isEqualTo(-1);
        assertThat(invoices.lineCount(YearMonth.of(2024, 7))).contains(2);
        assertThatThrownBy(() -> new RetentionJob(retention, 90, 1, CLOCK).keepingInvoices(invoices, -1, ZoneOffset.UTC))
                .hasMessageContaining("jamsos.retention.invoiceMonths");
    }
}
