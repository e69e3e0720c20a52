package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.model.WorkerRecord;
import id.jamsos.gateway.nik.Nik;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the row rules to one record of a file and remembers the NIKs it has seen, so the second
 * and later rows of the same worker are refused.
 *
 * <p>A NIK counts as seen from its first row even when that row is refused for another reason:
 * the same person twice in one file is a fault of the file, and the clerk should fix both rows.
 */
final class RowValidator {

    private static final int NOT_SEEN = -1;

    /**
     * The duplicate check is sized for the file's rows up front (counted by the structure pass),
     * up to this many; a larger file grows it. Growing costs a rehash of every NIK and, while it
     * runs, the old and the new table side by side; a file of junk lines cannot make it large.
     */
    private static final int MAX_PRESIZED_ROWS = 1 << 20;

    private final HeaderLayout layout;
    /** Records after the header found by the structure pass: the data rows, blank ones included. */
    final long expectedRows;
    private final ValidationSettings settings;
    private final LongIntMap seen;
    private final Today today;

    /** @param expectedRows how many rows the file holds, when known */
    RowValidator(HeaderLayout layout, ValidationSettings settings, long expectedRows) {
        this.expectedRows = expectedRows;
        this.layout = layout;
        this.settings = settings;
        this.seen = new LongIntMap((int) Math.max(16, Math.min(expectedRows, MAX_PRESIZED_ROWS)));
        this.today = new Today(settings.clock());
    }

    ValidatedRow validate(int rowNumber, List<String> cells, RowRejection nikDamage) {
        return validate(rowNumber, RowCells.of(cells), nikDamage);
    }

    /**
     * @param nikDamage when the file format already knows the NIK cell cannot be trusted (a number
     *                  cell in an .xlsx, see {@link NumericNik}): the only NIK reason; the NIK rules
     *                  and the duplicate check are then skipped for this row
     */
    ValidatedRow validate(int rowNumber, RowCells cells, RowRejection nikDamage) {
        String rawNik = cell(cells, Column.NIK).strip();
        String rawName = cell(cells, Column.NAMA).strip();
        List<RowRejection> others = new ArrayList<>(); // no array until a reason is added

        String name = Names.normalize(rawName, others);
        LocalDate birth = BirthDates.parse(cell(cells, Column.TGL_LAHIR), today.get(), others);
        Sex sex = SexValues.parse(cell(cells, Column.JENIS_KELAMIN), others);
        long income = Incomes.parse(cell(cells, Column.PENGHASILAN), settings.defaultMonthlyIncome(), others);

        List<RowRejection> nikReasons = nikDamage != null ? List.of(nikDamage) : Nik.check(rawNik, birth, sex);
        RowRejection duplicate = null;
        if (nikDamage == null && Nik.isSixteenDigits(rawNik)) {
            int first = seen.putIfAbsent(Nik.toLong(rawNik), rowNumber, NOT_SEEN);
            if (first != NOT_SEEN) {
                duplicate = new RowRejection(Nik.FIELD, "DUPLICATE_IN_FILE",
                        "Duplikat dari baris " + first, "Duplicate of row " + first);
            }
        }

        List<String> warnings = List.of();
        String rawPhone = cell(cells, Column.NO_HP).strip();
        String phone = PhoneNumbers.normalize(rawPhone);
        if (phone == null && !rawPhone.isEmpty()) {
            warnings = new ArrayList<>(2);
            warnings.add("NO_HP tidak dikenali sebagai nomor HP Indonesia dan diabaikan"
                    + " / NO_HP is not a recognisable Indonesian mobile number and was left out");
        }
        if (hasValuesBeyondHeader(cells)) {
            if (warnings.isEmpty()) {
                warnings = new ArrayList<>(1);
            }
            warnings.add("Baris ini punya isian di luar kolom judul; periksa pemisah di dalam isian"
                    + " / This row has values beyond the header columns; check for separators inside values");
        }

        if (!nikReasons.isEmpty() || duplicate != null || !others.isEmpty()) {
            List<RowRejection> rejections = new ArrayList<>(nikReasons.size() + 1 + others.size());
            rejections.addAll(nikReasons);
            if (duplicate != null) {
                rejections.add(duplicate);
            }
            rejections.addAll(others);
            return new ValidatedRow(rowNumber, rawNik, rawName, null, List.copyOf(rejections), List.copyOf(warnings));
        }
        WorkerRecord worker = new WorkerRecord(rawNik, name, birth, sex,
                text(cells, Column.TEMPAT_LAHIR), text(cells, Column.ALAMAT), text(cells, Column.KELURAHAN),
                text(cells, Column.DISTRIK), phone, text(cells, Column.PEKERJAAN), income);
        return new ValidatedRow(rowNumber, rawNik, rawName, worker, List.of(), List.copyOf(warnings));
    }

    private String cell(RowCells cells, Column c) {
        int i = layout.indexOf(c);
        return i < 0 ? "" : cells.get(i);
    }

    /** Optional free text with whitespace runs (including line breaks) collapsed; null when empty. */
    private String text(RowCells cells, Column c) {
        String v = Whitespace.collapse(cell(cells, c)).strip();
        return v.isEmpty() ? null : v;
    }

    /** A non-blank cell right of the header's last column: usually a separator inside a value. */
    private boolean hasValuesBeyondHeader(RowCells cells) {
        for (int i = layout.width(); i < cells.size(); i++) {
            if (!cells.isBlank(i)) {
                return true;
            }
        }
        return false;
    }
}
