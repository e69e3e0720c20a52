-- Issue 14: the claim callback's replay guard, shared by every gateway process on this ledger. A
-- request's key (a SHA-256 digest of its signed headers and body, base64url, 43 characters) is
-- inserted once; the primary key decides, so of two replicas receiving the same request only one
-- accepts it. expires_at (epoch seconds) is when the request's timestamp leaves the window: after
-- that the window check refuses it anyway and the row may go.
CREATE TABLE callback_replay (
    replay_key      VARCHAR(64)  NOT NULL PRIMARY KEY,
    expires_at      BIGINT       NOT NULL
);
CREATE INDEX callback_replay_expiry_ix ON callback_replay (expires_at);

-- A second notice for a known claim with different content is recorded next to the first under
-- "<claimId>~conflict~<digest>" and published to review: 64 + 27 characters.
ALTER TABLE claim ALTER COLUMN claim_id SET DATA TYPE VARCHAR(128);
