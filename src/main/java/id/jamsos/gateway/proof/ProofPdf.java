package id.jamsos.gateway.proof;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import id.jamsos.gateway.ledger.ProofLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.Normalizer;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.PDFormContentStream;

/**
 * Proofs of cover as one A4 PDF (docs/proof-of-cover.md): per village batch a hand-over sheet (batch
 * number, counts, a signature table for the agency and the village office), a receipt list the village
 * has each worker sign, then the proofs, eight to a page (2 x 4, cut along the dashed lines), each with the
 * worker's name, masked NIK, KPJ, the programmes, the period, who pays, BPJS's own channels (JMO app,
 * contact centre) and a QR code to BPJS's public check page.
 *
 * <p>A plain city document on purpose: no BPJS logo, no card look, and it says on every proof that it is
 * not a BPJS card (domain.md, "Telling workers": BPJS issues the card itself).
 *
 * <p>Memory: the document keeps page content in a temporary file (PDFBox's temp-file stream cache), and the
 * QR code, the same for every proof (it carries the check page's address, never the NIK or the KPJ), is
 * drawn once as a form and placed on each proof, so 19,336 proofs cost a few objects each, not a picture
 * each (docs/performance.md, "Proofs of cover").
 *
 * <p>Fonts: Helvetica of the standard 14 with WinAnsi encoding, which covers Indonesian and most Latin
 * names (é, ü, ñ ...), for every line it can write whole. A line with a letter outside WinAnsi (Ł, Đ, ā)
 * is written in Liberation Sans (metrically Helvetica's twin, shipped inside PDFBox's own jar), embedded as
 * a subset of the glyphs used and loaded only by a document that needs it, so a print of Indonesian names
 * alone carries no font at all. A letter neither has (CJK, say) is written without its accent when it has
 * one, as "?" otherwise: a name never stops the print.
 */
public final class ProofPdf {

    static final int COLUMNS = 2;
    static final int ROWS = 4;
    /** Proofs per page. */
    public static final int PER_PAGE = COLUMNS * ROWS;
    /** Lines of the receipt list per page. */
    public static final int RECEIPT_LINES = 34;

    private static final float MARGIN = 28;
    private static final float GAP = 10;
    private static final Locale ID = Locale.forLanguageTag("id-ID");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");

    /** How a batch of the workers whose village was never recorded is named, on paper and on the portal. */
    public static final String NO_VILLAGE = "Tanpa kelurahan / No village recorded";

    private final ProofSettings settings;

    public ProofPdf(ProofSettings settings) {
        this.settings = settings;
    }

    /** One batch to print: its number as the ledger recorded it, and its village's workers. */
    public record Batch(long id, ProofLedger.Village village) {
    }

    /** Writes the batches as one PDF to {@code out}; returns the number of pages. */
    public int write(List<Batch> batches, Instant printedAt, String printedBy, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Bukti kepesertaan / proof of cover - " + settings.issuer());
            info.setAuthor(settings.issuer());
            info.setProducer("jamsos-gateway");
            Fonts fonts = new Fonts(doc, new PDType1Font(Standard14Fonts.FontName.HELVETICA),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
            PDFormXObject qr = qrForm(doc, settings.checkUrl());
            for (Batch b : batches) {
                coverSheet(doc, fonts, b, printedAt, printedBy);
                receiptList(doc, fonts, b);
                List<ProofLedger.Covered> workers = b.village().workers();
                for (int start = 0; start < workers.size(); start += PER_PAGE) {
                    proofPage(doc, fonts, qr, b, workers.subList(start, Math.min(workers.size(), start + PER_PAGE)));
                }
            }
            int pages = doc.getNumberOfPages();
            doc.save(out);
            return pages;
        }
    }

    // ---------------------------------------------------------------- the hand-over sheet

