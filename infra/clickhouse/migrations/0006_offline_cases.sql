-- Offline case numbers (counter, post, phone, e-mail, other) that a city imports per service (LeiKa key) and
-- month: the denominator of digital take-up. One row per import, holding its lines and its audit record (who,
-- when, what changed), so an import is one insert of one row: it is stored whole or not at all, and never without
-- its record. An import replaces the months it names (`months`); for each (site, month) the latest import is in
-- force (argMax over (imported_at, import_id)), so lines an import leaves out are gone for that month.
-- No partition key: every insert is one part, and the table stays small (a city imports a few months a year).
-- No TTL: these are the city's administrative statistics, kept like the roll-ups.

CREATE TABLE IF NOT EXISTS offline_case_imports_v1
(
    import_id UUID,
    site LowCardinality(String),
    imported_at DateTime64(3, 'UTC'),
    source LowCardinality(String) COMMENT 'api (CSV upload) or cli (offline-cases import)',
    key_id String COMMENT 'id of the API key that uploaded; empty for the command',
    actor String COMMENT 'label of that key, or the --by text of the command',
    file_sha256 String COMMENT 'SHA-256 of the CSV as received',
    months Array(Date) COMMENT 'first day of every month the import replaces',
    lines Nested
    (
        month Date,
        service LowCardinality(String),
        counter UInt32,
        post UInt32,
        phone UInt32,
        email UInt32,
        other UInt32
    ),
    added UInt32 COMMENT '(month, service) lines new in these months',
    changed UInt32 COMMENT 'lines whose numbers differ from those in force before',
    removed UInt32 COMMENT 'lines in force before that the import leaves out',
    unchanged UInt32
)
ENGINE = MergeTree
ORDER BY (site, imported_at, import_id);
