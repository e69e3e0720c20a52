-- Leadership among gateway processes sharing this database: one row per namespace, held by the
-- process whose lease has not expired. Times are epoch milliseconds of the holders' clocks, so the
-- processes' clocks must agree to well within the lease (NTP).
CREATE TABLE cluster_lease (
    namespace   VARCHAR(128) NOT NULL,
    owner_id    VARCHAR(256) NOT NULL,
    expires_ms  BIGINT       NOT NULL,
    CONSTRAINT cluster_lease_pk PRIMARY KEY (namespace)
);
