-- report_archive: what each version of a file's reports said, kept when the version is written
-- (report.ReportWriter#finished), so that the clerks' portal can offer an earlier version again after a
-- replay or a correction has changed the rows, and the note of the next version can list the rows whose
-- state changed. Keyed by file and version; the first process to finish a version keeps it.
--
-- rows: gzip of a CSV of the version's report lines by row number (state, status, KPJ, remark, warning,
-- action, and the rejects lines), WITHOUT the NIK and the name: those never change for a row and stay
-- where they are protected (file_row, nik_enc), read from there when an earlier version is written out.
-- Deleted with the file's rows by retention (ledger.Retention), as the reports then cannot be written.
CREATE TABLE report_archive (
    file_id     BIGINT        NOT NULL REFERENCES agency_file (id) ON DELETE CASCADE,
    version     INTEGER       NOT NULL,
    counts      VARCHAR(500)  NOT NULL,
    note        VARCHAR(60000),
    rows_gz     BYTEA         NOT NULL,
    written_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (file_id, version)
);
