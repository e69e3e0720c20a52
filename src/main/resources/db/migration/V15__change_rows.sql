-- Change files (issue 16): an agency's row may change a worker instead of enrolling one (AKSI column:
-- BERHENTI ends cover, KOREKSI corrects personal data, PINDAH hands the worker to another agency).
-- NULL action: DAFTAR, an enrollment, as every row before this migration. A change row that BPJS and
-- the ledger took ends APPLIED.
ALTER TABLE file_row ADD COLUMN action VARCHAR(16);
ALTER TABLE file_row DROP CONSTRAINT file_row_state_ck;
ALTER TABLE file_row ADD CONSTRAINT file_row_state_ck
    CHECK (state IN ('REJECTED', 'PENDING', 'ENROLLED', 'REFUSED', 'PARKED', 'APPLIED'));
-- Kept by the retention job with the other per-state counts (V5, V7) when it purges a file's rows.
ALTER TABLE agency_file ADD COLUMN applied_rows INTEGER;
-- A pending change row's job item (changes/ChangeItem as JSON: the KPJ, the reason and months, the
-- corrected name, birth date, income or phone), encrypted with the ledger's key and bound to its row
-- as request_json is: a resumed intake or a replay sends the same change again without the agency's file.
ALTER TABLE file_row ADD COLUMN change_json VARCHAR;
