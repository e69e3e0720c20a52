-- BPJS's invoice of a month kept line by line (issue: the monthly statement at 1,000,000 workers).
-- The bpjs-invoice route (routes/statements.camel.yaml) reads the endpoint's answer as a stream and
-- writes its lines here in batches, so that no process holds a whole invoice in memory; the
-- statement's comparison then reads them back in KPJ order with a cursor, beside the covered
-- workers. Each fetch replaces the month's earlier copy in one transaction: an answer that cannot be
-- read to its end leaves the earlier copy as it was. Finance can look at what BPJS billed later.
-- invoice_month (V17) stays what it is: the invoice the payments and arrears are reckoned against,
-- the first one recorded for a month; this is the latest answer, whole.

-- The copy's header: the invoice's own totals and number as BPJS sent them, and when it was read.
CREATE TABLE invoice_copy (
    period          VARCHAR(7)   NOT NULL PRIMARY KEY,
    region_code     VARCHAR(16),
    invoice_no      VARCHAR(64),
    -- jatuhTempo as sent (yyyy-MM-dd, or whatever BPJS wrote); invoice_month.due_date is the date taken.
    due_text        VARCHAR(32),
    billed_workers  INTEGER      NOT NULL,
    total_jkk       BIGINT       NOT NULL,
    total_jkm       BIGINT       NOT NULL,
    billed_total    BIGINT       NOT NULL,
    -- How many lines were stored (BPJS's jumlahPeserta may say otherwise; the statement shows both).
    line_count      INTEGER      NOT NULL,
    fetched_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One billed worker. line_no is the line's place in the answer, from 1. The NIK is kept masked, as
-- the statement prints it (NikMask): the KPJ identifies the worker, and the ledger keeps full NIKs
-- only encrypted. Money whole rupiah.
CREATE TABLE invoice_line (
    -- The month of its invoice_copy row; no foreign key: a check per row would cost more than the
    -- row (a million a month), and the lines are only ever written and removed with their header.
    period          VARCHAR(7)   NOT NULL,
    line_no         INTEGER      NOT NULL,
    kpj             VARCHAR(32),
    nik_masked      VARCHAR(32),
    name            VARCHAR(256),
    iuran_jkk       BIGINT       NOT NULL,
    iuran_jkm       BIGINT       NOT NULL,
    total           BIGINT       NOT NULL,
    CONSTRAINT invoice_line_pk PRIMARY KEY (period, line_no)
);
-- The comparison reads a month's lines ORDER BY kpj (COLLATE "C" on PostgreSQL, as the covered
-- workers): this index serves the lookup of one KPJ and, where the database's collation is "C", the order.
CREATE INDEX invoice_line_kpj_ix ON invoice_line (period, kpj);
