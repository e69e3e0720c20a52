-- Finance: declared income for contribution statements, claim publication leases and the pull
-- watermark, and the statements already published. Same dialect rules as V1.

-- Declared monthly income (whole rupiah) of an accepted row, written at intake. NULL for rows
-- received before this migration: statements then use jamsos.defaultIncome. The worker's income
-- is read through worker (file_id, row_no) -> file_row, so worker needs no copy of it.
ALTER TABLE file_row ADD COLUMN monthly_income BIGINT;

-- One claim is published by one path (callback or pull, any gateway process): the one that sets
-- the lease. A lease that ran out (its holder died) may be taken again.
ALTER TABLE claim ADD COLUMN publish_lease_until TIMESTAMP WITH TIME ZONE;
-- finance or review, and why review, once published.
ALTER TABLE claim ADD COLUMN destination VARCHAR(16);
ALTER TABLE claim ADD COLUMN review_reason VARCHAR;

-- How far the claims listing has been read: the paidAt of the last claim handled.
CREATE TABLE claim_watermark (
    source          VARCHAR(64)  NOT NULL PRIMARY KEY,
    watermark       VARCHAR(64)  NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Statements published, so the monthly schedule publishes each period once, even across restarts.
CREATE TABLE statement_run (
    period          VARCHAR(7)   NOT NULL,
    scope           VARCHAR(64)  NOT NULL,
    message_id      VARCHAR(128) NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT statement_run_pk PRIMARY KEY (period, scope, message_id)
);