    private void coverSheet(PDDocument doc, Fonts f, Batch b, Instant printedAt, String printedBy) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        float w = PDRectangle.A4.getWidth();
        float top = PDRectangle.A4.getHeight() - MARGIN - 20;
        ProofLedger.Village v = b.village();
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            Text t = new Text(cs, f);
            float y = top;
            t.line(MARGIN, y, f.bold, 14, "BERITA ACARA SERAH TERIMA BUKTI KEPESERTAAN", w - 2 * MARGIN);
            y -= 16;
            t.line(MARGIN, y, f.regular, 10, "Hand-over of proofs of cover (jaminan sosial ketenagakerjaan)", w - 2 * MARGIN);
            y -= 14;
            t.line(MARGIN, y, f.regular, 10, settings.issuer() + " - bukan kartu BPJS Ketenagakerjaan / not BPJS cards",
                    w - 2 * MARGIN);
            y -= 30;
            String[][] facts = {
                {"Nomor batch / batch number", String.valueOf(b.id())},
                {"Instansi / agency", v.agencyId()},
                {"Distrik / district", orUnknown(v.district())},
                {"Kelurahan / village", orNoVillage(v.kelurahan())},
                {"Jumlah bukti / proofs", String.valueOf(v.workers().size())},
                {"Dicetak / printed", DAY.format(printedAt.atZone(settings.zone())) + " (" + settings.zone() + ")"
                        + " oleh / by " + printedBy},
            };
            for (String[] fact : facts) {
                t.line(MARGIN, y, f.regular, 10, fact[0], 200);
                t.line(MARGIN + 210, y, f.bold, 10, fact[1], w - 2 * MARGIN - 210);
                y -= 16;
            }
            y -= 14;
            t.wrapped(MARGIN, y, f.regular, 9.5f, w - 2 * MARGIN, 12,
                    "Bukti kepesertaan ini dibagikan kepada pekerja melalui kantor kelurahan. Setiap pekerja menandatangani"
                            + " daftar tanda terima (halaman berikut). Instansi mengirim daftar itu kembali sebagai berkas"
                            + " (kolom KPJ, TANGGAL_TERIMA, PENERIMA, KETERANGAN) melalui portal.");
            y -= 40;
            t.wrapped(MARGIN, y, f.regular, 8.5f, w - 2 * MARGIN, 11,
                    "The village office hands each proof to its worker, who signs the receipt list (next page). The agency"
                            + " sends the list back as a file (columns KPJ, TANGGAL_TERIMA, PENERIMA, KETERANGAN) through the portal.");
            y -= 40;
            // The signature table: two parties, four columns.
            String[] heads = {"", "Nama / name", "Jabatan / position", "Tanggal / date", "Tanda tangan / signature"};
            float[] cols = {MARGIN, MARGIN + 120, MARGIN + 230, MARGIN + 340, MARGIN + 420, w - MARGIN};
            String[] rows = {"Diserahkan oleh / handed over by (instansi / agency)",
                "Diterima oleh / received by (kelurahan / village)"};
            float rowH = 50;
            float headH = 18;
            float tableTop = y;
            cs.setLineWidth(0.6f);
            cs.addRect(cols[0], tableTop - headH - rows.length * rowH, cols[5] - cols[0], headH + rows.length * rowH);
            cs.stroke();
            for (int c = 1; c < 5; c++) {
                cs.moveTo(cols[c], tableTop);
                cs.lineTo(cols[c], tableTop - headH - rows.length * rowH);
            }
            for (int r = 0; r <= rows.length; r++) {
                float ry = tableTop - headH - r * rowH;
                cs.moveTo(cols[0], ry);
                cs.lineTo(cols[5], ry);
            }
            cs.stroke();
            for (int c = 1; c < 5; c++) {
                t.line(cols[c] + 3, tableTop - 12, f.bold, 7.5f, heads[c], cols[c + 1] - cols[c] - 6);
            }
            for (int r = 0; r < rows.length; r++) {
                t.wrapped(cols[0] + 3, tableTop - headH - r * rowH - 11, f.regular, 8, cols[1] - cols[0] - 6, 10, rows[r]);
            }
        }
    }

    // ---------------------------------------------------------------- the receipt list

    private void receiptList(PDDocument doc, Fonts f, Batch b) throws IOException {
        List<ProofLedger.Covered> workers = b.village().workers();
        float w = PDRectangle.A4.getWidth();
        float[] cols = {MARGIN, MARGIN + 28, MARGIN + 218, MARGIN + 300, MARGIN + 370, MARGIN + 460, w - MARGIN};
        String[] heads = {"No", "Nama / name", "KPJ", "Tgl terima / date", "Penerima / receiver", "Tanda tangan / sign"};
        float lineH = 20;
        for (int start = 0; start < workers.size(); start += RECEIPT_LINES) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                Text t = new Text(cs, f);
                float y = PDRectangle.A4.getHeight() - MARGIN - 14;
                t.line(MARGIN, y, f.bold, 11, "DAFTAR TANDA TERIMA / RECEIPT LIST - batch " + b.id() + " - "
                        + orNoVillage(b.village().kelurahan()) + ", " + orUnknown(b.village().district()), w - 2 * MARGIN);
                y -= 22;
                int n = Math.min(RECEIPT_LINES, workers.size() - start);
                float tableTop = y;
                float bottom = tableTop - lineH * (n + 1);
                cs.setLineWidth(0.5f);
                for (int c = 0; c < cols.length; c++) {
                    cs.moveTo(cols[c], tableTop);
                    cs.lineTo(cols[c], bottom);
                }
                for (int r = 0; r <= n + 1; r++) {
                    cs.moveTo(cols[0], tableTop - r * lineH);
                    cs.lineTo(cols[cols.length - 1], tableTop - r * lineH);
                }
                cs.stroke();
                for (int c = 0; c < heads.length; c++) {
                    t.line(cols[c] + 2, tableTop - 13, f.bold, 7, heads[c], cols[c + 1] - cols[c] - 4);
                }
                for (int i = 0; i < n; i++) {
                    ProofLedger.Covered worker = workers.get(start + i);
                    float ry = tableTop - (i + 2) * lineH + 7;
                    t.line(cols[0] + 2, ry, f.regular, 8, String.valueOf(start + i + 1), cols[1] - cols[0] - 4);
                    t.line(cols[1] + 2, ry, f.regular, 8, worker.name() == null ? "-" : worker.name(), cols[2] - cols[1] - 4);
                    t.line(cols[2] + 2, ry, f.regular, 8, worker.kpj(), cols[3] - cols[2] - 4);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the proofs

    private void proofPage(PDDocument doc, Fonts f, PDFormXObject qr, Batch b, List<ProofLedger.Covered> workers)
            throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        float pageW = PDRectangle.A4.getWidth();
        float pageH = PDRectangle.A4.getHeight();
        float cardW = (pageW - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS;
        float cardH = (pageH - 2 * MARGIN - (ROWS - 1) * GAP) / ROWS;
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            Text t = new Text(cs, f);
            for (int i = 0; i < workers.size(); i++) {
                int col = i % COLUMNS;
                int row = i / COLUMNS;
                float x = MARGIN + col * (cardW + GAP);
                float y = pageH - MARGIN - row * (cardH + GAP) - cardH;
                proof(cs, t, f, qr, b, workers.get(i), x, y, cardW, cardH);
            }
        }
    }

    private void proof(PDPageContentStream cs, Text t, Fonts f, PDFormXObject qr, Batch b, ProofLedger.Covered w,
                       float x, float y, float cardW, float cardH) throws IOException {
        // A dashed cutting line around the proof: plain paper, not a card design.
        cs.setLineWidth(0.4f);
        cs.setLineDashPattern(new float[] {3, 3}, 0);
        cs.addRect(x, y, cardW, cardH);
        cs.stroke();
        cs.setLineDashPattern(new float[] {}, 0);
        float left = x + 8;
        float width = cardW - 16;
        float top = y + cardH - 14;
        t.line(left, top, f.bold, 8.5f, "BUKTI KEPESERTAAN JAMINAN SOSIAL KETENAGAKERJAAN", width);
        t.line(left, top - 10, f.regular, 6.5f, "Proof of cover, employment social security (BPJS Ketenagakerjaan)", width);
        float qrSize = 62;
        float textW = width - qrSize - 6;
        float ly = top - 26;
        t.line(left, ly, f.bold, 10, w.name() == null ? "-" : w.name(), width);
        ly -= 13;
        String[][] lines = {
            {"NIK", w.maskedNik() == null ? "-" : w.maskedNik()},
            {"KPJ", w.kpj()},
            {"Program", programmes()},
            {"Periode / period", period(w.firstMonth())},
            {"Dibayar / paid by", settings.payer(w.fundingSource(), w.agencyId())},
            {"Kelurahan", orNoVillage(w.kelurahan()) + ", " + orUnknown(w.district())},
        };
        for (String[] l : lines) {
            t.line(left, ly, f.regular, 7, l[0], 62);
            t.line(left + 62, ly, "KPJ".equals(l[0]) ? f.bold : f.regular, "KPJ".equals(l[0]) ? 9 : 7.5f, l[1],
                    textW - 62);
            ly -= 11;
        }
        // The QR code to BPJS's own page, right of the facts.
        float qx = x + cardW - 8 - qrSize;
        float qy = top - 22 - qrSize;
        cs.saveGraphicsState();
        cs.transform(new org.apache.pdfbox.util.Matrix(qrSize, 0, 0, qrSize, qx, qy));
        cs.drawForm(qr);
        cs.restoreGraphicsState();
        t.line(qx - 4, qy - 8, f.regular, 5.5f, "Cek di situs BPJS / check", qrSize + 8);
        // What the worker must know: who pays, that this is no card, where to check.
        float by = y + 46;
        cs.setLineWidth(0.3f);
        cs.moveTo(left, by + 10);
        cs.lineTo(left + width, by + 10);
        cs.stroke();
        t.line(left, by, f.bold, 6.5f, "Bukti kepesertaan yang iurannya dibayar " + settings.issuer() + ",", width);
        t.line(left, by - 8, f.bold, 6.5f, "ini bukan kartu BPJS Ketenagakerjaan.", width);
        t.line(left, by - 16, f.regular, 6, "Proof of cover paid by the city - this is not a BPJS card.", width);
        t.line(left, by - 25, f.regular, 6.5f, "Cek status & kartu digital: aplikasi JMO (Jamsostek Mobile) atau Contact Center "
                + "BPJS " + settings.hotline() + ".", width);
        t.line(left, by - 33, f.regular, 6, "Check your status and digital card in the JMO app or call " + settings.hotline()
                + ". Batch " + b.id() + ".", width);
    }

    private String programmes() {
        StringBuilder s = new StringBuilder();
        for (String p : settings.programs()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(p).append(switch (p) {
                case "JKK" -> " (kecelakaan kerja)";
                case "JKM" -> " (kematian)";
                case "JHT" -> " (hari tua)";
                case "JP" -> " (pensiun)";
                case "JKP" -> " (kehilangan pekerjaan)";
                default -> "";
            });
        }
        return s.toString();
    }

    /** From the period's first month (or the programme's, when later) to the programme year's last month. */
    private String period(String firstMonth) {
        YearMonth from;
        try {
            from = YearMonth.parse(firstMonth);
        } catch (RuntimeException e) {
            from = settings.programme().firstMonth();
        }
        if (from.isBefore(settings.programme().firstMonth())) {
            from = settings.programme().firstMonth();
        }
        return month(from) + " - " + month(settings.programme().lastMonth());
    }

    private static String month(YearMonth m) {
        return m.getMonth().getDisplayName(TextStyle.FULL, ID) + " " + m.getYear();
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "(tidak diketahui / unknown)" : s;
    }

    private static String orNoVillage(String s) {
        return s == null || s.isBlank() ? NO_VILLAGE : s;
    }

    // ---------------------------------------------------------------- the QR code

    /** The QR code of {@code url} as a 1 x 1 form (scaled where placed), dark modules as filled squares. */
    static PDFormXObject qrForm(PDDocument doc, String url) throws IOException {
        ByteMatrix m;
        try {
            m = Encoder.encode(url, ErrorCorrectionLevel.M).getMatrix();
        } catch (WriterException e) {
            throw new IOException("cannot encode the check page's address as a QR code", e);
        }
        int quiet = 4;
        int n = m.getWidth() + 2 * quiet;
        PDFormXObject form = new PDFormXObject(doc);
        form.setBBox(new PDRectangle(0, 0, 1, 1));
        try (PDFormContentStream cs = new PDFormContentStream(form)) {
            float unit = 1f / n;
            cs.setNonStrokingColor(1f);
            cs.addRect(0, 0, 1, 1);
            cs.fill();
            cs.setNonStrokingColor(0f);
            for (int r = 0; r < m.getHeight(); r++) {
                int c = 0;
                while (c < m.getWidth()) {
                    if (m.get(c, r) != 1) {
                        c++;
                        continue;
                    }
                    int start = c;
                    while (c < m.getWidth() && m.get(c, r) == 1) {
                        c++;
                    }
                    // Row 0 at the top; a tiny overlap closes hairline gaps in some viewers.
                    cs.addRect((quiet + start) * unit, 1 - (quiet + r + 1) * unit, (c - start) * unit + unit * 0.02f,
                            unit * 1.02f);
                }
            }
            cs.fill();
        }
        return form;
    }

    // ---------------------------------------------------------------- text

    /** The PDFBox jar's own Unicode TrueType font (SIL Open Font License), found on the class path. */
    static final String UNICODE_FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    /**
     * A document's fonts: the standard Helvetica pair, and Liberation Sans, loaded (as an embedded subset)
     * the first time a line needs it. Liberation has no bold in PDFBox's jar: a bold line outside WinAnsi
     * is written in the regular weight.
     */
    private static final class Fonts {
        private final PDDocument doc;
        private final PDType1Font regular;
        private final PDType1Font bold;
        private PDType0Font unicode;

        Fonts(PDDocument doc, PDType1Font regular, PDType1Font bold) {
            this.doc = doc;
            this.regular = regular;
            this.bold = bold;
        }

        PDFont regular() {
            return regular;
        }

        PDFont bold() {
            return bold;
        }

        PDFont unicode() throws IOException {
            if (unicode == null) {
                try (InputStream in = PDDocument.class.getResourceAsStream(UNICODE_FONT)) {
                    if (in == null) {
                        throw new IOException("font not on the class path: " + UNICODE_FONT);
                    }
                    unicode = PDType0Font.load(doc, in, true);
                }
            }
            return unicode;
        }
    }

    /**
     * Text that always prints: a line in the standard font when it has every letter, else in the Unicode font;
     * characters neither has are replaced; a line too long is shrunk, then cut.
     */
    private static final class Text {
        private final PDPageContentStream cs;
        private final Fonts fonts;
        /** Per font, per code point: as the font can show it. */
        private final Map<PDFont, Map<Integer, String>> safe = new HashMap<>();

        Text(PDPageContentStream cs, Fonts fonts) {
            this.cs = cs;
            this.fonts = fonts;
        }

        void line(float x, float y, PDFont font, float size, String text, float maxWidth) throws IOException {
            PDFont use = fontFor(font, text);
            String s = printable(use, text);
            float fit = size;
            while (width(use, s, fit) > maxWidth && fit > size * 0.8f) {
                fit -= 0.25f;
            }
            if (width(use, s, fit) > maxWidth) {
                while (s.length() > 1 && width(use, s + "...", fit) > maxWidth) {
                    s = s.substring(0, s.length() - 1);
                }
                s = s + "...";
            }
            cs.beginText();
            cs.setFont(use, fit);
            cs.newLineAtOffset(x, y);
            cs.showText(s);
            cs.endText();
        }

        /** Words wrapped to {@code maxWidth}, lines {@code leading} apart, from {@code y} down. */
        void wrapped(float x, float y, PDFont font, float size, float maxWidth, float leading, String text)
                throws IOException {
            PDFont use = fontFor(font, text);
            String s = printable(use, text);
            StringBuilder line = new StringBuilder();
            float ly = y;
            for (String word : s.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (width(use, candidate, size) > maxWidth && line.length() > 0) {
                    line(x, ly, use, size, line.toString(), maxWidth);
                    ly -= leading;
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            if (line.length() > 0) {
                line(x, ly, use, size, line.toString(), maxWidth);
            }
        }

        /** {@code font} when it can write every letter of {@code text} as it is; else the Unicode font. */
        private PDFont fontFor(PDFont font, String text) throws IOException {
            if (text == null || font instanceof PDType0Font) {
                return font;
            }
            Map<Integer, String> known = safe.computeIfAbsent(font, k -> new HashMap<>());
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                String shown = known.computeIfAbsent(cp, c -> replacement(font, c));
                if (!shown.equals(new String(Character.toChars(cp))) && !Character.isWhitespace(cp)
                        && !Character.isISOControl(cp)) {
                    return fonts.unicode();
                }
            }
            return font;
        }

        private static float width(PDFont font, String s, float size) throws IOException {
            return font.getStringWidth(s) / 1000f * size;
        }

        private String printable(PDFont font, String text) {
            if (text == null) {
                return "";
            }
            Map<Integer, String> known = safe.computeIfAbsent(font, k -> new HashMap<>());
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> out.append(known.computeIfAbsent(cp, c -> replacement(font, c))));
            return out.toString();
        }

        /** The code point as the font can show it (Helvetica and its bold share WinAnsi: the same answer). */
        private static String replacement(PDFont font, int cp) {
            if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
                return " ";
            }
            String s = new String(Character.toChars(cp));
            if (encodable(font, s)) {
                return s;
            }
            String stripped = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            if (!stripped.isEmpty() && encodable(font, stripped)) {
                return stripped;
            }
            return "?";
        }

        private static boolean encodable(PDFont font, String s) {
            try {
                font.encode(s);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }
    }
}
