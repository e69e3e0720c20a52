-- Personal data at rest (issue 8, UU 27/2022). A NIK is kept as nik_hash (HMAC-SHA256, base64url,
-- for lookups) and nik_enc (AES-256-GCM "<keyId>:<base64url>", for the agency's reports and requests
-- to BPJS). The plain nik columns stay only so that rows written before this migration can be
-- converted: SQL cannot compute a keyed hash, so the gateway does it at start
-- (ledger/PersonalDataMigration) and sets nik to NULL; new rows never fill nik.

ALTER TABLE file_row ADD COLUMN nik_hash VARCHAR(64);
ALTER TABLE file_row ADD COLUMN nik_enc VARCHAR(160);

ALTER TABLE claim ADD COLUMN nik_hash VARCHAR(64);
ALTER TABLE claim ADD COLUMN nik_enc VARCHAR(160);
CREATE INDEX claim_nik_hash_ix ON claim (nik_hash);

-- worker was keyed by the plain NIK. The two databases name an unnamed primary key differently,
-- so the table is rebuilt (one dialect) rather than altered; nothing references worker.
CREATE TABLE worker_v4 AS SELECT * FROM worker;
DROP TABLE worker;
CREATE TABLE worker (
    nik_hash        VARCHAR(64),
    nik_enc         VARCHAR(160),
    -- Legacy plain NIK: filled only for rows copied from V4 until the start-up pass empties it.
    nik             VARCHAR(32),
    kpj             VARCHAR(32)  NOT NULL,
    name            VARCHAR(256),
    agency_id       VARCHAR(64)  NOT NULL,
    district        VARCHAR(128),
    file_id         BIGINT       NOT NULL,
    row_no          INTEGER      NOT NULL,
    enrolled_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT worker_kpj_uq UNIQUE (kpj),
    -- NULLs never collide: legacy rows are unique by kpj until converted.
    CONSTRAINT worker_nik_hash_uq UNIQUE (nik_hash),
    CONSTRAINT worker_row_fk FOREIGN KEY (file_id, row_no) REFERENCES file_row (file_id, row_no)
);
CREATE INDEX worker_row_ix ON worker (file_id, row_no);
INSERT INTO worker (nik, kpj, name, agency_id, district, file_id, row_no, enrolled_at)
    SELECT nik, kpj, name, agency_id, district, file_id, row_no, enrolled_at FROM worker_v4;
DROP TABLE worker_v4;

-- Per-file counts kept when the retention job purges a file's rows (issue 8).
ALTER TABLE agency_file ADD COLUMN enrolled_rows INTEGER;
ALTER TABLE agency_file ADD COLUMN refused_rows INTEGER;
ALTER TABLE agency_file ADD COLUMN parked_rows INTEGER;
ALTER TABLE agency_file ADD COLUMN purged_at TIMESTAMP WITH TIME ZONE;
