-- The dashboard's sign-ins through the city's identity provider (OpenID Connect), written and read by the api only.
-- A row is either a sign-in under way (`login`: the PKCE verifier, state and nonce between the redirect to the
-- provider and its answer, ten minutes at most) or a signed-in session (`session`: the role and city mapped from
-- the provider's claims). The browser holds only a random id in an HttpOnly cookie; the table holds its SHA-256, so
-- whoever reads the table cannot use a session. Ending one (sign-out, a login answered) inserts a newer row of the
-- same id with `ended = 1`: the newest row of an id is in force (read with FINAL). Every api instance reads the same
-- rows, so a session works on all of them and a restart signs nobody out.
-- No personal data: `actor` is a hash of the provider and the person's subject id (the audit log's key id), never
-- a name or an address; no token of the provider is stored.
CREATE TABLE IF NOT EXISTS api_sessions_v1
(
    id_hash String COMMENT 'SHA-256 (hex) of the random id in the cookie; the id itself is never stored',
    kind LowCardinality(String) COMMENT 'login (a sign-in under way) or session',
    version UInt64 COMMENT 'ms of the write: the newest row of an id is in force',
    expires_at DateTime64(3, 'UTC'),
    ended UInt8 COMMENT '1 once signed out, or once the login was answered',
    role LowCardinality(String) COMMENT 'session: city, consortium or admin',
    city LowCardinality(String) COMMENT 'session of the city role: its city key',
    actor String COMMENT 'session: oidc:<16 hex of SHA-256 of issuer and subject>',
    pkce_verifier String COMMENT 'login: the PKCE code verifier, used once',
    state String COMMENT 'login: the state sent to the provider',
    nonce String COMMENT 'login: the nonce the ID token must carry'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id_hash
TTL toDateTime(expires_at) + INTERVAL 1 DAY;
