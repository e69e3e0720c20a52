package id.jamsos.gateway.validation;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.model.RowChange;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.model.WorkerRecord;
import id.jamsos.gateway.nik.Nik;

import java.time.LocalDate;
import java.time.YearMonth;
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
        ValidatedRow row;
        if (!layout.has(Column.AKSI)) {
            row = enrollment(rowNumber, cells, nikDamage);
        } else {
            List<RowRejection> reasons = new ArrayList<>(2);
            ChangeAction action = ChangeRules.action(cell(cells, Column.AKSI), reasons);
            row = action == ChangeAction.DAFTAR ? enrollment(rowNumber, cells, nikDamage)
                    : change(rowNumber, cells, nikDamage, action, reasons);
        }
        return layout.has(Column.PERSETUJUAN) ? withConsent(row, cell(cells, Column.PERSETUJUAN)) : row;
    }

    /**
     * The row with what its PERSETUJUAN cell states (docs/notifications.md). A value that is neither yes nor
     * no is a warning, not a refusal: the worker's cover matters more than a message about it, and a consent
     * that cannot be read is no consent (nothing is sent), which the warning tells the clerk by file and row.
     */
    private static ValidatedRow withConsent(ValidatedRow row, String cell) {
        String raw = cell.strip();
        if (raw.isEmpty()) {
            return row;
        }
        Boolean consent = ContactConsent.parse(raw);
        if (consent != null) {
            return row.withContactConsent(consent);
        }
        List<String> warnings = new ArrayList<>(row.warnings());
        warnings.add(ContactConsent.UNREADABLE);
        return new ValidatedRow(row.rowNumber(), row.rawNik(), row.rawName(), row.worker(), row.rejections(),
                List.copyOf(warnings), row.action(), row.change(), row.registryMayLift(), null);
    }

    /** A DAFTAR row: every rule of an enrollment, as before change files existed. */
    private ValidatedRow enrollment(int rowNumber, RowCells cells, RowRejection nikDamage) {
        String rawNik = cell(cells, Column.NIK).strip();
        String rawName = cell(cells, Column.NAMA).strip();
        List<RowRejection> others = new ArrayList<>(); // no array until a reason is added

        String name = Names.normalize(rawName, others);
        BirthPlaceDate.Split combined = combined(cells);
        LocalDate birth = birthDate(cells, combined, others);
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

        // Under policy registry a birth date the NIK's digits disagree with, and nothing else, is for the
        // population registry to judge: the row goes on with the reason set aside (docs/verification.md).
        RowRejection setAside = null;
        if (settings.nikBirthDate() == NikBirthDatePolicy.REGISTRY && nikDamage == null && duplicate == null
                && others.isEmpty() && nikReasons.size() == 1
                && Nik.BIRTHDATE_MISMATCH.equals(nikReasons.get(0).code())) {
            setAside = nikReasons.get(0);
            nikReasons = List.of();
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
                birthPlace(cells, combined), text(cells, Column.ALAMAT), text(cells, Column.KELURAHAN),
                text(cells, Column.DISTRIK), phone, text(cells, Column.PEKERJAAN), income);
        return new ValidatedRow(rowNumber, rawNik, rawName, worker, List.of(), List.copyOf(warnings),
                ChangeAction.DAFTAR, null, setAside);
    }

    /**
     * A BERHENTI, KOREKSI or PINDAH row, or one whose AKSI is unknown ({@code action} null, its reason
     * already in {@code others}). The worker is named by the NIK alone: its structure is checked and a
     * second row of the same NIK in the file is refused, as for enrollments, but not its agreement with
     * TGL_LAHIR or JENIS_KELAMIN: a KOREKSI of the birth date is exactly a date the NIK's digits may not
     * match (the NIK never changes), and BERHENTI and PINDAH need neither column.
     */
    private ValidatedRow change(int rowNumber, RowCells cells, RowRejection nikDamage, ChangeAction action,
                                List<RowRejection> others) {
        String rawNik = cell(cells, Column.NIK).strip();
        String rawName = cell(cells, Column.NAMA).strip();
        List<RowRejection> nikReasons = nikDamage != null ? List.of(nikDamage) : Nik.check(rawNik, null, null);
        RowRejection duplicate = nikDamage == null ? duplicate(rawNik, rowNumber) : null;
        EndReason reason = null;
        YearMonth lastMonth = null;
        String target = null;
        String name = null;
        LocalDate birth = null;
        Long income = null;
        String phone = null;
        YearMonth incomeFrom = null;
        String kelurahan = null;
        String occupation = null;
        String district = null;
        List<String> notes = List.of();
        if (action == ChangeAction.BERHENTI) {
            reason = ChangeRules.reason(cell(cells, Column.ALASAN_BERHENTI), others);
            lastMonth = ChangeRules.lastMonth(cell(cells, Column.BULAN_TERAKHIR), others);
        } else if (action == ChangeAction.PINDAH) {
            target = ChangeRules.targetAgency(cell(cells, Column.INSTANSI_TUJUAN), others);
        } else if (action == ChangeAction.KOREKSI) {
            // Only what the row fills in changes; an empty cell keeps the enrolled value.
            boolean any = false;
            if (!rawName.isEmpty()) {
                any = true;
                name = Names.normalize(rawName, others);
            }
            if (!isBlank(cells, Column.TGL_LAHIR) || !isBlank(cells, Column.TEMPAT_TGL_LAHIR)) {
                any = true;
                birth = birthDate(cells, combined(cells), others);
            }
            if (!isBlank(cells, Column.PENGHASILAN)) {
                any = true;
                long v = Incomes.parse(cell(cells, Column.PENGHASILAN), settings.defaultMonthlyIncome(), others);
                income = v < 0 ? null : v;
                incomeFrom = ChangeRules.effectiveMonth(cell(cells, Column.BULAN_BERLAKU), others);
            } else if (!isBlank(cells, Column.BULAN_BERLAKU)) {
                // A name, a birth date or a phone number is corrected for good, not from a month.
                notes = List.of("BULAN_BERLAKU hanya untuk koreksi PENGHASILAN; diabaikan untuk baris ini"
                        + " / BULAN_BERLAKU is only for a correction of PENGHASILAN; ignored on this row");
            }
            if (!isBlank(cells, Column.NO_HP)) {
                any = true;
                phone = PhoneNumbers.normalize(cell(cells, Column.NO_HP).strip());
                if (phone == null) {
                    // An enrollment drops such a number with a warning; a row that asks for nothing but
                    // this number must not end "applied" with nothing changed.
                    others.add(new RowRejection(PhoneNumbers.FIELD, "PHONE_INVALID",
                            "NO_HP bukan nomor HP Indonesia (08..., 628... atau +628...)",
                            "NO_HP is not an Indonesian mobile number (08..., 628... or +628...)"));
                }
            }
            // The village, the district and the trade, read as an enrollment reads them (whitespace collapsed,
            // trimmed; an enrollment checks none of them against a list, docs/validation.md): the gateway's own
            // record of the worker (V35), which the coverage reports count and the proofs of cover group by.
            // A worker moved to a village of another district needs both.
            kelurahan = text(cells, Column.KELURAHAN);
            occupation = text(cells, Column.PEKERJAAN);
            district = text(cells, Column.DISTRIK);
            any |= kelurahan != null || occupation != null || district != null;
            if (!any) {
                others.add(new RowRejection("NAMA/TGL_LAHIR/PENGHASILAN/NO_HP/KELURAHAN/DISTRIK/PEKERJAAN",
                        "CORRECTION_EMPTY",
                        "KOREKSI tanpa data baru: isi paling sedikit satu dari NAMA, TGL_LAHIR, PENGHASILAN, NO_HP,"
                                + " KELURAHAN, DISTRIK, PEKERJAAN (NIK tidak dapat dikoreksi)",
                        "KOREKSI without new data: fill at least one of NAMA, TGL_LAHIR, PENGHASILAN, NO_HP,"
                                + " KELURAHAN, DISTRIK, PEKERJAAN (the NIK cannot be corrected)"));
            }
        }
        List<String> warnings = hasValuesBeyondHeader(cells)
                ? List.of("Baris ini punya isian di luar kolom judul; periksa pemisah di dalam isian"
                        + " / This row has values beyond the header columns; check for separators inside values")
                : List.of();
        if (!notes.isEmpty()) {
            List<String> all = new ArrayList<>(warnings);
            all.addAll(notes);
            warnings = List.copyOf(all);
        }
        // Under policy registry a birth date the NIK's digits disagree with, and nothing else, is for the
        // population registry to judge: the row goes on with the reason set aside (docs/verification.md).
        RowRejection setAside = null;
        if (settings.nikBirthDate() == NikBirthDatePolicy.REGISTRY && nikDamage == null && duplicate == null
                && others.isEmpty() && nikReasons.size() == 1
                && Nik.BIRTHDATE_MISMATCH.equals(nikReasons.get(0).code())) {
            setAside = nikReasons.get(0);
            nikReasons = List.of();
        }
        if (!nikReasons.isEmpty() || duplicate != null || !others.isEmpty()) {
            List<RowRejection> rejections = new ArrayList<>(nikReasons.size() + 1 + others.size());
            rejections.addAll(nikReasons);
            if (duplicate != null) {
                rejections.add(duplicate);
            }
            rejections.addAll(others);
            return new ValidatedRow(rowNumber, rawNik, rawName, null, List.copyOf(rejections), warnings, action, null);
        }
        RowChange change = new RowChange(action, rawNik, reason, lastMonth, target, name, birth, income, phone,
                incomeFrom, kelurahan, occupation, district);
        return new ValidatedRow(rowNumber, rawNik, rawName, null, List.of(), warnings, action, change);
    }

    /** The second and later row of a 16-digit NIK in the file: refused, naming the first. */
    private RowRejection duplicate(String rawNik, int rowNumber) {
        if (!Nik.isSixteenDigits(rawNik)) {
            return null;
        }
        int first = seen.putIfAbsent(Nik.toLong(rawNik), rowNumber, NOT_SEEN);
        return first == NOT_SEEN ? null : new RowRejection(Nik.FIELD, "DUPLICATE_IN_FILE",
                "Duplikat dari baris " + first, "Duplicate of row " + first);
    }

    /** The combined place-and-date cell split, or null when the file has no such column. */
    private BirthPlaceDate.Split combined(RowCells cells) {
        return layout.has(Column.TEMPAT_TGL_LAHIR) ? BirthPlaceDate.split(cell(cells, Column.TEMPAT_TGL_LAHIR)) : null;
    }

    /** From TGL_LAHIR, the combined column, or both when they agree (see {@link BirthPlaceDate}). */
    private LocalDate birthDate(RowCells cells, BirthPlaceDate.Split combined, List<RowRejection> reasons) {
        String dateCell = layout.has(Column.TGL_LAHIR) ? cell(cells, Column.TGL_LAHIR) : null;
        return BirthPlaceDate.resolve(dateCell, combined, today.get(), reasons);
    }

    /** TEMPAT_LAHIR when filled, else the place of the combined column; null when neither gives one. */
    private String birthPlace(RowCells cells, BirthPlaceDate.Split combined) {
        String own = text(cells, Column.TEMPAT_LAHIR);
        if (own != null || combined == null) {
            return own;
        }
        String v = Whitespace.collapse(combined.place()).strip();
        return v.isEmpty() ? null : v;
    }

    private boolean isBlank(RowCells cells, Column c) {
        int i = layout.indexOf(c);
        return i < 0 || cells.isBlank(i);
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
