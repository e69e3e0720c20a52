package id.jamsos.gateway.report;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.finance.Money;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.nik.NikMask;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's story ({@link WorkerStory}) as people read it: one line per event, its time in the city's
 * zone, the agency, what happened (Indonesian / English, the words of the agencies' reports) and its
 * source; for the {@code worker} command, /ops/workers and /portal/workers alike. The NIK is masked
 * ({@link NikMask}) unless the caller asks for it whole, which the caller audits. A corrected birth date
 * or phone number is said to have changed, never quoted: a look-up needs to know that it happened.
 */
public final class WorkerStoryText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private WorkerStoryText() {
    }

    /** One event as shown: time (city zone), agency (or empty), what happened, source. */
    public record Line(String time, String kind, String agency, String what, String source) {
    }

    /** The NIK as shown: whole only when {@code full}, else masked. */
    public static String nik(WorkerStory.Story story, boolean full) {
        return full ? story.nik() : NikMask.mask(story.nik());
    }

    public static List<Line> lines(WorkerStory.Story story, ZoneId zone) {
        List<Line> lines = new ArrayList<>();
        for (WorkerStory.Event e : story.events()) {
            lines.add(new Line(time(e.at(), zone), e.kind().name(), e.agencyId() == null ? "" : e.agencyId(),
                    what(e), e.source() == null ? "" : e.source()));
        }
        return lines;
    }

    /** The whole story as text, for a terminal. */
    public static String text(WorkerStory.Story story, boolean fullNik, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        out.append("Pekerja / worker: NIK ").append(nik(story, fullNik) == null ? "-" : nik(story, fullNik))
                .append(", KPJ ").append(story.kpjs().isEmpty() ? "-" : String.join(", ", story.kpjs()))
                .append('\n');
        out.append("  Nama / name: ").append(story.name() == null ? "-" : story.name()).append('\n');
        out.append("  Instansi / agency: ").append(story.agencyId() == null ? "-" : story.agencyId())
                .append("; ").append(coverText(story)).append('\n');
        out.append("Riwayat / history (").append(zone).append("):\n");
        for (Line l : lines(story, zone)) {
            out.append("  ").append(l.time()).append("  ").append(String.format("%-12s", l.agency()))
                    .append(' ').append(l.what()).append("  [").append(l.source()).append("]\n");
        }
        return out.toString();
    }

    /** The story as JSON values: the NIK masked unless {@code fullNik}, times as ISO instants. */
    public static Map<String, Object> json(WorkerStory.Story story, boolean fullNik, ZoneId zone) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("nik", nik(story, fullNik));
        root.put("nikMasked", !fullNik);
        root.put("kpj", story.kpjs());
        root.put("name", story.name());
        root.put("agency", story.agencyId());
        root.put("covered", story.covered());
        List<Map<String, Object>> events = new ArrayList<>();
        for (WorkerStory.Event e : story.events()) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("at", e.at() == null ? null : e.at().toString());
            ev.put("kind", e.kind().name());
            ev.put("agency", e.agencyId());
            ev.put("source", e.source());
            ev.put("text", what(e));
            Map<String, String> details = new LinkedHashMap<>(e.details());
            hidePersonalValues(details);
            // A rejected row's reasons may quote the cell it refused: no NIK-shaped run leaves here whole.
            details.replaceAll((k, v) -> NikMask.scrub(v));
            ev.put("details", details);
            events.add(ev);
        }
        root.put("events", events);
        return root;
    }

    /** "ditanggung / covered" or not. */
    public static String coverText(WorkerStory.Story story) {
        return story.covered() ? "ditanggung / covered" : "tidak ditanggung saat ini / not covered now";
    }

    /** What happened, Indonesian / English. */
    public static String what(WorkerStory.Event e) {
        return switch (e.kind()) {
            case FILE_ROW -> {
                String action = RowStatusText.of(actionOf(e.detail("action")));
                String state = stateText(e.detail("state"));
                String reasons = e.detail("reasons");
                yield "Baris / row " + e.detail("row") + " berkas / file " + e.detail("file") + " (#"
                        + e.detail("fileId") + "): " + action + " \u2192 " + state
                        + (e.detail("kpj") == null ? "" : ", KPJ " + e.detail("kpj"))
                        + (reasons == null || reasons.isEmpty() ? "" : "; alasan / reasons: " + NikMask.scrub(reasons));
            }
            case ENROLLED -> "Terdaftar di BPJS / enrolled at BPJS, KPJ " + e.detail("kpj")
                    + (e.detail("district") == null ? "" : ", distrik / district " + e.detail("district"));
            case COVER_OPENED -> "Kepesertaan mulai / cover from " + e.detail("firstMonth")
                    + (e.detail("fundingSource") == null ? "" : "; dana / funded by " + e.detail("fundingSource")
                    + (e.detail("fundingAccount") == null ? "" : " (" + e.detail("fundingAccount") + ")"));
            case COVER_ENDED -> "Kepesertaan berakhir / cover ended with " + e.detail("lastMonth") + ": "
                    + e.detail("reasonText");
            case CHANGE -> changeText(e);
            case INCOME -> "Penghasilan / income Rp " + money(e.detail("monthlyIncome")) + " sejak / from "
                    + e.detail("fromMonth");
            case CLAIM -> "Klaim / claim " + e.detail("type") + " " + e.detail("claimId") + " Rp "
                    + money(e.detail("amount")) + " \u2192 " + ("review".equals(e.detail("destination"))
                    ? "diperiksa / review" + (e.detail("reviewReason") == null ? "" : " (" + e.detail("reviewReason") + ")")
                    : "keuangan / finance") + (e.detail("publishedAt") == null ? ", belum terkirim / not sent yet" : "");
            case BILLED -> "Ditagih BPJS / billed by BPJS " + e.detail("period") + ": Rp " + money(e.detail("total"))
                    + (e.detail("invoiceNo") == null ? "" : " (tagihan / invoice " + e.detail("invoiceNo") + ")");
            case NOTIFIED -> "Pesan ke pekerja / message to the worker " + e.detail("event") + ": " + e.detail("state")
                    + (e.detail("channel") == null ? "" : " (" + e.detail("channel") + ")")
                    + (e.detail("sentAt") == null ? "" : ", terkirim / sent " + e.detail("sentAt"))
                    + (e.detail("deliveredAt") == null ? "" : ", diterima / delivered " + e.detail("deliveredAt"));
            case PROOF -> proofText(e);
        };
    }

    /** A printed proof of cover's step (docs/proof-of-cover.md). */
    private static String proofText(WorkerStory.Event e) {
        String batch = " (batch " + e.detail("batch") + (e.detail("kelurahan") == null ? "" : ", " + e.detail("kelurahan"))
                + ")";
        return switch (String.valueOf(e.detail("step"))) {
            case "HANDED_TO_VILLAGE" -> "Bukti kepesertaan diserahkan ke kelurahan / proof of cover handed to the village"
                    + (e.detail("handedOn") == null ? "" : " " + e.detail("handedOn"))
                    + (e.detail("handedNote") == null ? "" : ": " + e.detail("handedNote")) + batch;
            case "DELIVERED" -> "Bukti kepesertaan diterima / proof of cover delivered " + e.detail("deliveredOn")
                    + (e.detail("receiver") == null ? "" : ", penerima / receiver " + e.detail("receiver"))
                    + (e.detail("note") == null || e.detail("note").isEmpty() ? "" : "; " + e.detail("note")) + batch;
            default -> "Bukti kepesertaan dicetak / proof of cover printed" + batch;
        };
    }

    private static String changeText(WorkerStory.Event e) {
        ChangeAction action = actionOf(e.detail("action"));
        StringBuilder t = new StringBuilder("Perubahan / change ").append(RowStatusText.of(action));
        switch (action) {
            case KOREKSI -> {
                List<String> parts = new ArrayList<>();
                for (String field : fields(e)) {
                    String before = e.detail("old." + field);
                    String after = e.detail("new." + field);
                    switch (field) {
                        case ChangeLedger.NAME -> parts.add("nama / name " + (before == null ? "" : before + " \u2192 ")
                                + after);
                        case ChangeLedger.INCOME -> parts.add("penghasilan / income " + (before == null ? ""
                                : "Rp " + money(before) + " \u2192 ") + "Rp " + money(after)
                                + (e.detail("effectiveMonth") == null ? "" : " sejak / from " + e.detail("effectiveMonth")));
                        case ChangeLedger.BIRTH_DATE -> parts.add("tanggal lahir diubah / birth date changed");
                        case ChangeLedger.PHONE -> parts.add("nomor HP diubah / phone number changed");
                        case ChangeLedger.KELURAHAN -> parts.add("kelurahan / village " + (before == null ? ""
                                : before + " \u2192 ") + after);
                        case ChangeLedger.OCCUPATION -> parts.add("pekerjaan / trade " + (before == null ? ""
                                : before + " \u2192 ") + after);
                        case ChangeLedger.DISTRICT -> parts.add("distrik / district " + (before == null ? ""
                                : before + " \u2192 ") + after);
                        default -> parts.add(field);
                    }
                }
                t.append(": ").append(String.join("; ", parts));
            }
            case BERHENTI -> t.append(": bulan terakhir / last month ").append(e.detail("new." + ChangeLedger.LAST_MONTH))
                    .append(" (").append(e.detail("new." + ChangeLedger.END_REASON)).append(')');
            case PINDAH -> t.append(": ").append(e.detail("old." + ChangeLedger.AGENCY)).append(" \u2192 ")
                    .append(e.detail("new." + ChangeLedger.AGENCY)).append(" sejak / from ")
                    .append(e.detail("new." + ChangeLedger.FROM_MONTH));
            default -> {
            }
        }
        if (e.detail("bpjsCode") != null) {
            t.append("; BPJS ").append(e.detail("bpjsCode"));
        }
        return t.toString();
    }

    /** A birth date or a phone number from a change line: its having changed is shown, not its value. */
    private static void hidePersonalValues(Map<String, String> details) {
        for (String field : List.of(ChangeLedger.BIRTH_DATE, ChangeLedger.PHONE)) {
            for (String side : List.of("old.", "new.")) {
                details.computeIfPresent(side + field, (k, v) -> "(diubah / changed)");
            }
        }
    }

    private static List<String> fields(WorkerStory.Event e) {
        String f = e.detail("fields");
        return f == null || f.isEmpty() ? List.of() : List.of(f.split(","));
    }

    private static ChangeAction actionOf(String name) {
        try {
            return name == null ? ChangeAction.DAFTAR : ChangeAction.valueOf(name);
        } catch (IllegalArgumentException ex) {
            return ChangeAction.DAFTAR;
        }
    }

    private static String stateText(String state) {
        try {
            return RowStatusText.of(RowState.valueOf(state));
        } catch (IllegalArgumentException | NullPointerException ex) {
            return String.valueOf(state);
        }
    }

    private static String money(String rupiah) {
        try {
            return Money.format(Long.parseLong(rupiah));
        } catch (NumberFormatException ex) {
            return String.valueOf(rupiah);
        }
    }

    private static String time(Instant t, ZoneId zone) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }
}
