-- A worker's whole story (issue 18: the `worker` command, /ops/workers, /portal/workers) is read by the
-- worker's keyed NIK hash and KPJ. worker (both unique), coverage_period, worker_change and
-- worker_income (kpj first in its key) and claim (nik_hash, V5) have the indexes already; two were
-- missing, so a look-up scanned the table:
--   file_row (nik_hash): every row that ever named the worker, in any file and state (rejected,
--     refused, in review, change rows). A KPJ look-up finds the NIK hash through worker or
--     coverage_period first, so file_row needs no index on kpj.
--   claim (kpj): claims BPJS reported for the membership, some without a NIK.
-- The first is built over the whole of file_row at migration (PostgreSQL blocks writes to file_row
-- while it builds: on a ledger of millions of rows, migrate in a quiet hour) and costs each row
-- insert one index entry more; claims are few.
CREATE INDEX file_row_nik_hash_ix ON file_row (nik_hash);
CREATE INDEX claim_kpj_ix ON claim (kpj);
