-- When a file's reports were started: a file left in REPORTING (the process died while writing
-- them, or the agency's SFTP stayed down past the retries) is taken up again after a while.
ALTER TABLE agency_file ADD COLUMN reporting_since TIMESTAMP WITH TIME ZONE;
