package id.jamsos.gateway.notify;

import id.jamsos.gateway.ledger.NotificationLedger.Candidate;
import id.jamsos.gateway.ledger.NotificationLedger.Event;
import id.jamsos.gateway.ledger.NotificationLedger.NewNotification;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The messages workers get, in Indonesian (docs/notifications.md, "Templates"): one WhatsApp template per
 * event, approved by Meta in category UTILITY with its {@code {{n}}} parameters, and the same text filled in
 * for SMS. A message names the worker, the KPJ and at most the NIK's last four digits (never the NIK), the
 * programmes JKK and JKM, who pays, and BPJS's own channels: the JMO app and contact centre 175.
 */
public final class NotificationTemplates {

    public static final String COVER_STARTED = "jamsos_cover_started";
    public static final String COVER_ENDED = "jamsos_cover_ended";
    public static final String COVER_AT_RISK = "jamsos_cover_at_risk";

    /** The template language Meta approved them in. */
    public static final String LANGUAGE = "id";

    private static final String STOP = " Balas BERHENTI bila tidak ingin menerima pesan ini lagi.";

    /** The template texts as submitted to Meta; {@code {{n}}} are the parameters, in order. */
    static final Map<String, String> TEXTS = Map.of(
            COVER_STARTED, "Halo {{1}}, Anda terdaftar sebagai peserta BPJS Ketenagakerjaan program JKK (jaminan"
                    + " kecelakaan kerja) dan JKM (jaminan kematian) mulai {{4}}, nomor KPJ {{2}} (NIK berakhiran {{3}})."
                    + " Iuran Anda dibayar oleh {{5}}; Anda tidak perlu membayar. Bila peserta meninggal dunia, ahli"
                    + " waris dapat mengajukan santunan JKM Rp 42.000.000: beri tahu keluarga Anda. Cek kepesertaan di"
                    + " aplikasi JMO atau hubungi BPJS Ketenagakerjaan di 175." + STOP,
            COVER_ENDED, "Halo {{1}}, perlindungan BPJS Ketenagakerjaan (JKK dan JKM) nomor KPJ {{2}} yang dibayar"
                    + " oleh {{5}} berakhir pada akhir {{3}}. Alasan: {{4}}. Untuk pertanyaan hubungi instansi yang"
                    + " mendaftarkan Anda; cek status di aplikasi JMO atau hubungi BPJS Ketenagakerjaan di 175." + STOP,
            COVER_AT_RISK, "Halo {{1}}, iuran BPJS Ketenagakerjaan (JKK dan JKM) nomor KPJ {{2}} yang ditanggung"
                    + " {{3}} belum dibayarkan selama {{4}} bulan. Kepesertaan menjadi tidak aktif bila iuran tidak"
                    + " dibayar 3 bulan berturut-turut. Pemerintah sedang menyelesaikannya; Anda tidak perlu membayar."
                    + " Cek status di aplikasi JMO atau hubungi BPJS Ketenagakerjaan di 175." + STOP);

    private static final String[] MONTHS = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
            "Agustus", "September", "Oktober", "November", "Desember"};

    private static final Map<String, String> END_REASONS = Map.of(
            "MOVED", "pindah domisili",
            "NOT_ELIGIBLE", "tidak lagi memenuhi syarat",
            "WITHDRAWN", "ditarik oleh instansi",
            "BUDGET_ENDED", "anggaran program habis",
            "LAPSED", "nonaktif karena iuran tidak dibayar");

    /** Who pays, as a worker reads it: "Pemerintah Kota Sorong (APBD Kota)", from the funding source's code. */
    private final Function<String, String> payerOf;

    /** @param payerOf the funding source's code (null: the default source) to the words a worker reads */
    public NotificationTemplates(Function<String, String> payerOf) {
        this.payerOf = payerOf;
    }

    /** The message an event found for a worker becomes. */
    public NewNotification of(Candidate c, int monthsUnpaid) {
        String name = c.name() == null || c.name().isBlank() ? "Bapak/Ibu" : c.name().strip();
        String payer = payerOf.apply(c.fundingSource());
        return switch (c.event()) {
            case COVER_STARTED -> new NewNotification(c.eventKey(), Event.COVER_STARTED, c.nikHash(), c.kpj(),
                    COVER_STARTED, List.of(name, c.kpj(), lastFour(c.nik()), month(c.firstMonth()), payer));
            case COVER_ENDED -> new NewNotification(c.eventKey(), Event.COVER_ENDED, c.nikHash(), c.kpj(), COVER_ENDED,
                    List.of(name, c.kpj(), month(c.lastMonth()), END_REASONS.getOrDefault(c.endReason(), "lainnya"),
                            payer));
            case COVER_AT_RISK -> new NewNotification(c.eventKey(), Event.COVER_AT_RISK, c.nikHash(), c.kpj(),
                    COVER_AT_RISK, List.of(name, c.kpj(), payer, Integer.toString(monthsUnpaid)));
        };
    }

    /** The text of a template with its parameters filled in: what an SMS carries. */
    public static String text(String template, List<String> params) {
        String text = TEXTS.get(template);
        if (text == null) {
            throw new IllegalArgumentException("no such template: " + template);
        }
        for (int i = params.size(); i >= 1; i--) {
            text = text.replace("{{" + i + "}}", params.get(i - 1));
        }
        return text;
    }

    /** "Desember 2026" for 2026-12. */
    static String month(String yearMonth) {
        if (yearMonth == null) {
            return "-";
        }
        YearMonth m = YearMonth.parse(yearMonth);
        return MONTHS[m.getMonthValue() - 1] + " " + m.getYear();
    }

    /** The NIK's last four digits only: the worker recognises them, a stranger holding the phone learns little. */
    static String lastFour(String nik) {
        if (nik == null || nik.strip().length() < 4) {
            return "-";
        }
        String n = nik.strip();
        return n.substring(n.length() - 4);
    }
}
