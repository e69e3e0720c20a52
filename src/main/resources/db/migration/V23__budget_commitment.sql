-- The budget's commitments made atomic across files and processes (docs/finance.md, "Enrollments the
-- budget cannot carry"). Every intake chunk and every waitlist release takes this row's lock in the
-- transaction that records its rows, reads what others committed since it last looked, decides, and
-- adds what it committed itself. committed is a running sum of whole rupiah (a row's contribution
-- times the months it is carried to the programme's last month): only its growth between two looks is
-- ever read, so it is never decremented when rows are enrolled, refused or end.
CREATE TABLE budget_commitment (
    programme_id  VARCHAR(32)  NOT NULL PRIMARY KEY,
    committed     BIGINT       NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The budget account (kode rekening) that pays a period, recorded with its funding source when the
-- period opens (V14's funding_source), so that a later change of jamsos.programme.* does not
-- re-attribute past months. Periods without one are given theirs once, at the first start after this
-- migration (ledger_task funding-backfill).
ALTER TABLE coverage_period ADD COLUMN funding_account VARCHAR(64);
