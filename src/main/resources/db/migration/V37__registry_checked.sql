-- The population registry's check recorded on the row (docs/verification.md, "Asked once"): when a row
-- passed the registry check (the verification stage let it go on to BPJS), or a person released it from a
-- REVIEW the registry's doubt put it in (the person's check stands for the registry's). A row with this
-- mark is never asked about again: a job redelivered during a BPJS outage, a replay of a parked row, a
-- waitlist release and a job still being redelivered after its row was released from review all send it
-- on without a new registry call (each call is counted in registry_usage, the semester usage report, and
-- a second answer could put a released row back in REVIEW while its released job enrolls it: review
-- finding B #4). NULL: not checked (yet). A column of file_row, no index: read with the rows' key.
ALTER TABLE file_row ADD COLUMN registry_checked_at TIMESTAMP WITH TIME ZONE;
