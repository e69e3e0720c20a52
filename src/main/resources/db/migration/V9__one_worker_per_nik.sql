-- One NIK, one worker, one KPJ (issue 13). worker already holds one row per NIK (worker_nik_hash_uq)
-- and per KPJ (worker_kpj_uq). What was missing is a rule for a NIK that is still on its way to
-- BPJS: two files naming the same person could both be sent, and both be answered ENROLLED.

-- Equals nik_hash while the row is PENDING (on its way to BPJS), NULL otherwise: as
-- agency_file.live_checksum, a unique key over a mostly-NULL column gives "at most one row per NIK in
-- flight" on both databases, which have no common partial index. A PARKED row lets its NIK go (a
-- corrected row in another file may be sent); a replay takes it back where nobody else holds it.
ALTER TABLE file_row ADD COLUMN live_nik_hash VARCHAR(64);

-- Keyed hash of the row's birth date (PersonalDataCipher.hash of "birth:yyyy-MM-dd"): enough to tell
-- whether a second row for an enrolled NIK names the same person, without keeping the date in clear.
ALTER TABLE file_row ADD COLUMN birth_hash VARCHAR(64);
ALTER TABLE worker ADD COLUMN birth_hash VARCHAR(64);

-- Rows already in flight: the oldest row of each NIK holds it; a younger one (the defect this
-- migration closes) is decided by the outcome check when BPJS answers it. The index makes the
-- NOT EXISTS a lookup instead of a scan per pending row; nothing else needs it afterwards.
CREATE INDEX file_row_nik_hash_tmp_ix ON file_row (nik_hash);
UPDATE file_row r SET live_nik_hash = r.nik_hash
 WHERE r.state = 'PENDING' AND r.nik_hash IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM file_row o
                    WHERE o.nik_hash = r.nik_hash AND o.state = 'PENDING'
                      AND (o.file_id < r.file_id OR (o.file_id = r.file_id AND o.row_no < r.row_no)));
DROP INDEX file_row_nik_hash_tmp_ix;

ALTER TABLE file_row ADD CONSTRAINT file_row_live_nik_uq UNIQUE (live_nik_hash);
