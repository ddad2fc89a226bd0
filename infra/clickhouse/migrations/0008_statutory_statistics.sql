-- Statutory statistics (api/README.md "Statutory statistics"): what the EU Single Digital Gateway asks of a
-- gateway page (Implementing Regulation (EU) 2020/1121, Art. 3: page views per month by the country the user visits
-- from and by device type; Art. 6: the feedback tool's answers) and the record of every transmission.
--
-- The country is a two-letter code the collector looked up in memory; the address itself is never stored. Rows
-- written before this migration read 'ZZ' (unknown).
ALTER TABLE events ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT 'ZZ' COMMENT 'ISO 3166-1 alpha-2 of the request''s origin, ZZ when unknown' AFTER device;
ALTER TABLE events ADD COLUMN IF NOT EXISTS found LowCardinality(String) COMMENT 'rating: found what they looked for: yes, no, partly or empty' AFTER reason;
ALTER TABLE events ADD COLUMN IF NOT EXISTS feedback_context LowCardinality(String) COMMENT 'rating: asked on a page, after submitting or when leaving a started form' AFTER found;

-- Monthly statistics must outlive the raw events (kept RAW_RETENTION_DAYS, 30 by default): a month is sent after
-- it ends, and a correction may follow weeks later. Every page view is rolled up, not only today's gateway pages:
-- a city that marks a page later can still report the months before.
CREATE TABLE IF NOT EXISTS page_views_by_origin_daily_v1
(
    site LowCardinality(String),
    day Date,
    path String,
    service LowCardinality(String),
    country LowCardinality(String),
    device LowCardinality(String),
    views SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, path, service, country, device)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS page_views_by_origin_daily_v1_mv TO page_views_by_origin_daily_v1 AS
SELECT site, day, path, service, country, device, count() AS views
FROM events
WHERE event_type = 'pageview'
GROUP BY site, day, path, service, country, device;

CREATE TABLE IF NOT EXISTS feedback_daily_v1
(
    site LowCardinality(String),
    day Date,
    path String,
    service LowCardinality(String),
    feedback_context LowCardinality(String),
    found LowCardinality(String),
    score UInt8,
    ratings SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, path, service, feedback_context, found, score)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS feedback_daily_v1_mv TO feedback_daily_v1 AS
SELECT site, day, path, service, feedback_context, found, score, count() AS ratings
FROM events
WHERE event_type = 'rating'
GROUP BY site, day, path, service, feedback_context, found, score;

-- Every attempt to send a month's statistics or feedback to the Commission's API, and its answer. The unique id
-- comes from that API (Annex II (d)); a correction is sent under the same id and recorded as a further row.
CREATE TABLE IF NOT EXISTS sdg_transmissions_v1
(
    site LowCardinality(String),
    month String COMMENT 'the reported calendar month, e.g. 2026-11',
    dataset LowCardinality(String) COMMENT 'statistics or feedback',
    unique_id String COMMENT 'the transmission''s identifier, issued by the Commission''s API',
    attempted_at DateTime64(3, 'UTC'),
    correction UInt8 COMMENT '1 when an earlier transmission of the same month and dataset was accepted',
    status LowCardinality(String) COMMENT 'accepted, alert (the API refused it) or failed (no answer)',
    http_status UInt16 COMMENT '0 when no answer came',
    message String COMMENT 'the API''s alert or the network error, as received',
    entries UInt32 COMMENT 'nbEntries of the body sent',
    body_sha256 String COMMENT 'SHA-256 of the body sent',
    actor String COMMENT 'the --by text of the command'
)
ENGINE = MergeTree
ORDER BY (site, month, dataset, attempted_at);
