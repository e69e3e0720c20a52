-- The audit trail (issue 18, docs/audit.md): what operators, clerks and the gateway did, append-only
-- and tamper-evident. Each entry carries the hash of the one before it and its own hash, an
-- HMAC-SHA256 under jamsos.audit.hmacKey of that previous hash and the entry's canonical text
-- (ledger/AuditLedger), so that an entry changed, removed or inserted in the database breaks the
-- chain at that point for `audit verify`. No entry holds a full NIK, a password, a token or a secret.
CREATE TABLE audit_entry (
    seq             BIGINT                   NOT NULL PRIMARY KEY,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_kind      VARCHAR(16)              NOT NULL,
    actor           VARCHAR(100)             NOT NULL,
    agency          VARCHAR(100)             NOT NULL,
    action          VARCHAR(40)              NOT NULL,
    subject         VARCHAR(200)             NOT NULL,
    outcome         VARCHAR(16)              NOT NULL,
    detail          VARCHAR(500)             NOT NULL,
    client_address  VARCHAR(100)             NOT NULL,
    prev_hash       VARCHAR(64)              NOT NULL,
    hash            VARCHAR(64)              NOT NULL
);
CREATE INDEX audit_entry_at_ix ON audit_entry (at);

-- One row: the chain's end (last_seq, last_hash) and its start after retention (anchor_seq,
-- anchor_hash: the last purged entry, or 0 and the genesis hash), with an HMAC over both (head_mac) so
-- that neither can be moved without the key. Every append takes this row's lock first (SELECT ... FOR
-- UPDATE), which serializes appends across all gateway processes on this ledger.
CREATE TABLE audit_head (
    id              SMALLINT                 NOT NULL PRIMARY KEY,
    last_seq        BIGINT                   NOT NULL,
    last_hash       VARCHAR(64)              NOT NULL,
    anchor_seq      BIGINT                   NOT NULL,
    anchor_hash     VARCHAR(64)              NOT NULL,
    anchor_at       TIMESTAMP WITH TIME ZONE,
    head_mac        VARCHAR(64)              NOT NULL
);
