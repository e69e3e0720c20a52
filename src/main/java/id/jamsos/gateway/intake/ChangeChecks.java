package id.jamsos.gateway.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.NikStanding;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.model.RowChange;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.Nik;
import id.jamsos.gateway.validation.ChangeRules;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the ledger says about a change row at intake (issue 16), before anything is sent to BPJS: the
 * worker must have been enrolled through this gateway, be this agency's (an agency changes only its own
 * workers), and, to end cover or hand the worker over, be covered now. BERHENTI's last month lies
 * between the first month of the open period and the month after this one (the city's zone); PINDAH
 * goes to another agency the gateway knows, from the month after the file was received. KOREKSI's
 * BULAN_BERLAKU (the first month of a corrected income) lies between the first month the worker was
 * ever covered and the month after this one, and after the last month a contribution statement was
 * published for (finance has booked those months; docs/finance.md "Income corrections"). And an
 * enrollment (DAFTAR) of a worker another agency already covers is a second payer, turned away with a
 * pointer to PINDAH.
 *
 * <p>What passes becomes a {@link ChangeItem} with the worker's KPJ from the ledger; what does not, a
 * row rejection naming the field, in Indonesian with English beside it, as validation's are.
 */
public final class ChangeChecks {

    /** Reason codes of change rows turned away at intake, as the rejects report shows them. */
    public static final String NOT_ENROLLED = "NOT_ENROLLED";
    public static final String OTHER_AGENCY = "OTHER_AGENCY";
    public static final String NOT_COVERED = "NOT_COVERED";
    public static final String LAST_MONTH_BEFORE_START = "LAST_MONTH_BEFORE_START";
    public static final String LAST_MONTH_TOO_LATE = "LAST_MONTH_TOO_LATE";
    public static final String TARGET_UNKNOWN = "TARGET_UNKNOWN";
    public static final String TARGET_SAME = "TARGET_SAME";
    public static final String COVERED_BY_OTHER_AGENCY = "COVERED_BY_OTHER_AGENCY";
    public static final String EFFECTIVE_MONTH_BEFORE_START = "EFFECTIVE_MONTH_BEFORE_START";
    public static final String EFFECTIVE_MONTH_TOO_LATE = "EFFECTIVE_MONTH_TOO_LATE";
    public static final String EFFECTIVE_MONTH_CLOSED = "EFFECTIVE_MONTH_CLOSED";

    private static final DateTimeFormatter CLERK_MONTH = DateTimeFormatter.ofPattern("MM/yyyy");

    /** A change row's fate at intake: its job item, or why it is not sent. */
    public sealed interface Verdict {
    }

    /** @param enrolledName the worker's name as enrolled, for the ledger row and the reports */
    public record Accepted(ChangeItem item, String enrolledName) implements Verdict {
    }

    /** @param kpj the worker's KPJ when the ledger knows the worker (shown in the report), else null */
    public record Refused(RowRejection why, String kpj) implements Verdict {
    }

    private final Ledger ledger;
    private final CoverageLedger coverage;
    private final Predicate<String> knownAgency;
    private final ObjectMapper json;

    /**
     * @param knownAgency whether an agency id names an agency of agencies.yaml now (a reload applies)
     * @param json        writes and reads the job items kept in file_row.change_json
     */
    public ChangeChecks(Ledger ledger, CoverageLedger coverage, Predicate<String> knownAgency, ObjectMapper json) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.coverage = Objects.requireNonNull(coverage, "coverage");
        this.knownAgency = Objects.requireNonNull(knownAgency, "knownAgency");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The month a file was received in, in the city's zone: a handover takes effect the month after. */
    public YearMonth monthOf(Instant receivedAt) {
        return coverage.monthOf(receivedAt);
    }

    /**
     * The verdict on an accepted change row of {@code agencyId}'s file received in {@code receivedMonth}.
     *
     * @param inFlight another row holding the NIK on its way to BPJS, or null
     */
    public Verdict check(String agencyId, int rowNo, RowChange change, String idempotencyKey, YearMonth receivedMonth,
                         NikStanding.InFlight inFlight) {
        Optional<WorkerEnrollment> found = ledger.findWorkerByNik(change.nik());
        if (found.isEmpty()) {
            return refused(Nik.FIELD, NOT_ENROLLED, "NIK belum terdaftar melalui gateway; " + change.action()
                            + " hanya untuk pekerja yang didaftarkan melalui gateway ini",
                    "NIK not enrolled through this gateway; " + change.action()
                            + " is only for workers enrolled through this gateway", null);
        }
        WorkerEnrollment worker = found.get();
        String kpj = worker.kpj();
        if (inFlight != null) {
            return refused(Nik.FIELD, NikStanding.IN_PROGRESS,
                    "NIK ini sedang diproses dari berkas " + inFlight.fileName() + " (id " + inFlight.fileId()
                            + ") baris " + inFlight.rowNo() + "; tidak dikirim dua kali. Kirim baris ini lagi setelah"
                            + " laporan berkas itu keluar",
                    "This NIK is being processed from file " + inFlight.fileName() + " (id " + inFlight.fileId()
                            + ") row " + inFlight.rowNo() + "; not sent twice. Send this row again once that file's"
                            + " report is out", kpj);
        }
        Optional<CoveragePeriod> open = coverage.openPeriod(kpj);
        // Whose worker: the agency covering them now, else the one that last had them.
        String owner = open.map(CoveragePeriod::agencyId).orElse(worker.agencyId());
        if (!agencyId.equals(owner)) {
            return refused(Nik.FIELD, OTHER_AGENCY,
                    "Pekerja ini ditanggung instansi lain (" + owner + "); hanya instansi itu yang dapat mengubahnya",
                    "This worker is covered by agency " + owner + "; only that agency may change them", kpj);
        }
        ChangeAction action = change.action();
        if ((action == ChangeAction.BERHENTI || action == ChangeAction.PINDAH) && open.isEmpty()) {
            Optional<CoveragePeriod> last = coverage.periods(kpj).stream().reduce((a, b) -> b)
                    .filter(p -> p.lastMonth() != null);
            String endedId = last.map(p -> " (berakhir " + clerk(p.lastMonth())
                    + (p.endReason() == null ? "" : ": " + p.endReason().text()) + ")").orElse("");
            String endedEn = last.map(p -> " (ended " + clerk(p.lastMonth())
                    + (p.endReason() == null ? "" : ": " + p.endReason().text()) + ")").orElse("");
            boolean end = action == ChangeAction.BERHENTI;
            return refused(Nik.FIELD, NOT_COVERED,
                    "Pekerja tidak sedang ditanggung" + endedId + "; tidak ada tanggungan untuk "
                            + (end ? "dihentikan" : "dipindahkan"),
                    "The worker is not covered now" + endedEn + "; there is no cover to " + (end ? "end" : "hand over"),
                    kpj);
        }
        String effectiveMonth = null;
        ChangeItem.Correction correction = null;
        switch (action) {
            case BERHENTI -> {
                YearMonth first = open.orElseThrow().firstMonth();
                if (change.lastMonth().isBefore(first)) {
                    return refused(ChangeRules.MONTH_FIELD, LAST_MONTH_BEFORE_START,
                            "BULAN_TERAKHIR " + clerk(change.lastMonth()) + " sebelum bulan mulai tanggungan ("
                                    + clerk(first) + ")",
                            "BULAN_TERAKHIR " + clerk(change.lastMonth()) + " is before cover started ("
                                    + clerk(first) + ")", kpj);
                }
                YearMonth latest = coverage.thisMonth().plusMonths(1);
                if (change.lastMonth().isAfter(latest)) {
                    return refused(ChangeRules.MONTH_FIELD, LAST_MONTH_TOO_LATE,
                            "BULAN_TERAKHIR " + clerk(change.lastMonth()) + " lebih dari satu bulan ke depan (paling"
                                    + " lambat " + clerk(latest) + ")",
                            "BULAN_TERAKHIR " + clerk(change.lastMonth()) + " is more than one month ahead ("
                                    + clerk(latest) + " at the latest)", kpj);
                }
            }
            case PINDAH -> {
                String target = change.targetAgencyId();
                if (target.equals(agencyId)) {
                    return refused(ChangeRules.TARGET_FIELD, TARGET_SAME,
                            "INSTANSI_TUJUAN sama dengan instansi pengirim berkas (" + agencyId + ")",
                            "INSTANSI_TUJUAN is the file's own agency (" + agencyId + ")", kpj);
                }
                if (!knownAgency.test(target)) {
                    return refused(ChangeRules.TARGET_FIELD, TARGET_UNKNOWN,
                            "INSTANSI_TUJUAN " + target + " tidak dikenal gateway",
                            "INSTANSI_TUJUAN " + target + " is not an agency the gateway knows", kpj);
                }
                effectiveMonth = receivedMonth.plusMonths(1).toString();
            }
            case KOREKSI -> {
                if (change.monthlyIncome() != null && change.incomeFrom() != null) {
                    Refused bad = incomeFrom(change.incomeFrom(), kpj);
                    if (bad != null) {
                        return bad;
                    }
                    effectiveMonth = change.incomeFrom().toString();
                }
                correction = new ChangeItem.Correction(change.name(),
                        change.birthDate() == null ? null : change.birthDate().toString(), change.monthlyIncome(),
                        change.phone(), change.kelurahan(), change.occupation(), change.district());
            }
            default -> throw new IllegalArgumentException("not a change: " + action);
        }
        ChangeItem item = new ChangeItem(rowNo, action, idempotencyKey, kpj, change.nik(),
                change.reason() == null ? null : change.reason().name(),
                change.lastMonth() == null ? null : change.lastMonth().toString(),
                change.targetAgencyId(), effectiveMonth, correction);
        return new Accepted(item, worker.name());
    }

    /**
     * Why a corrected income may not hold from {@code from}, or null when it may: not before the worker's
     * cover first started (no contribution was due before), not more than a month ahead (as BULAN_TERAKHIR),
     * and not in a month a published statement covers. Without BULAN_BERLAKU none of this is asked: the
     * income holds from the month the change is applied (ChangeLedger).
     */
    private Refused incomeFrom(YearMonth from, String kpj) {
        Optional<YearMonth> started = coverage.periods(kpj).stream().map(CoveragePeriod::firstMonth)
                .min(YearMonth::compareTo);
        if (started.isPresent() && from.isBefore(started.get())) {
            return refused(ChangeRules.EFFECTIVE_MONTH_FIELD, EFFECTIVE_MONTH_BEFORE_START,
                    "BULAN_BERLAKU " + clerk(from) + " sebelum bulan mulai tanggungan (" + clerk(started.get()) + ")",
                    "BULAN_BERLAKU " + clerk(from) + " is before cover started (" + clerk(started.get()) + ")", kpj);
        }
        YearMonth latest = coverage.thisMonth().plusMonths(1);
        if (from.isAfter(latest)) {
            return refused(ChangeRules.EFFECTIVE_MONTH_FIELD, EFFECTIVE_MONTH_TOO_LATE,
                    "BULAN_BERLAKU " + clerk(from) + " lebih dari satu bulan ke depan (paling lambat " + clerk(latest)
                            + ")",
                    "BULAN_BERLAKU " + clerk(from) + " is more than one month ahead (" + clerk(latest)
                            + " at the latest)", kpj);
        }
        Optional<YearMonth> closed = coverage.lastStatementMonth();
        if (closed.isPresent() && !from.isAfter(closed.get())) {
            YearMonth open = closed.get().plusMonths(1);
            return refused(ChangeRules.EFFECTIVE_MONTH_FIELD, EFFECTIVE_MONTH_CLOSED,
                    "BULAN_BERLAKU " + clerk(from) + ": laporan iuran " + clerk(closed.get())
                            + " sudah diterbitkan dan dibukukan; koreksi penghasilan berlaku paling awal " + clerk(open),
                    "BULAN_BERLAKU " + clerk(from) + ": the contribution statement for " + clerk(closed.get())
                            + " was already published and booked; an income correction holds from " + clerk(open)
                            + " at the earliest", kpj);
        }
        return null;
    }

    /**
     * A DAFTAR row whose NIK the ledger holds as a worker covered by {@code coveringAgency} (null: not
     * covered now): when that is another agency, the reason the row is not sent (a second payer); null
     * when not, and the enrollment's own answer (already enrolled, other data) stands.
     */
    public RowRejection secondPayer(String agencyId, String coveringAgency) {
        if (coveringAgency == null || coveringAgency.equals(agencyId)) {
            return null;
        }
        return new RowRejection(Nik.FIELD, COVERED_BY_OTHER_AGENCY,
                "NIK ini sudah ditanggung instansi lain (" + coveringAgency + "); gunakan PINDAH (dikirim oleh "
                        + coveringAgency + ") agar tidak dibayar dua kali. Baris ini tidak dikirim ke BPJS",
                "This NIK is already covered by agency " + coveringAgency + "; use PINDAH (sent by " + coveringAgency
                        + ") so that the worker is not paid for twice. This row was not sent to BPJS");
    }

    /** The job item as stored in file_row.change_json. */
    public String toJson(ChangeItem item) {
        try {
            return json.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the change item of row " + item.rowNo(), e);
        }
    }

    /** A job item stored by {@link #toJson}; the JSON is never quoted in an error (it holds a NIK). */
    public ChangeItem fromJson(String itemJson) {
        try {
            return json.readValue(itemJson, ChangeItem.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored change item cannot be read (column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
        }
    }

    private static Refused refused(String field, String code, String id, String en, String kpj) {
        return new Refused(new RowRejection(field, code, id, en), kpj);
    }

    private static String clerk(YearMonth month) {
        return month.format(CLERK_MONTH);
    }
}
