-- "Already covered by another payer" (issue 18; docs/finance.md, "Workers another payer covers").
-- An enrollment row BPJS answered 208 (already registered) whose membership look-up names an active
-- payer other than this city (the member themselves, a CSR donor, an employer, another region) ends
-- OTHER_PAYER: no worker, no period of cover, nothing billed to the city.
ALTER TABLE file_row DROP CONSTRAINT file_row_state_ck;
ALTER TABLE file_row ADD CONSTRAINT file_row_state_ck
    CHECK (state IN ('REJECTED', 'PENDING', 'ENROLLED', 'REFUSED', 'PARKED', 'APPLIED', 'WAITLISTED', 'REVIEW',
                     'OTHER_PAYER'));
-- Kept count for the retention job, as for the other states (V18, V27).
ALTER TABLE agency_file ADD COLUMN other_payer_rows INTEGER;

-- What finance is told (COVERED_BY_OTHER_PAYER): one row per finding, from an enrollment row
-- (source 'file:<id>/row:<n>') or from the lapse round's status of a covered worker whose cover then
-- ended OTHER_PAYER (source 'period:<id>'). The NIK only masked (finance matches by KPJ and the mask);
-- announced_at set once the broker took the message. Not purged with the file's rows: it is finance's
-- record of whom never to pay for, like coverage_period.
CREATE TABLE other_payer (
    source          VARCHAR(64)  NOT NULL PRIMARY KEY,
    kpj             VARCHAR(32)  NOT NULL,
    nik_masked      VARCHAR(32),
    agency_id       VARCHAR(100),
    file_id         BIGINT,
    row_no          INTEGER,
    period_id       BIGINT,
    payer_kind      VARCHAR(20)  NOT NULL,
    payer_code      VARCHAR(64),
    payer_name      VARCHAR(200),
    -- The first month the city does not pay for the worker (yyyy-MM).
    from_month      CHAR(7)      NOT NULL,
    found_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    announced_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX other_payer_unannounced_ix ON other_payer (announced_at, found_at);
CREATE INDEX other_payer_kpj_ix ON other_payer (kpj);
