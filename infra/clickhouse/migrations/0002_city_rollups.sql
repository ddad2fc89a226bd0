-- Per-city roll-ups. Every target is an AggregatingMergeTree fed by a materialized view on `events`; uniq states
-- are read with uniqMerge, SimpleAggregateFunction(sum) columns with sum(). All carry the de-duplication window so
-- a replayed insert (same insert_deduplication_token) changes nothing here either.

CREATE TABLE IF NOT EXISTS city_daily_v1
(
    site LowCardinality(String),
    day Date,
    visitors AggregateFunction(uniq, UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    bounces SimpleAggregateFunction(sum, Int64),
    visit_duration_ms SimpleAggregateFunction(sum, UInt64),
    events SimpleAggregateFunction(sum, UInt64),
    ratings SimpleAggregateFunction(sum, UInt64),
    rating_sum SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS city_daily_v1_mv TO city_daily_v1 AS
SELECT
    site,
    day,
    uniqState(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms,
    count() AS events,
    countIf(event_type = 'rating') AS ratings,
    sumIf(toUInt64(score), event_type = 'rating') AS rating_sum
FROM events
GROUP BY site, day;

CREATE TABLE IF NOT EXISTS city_hourly_v1
(
    site LowCardinality(String),
    hour DateTime('UTC') COMMENT 'start of the UTC hour',
    visitors AggregateFunction(uniq, UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    events SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (site, hour)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS city_hourly_v1_mv TO city_hourly_v1 AS
SELECT
    site,
    toDateTime(toStartOfHour(ts), 'UTC') AS hour,
    uniqState(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    count() AS events
FROM events
GROUP BY site, hour;

CREATE TABLE IF NOT EXISTS page_daily_v1
(
    site LowCardinality(String),
    day Date,
    path String,
    service LowCardinality(String),
    visitors AggregateFunction(uniq, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    entries SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, path, service)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS page_daily_v1_mv TO page_daily_v1 AS
SELECT
    site,
    day,
    path,
    service,
    uniqState(visitor) AS visitors,
    count() AS pageviews,
    sum(entry) AS entries
FROM events
WHERE event_type = 'pageview'
GROUP BY site, day, path, service;

CREATE TABLE IF NOT EXISTS channel_daily_v1
(
    site LowCardinality(String),
    day Date,
    channel LowCardinality(String),
    channel_host String,
    visitors AggregateFunction(uniq, UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    bounces SimpleAggregateFunction(sum, Int64),
    visit_duration_ms SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, channel, channel_host)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS channel_daily_v1_mv TO channel_daily_v1 AS
SELECT
    site,
    day,
    channel,
    channel_host,
    uniqState(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms
FROM events
GROUP BY site, day, channel, channel_host;

CREATE TABLE IF NOT EXISTS tech_daily_v1
(
    site LowCardinality(String),
    day Date,
    device LowCardinality(String),
    browser LowCardinality(String),
    os LowCardinality(String),
    visitors AggregateFunction(uniq, UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    bounces SimpleAggregateFunction(sum, Int64),
    visit_duration_ms SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, device, browser, os)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS tech_daily_v1_mv TO tech_daily_v1 AS
SELECT
    site,
    day,
    device,
    browser,
    os,
    uniqState(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms
FROM events
GROUP BY site, day, device, browser, os;
