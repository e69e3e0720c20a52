-- Issue 15: operator sessions and failed logins, shared by every gateway process on this ledger, so
-- that a login on one replica works on the others, a logout on one ends the session on all, and
-- failed guesses spread over the replicas are counted together. (V11 was never used.)
--
-- A session is stored only as session_key, the SHA-256 of its id (base64url, 43 characters): whoever
-- reads this table cannot present a session, and its anti-forgery token is derived from the id, so it
-- is not here either. Every time is the database's clock (CURRENT_TIMESTAMP), never a replica's, so
-- replicas whose clocks differ agree on when a session or a lock ends.
-- idle_until: the session ends unless used before then (never later than expires_at);
-- expires_at: the session ends then whatever happens (its absolute lifetime).
CREATE TABLE operator_session (
    session_key     VARCHAR(64)              NOT NULL PRIMARY KEY,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    idle_until      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX operator_session_idle_ix ON operator_session (idle_until);
CREATE INDEX operator_session_created_ix ON operator_session (created_at);

-- Failed operator logins per client address, and overall under client '*' (no address is written so),
-- since window_start, the first failure of the current window.
CREATE TABLE operator_login_failure (
    client          VARCHAR(100)             NOT NULL PRIMARY KEY,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    failures        INTEGER                  NOT NULL
);
CREATE INDEX operator_login_failure_window_ix ON operator_login_failure (window_start);
