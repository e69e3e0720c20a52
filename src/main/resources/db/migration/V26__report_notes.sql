-- What the reports tell a clerk beyond the rows' states (docs/validation.md, "Reports").
--
-- file_warning: the warnings validation gave a file, kept with it because the reports are written
-- later, streaming from the ledger, often by another process after a restart. row_no 0 is a warning
-- about the whole file (read as Windows-1252, unknown columns, title rows skipped); any other row_no is
-- that row's (a phone number not recognised). The texts are the validator's own, Indonesian / English,
-- and never quote a cell's value: no personal data here.
CREATE TABLE file_warning (
    file_id  BIGINT        NOT NULL REFERENCES agency_file (id) ON DELETE CASCADE,
    row_no   INTEGER       NOT NULL,
    seq      INTEGER       NOT NULL,
    text     VARCHAR(1000) NOT NULL,
    PRIMARY KEY (file_id, row_no, seq)
);

-- report_version: which version of a file's reports the agency has, and the row counts by state it
-- said. Reports written again after a replay or a correction, with other counts, are the next version
-- under a name of their own (report.ReportNames): the agency keeps every earlier one, and the note of
-- the new one gives the counts before and after. A rewrite with the same counts (stale-reports taking
-- up an unfinished upload) keeps the version and its name.
CREATE TABLE report_version (
    file_id          BIGINT       NOT NULL PRIMARY KEY REFERENCES agency_file (id) ON DELETE CASCADE,
    version          INTEGER      NOT NULL,
    counts           VARCHAR(500) NOT NULL,
    previous_counts  VARCHAR(500),
    written_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
