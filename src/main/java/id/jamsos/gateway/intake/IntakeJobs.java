package id.jamsos.gateway.intake;

import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ChangeJob;
import id.jamsos.gateway.eligibility.EligibilityPolicy;
import id.jamsos.gateway.eligibility.EligibilityScreen;
import id.jamsos.gateway.eligibility.EligibilityVerdict;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.EnrollmentMapper;
import id.jamsos.gateway.enrollment.IdempotencyKeys;
import id.jamsos.gateway.finance.BudgetHeadroom;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.ledger.ExistingRows;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.NikStanding;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ContactStatement;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.validation.ValidatedFile;
import java.io.Closeable;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * Walks a validated agency file and yields its jobs: enrollment jobs of the DAFTAR rows and change
 * jobs of the BERHENTI, KOREKSI and PINDAH rows (changes/ChangeJob), from chunks of at most
 * {@code batchSize} accepted rows. Every row reaches the ledger (as REJECTED or PENDING) before the job
 * that carries it is handed on, so that an enroller finishing fast can never find its row missing; and
 * only one chunk of rows is held in memory at a time, whatever the file's size.
 *
 * <p>A chunk of a mixed file gives two jobs whose rows interleave. The file's queued mark (what a
 * resumed intake need not send again) therefore moves only through rows of jobs on the broker and
 * never past the first row of a job that is not yet: see {@link #queuedThrough}.
 */
final class IntakeJobs implements Iterator<Object>, Closeable {

    /** Rejected rows are flushed at this count even when no job is due, to bound memory. */
    private static final int MAX_BUFFERED_ROWS = 1000;
    /** A chunk's rows are decided at most this often when another intake's inserts collide with them. */
    private static final int MAX_DECISIONS = 3;

    private final ValidatedFile rows;
    private final Ledger ledger;
    private final EnrollmentMapper mapper;
    private final ChangeChecks changes;
    private final long fileId;
    private final String agencyId;
    private final String fileName;
    private final String checksum;
    private final YearMonth receivedMonth;
    private final int batchSize;
    private final ExistingRows existing;
    private final RequestArchive archive;

    /** What the programme's budget still carries, counted down per row; null: not checked. */
    private BudgetHeadroom budget;
    private OverBudgetPolicy policy = OverBudgetPolicy.WARN;

    /** Whether the agency's rows go through the verification stage (the registry may lift a set-aside reason). */
    private boolean registryVerifies;

    /** Where accepted rows' consent and phone go (docs/notifications.md). */
    private ContactArchive contacts = ContactArchive.NONE;

    /** Jobs read and not yet handed out: a chunk may give two. */
    private final Deque<Object> ready = new ArrayDeque<>();
    /** Jobs read whose rows are not known to be on the broker yet: last row to first row. */
    private final NavigableMap<Integer, Integer> unsent = new TreeMap<>();
    private int sentThrough;
    private int total;
    private int rejected;
    private int waitlisted;
    private EligibilityScreen eligibility = EligibilityScreen.off();
    private int heldForReview;
    private int notEligible;
    /** Found not eligible in the decision being taken: counted once its rows are recorded (a retry decides again). */
    private int notEligibleNow;

    IntakeJobs(ValidatedFile rows, Ledger ledger, EnrollmentMapper mapper, ChangeChecks changes, long fileId,
               String agencyId, String fileName, String checksum, YearMonth receivedMonth, int batchSize,
               ExistingRows existing, RequestArchive archive) {
        this.rows = rows;
        this.ledger = ledger;
        this.mapper = mapper;
        this.changes = changes;
        this.fileId = fileId;
        this.agencyId = agencyId;
        this.fileName = fileName;
        this.checksum = checksum;
        this.receivedMonth = receivedMonth;
        this.batchSize = batchSize;
        this.existing = existing;
        this.archive = archive;
    }

    /**
     * Checks each enrollment against the budget's headroom, worked out once for this file. Under WARN a
     * row beyond it is enrolled as any other and counted ({@link #beyondBudget}); under WAITLIST it is
     * held WAITLISTED, its request stored for the release.
     */
    IntakeJobs checkBudget(OverBudgetPolicy policy, BudgetHeadroom headroom) {
        this.policy = policy;
        this.budget = headroom;
        return this;
    }

    /**
     * Checks each enrollment against the programme's eligibility list (docs/eligibility.md), one lookup
     * per chunk: under WARN a worker not eligible is enrolled with a warning on the row, under HOLD the
     * row waits in REVIEW with the reason, under REFUSE it is rejected.
     */
    IntakeJobs checkEligibility(EligibilityScreen screen) {
        this.eligibility = screen == null ? EligibilityScreen.off() : screen;
        return this;
    }

    /**
     * Whether the population registry checks this agency's rows before BPJS. When it does not, a row
     * validation accepted with a reason set aside for the registry is refused with that reason here.
     */
    IntakeJobs registryVerifies(boolean verifies) {
        this.registryVerifies = verifies;
        return this;
    }

    /** Where the consent (PERSETUJUAN) and phone (NO_HP) of accepted rows are kept; none by default. */
    IntakeJobs keepContacts(ContactArchive archive) {
        this.contacts = archive == null ? ContactArchive.NONE : archive;
        return this;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && rows.hasNext()) {
            readOneChunk();
        }
        return !ready.isEmpty();
    }

    /** An {@link EnrollmentJob} or a {@link ChangeJob}. */
    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    /**
     * The job whose last row is {@code lastRow} is on the broker: the row the file's queued mark may move
     * to. That is the highest row of the jobs sent so far, but below the first row of any job read and
     * not sent yet (the other job of the same chunk, whose rows may lie between), so a resumed intake
     * sends every pending row that is not on the broker again.
     */
    int queuedThrough(int lastRow) {
        unsent.remove(lastRow);
        sentThrough = Math.max(sentThrough, lastRow);
        int firstUnsent = unsent.values().stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
        return Math.min(sentThrough, firstUnsent - 1);
    }

    private void readOneChunk() {
        List<ValidatedRow> pending = new ArrayList<>(batchSize);
        List<ValidatedRow> pendingChanges = new ArrayList<>();
        List<LedgerRow> ledgerRows = new ArrayList<>();
        List<ValidatedRow> resend = new ArrayList<>();
        List<ChangeItem> resendChanges = new ArrayList<>();
        Map<Integer, List<String>> warnings = new TreeMap<>();
        List<ContactStatement> statements = new ArrayList<>();
        while (rows.hasNext()
                && pending.size() + pendingChanges.size() + resend.size() + resendChanges.size() < batchSize) {
            ValidatedRow row = rows.next();
            total++;
            if (existing.present().get(row.rowNumber())) {
                // A resumed intake: the row was recorded before the interruption. Its job may or may
                // not have reached the queue, so a still-pending row is sent again under the same
                // idempotency key; the endpoint answers it as before.
                if (existing.rejected().get(row.rowNumber())) {
                    rejected++;
                } else if (existing.pending().get(row.rowNumber()) && row.accepted()) {
                    if (row.isChange()) {
                        // As decided then: the ledger may have moved since (this row itself holds the NIK).
                        resendChanges.add(storedChange(row.rowNumber()));
                    } else {
                        resend.add(row);
                    }
                }
                continue;
            }
            if (!row.warnings().isEmpty()) {
                // For the reports, written later from the ledger (a phone number not recognised).
                warnings.put(row.rowNumber(), row.warnings());
            }
            if (row.accepted() && (row.registryMayLift() == null || registryVerifies)) {
                ContactStatement contact = contactOf(row);
                if (contact != null) {
                    statements.add(contact);
                }
            }
            if (row.accepted() && (row.registryMayLift() == null || registryVerifies)) {
                (row.isChange() ? pendingChanges : pending).add(row);
            } else {
                rejected++;
                // A reason set aside for a registry that will not see the row: refused as validation would have.
                ledgerRows.add(rejectedRow(row, row.accepted() ? List.of(row.registryMayLift()) : row.rejections(),
                        null));
                if (ledgerRows.size() >= MAX_BUFFERED_ROWS) {
                    ledger.insertRows(fileId, ledgerRows);
                    ledgerRows.clear();
                    ledger.reports().recordRowWarnings(fileId, warnings);
                    warnings.clear();
                }
            }
        }
        // Before the rows are recorded, since their state depends on it; once for the chunk's enrollments.
        Map<String, EligibilityVerdict> eligible = eligibility.judge(pending.stream().map(r -> r.worker().nik()).toList());
        List<EnrollmentJob.Item> items;
        List<EnrollmentJob.Item> held;
        List<EnrollmentJob.Item> review;
        List<ChangeItem> changeItems;
        // Two agencies' intakes may check the same NIK at the same moment: the ledger's unique key on
        // in-flight NIKs lets one insert win, and the other, asked again, finds that row in flight.
        for (int attempt = 1; ; attempt++) {
            List<LedgerRow> toInsert = new ArrayList<>(ledgerRows);
            items = new ArrayList<>(pending.size() + resend.size());
            held = new ArrayList<>();
            review = new ArrayList<>();
            for (ValidatedRow row : resend) {
                items.add(item(row));
            }
            changeItems = new ArrayList<>(resendChanges);
            // Counted down on a copy: a decision taken again after a collision starts from the same money.
            BudgetHeadroom money = budget == null ? null : budget.copy();
            Map<Integer, List<String>> eligibilityWarnings = new TreeMap<>();
            notEligibleNow = 0;
            int turnedAway = decide(pending, toInsert, items, eligible, review, eligibilityWarnings)
                    + decideChanges(pendingChanges, toInsert, changeItems);
            try {
                if (!toInsert.isEmpty()) {
                    // The budget decides in the transaction that records the rows, under the programme's
                    // lock: another file decided at the same moment sees these rows' money as taken.
                    List<LedgerRow> recorded = ledger.insertRows(fileId, toInsert,
                            money == null ? null : money.gate(policy));
                    hold(recorded, items, held);
                }
                rejected += turnedAway;
                waitlisted += held.size();
                heldForReview += review.size();
                notEligible += notEligibleNow;
                eligibilityWarnings.forEach((rowNo, w) -> warnings.computeIfAbsent(rowNo, k -> new ArrayList<>())
                        .addAll(w));
                budget = money;
                break;
            } catch (LedgerException e) {
                if (attempt == MAX_DECISIONS || !Ledger.isCollision(e)) {
                    throw e;
                }
            }
        }
        ledger.reports().recordRowWarnings(fileId, warnings);
        // After the rows exist and before their job leaves: a parked row always has its item.
        if (held.isEmpty() && review.isEmpty()) {
            archive.keep(fileId, items);
        } else {
            // A waitlisted row's request is what its release sends; a row in REVIEW's what its release does.
            List<EnrollmentJob.Item> kept = new ArrayList<>(items);
            kept.addAll(held);
            kept.addAll(review);
            archive.keep(fileId, kept);
        }
        // After the rows exist: a consent is kept for the NIK whatever the ledger decides for the row (a
        // DAFTAR row of a worker enrolled before states their consent as well, docs/notifications.md).
        if (!statements.isEmpty()) {
            contacts.keep(fileId, statements);
        }
        if (!items.isEmpty()) {
            EnrollmentJob job = new EnrollmentJob(fileId, agencyId, fileName, items);
            unsent.put(job.lastRowNo(), items.stream().mapToInt(EnrollmentJob.Item::rowNo).min().orElseThrow());
            ready.add(job);
        }
        if (!changeItems.isEmpty()) {
            ChangeJob job = new ChangeJob(fileId, agencyId, fileName, changeItems);
            unsent.put(job.lastRowNo(), changeItems.stream().mapToInt(ChangeItem::rowNo).min().orElseThrow());
            ready.add(job);
        }
    }

    /** What an accepted row says about reaching the worker; null when it states neither consent nor phone. */
    private static ContactStatement contactOf(ValidatedRow row) {
        String nik = row.worker() != null ? row.worker().nik() : row.change() != null ? row.change().nik() : null;
        String phone = row.worker() != null ? row.worker().phone() : row.change() != null ? row.change().phone() : null;
        if (nik == null || (phone == null && row.contactConsent() == null)) {
            return null;
        }
        return new ContactStatement(row.rowNumber(), nik, phone, row.contactConsent());
    }

    /**
     * One NIK, one worker: a row for a NIK that is enrolled and covered, or on its way to BPJS from
     * another row, or whose worker died, is not sent; one whose worker's cover ended otherwise is
     * (a re-enrollment, recorded as such when BPJS answers). Decided here and again when BPJS answers (Ledger.recordOutcomes). Adds the ledger row of
     * each pending row to {@code rows} and the job item of each one to be sent to {@code items}.
     *
     * @return how many were turned away
     */
    private int decide(List<ValidatedRow> pending, List<LedgerRow> rows, List<EnrollmentJob.Item> items,
                       Map<String, EligibilityVerdict> eligible, List<EnrollmentJob.Item> review,
                       Map<Integer, List<String>> warnings) {
        if (pending.isEmpty()) {
            return 0;
        }
        int turnedAway = 0;
        Map<String, NikStanding> known = ledger.standingOf(pending.stream().map(r -> r.worker().nik()).toList());
        List<String> enrolledNiks = known.entrySet().stream()
                .filter(e -> e.getValue() instanceof NikStanding.Enrolled).map(Map.Entry::getKey).toList();
        Map<String, String> covering = enrolledNiks.isEmpty() ? Map.of() : ledger.coveringAgencies(enrolledNiks);
        for (ValidatedRow row : pending) {
            NikStanding standing = known.get(row.worker().nik());
            // A worker whose cover ended (not by death), named with the same data, has no refusal: the row
            // is a re-enrollment, sent as a registration like any other and counted against the budget.
            RowRejection why = standing == null ? null : standing.refusal(row.worker().name(),
                    ledger.birthHash(row.worker().birthDate()), fileName, row.rowNumber());
            if (why != null) {
                turnedAway++;
                String kpj = standing instanceof NikStanding.Enrolled enrolled
                        && why.code().equals(NikStanding.ALREADY_ENROLLED) ? enrolled.kpj() : null;
                if (standing instanceof NikStanding.Enrolled && why.code().equals(NikStanding.ALREADY_ENROLLED)) {
                    // The same person, covered by another agency of the city: enrolling here would make a
                    // second payer. A row whose name or birth date differs keeps DATA_CONFLICT: that the
                    // NIK may be mistyped matters more to the clerk than who covers its owner.
                    RowRejection secondPayer = changes.secondPayer(agencyId, covering.get(row.worker().nik()));
                    if (secondPayer != null) {
                        why = secondPayer;
                        kpj = null;
                    }
                }
                rows.add(rejectedRow(row, List.of(why), kpj));
                continue;
            }
            EligibilityVerdict notEligible = eligible.get(row.worker().nik());
            EligibilityPolicy policy = eligibility.policy();
            if (notEligible != null && policy == EligibilityPolicy.REFUSE) {
                turnedAway++;
                notEligibleNow++;
                rows.add(rejectedRow(row, List.of(notEligible.rejection()), null));
                continue;
            }
            EnrollmentJob.Item item = item(row);
            if (notEligible != null && policy == EligibilityPolicy.HOLD) {
                // Waits for a person (RowState.REVIEW), the reason in last_error as the reports show it;
                // its request is kept for the release. Not counted against the budget until released.
                rows.add(new LedgerRow(fileId, row.rowNumber(), row.worker().nik(), row.worker().name(),
                        RowState.REVIEW, List.of(), item.request().refId(), null, notEligible.text(),
                        row.worker().monthlyIncome(), row.worker().birthDate()));
                review.add(item);
                continue;
            }
            if (notEligible != null) {
                // WARN: enrolled as any other, the reason beside the row in the report.
                notEligibleNow++;
                warnings.computeIfAbsent(row.rowNumber(), k -> new ArrayList<>()).add(notEligible.text());
            }
            // PENDING until the budget has its say (BudgetHeadroom#gate, in the insert's transaction).
            rows.add(new LedgerRow(fileId, row.rowNumber(), row.worker().nik(), row.worker().name(),
                    RowState.PENDING, List.of(), item.request().refId(), null, null,
                    row.worker().monthlyIncome(), row.worker().birthDate()));
            items.add(item);
        }
        return turnedAway;
    }

    /** Moves the items of the rows the budget held (recorded WAITLISTED) from {@code items} to {@code held}. */
    private static void hold(List<LedgerRow> recorded, List<EnrollmentJob.Item> items, List<EnrollmentJob.Item> held) {
        Set<Integer> waitlisted = new HashSet<>();
        for (LedgerRow r : recorded) {
            if (r.state() == RowState.WAITLISTED) {
                waitlisted.add(r.rowNo());
            }
        }
        if (waitlisted.isEmpty()) {
            return;
        }
        for (Iterator<EnrollmentJob.Item> it = items.iterator(); it.hasNext(); ) {
            EnrollmentJob.Item item = it.next();
            if (waitlisted.contains(item.rowNo())) {
                held.add(item);
                it.remove();
            }
        }
    }

    /**
     * The change rows of the chunk against the ledger (ChangeChecks): each becomes a PENDING row holding
     * its NIK, with its job item kept encrypted in the row, or a REJECTED one with the reason.
     *
     * @return how many were turned away
     */
    private int decideChanges(List<ValidatedRow> pending, List<LedgerRow> rows, List<ChangeItem> items) {
        if (pending.isEmpty()) {
            return 0;
        }
        int turnedAway = 0;
        Map<String, NikStanding.InFlight> inFlight = ledger.inFlightOf(
                pending.stream().map(r -> r.change().nik()).toList());
        for (ValidatedRow row : pending) {
            String key = IdempotencyKeys.of(agencyId, checksum, row.rowNumber());
            ChangeChecks.Verdict verdict = changes.check(agencyId, row.rowNumber(), row.change(), key, receivedMonth,
                    inFlight.get(row.change().nik()));
            if (verdict instanceof ChangeChecks.Refused refused) {
                turnedAway++;
                rows.add(rejectedRow(row, List.of(refused.why()), refused.kpj()));
                continue;
            }
            ChangeChecks.Accepted accepted = (ChangeChecks.Accepted) verdict;
            ChangeItem item = accepted.item();
            // The name the clerk wrote (a KOREKSI's new one), else the worker's as enrolled.
            String name = row.change().name() != null ? row.change().name()
                    : row.rawName().isEmpty() ? accepted.enrolledName() : row.rawName();
            rows.add(new LedgerRow(fileId, row.rowNumber(), row.change().nik(), name, RowState.PENDING, List.of(), key,
                    item.kpj(), null, null, null, row.action(), changes.toJson(item)));
            items.add(item);
        }
        return turnedAway;
    }

    private ChangeItem storedChange(int rowNo) {
        String stored = ledger.storedChange(fileId, rowNo);
        if (stored == null) {
            throw new IllegalStateException("change row " + rowNo + " of file " + fileId
                    + " is pending without its stored job item");
        }
        return changes.fromJson(stored);
    }

    private EnrollmentJob.Item item(ValidatedRow row) {
        String key = IdempotencyKeys.of(agencyId, checksum, row.rowNumber());
        return new EnrollmentJob.Item(row.rowNumber(), row.worker().district(), mapper.toRequest(row.worker(), key),
                row.registryMayLift());
    }

    private LedgerRow rejectedRow(ValidatedRow row, List<RowRejection> reasons, String kpj) {
        String nik = row.worker() != null ? row.worker().nik() : row.rawNik();
        String name = row.worker() != null ? row.worker().name() : row.rawName();
        return new LedgerRow(fileId, row.rowNumber(), nik, name, RowState.REJECTED, reasons, null, kpj, null, null,
                null, row.action(), null);
    }

    int total() {
        return total;
    }

    int rejected() {
        return rejected;
    }

    /** Rows held in REVIEW by the eligibility check (policy HOLD). */
    int heldForReview() {
        return heldForReview;
    }

    /** Enrollments found not eligible and rejected (REFUSE) or enrolled with a warning (WARN). */
    int notEligible() {
        return notEligible;
    }

    /** Rows held WAITLISTED (policy WAITLIST). */
    int waitlisted() {
        return waitlisted;
    }

    /** Rows the budget did not carry, held or (WARN) enrolled all the same; 0 when not checked. */
    int beyondBudget() {
        return budget == null ? 0 : budget.beyond();
    }

    List<String> warnings() {
        return rows.warnings();
    }

    @Override
    public void close() {
        rows.close();
    }
}
