package id.jamsos.gateway.intake;

import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.model.FileRejectedException;
import java.util.Optional;

/**
 * The agency's limits ({@code max_file_bytes}, {@code max_rows_per_day}, {@code max_open_rows} in
 * agencies.yaml) applied to one file before any of its rows is recorded. A file over a limit is refused
 * as a whole: the note says which limit, how many, and what to do, in Indonesian and English.
 */
public final class AgencyLimitCheck {

    public static final String TOO_LARGE = "FILE_TOO_LARGE";
    public static final String DAILY_ROWS = "FILE_DAILY_ROW_LIMIT";
    public static final String OPEN_ROWS = "FILE_OPEN_ROW_LIMIT";

    private AgencyLimitCheck() {
    }

    /** Before the file is registered: its size against {@code max_file_bytes}. */
    public static Optional<FileRejectedException> size(String fileName, AgencyLimits limits, long bytes) {
        Long max = limits.maxFileBytes();
        if (max == null || bytes <= max) {
            return Optional.empty();
        }
        return Optional.of(new FileRejectedException(fileName, TOO_LARGE,
                "Berkas terlalu besar untuk instansi ini (" + bytes + " byte, batas instansi " + max
                        + " byte); bagi menjadi beberapa berkas yang lebih kecil lalu kirim satu per satu",
                "The file is too large for this agency (" + bytes + " bytes, the agency's limit is " + max
                        + " bytes); split it into smaller files and upload them one at a time"));
    }

    /**
     * Before the first row is recorded.
     *
     * @param fileRows  the rows the file gives at most (blank rows included)
     * @param rowsToday rows the agency's files brought in the last 24 hours
     * @param openRows  the agency's rows not finished yet (pending or parked)
     */
    public static Optional<FileRejectedException> rows(String fileName, AgencyLimits limits, long fileRows,
                                                       long rowsToday, long openRows) {
        Long perDay = limits.maxRowsPerDay();
        if (perDay != null && rowsToday + fileRows > perDay) {
            return Optional.of(new FileRejectedException(fileName, DAILY_ROWS,
                    "Batas baris per hari instansi ini terlampaui: berkas ini " + fileRows + " baris, dalam 24 jam"
                            + " terakhir sudah diterima " + rowsToday + " baris, batasnya " + perDay
                            + " baris per 24 jam. Tidak ada baris yang diproses; kirim ulang besok atau bagi berkas,"
                            + " dan hapus baris ganda",
                    "This agency's daily row limit would be exceeded: this file has " + fileRows + " rows, "
                            + rowsToday + " rows were received in the last 24 hours, the limit is " + perDay
                            + " rows per 24 hours. No row was processed; upload it again tomorrow or split it,"
                            + " and remove duplicate rows"));
        }
        Long open = limits.maxOpenRows();
        if (open != null && openRows + fileRows > open) {
            return Optional.of(new FileRejectedException(fileName, OPEN_ROWS,
                    "Terlalu banyak baris instansi ini yang masih diproses: berkas ini " + fileRows + " baris, "
                            + openRows + " baris belum selesai, batasnya " + open + " baris. Tidak ada baris yang"
                            + " diproses; tunggu sampai laporan berkas sebelumnya datang lalu kirim ulang",
                    "Too many of this agency's rows are still being processed: this file has " + fileRows
                            + " rows, " + openRows + " rows are not finished, the limit is " + open + " rows. No row"
                            + " was processed; wait for the reports of the earlier files, then upload it again"));
        }
        return Optional.empty();
    }
}
