-- Retention (issue 8): the rows of finished files are purged after jamsos.retention.days; the file's
-- counts stay on agency_file (V5 added enrolled_rows, refused_rows, parked_rows, purged_at).

-- A file that failed part-way may still hold PENDING rows; counted too, so every state is kept.
ALTER TABLE agency_file ADD COLUMN pending_rows INTEGER;

-- worker is the membership register (claims and statements read it), not a copy of the file: it
-- outlives the file's rows. Its (file_id, row_no) stays as the origin of the enrollment, without a
-- foreign key, so that file_row rows can be deleted.
ALTER TABLE worker DROP CONSTRAINT worker_row_fk;

-- Statements read the declared income through file_row; the purge copies it here first (NULL
-- while the row is still there, or when the row had none: statements then use jamsos.defaultIncome).
ALTER TABLE worker ADD COLUMN monthly_income BIGINT;
