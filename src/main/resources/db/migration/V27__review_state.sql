-- A row a person must look at before it goes to BPJS (registry verification found no one or no e-KTP
-- record, or an eligibility list under policy HOLD) waits in REVIEW. One state for both causes: the
-- reason is in the row's reason column, the release and refusal are the same operator action.
ALTER TABLE file_row DROP CONSTRAINT file_row_state_ck;
ALTER TABLE file_row ADD CONSTRAINT file_row_state_ck
    CHECK (state IN ('REJECTED', 'PENDING', 'ENROLLED', 'REFUSED', 'PARKED', 'APPLIED', 'WAITLISTED', 'REVIEW'));
-- Kept count for the retention job, as for waitlisted rows (V18).
ALTER TABLE agency_file ADD COLUMN review_rows INTEGER;
