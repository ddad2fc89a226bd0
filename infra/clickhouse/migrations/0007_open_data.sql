-- Open-data releases and the audit log, both written by the api (the only tables it writes).
--
-- A release is one closed calendar month published once: its files are stored as the exact bytes served under
-- /open-data/, so a release is never recomputed and reads the same after any restart or code change. One row per
-- release; the api inserts it with insert_deduplication_token 'open-data-release:<month>', so of two creations of
-- a month racing each other only the first row is kept (non_replicated_deduplication_window remembers the
-- tokens), and the loser, reading back another attempt's creation_id, is refused. Rows are never updated or
-- deleted; no TTL.
CREATE TABLE IF NOT EXISTS open_data_releases_v1
(
    month String COMMENT 'the released calendar month, e.g. 2026-11: at most one release per month',
    created_at DateTime64(3, 'UTC'),
    creation_id UUID COMMENT 'random id of the attempt that stored the row (two racing attempts may compute the same bytes)',
    key_id String COMMENT 'id of the API key that created it; empty for the release command',
    actor String COMMENT 'label of that key, or the --by text of the command',
    role LowCardinality(String) COMMENT 'consortium, or command',
    k UInt16 COMMENT 'k-anonymity threshold in force',
    epsilon_per_cell Float64 COMMENT 'privacy loss per published cell',
    policy_version UInt16 COMMENT 'version of the disclosure policy (cell identities, noise, suppression)',
    epsilon_per_visitor_day Float64 COMMENT 'the privacy budget the release spends (api/README.md "Open data")',
    meta String COMMENT 'the release''s metadata as JSON (licence, files with size and SHA-256): the index reads it',
    files Map(String, String) COMMENT 'file name → the exact bytes served'
)
ENGINE = MergeTree
ORDER BY (month, created_at)
SETTINGS non_replicated_deduplication_window = 10000;

-- Who published or exported what, when and with which parameters; readable by admins (GET /v1/audit-log).
-- `parameters` holds request parameters only (city and service keys, periods, tables): never personal data.
-- No TTL: an audit trail is kept.
CREATE TABLE IF NOT EXISTS audit_log_v1
(
    at DateTime64(3, 'UTC'),
    action LowCardinality(String) COMMENT 'release_created or export',
    key_id String COMMENT 'API key id; empty for the release command',
    actor String COMMENT 'label of the key, or the --by text of the command',
    role LowCardinality(String) COMMENT 'city, consortium, admin, or command',
    target String COMMENT 'route template of an export, the month of a release',
    parameters Map(String, String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, action);
