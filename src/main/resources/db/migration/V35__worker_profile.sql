-- What reports count workers by (issue 19: coverage by village, occupation, sex and age band) and what
-- a proof of cover is grouped by (village). Until now the worker row held only the district; the rest
-- lived in file_row.request_json, encrypted and purged with the row by retention, so a report a year
-- later could not say in which village or trade the city's money went.
--
-- These are coarse facts, kept in plain text on purpose: a village, a trade, a sex and a birth YEAR
-- (not the date) identify nobody on their own, and an aggregate over a million workers cannot decrypt
-- a million rows. The NIK, the name's search key and the full birth date stay where they are.
-- NULL for workers enrolled before this migration whose rows are gone (reports say "tidak diketahui /
-- unknown"), and for a field the agency left empty.
ALTER TABLE worker ADD COLUMN kelurahan VARCHAR(128);
ALTER TABLE worker ADD COLUMN occupation VARCHAR(64);
ALTER TABLE worker ADD COLUMN sex VARCHAR(1);
ALTER TABLE worker ADD COLUMN birth_year INTEGER;
