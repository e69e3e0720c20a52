-- Income with an effective month (issue s9). A KOREKSI of PENGHASILAN used to overwrite
-- worker.monthly_income, so a statement, an arrears figure or the budget plan recomputed for a past
-- month billed it with an income corrected later. Now a correction is a line here: the worker's
-- income from from_month ('yyyy-MM' in the city's zone, jamsos.finance.zone, as coverage_period's
-- months, so that string order is time order) until the next line's month.
--
-- The income in force in a month is the line with the latest from_month on or before it; a worker
-- with no such line has the income declared at enrollment (file_row.monthly_income, copied to
-- worker.monthly_income when the file is purged; V3, V7), else jamsos.defaultIncome. That declared
-- income is the worker's first line, from the first covered month, in all but name: it is not copied
-- here (no backfill of a million rows, and no second write at every enrollment, transfer or renewal),
-- and a KOREKSI no longer writes worker.monthly_income. A worker whose income was overwritten by a
-- KOREKSI before this migration keeps that income for every month, as before: the old value is only
-- in worker_change's encrypted history.
--
-- One line per worker and month: a second correction from the same month replaces the income (the
-- history of both stays in worker_change, which names this line's source). A correction from an
-- earlier month than an existing line holds until that line's month.
CREATE TABLE worker_income (
    kpj             VARCHAR(32)  NOT NULL,
    from_month      VARCHAR(7)   NOT NULL,
    -- Whole rupiah.
    monthly_income  BIGINT       NOT NULL,
    -- The change row that set it: file:<id>/row:<n> (CoverageLedger.rowSource, worker_change.source).
    source          VARCHAR(128) NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT worker_income_pk PRIMARY KEY (kpj, from_month),
    CONSTRAINT worker_income_amount_ck CHECK (monthly_income >= 0)
);

-- The first month a KOREKSI's corrected income holds ('yyyy-MM'); NULL for every other line and for
-- a KOREKSI without PENGHASILAN. Not personal data, so not in the encrypted values (they carry it
-- too, as bulanBerlaku, for the worker command).
ALTER TABLE worker_change ADD COLUMN effective_month VARCHAR(7);
