package id.jamsos.gateway.portal;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.intake.FileChecksum;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.NikStanding;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preview's look at the ledger (docs/portal.md): which accepted DAFTAR rows the intake would turn away
 * for their NIK, and whether the agency sent these very bytes before. The same questions the intake asks
 * (intake/IntakeJobs#decide: Ledger#standingOf, then Ledger#coveringAgencies for the enrolled), asked in
 * batches of {@value #BATCH} rows while the preview reads the file, never one query per row.
 *
 * <p>Only what is the agency's own is named: a NIK covered by this agency, a row of one of its own files
 * on its way to BPJS, its own earlier file. A NIK covered by another agency is said to be so and nothing
 * more (the intake refuses it as a second payer); any other standing of another agency's worker (other
 * data, a death, a row of another agency's file in flight) is not shown at all: the clerk learns it from
 * the rejects report after submitting, as before.
 *
 * <p>A ledger that cannot be reached does not stop the preview: it says the check was not made.
 */
public final class PreviewLedgerCheck {

    static final int BATCH = 500;

    /** Codes of the preview's marks, as the reasons table counts them. */
    static final String ALREADY_ENROLLED = NikStanding.ALREADY_ENROLLED;
    static final String OTHER_AGENCY = "ENROLLED_BY_OTHER_AGENCY";
    static final String DATA_CONFLICT = NikStanding.DATA_CONFLICT;
    static final String IN_PROGRESS = NikStanding.IN_PROGRESS;

    private static final Logger LOG = LoggerFactory.getLogger(PreviewLedgerCheck.class);

    private final Ledger ledger;
    private final PortalPages pages;

    public PreviewLedgerCheck(Ledger ledger, PortalPages pages) {
        this.ledger = ledger;
        this.pages = pages;
    }

    /** One preview's check, for the session's agency. */
    public Run start(String agencyId) {
        return new Run(agencyId);
    }

    /** A row the intake would turn away, as the preview shows it. */
    record Mark(String code, String verdict, String messageId, String messageEn) {
    }

    public final class Run {

        private final String agencyId;
        private final List<ValidatedRow> batch = new ArrayList<>(BATCH);
        private final Map<Integer, Mark> marks = new HashMap<>();
        private final Map<String, PortalView.ReasonCount> counted = new LinkedHashMap<>();
        private final Map<Long, Boolean> ownFiles = new HashMap<>();
        private boolean failed;

        private Run(String agencyId) {
            this.agencyId = agencyId;
        }

        /** Every row of the file as the preview reads it; only accepted DAFTAR rows are looked up. */
        public void add(ValidatedRow row) {
            if (failed || !row.accepted() || row.isChange() || row.worker() == null
                    || (row.action() != null && row.action() != ChangeAction.DAFTAR)) {
                return;
            }
            batch.add(row);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        private void flush() {
            if (batch.isEmpty() || failed) {
                return;
            }
            try {
                decide(batch);
            } catch (RuntimeException e) {
                failed = true;
                LOG.warn("agency={} portal preview: the ledger check was not made: {}", agencyId,
                        e.getClass().getSimpleName());
            }
            batch.clear();
        }

        private void decide(List<ValidatedRow> rows) {
            Map<String, NikStanding> known = ledger.standingOf(rows.stream().map(r -> r.worker().nik()).toList());
            List<String> enrolled = known.entrySet().stream()
                    .filter(e -> e.getValue() instanceof NikStanding.Enrolled).map(Map.Entry::getKey).toList();
            Map<String, String> covering = enrolled.isEmpty() ? Map.of() : ledger.coveringAgencies(enrolled);
            for (ValidatedRow row : rows) {
                Mark mark = mark(row, known.get(row.worker().nik()), covering.get(row.worker().nik()));
                if (mark != null) {
                    marks.put(row.rowNumber(), mark);
                    counted.merge(mark.code(), new PortalView.ReasonCount(mark.code(), mark.messageId(),
                                    mark.messageEn(), 1),
                            (a, b) -> new PortalView.ReasonCount(a.code(), a.messageId(), a.messageEn(), a.rows() + 1));
                }
            }
        }

        private Mark mark(ValidatedRow row, NikStanding standing, String coveringAgency) {
            if (standing instanceof NikStanding.Enrolled enrolled) {
                RowRejection why = enrolled.refusal(row.worker().name(), ledger.birthHash(row.worker().birthDate()));
                boolean ours = agencyId.equals(coveringAgency);
                if (why.code().equals(NikStanding.ALREADY_ENROLLED) && ours) {
                    return new Mark(ALREADY_ENROLLED, "SUDAH TERDAFTAR / ALREADY ENROLLED",
                            "NIK: sudah terdaftar dan ditanggung instansi ini; baris ini tidak akan dikirim lagi",
                            "already enrolled and covered by this agency; this row will not be sent again");
                }
                if (why.code().equals(NikStanding.ALREADY_ENROLLED) && coveringAgency != null) {
                    return new Mark(OTHER_AGENCY, "SUDAH TERDAFTAR / ALREADY ENROLLED",
                            "NIK: sudah terdaftar oleh instansi lain", "already enrolled by another agency");
                }
                if (why.code().equals(NikStanding.DATA_CONFLICT) && ours) {
                    return new Mark(DATA_CONFLICT, "DATA BERBEDA / OTHER DATA",
                            "NIK: sudah terdaftar di instansi ini dengan nama atau tanggal lahir lain; periksa NIK",
                            "already enrolled in this agency with another name or birth date; check the NIK");
                }
                return null;
            }
            if (standing instanceof NikStanding.InFlight inFlight && ownFile(inFlight.fileId())) {
                return new Mark(IN_PROGRESS, "SEDANG DIDAFTARKAN / BEING ENROLLED",
                        "NIK: sedang didaftarkan dari berkas " + inFlight.fileName() + " (#" + inFlight.fileId()
                                + ") baris " + inFlight.rowNo() + "; tidak dikirim dua kali",
                        "being enrolled from file " + inFlight.fileName() + " (#" + inFlight.fileId() + ") row "
                                + inFlight.rowNo() + "; not sent twice");
            }
            return null;
        }

        private boolean ownFile(long fileId) {
            return ownFiles.computeIfAbsent(fileId,
                    id -> ledger.file(id).map(f -> f.agencyId().equals(agencyId)).orElse(false));
        }

        /** The preview with the marked rows, their reasons counted, and the note of an earlier same file. */
        public PortalView.Preview apply(PortalView.Preview preview, Path data) {
            flush();
            PortalView.Note duplicate = null;
            try {
                duplicate = duplicateOf(data).orElse(null);
            } catch (IOException | RuntimeException e) {
                failed = true;
                LOG.warn("agency={} portal preview: the duplicate check was not made: {}", agencyId,
                        e.getClass().getSimpleName());
            }
            PortalView.Note notChecked = failed ? new PortalView.Note("Pemeriksaan terhadap data yang sudah terdaftar"
                    + " tidak dapat dilakukan sekarang; intake tetap memeriksanya saat berkas dikirim.",
                    "The check against workers already enrolled could not be made now; the intake still makes it"
                            + " when the file is submitted.") : null;
            if (preview.refusal() != null) {
                return preview.withLedger(0, List.of(), preview.shown(), duplicate, notChecked);
            }
            List<PortalView.PreviewRow> shown = new ArrayList<>();
            for (PortalView.PreviewRow r : preview.shown()) {
                Mark m = marks.get(r.rowNo());
                shown.add(m == null ? r : new PortalView.PreviewRow(r.rowNo(), r.nik(), r.name(), false, m.verdict(),
                        List.of(new PortalView.Note(m.messageId(), m.messageEn())), m.code()));
            }
            return preview.withLedger(marks.size(), new ArrayList<>(counted.values()), shown, duplicate, notChecked);
        }

        /** The agency's own earlier file with these bytes, if any (FAILED files do not count, as at intake). */
        private Optional<PortalView.Note> duplicateOf(Path data) throws IOException {
            Optional<FileInfo> earlier = ledger.liveFile(agencyId, FileChecksum.sha256(data));
            if (earlier.isEmpty()) {
                return Optional.empty();
            }
            FileInfo f = earlier.get();
            String when = pages.time(f.receivedAt());
            if (f.state() == FileState.RECEIVING) {
                return Optional.of(new PortalView.Note("Berkas yang sama (" + f.fileName() + ", #" + f.id()
                        + ", diterima " + when + ") belum selesai dibaca; mengirimnya melanjutkan berkas itu.",
                        "The same file (" + f.fileName() + ", #" + f.id() + ", received " + when + ") was not read to"
                                + " its end; submitting it resumes that file."));
            }
            return Optional.of(new PortalView.Note("Berkas duplikat: isinya sama persis dengan berkas " + f.fileName()
                    + " (#" + f.id() + ") yang diterima " + when + ". Bila dikirim, dicatat sebagai duplikat dan tidak"
                    + " diproses lagi.", "Duplicate file: its content is exactly that of file " + f.fileName() + " (#"
                    + f.id() + ") received " + when + ". Submitted, it is recorded as a duplicate and not processed"
                    + " again."));
        }
    }
}
