-- The agency clerks' portal (docs/portal.md): its sessions and failed logins, shared by every gateway
-- process on this ledger as the operators' are (V13), so that a clerk's login holds on every replica,
-- a logout on one ends it on all, and guesses spread over the replicas are counted together.
--
-- portal_session is operator_session with the agency and the clerk's user name the session was opened
-- for: every portal query is filtered by that agency. As there, only the SHA-256 of a session id is
-- stored (session_key), its anti-forgery token is derived from the id and stored nowhere, and every
-- time is the database's clock.
CREATE TABLE portal_session (
    session_key     VARCHAR(64)              NOT NULL PRIMARY KEY,
    agency_id       VARCHAR(100)             NOT NULL,
    username        VARCHAR(100)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    idle_until      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX portal_session_idle_ix ON portal_session (idle_until);
CREATE INDEX portal_session_created_ix ON portal_session (created_at);

-- Failed clerk logins per client address, and overall under client '*': operator_login_failure's shape,
-- in a table of its own so that clerks mistyping their passwords never lock the operators out (nor
-- the other way round).
CREATE TABLE portal_login_failure (
    client          VARCHAR(100)             NOT NULL PRIMARY KEY,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    failures        INTEGER                  NOT NULL
);
CREATE INDEX portal_login_failure_window_ix ON portal_login_failure (window_start);
