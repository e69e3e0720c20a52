-- How far a file's intake got its jobs onto the broker (issue 13): the highest row number whose job
-- the broker has accepted. Jobs leave one by one in row order, so a resumed intake (after kill -9 or a
-- broker outage) sends again only the pending rows past this mark; the others are still on the queue.
ALTER TABLE agency_file ADD COLUMN queued_through_row INTEGER;
