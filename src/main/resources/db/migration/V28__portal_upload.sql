-- Issue 17: a clerk's upload in the ledger, so that any replica behind the load balancer can preview it,
-- submit it, or finish a submit another replica began (docs/portal.md, "Uploads in the ledger").
--
-- portal_upload is one upload from its check to its intake. Its id is 128 random bits (the submit form's
-- path); the agency is the session's and every query names it. content holds the file's bytes (at most
-- jamsos.portal.maxUploadMib) while the upload is UPLOADED or SUBMITTING and is set to NULL once it is
-- SUBMITTED or EXPIRED: they are personal data at rest, in the clear, as the ledger's other columns the
-- cipher does not cover (docs/security.md). A submit claims the row with one conditional UPDATE
-- (state UPLOADED -> SUBMITTING), so two clicks, two tabs or two replicas enroll it once; the claim is a
-- lease (lease_until, the database's clock) that the running intake renews, and an intake whose lease
-- lapsed (a process killed between claim and intake) is taken over by another process.
CREATE TABLE portal_upload (
    id              VARCHAR(22)              NOT NULL PRIMARY KEY,
    agency_id       VARCHAR(100)             NOT NULL,
    username        VARCHAR(100)             NOT NULL,
    file_name       VARCHAR(512)             NOT NULL,
    size_bytes      BIGINT                   NOT NULL,
    checksum        VARCHAR(64)              NOT NULL,
    content         BYTEA,
    state           VARCHAR(16)              NOT NULL,
    file_id         BIGINT,
    lease_owner     VARCHAR(100),
    lease_until     TIMESTAMP WITH TIME ZONE,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT portal_upload_state_ck CHECK (state IN ('UPLOADED', 'SUBMITTING', 'SUBMITTED', 'EXPIRED'))
);
CREATE INDEX portal_upload_state_ix ON portal_upload (state, lease_until);
CREATE INDEX portal_upload_created_ix ON portal_upload (created_at);

-- A session ends when its clerk's password hash changes in agencies.yaml (a new password, or a leaked one
-- replaced): the session keeps a fingerprint of the hash it was opened with (SHA-256 of the hash string,
-- never the hash itself), and a session whose fingerprint is not the current hash's is refused. Sessions
-- opened before this migration have none and end at their next request: their clerks log in once more.
ALTER TABLE portal_session ADD COLUMN password_fingerprint VARCHAR(64);
