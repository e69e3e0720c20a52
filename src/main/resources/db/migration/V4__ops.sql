-- Operations (issue 6). The enrollment job item of each accepted row (row number, district and the
-- request sent to BPJS), as JSON, so that an operator can replay a parked row without the agency's
-- original file. NULL for rejected rows and for rows stored before this column existed.
ALTER TABLE file_row ADD COLUMN request_json VARCHAR;
