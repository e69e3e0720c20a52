package id.jamsos.gateway.intake;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.eligibility.EligibilityScreen;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.EnrollmentMapper;
import id.jamsos.gateway.finance.BudgetHeadroom;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.ledger.ExistingRows;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileRegistration;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.ops.OpsLogContext;
import id.jamsos.gateway.report.ReportTexts;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.report.ReuploadNames;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.ValidatedFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake route's bean: registers a picked-up agency file in the ledger, streams its rows into
 * enrollment jobs, and closes the intake. Whole-file problems surface as
 * {@link FileRejectedException} for the shared error handler.
 */
public final class FileIntake {


    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);

    private final Ledger ledger;
    private final AgencyFileValidator validator;
    private final EnrollmentMapper mapper;
    private final ChangeChecks changes;
    private final int batchSize;
    private final Clock clock;
    private volatile RequestArchive archive = RequestArchive.NONE;
    private volatile Function<String, AgencyLimits> limitsOf = agencyId -> AgencyLimits.NONE;
    private volatile OverBudgetPolicy overBudget = OverBudgetPolicy.WARN;
    /** Whether an agency's rows are checked with the population registry (verification stage); none by default. */
    private volatile java.util.function.Predicate<String> verified = agencyId -> false;
    /** Where accepted rows' consent and phone go; none until the notification wiring sets it. */
    private volatile ContactArchive contacts = ContactArchive.NONE;

    /** The budget's headroom, asked once per file; null: the budget is not checked (tests of the intake alone). */
    private volatile Supplier<BudgetHeadroom> headroom;

    /** @param changes the ledger's word on change rows (AKSI BERHENTI, KOREKSI, PINDAH) and second payers */
    public FileIntake(Ledger ledger, AgencyFileValidator validator, EnrollmentMapper mapper, ChangeChecks changes,
                      int batchSize, Clock clock) {
        this.ledger = ledger;
        this.validator = validator;
        this.mapper = mapper;
        this.changes = changes;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Where accepted rows' consent and phone go (docs/notifications.md; the notification wiring sets it). */
    public void keepContactsIn(ContactArchive contacts) {
        this.contacts = contacts;
    }

    /** Where accepted rows' job items are kept for replay (operations wiring sets it). */
    public void keepRequestsIn(RequestArchive archive) {
        this.archive = archive;
    }

    /** Each agency's limits, defaults applied (the gateway's wiring sets it; agencies.yaml may change). */
    public void limitTo(Function<String, AgencyLimits> limitsOf) {
        this.limitsOf = limitsOf;
    }

    /**
     * Which agencies' rows the population registry checks before BPJS (jamsos.verification.enabled and
     * registry_verify). A row validation accepted with a reason set aside for the registry
     * (jamsos.validation.nikBirthDate=registry) is refused at intake with that reason for any other agency.
     */
    public void verifiedBy(java.util.function.Predicate<String> verifiedAgencies) {
        this.verified = verifiedAgencies;
    }

    /**
     * Checks enrollments against the programme's budget (docs/finance.md, "The programme and its
     * budget"): the headroom is worked out once per file and counted down per row, each chunk decided
     * under the programme's commitment lock in the transaction that records it (BudgetHeadroom#gate), so
     * that files taken in at the same time do not commit the same money.
     */
    public void checkBudget(OverBudgetPolicy policy, Supplier<BudgetHeadroom> headroom) {
        this.overBudget = policy;
        this.headroom = headroom;
    }

    /**
     * Records the file; marks the exchange as a duplicate when the same bytes were processed before.
     * Takes the {@link Exchange}: the file is found through {@link Exchange#FILE_LOCAL_WORK_PATH} or the
     * body, and this one step sets the intake's six properties and two headers and, for a duplicate,
     * replaces the body with the agency's note.
     */
    public void register(Exchange exchange) throws IOException, FileRejectedException {
        String agencyId = exchange.getProperty(Headers.AGENCY_ID, String.class);
        String remoteName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        // Before the ledger, the checksum or any path built from the name: see SafeFileNames.
        if (remoteName != null) {
            SafeFileNames.requireSafe(remoteName);
        }
        Path file = localFile(exchange);
        String name = remoteName != null ? remoteName : file.getFileName().toString();
        SafeFileNames.requireSafe(name);
        Optional<FileRejectedException> tooLarge = AgencyLimitCheck.size(name, limitsOf.apply(agencyId), Files.size(file));
        if (tooLarge.isPresent()) {
            throw tooLarge.get();
        }
        String checksum = FileChecksum.sha256(file);
        FileRegistration reg = ledger.registerFile(agencyId, name, checksum, clock.instant());
        exchange.setProperty(Headers.FILE_ID, reg.fileId());
        OpsLogContext.file(agencyId, reg.fileId());
        exchange.setProperty(Headers.AGENCY_ID, agencyId);
        exchange.setProperty(Headers.FILE_NAME, name);
        exchange.setProperty(Headers.CHECKSUM, checksum);
        exchange.setProperty(Headers.DUPLICATE, reg.duplicate());
        exchange.setProperty(Headers.RESUMED, reg.resumed());
        exchange.getMessage().setHeader(Headers.AGENCY_ID, agencyId);
        exchange.getMessage().setHeader(Headers.FILE_ID, reg.fileId());
        if (!reg.duplicate()) {
            ledger.earlierFileNamed(agencyId, name, reg.fileId()).ifPresent(earlier -> {
                if (earlier.state() == FileState.RECEIVING) {
                    // Cut off mid-intake (a crash) and sent again with other bytes: the agency replaced it,
                    // and the old bytes are gone from the inbox. Failing it lets go of the NIKs its unsent
                    // rows held; jobs of it already queued are still answered, and the outcome check keeps
                    // one worker per NIK.
                    ledger.failFile(earlier.id(), "superseded by file #" + reg.fileId()
                            + ", uploaded under the same name before this one was read to the end");
                    LOG.warn("agency={} file={} id={} was never read to the end; file id={} replaces it", agencyId,
                            name, earlier.id(), reg.fileId());
                }
                String archived = ReuploadNames.of(name, reg.fileId());
                exchange.setProperty(Headers.ARCHIVE_NAME, archived);
                LOG.info("agency={} file={} id={} comes under the name of file id={} with other bytes: processed as a"
                        + " new file, archived and reported as {}", agencyId, name, reg.fileId(), earlier.id(), archived);
            });
        }
        if (reg.duplicate()) {
            LOG.info("agency={} file={} id={} is a copy of file id={} ({}); not processed again",
                    agencyId, name, reg.fileId(), reg.previousFileId(), reg.previousFileName());
            exchange.getMessage().setHeader(Exchange.FILE_NAME, name + ".duplicate.txt");
            exchange.getMessage().setHeader(Headers.TARGET, ReportWriter.OUTBOX);
            exchange.getMessage().setBody(ReportTexts.duplicate(name, reg));
        } else if (reg.resumed()) {
            LOG.warn("agency={} file={} id={} was being read when the gateway stopped; resuming", agencyId, name,
                    reg.fileId());
        } else {
            LOG.info("agency={} file={} id={} received, sha256={}", agencyId, name, reg.fileId(), checksum.substring(0, 12));
        }
    }

    /**
     * The jobs of the registered file, read lazily for a streaming split: {@link EnrollmentJob}s of its
     * DAFTAR rows and {@link id.jamsos.gateway.changes.ChangeJob}s of its change rows, which the route
     * sends to their own queues. Takes the
     * {@link Exchange} for the local copy of the file, found as {@link #register} finds it, beside
     * five of register's properties; the jobs are kept as {@link Headers#INTAKE_JOBS} for {@link #finish}.
     */
    public Iterator<Object> jobs(Exchange exchange) throws FileRejectedException, IOException {
        String name = exchange.getProperty(Headers.FILE_NAME, String.class);
        long fileId = exchange.getProperty(Headers.FILE_ID, Long.class);
        ExistingRows existing = Boolean.TRUE.equals(exchange.getProperty(Headers.RESUMED, Boolean.class))
                ? ledger.existingRows(fileId) : ExistingRows.none();
        String agencyId = exchange.getProperty(Headers.AGENCY_ID, String.class);
        ValidatedFile rows = validator.open(localFile(exchange), name);
        if (!Boolean.TRUE.equals(exchange.getProperty(Headers.RESUMED, Boolean.class))) {
            // Before any row is recorded; a resumed file was let in before it stopped.
            AgencyLimits limits = limitsOf.apply(agencyId);
            if (limits.maxRowsPerDay() != null || limits.maxOpenRows() != null) {
                long today = limits.maxRowsPerDay() == null ? 0
                        : ledger.rowsReceivedSince(agencyId, clock.instant().minus(Duration.ofHours(24)));
                long open = limits.maxOpenRows() == null ? 0 : ledger.openRows(agencyId);
                Optional<FileRejectedException> over = AgencyLimitCheck.rows(name, limits, rows.rowsAtMost(), today, open);
                if (over.isPresent()) {
                    rows.close();
                    throw over.get();
                }
            }
        }
        // A handover takes effect the month after the file came, also when its intake resumes later.
        YearMonth received = changes.monthOf(ledger.file(fileId).map(FileInfo::receivedAt).orElse(clock.instant()));
        IntakeJobs jobs = new IntakeJobs(rows, ledger, mapper, changes, fileId,
                agencyId, name, exchange.getProperty(Headers.CHECKSUM, String.class), received,
                batchSize, existing, archive);
        jobs.registryVerifies(verified.test(agencyId));
        jobs.keepContacts(contacts);
        Supplier<BudgetHeadroom> budget = headroom;
        if (budget != null) {
            jobs.checkBudget(overBudget, budget.get());
        }
        // Set by the route's eligibility step (EligibilityCheck#forFile); absent: not checked.
        jobs.checkEligibility(exchange.getProperty(Headers.ELIGIBILITY, EligibilityScreen.class));
        exchange.setProperty(Headers.INTAKE_JOBS, jobs);
        return jobs;
    }

    /**
     * After each job reached the broker: a resumed intake need not send its rows again. The mark stops
     * short of rows of the file's other job that is not on the broker yet (IntakeJobs#queuedThrough).
     */
    public void queued(@ExchangeProperty(Headers.INTAKE_JOBS) IntakeJobs jobs,
                       @ExchangeProperty(Headers.FILE_ID) long fileId,
                       @ExchangeProperty(Headers.JOB_LAST_ROW) int lastRow) {
        ledger.markQueued(fileId, jobs == null ? lastRow : jobs.queuedThrough(lastRow));
    }

    /**
     * After the split: the file's row count is known, and its reports may already be due, in which
     * case {@code headers} get {@link Headers#REPORTS_DUE}.
     */
    public void finish(@ExchangeProperty(Headers.INTAKE_JOBS) IntakeJobs jobs,
                       @ExchangeProperty(Headers.FILE_ID) long fileId,
                       @ExchangeProperty(Headers.AGENCY_ID) String agencyId,
                       @ExchangeProperty(Headers.FILE_NAME) String name,
                       @org.apache.camel.Headers Map<String, Object> headers) {
        jobs.close();
        ledger.completeIntake(fileId, jobs.total(), jobs.rejected());
        LOG.info("agency={} file={} id={} read: rows={} rejected={} queued={}", agencyId, name, fileId,
                jobs.total(), jobs.rejected(), jobs.total() - jobs.rejected());
        if (jobs.beyondBudget() > 0) {
            if (jobs.waitlisted() > 0) {
                LOG.warn("agency={} file={} id={}: {} rows WAITLISTED, the programme's budget cannot carry them to its"
                        + " last month; `budget add` or `budget release` sends them in arrival order", agencyId, name,
                        fileId, jobs.waitlisted());
            } else {
                LOG.warn("agency={} file={} id={}: {} rows enrolled beyond what the programme's remaining budget"
                        + " carries to its last month (jamsos.programme.overBudgetPolicy=WARN; see `budget`)", agencyId,
                        name, fileId, jobs.beyondBudget());
            }
        }
        if (jobs.heldForReview() > 0 || jobs.notEligible() > 0) {
            LOG.warn("agency={} file={} id={}: {} enrollments not on the eligibility list or outside the target"
                    + " deciles; {} held in REVIEW, {} rejected or warned about (jamsos.eligibility.policy)", agencyId,
                    name, fileId, jobs.heldForReview() + jobs.notEligible(), jobs.heldForReview(), jobs.notEligible());
        }
        for (String warning : jobs.warnings()) {
            LOG.info("agency={} file={} id={} warning: {}", agencyId, name, fileId, warning);
        }
        // Kept for the reports, which say them to the clerk (read as Windows-1252, unknown columns, title rows).
        ledger.reports().recordFileWarnings(fileId, jobs.warnings());
        if (ledger.tryStartReporting(fileId)) {
            headers.put(Headers.REPORTS_DUE, fileId);
        }
    }

    /** With localWorkDirectory the SFTP consumer has already copied the file to local disk. */
    static Path localFile(Exchange exchange) {
        String local = exchange.getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        if (local != null) {
            return Path.of(local);
        }
        File f = exchange.getMessage().getBody(File.class);
        if (f == null) {
            throw new IllegalStateException("the intake expects a file downloaded to the local work directory");
        }
        return f.toPath();
    }
}
