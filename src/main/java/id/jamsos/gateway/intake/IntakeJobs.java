package id.jamsos.gateway.intake;

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
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.validation.ValidatedFile;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Walks a validated agency file and yields enrollment jobs of at most {@code batchSize} accepted
 * rows. Every row reaches the ledger (as REJECTED or PENDING) before the job that carries it is
 * handed on, so that an enroller finishing fast can never find its row missing; and only one
 * chunk of rows is held in memory at a time, whatever the file's size.
 */
final class IntakeJobs implements Iterator<EnrollmentJob>, Closeable {

    /** Rejected rows are flushed at this count even when no job is due, to bound memory. */
    private static final int MAX_BUFFERED_ROWS = 1000;
    /** A chunk's rows are decided at most this often when another intake's inserts collide with them. */
    private static final int MAX_DECISIONS = 3;

    private final ValidatedFile rows;
    private final Ledger ledger;
    private final EnrollmentMapper mapper;
    private final long fileId;
    private final String agencyId;
    private final String fileName;
    private final String checksum;
    private final int batchSize;
    private final ExistingRows existing;
    private final RequestArchive archive;

    /** What the programme's budget still carries, counted down per row; null: not checked. */
    private BudgetHeadroom budget;
    private OverBudgetPolicy policy = OverBudgetPolicy.WARN;

    private EnrollmentJob next;
    private int total;
    private int rejected;
    private int waitlisted;

    IntakeJobs(ValidatedFile rows, Ledger ledger, EnrollmentMapper mapper, long fileId, String agencyId,
               String fileName, String checksum, int batchSize, ExistingRows existing, RequestArchive archive) {
        this.rows = rows;
        this.ledger = ledger;
        this.mapper = mapper;
        this.fileId = fileId;
        this.agencyId = agencyId;
        this.fileName = fileName;
        this.checksum = checksum;
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

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readChunk();
        }
        return next != null;
    }

    @Override
    public EnrollmentJob next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EnrollmentJob job = next;
        next = null;
        return job;
    }

    /** Reads rows until a job is full or the file ends; null when nothing is left to send. */
    private EnrollmentJob readChunk() {
        EnrollmentJob job = null;
        while (job == null && rows.hasNext()) {
            job = readOneChunk();
        }
        return job;
    }

    private EnrollmentJob readOneChunk() {
        List<ValidatedRow> pending = new ArrayList<>(batchSize);
        List<LedgerRow> ledgerRows = new ArrayList<>();
        List<ValidatedRow> resend = new ArrayList<>();
        while (rows.hasNext() && pending.size() + resend.size() < batchSize) {
            ValidatedRow row = rows.next();
            total++;
            if (existing.present().get(row.rowNumber())) {
                // A resumed intake: the row was recorded before the interruption. Its job may or may
                // not have reached the queue, so a still-pending row is sent again under the same
                // idempotency key; the endpoint answers it as before.
                if (existing.rejected().get(row.rowNumber())) {
                    rejected++;
                } else if (existing.pending().get(row.rowNumber()) && row.accepted()) {
                    resend.add(row);
                }
                continue;
            }
            if (row.accepted()) {
                pending.add(row);
            } else {
                rejected++;
                ledgerRows.add(rejectedRow(row, row.rejections(), null));
                if (ledgerRows.size() >= MAX_BUFFERED_ROWS) {
                    ledger.insertRows(fileId, ledgerRows);
                    ledgerRows.clear();
                }
            }
        }
        List<EnrollmentJob.Item> items;
        List<EnrollmentJob.Item> held;
        // Two agencies' intakes may check the same NIK at the same moment: the ledger's unique key on
        // in-flight NIKs lets one insert win, and the other, asked again, finds that row in flight.
        for (int attempt = 1; ; attempt++) {
            List<LedgerRow> toInsert = new ArrayList<>(ledgerRows);
            items = new ArrayList<>(pending.size() + resend.size());
            held = new ArrayList<>();
            for (ValidatedRow row : resend) {
                items.add(item(row));
            }
            // Counted down on a copy: a decision taken again after a collision starts from the same money.
            BudgetHeadroom money = budget == null ? null : budget.copy();
            int turnedAway = decide(pending, toInsert, items, held, money);
            try {
                if (!toInsert.isEmpty()) {
                    ledger.insertRows(fileId, toInsert);
                }
                rejected += turnedAway;
                waitlisted += held.size();
                budget = money;
                break;
            } catch (LedgerException e) {
                if (attempt == MAX_DECISIONS || !Ledger.isCollision(e)) {
                    throw e;
                }
            }
        }
        // After the rows exist and before their job leaves: a parked row always has its item.
        if (held.isEmpty()) {
            archive.keep(fileId, items);
        } else {
            // A waitlisted row's request is what its release sends.
            List<EnrollmentJob.Item> kept = new ArrayList<>(items);
            kept.addAll(held);
            archive.keep(fileId, kept);
        }
        return items.isEmpty() ? null : new EnrollmentJob(fileId, agencyId, fileName, items);
    }

    /**
     * One NIK, one worker: a row for a NIK that is enrolled, or on its way to BPJS from another row, is
     * not sent. Decided here and again when BPJS answers (Ledger.recordOutcomes). Adds the ledger row of
     * each pending row to {@code rows} and the job item of each one to be sent to {@code items}.
     *
     * @return how many were turned away
     */
    private int decide(List<ValidatedRow> pending, List<LedgerRow> rows, List<EnrollmentJob.Item> items,
                       List<EnrollmentJob.Item> held, BudgetHeadroom headroom) {
        if (pending.isEmpty()) {
            return 0;
        }
        int turnedAway = 0;
        Map<String, NikStanding> known = ledger.standingOf(pending.stream().map(r -> r.worker().nik()).toList());
        for (ValidatedRow row : pending) {
            NikStanding standing = known.get(row.worker().nik());
            if (standing != null) {
                turnedAway++;
                RowRejection why = standing.refusal(row.worker().name(), ledger.birthHash(row.worker().birthDate()));
                String kpj = standing instanceof NikStanding.Enrolled enrolled
                        && why.code().equals(NikStanding.ALREADY_ENROLLED) ? enrolled.kpj() : null;
                rows.add(rejectedRow(row, List.of(why), kpj));
                continue;
            }
            EnrollmentJob.Item item = item(row);
            boolean carried = headroom == null || headroom.take(row.worker().monthlyIncome());
            boolean hold = !carried && policy == OverBudgetPolicy.WAITLIST;
            rows.add(new LedgerRow(fileId, row.rowNumber(), row.worker().nik(), row.worker().name(),
                    hold ? RowState.WAITLISTED : RowState.PENDING, List.of(), item.request().refId(), null, null,
                    row.worker().monthlyIncome(), row.worker().birthDate()));
            (hold ? held : items).add(item);
        }
        return turnedAway;
    }

    private EnrollmentJob.Item item(ValidatedRow row) {
        String key = IdempotencyKeys.of(agencyId, checksum, row.rowNumber());
        return new EnrollmentJob.Item(row.rowNumber(), row.worker().district(), mapper.toRequest(row.worker(), key));
    }

    private LedgerRow rejectedRow(ValidatedRow row, List<RowRejection> reasons, String kpj) {
        String nik = row.worker() != null ? row.worker().nik() : row.rawNik();
        String name = row.worker() != null ? row.worker().name() : row.rawName();
        return new LedgerRow(fileId, row.rowNumber(), nik, name, RowState.REJECTED, reasons, null, kpj, null);
    }

    int total() {
        return total;
    }

    int rejected() {
        return rejected;
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
