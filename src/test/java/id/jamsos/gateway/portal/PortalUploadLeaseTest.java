package id.jamsos.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.PortalUploadLedger;
import id.jamsos.gateway.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review finding A #8: the portal intake's lease owner was the process, so a submit queued behind two large
 * intakes for longer than the lease was taken over by the resume timer of its own process and, once a rows'
 * thread was free, started twice (both exchanges renewed "their" lease: the same owner). Now each claim and
 * take-over has an owner of its own, a claim waiting for its rows' thread has its lease pushed on by the
 * resume timer, and a claim taken over all the same stops before reading a row. The ledger on H2, the clock
 * moved by the test.
 */
class PortalUploadLeaseTest {

    private static final String AGENCY = "dinas-sosial";
    private static final String ID = "u".repeat(22);
    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T01:00:00Z"));
    private PortalUploadLedger ledger;
    private PortalUploads uploads;
    private final DefaultCamelContext context = new DefaultCamelContext();

    @BeforeEach
    void anUploadReadyToSubmit() throws Exception {
        dataSource = LedgerDataSource.create(LedgerDataSource.h2MemUrl("lease-" + UUID.randomUUID()), "sa", "", 2);
        LedgerMigrations.migrate(dataSource);
        ledger = new PortalUploadLedger(dataSource, LedgerTime.of(clock));
        Path file = Files.writeString(dir.resolve("pekerja.csv"), "NIK;NAMA\n", StandardCharsets.UTF_8);
        ledger.store(ID, AGENCY, "klerk-a", "pekerja.csv", "ab".repeat(32), file);
        uploads = new PortalUploads(ledger, dir.resolve("work"), null, null, 1_000_000, 10, Duration.ofHours(1),
                LEASE, 3);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    /** The clerk's submit: claimed, then (after registration) waiting for a rows' thread. */
    private Exchange submitted() throws Exception {
        Exchange e = new DefaultExchange(context);
        e.setProperty(PortalAuth.SESSION, new PortalSession("s", AGENCY, "klerk-a", "t"));
        e.getMessage().setHeader("upload", ID);
        uploads.claim(e);
        uploads.waits(e.getProperty(PortalUploads.UPLOAD_ID, String.class), owner(e));
        return e;
    }

    private static String owner(Exchange e) {
        return e.getProperty(PortalUploads.UPLOAD_OWNER, String.class);
    }

    @Test
    void aSubmitWaitingBehindLongIntakesKeepsItsLeaseAndIsNotTakenOver() throws Exception {
        Exchange submit = submitted();
        assertThat(uploads.waiting()).isOne();

        // Ten minutes behind two large intakes: the resume timer runs every 30 s on this process.
        for (int s = 0; s < 600; s += 30) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(uploads.lapsed()).as("at %d s", s + 30).isEmpty();
        }

        assertThat(uploads.takenOver(ID, owner(submit))).as("its rows start").isFalse();
        assertThat(uploads.waiting()).isZero();
        assertThat(ledger.find(AGENCY, ID).orElseThrow().attempts()).as("taken in once").isOne();
    }

    @Test
    void aClaimTakenOverWhileItWaitedStopsBeforeItsRowsEvenInTheSameProcess() throws Exception {
        Exchange submit = submitted();
        // The process paused for longer than the lease (no timer ran): the claim lapsed, and this very
        // process's resume timer takes it over.
        clock.advance(LEASE.plusSeconds(1));
        PortalUploadLedger.Upload lapsed = ledger.lapsed(10).get(0);
        Exchange resumed = new DefaultExchange(context);
        uploads.takeOver(lapsed, resumed);
        assertThat(resumed.getProperty(PortalUploads.UPLOAD_ID, String.class)).isEqualTo(ID);
        assertThat(owner(resumed)).as("an owner of its own").isNotEqualTo(owner(submit))
                .startsWith(owner(submit).substring(0, owner(submit).lastIndexOf('-')));
        uploads.waits(ID, owner(resumed));

        // The first to get a rows' thread is the old claim: it finds it no longer holds the upload and stops.
        assertThat(uploads.takenOver(ID, owner(submit))).isTrue();
        assertThatThrownBy(() -> uploads.renew(ID, owner(submit))).hasMessageContaining("taken over");
        assertThat(uploads.takenOver(ID, owner(resumed))).as("the take-over goes on").isFalse();
        uploads.renew(ID, owner(resumed));
        // The old claim's renewals no longer push the lease: the timer forgets it.
        assertThat(uploads.lapsed()).isEmpty();
        assertThat(uploads.waiting()).isZero();
    }
}
