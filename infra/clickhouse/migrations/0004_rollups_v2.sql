-- Version 2 of every roll-up: distinct visitors as uniqCombined(14) states instead of uniq. A report merges one
-- state per day and dimension value; a uniq state keeps up to 65,536 hashes, and merging those was nearly all of a
-- 30-day report's time. uniqCombined(14) keeps the exact set of up to 1,024 distinct hashes and beyond that a
-- HyperLogLog of 16,384 cells (12 KB, about 0.8 % standard error), so small counts, where k-anonymity is decided,
-- stay exact. Read the states with uniqCombinedMerge(14)(col).
--
-- Each table is backfilled from the raw `events` still retained, by one INSERT that runs only while the table is
-- empty (a rerun after an interruption between statements does not count twice), and its view is created after
-- the backfill: apply this migration with the processor stopped, which loses nothing (it resumes from its
-- committed offsets). The v1 tables and views stay: they alone hold days older than the raw retention, which
-- cannot be rebuilt as v2 states, and an api of the previous release still reads them.

CREATE TABLE IF NOT EXISTS city_daily_v2
(
    site LowCardinality(String),
    day Date,
    visitors AggregateFunction(uniqCombined(14), UInt64),
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

INSERT INTO city_daily_v2
SELECT
    site,
    day,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms,
    count() AS events,
    countIf(event_type = 'rating') AS ratings,
    sumIf(toUInt64(score), event_type = 'rating') AS rating_sum
FROM events
WHERE (SELECT count() FROM city_daily_v2) = 0
GROUP BY site, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS city_daily_v2_mv TO city_daily_v2 AS
SELECT
    site,
    day,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms,
    count() AS events,
    countIf(event_type = 'rating') AS ratings,
    sumIf(toUInt64(score), event_type = 'rating') AS rating_sum
FROM events
GROUP BY site, day;

CREATE TABLE IF NOT EXISTS city_hourly_v2
(
    site LowCardinality(String),
    hour DateTime('UTC') COMMENT 'start of the UTC hour',
    visitors AggregateFunction(uniqCombined(14), UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    events SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (site, hour)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO city_hourly_v2
SELECT
    site,
    toDateTime(toStartOfHour(ts), 'UTC') AS hour,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    count() AS events
FROM events
WHERE (SELECT count() FROM city_hourly_v2) = 0
GROUP BY site, hour;

CREATE MATERIALIZED VIEW IF NOT EXISTS city_hourly_v2_mv TO city_hourly_v2 AS
SELECT
    site,
    toDateTime(toStartOfHour(ts), 'UTC') AS hour,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    count() AS events
FROM events
GROUP BY site, hour;

CREATE TABLE IF NOT EXISTS page_daily_v2
(
    site LowCardinality(String),
    day Date,
    path String,
    service LowCardinality(String),
    visitors AggregateFunction(uniqCombined(14), UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    entries SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, path, service)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO page_daily_v2
SELECT
    site,
    day,
    path,
    service,
    uniqCombinedState(14)(visitor) AS visitors,
    count() AS pageviews,
    sum(entry) AS entries
FROM events
WHERE event_type = 'pageview' AND (SELECT count() FROM page_daily_v2) = 0
GROUP BY site, day, path, service;

CREATE MATERIALIZED VIEW IF NOT EXISTS page_daily_v2_mv TO page_daily_v2 AS
SELECT
    site,
    day,
    path,
    service,
    uniqCombinedState(14)(visitor) AS visitors,
    count() AS pageviews,
    sum(entry) AS entries
FROM events
WHERE event_type = 'pageview'
GROUP BY site, day, path, service;

CREATE TABLE IF NOT EXISTS channel_daily_v2
(
    site LowCardinality(String),
    day Date,
    channel LowCardinality(String),
    channel_host String,
    visitors AggregateFunction(uniqCombined(14), UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    bounces SimpleAggregateFunction(sum, Int64),
    visit_duration_ms SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, channel, channel_host)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO channel_daily_v2
SELECT
    site,
    day,
    channel,
    channel_host,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms
FROM events
WHERE (SELECT count() FROM channel_daily_v2) = 0
GROUP BY site, day, channel, channel_host;

CREATE MATERIALIZED VIEW IF NOT EXISTS channel_daily_v2_mv TO channel_daily_v2 AS
SELECT
    site,
    day,
    channel,
    channel_host,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms
FROM events
GROUP BY site, day, channel, channel_host;

CREATE TABLE IF NOT EXISTS tech_daily_v2
(
    site LowCardinality(String),
    day Date,
    device LowCardinality(String),
    browser LowCardinality(String),
    os LowCardinality(String),
    visitors AggregateFunction(uniqCombined(14), UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    bounces SimpleAggregateFunction(sum, Int64),
    visit_duration_ms SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, device, browser, os)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO tech_daily_v2
SELECT
    site,
    day,
    device,
    browser,
    os,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms
FROM events
WHERE (SELECT count() FROM tech_daily_v2) = 0
GROUP BY site, day, device, browser, os;

CREATE MATERIALIZED VIEW IF NOT EXISTS tech_daily_v2_mv TO tech_daily_v2 AS
SELECT
    site,
    day,
    device,
    browser,
    os,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms
FROM events
GROUP BY site, day, device, browser, os;

CREATE TABLE IF NOT EXISTS service_daily_v2
(
    site LowCardinality(String),
    service LowCardinality(String),
    day Date,
    visitors AggregateFunction(uniqCombined(14), UInt64) COMMENT 'visitors with any event on the service',
    visits AggregateFunction(uniqCombined(14), UInt64) COMMENT 'distinct visits (session ids) touching the service',
    viewers AggregateFunction(uniqCombined(14), UInt64) COMMENT 'visitors with a service_view or a page view of the service',
    starters AggregateFunction(uniqCombined(14), UInt64),
    submitters AggregateFunction(uniqCombined(14), UInt64),
    confirmers AggregateFunction(uniqCombined(14), UInt64),
    views SimpleAggregateFunction(sum, UInt64) COMMENT 'service_view events',
    pageviews SimpleAggregateFunction(sum, UInt64),
    starts SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    submits SimpleAggregateFunction(sum, UInt64),
    confirms SimpleAggregateFunction(sum, UInt64),
    submit_ms AggregateFunction(quantilesExactInclusive(0.25, 0.5, 0.75, 0.9), UInt32) COMMENT 'form_submit elapsedMs',
    confirm_ms AggregateFunction(quantilesExactInclusive(0.25, 0.5, 0.75, 0.9), UInt32) COMMENT 'form_confirm elapsedMs',
    ratings SimpleAggregateFunction(sum, UInt64),
    rating_sum SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO service_daily_v2
SELECT
    site,
    service,
    day,
    uniqCombinedState(14)(visitor) AS visitors,
    uniqCombinedState(14)(session_id) AS visits,
    uniqCombinedStateIf(14)(visitor, event_type IN ('service_view', 'pageview')) AS viewers,
    uniqCombinedStateIf(14)(visitor, event_type = 'form_start') AS starters,
    uniqCombinedStateIf(14)(visitor, event_type = 'form_submit') AS submitters,
    uniqCombinedStateIf(14)(visitor, event_type = 'form_confirm') AS confirmers,
    countIf(event_type = 'service_view') AS views,
    countIf(event_type = 'pageview') AS pageviews,
    countIf(event_type = 'form_start') AS starts,
    countIf(event_type = 'form_error') AS errors,
    countIf(event_type = 'form_submit') AS submits,
    countIf(event_type = 'form_confirm') AS confirms,
    quantilesExactInclusiveStateIf(0.25, 0.5, 0.75, 0.9)(
        assumeNotNull(elapsed_ms), event_type = 'form_submit' AND elapsed_ms IS NOT NULL) AS submit_ms,
    quantilesExactInclusiveStateIf(0.25, 0.5, 0.75, 0.9)(
        assumeNotNull(elapsed_ms), event_type = 'form_confirm' AND elapsed_ms IS NOT NULL) AS confirm_ms,
    countIf(event_type = 'rating') AS ratings,
    sumIf(toUInt64(score), event_type = 'rating') AS rating_sum
FROM events
WHERE service != '' AND (SELECT count() FROM service_daily_v2) = 0
GROUP BY site, service, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_daily_v2_mv TO service_daily_v2 AS
SELECT
    site,
    service,
    day,
    uniqCombinedState(14)(visitor) AS visitors,
    uniqCombinedState(14)(session_id) AS visits,
    uniqCombinedStateIf(14)(visitor, event_type IN ('service_view', 'pageview')) AS viewers,
    uniqCombinedStateIf(14)(visitor, event_type = 'form_start') AS starters,
    uniqCombinedStateIf(14)(visitor, event_type = 'form_submit') AS submitters,
    uniqCombinedStateIf(14)(visitor, event_type = 'form_confirm') AS confirmers,
    countIf(event_type = 'service_view') AS views,
    countIf(event_type = 'pageview') AS pageviews,
    countIf(event_type = 'form_start') AS starts,
    countIf(event_type = 'form_error') AS errors,
    countIf(event_type = 'form_submit') AS submits,
    countIf(event_type = 'form_confirm') AS confirms,
    quantilesExactInclusiveStateIf(0.25, 0.5, 0.75, 0.9)(
        assumeNotNull(elapsed_ms), event_type = 'form_submit' AND elapsed_ms IS NOT NULL) AS submit_ms,
    quantilesExactInclusiveStateIf(0.25, 0.5, 0.75, 0.9)(
        assumeNotNull(elapsed_ms), event_type = 'form_confirm' AND elapsed_ms IS NOT NULL) AS confirm_ms,
    countIf(event_type = 'rating') AS ratings,
    sumIf(toUInt64(score), event_type = 'rating') AS rating_sum
FROM events
WHERE service != ''
GROUP BY site, service, day;

CREATE TABLE IF NOT EXISTS service_steps_daily_v2
(
    site LowCardinality(String),
    service LowCardinality(String),
    day Date,
    form LowCardinality(String),
    step UInt8,
    reached AggregateFunction(uniqCombined(14), UInt64) COMMENT 'distinct visitors who reached the step',
    events SimpleAggregateFunction(sum, UInt64),
    steps SimpleAggregateFunction(max, UInt8) COMMENT 'the form''s step count as reported',
    step_name SimpleAggregateFunction(anyLast, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day, form, step)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO service_steps_daily_v2
SELECT
    site,
    service,
    day,
    form,
    step,
    uniqCombinedState(14)(visitor) AS reached,
    count() AS events,
    max(steps) AS steps,
    anyLast(toString(step_name)) AS step_name
FROM events
WHERE service != '' AND event_type = 'form_step' AND (SELECT count() FROM service_steps_daily_v2) = 0
GROUP BY site, service, day, form, step;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_steps_daily_v2_mv TO service_steps_daily_v2 AS
SELECT
    site,
    service,
    day,
    form,
    step,
    uniqCombinedState(14)(visitor) AS reached,
    count() AS events,
    max(steps) AS steps,
    anyLast(toString(step_name)) AS step_name
FROM events
WHERE service != '' AND event_type = 'form_step'
GROUP BY site, service, day, form, step;

CREATE TABLE IF NOT EXISTS service_errors_daily_v2
(
    site LowCardinality(String),
    service LowCardinality(String),
    day Date,
    form LowCardinality(String),
    step UInt8 COMMENT '0 when the SDK did not know the step',
    field LowCardinality(String),
    visitors AggregateFunction(uniqCombined(14), UInt64),
    errors SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day, form, step, field)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO service_errors_daily_v2
SELECT
    site,
    service,
    day,
    form,
    step,
    field,
    uniqCombinedState(14)(visitor) AS visitors,
    count() AS errors
FROM events
WHERE service != '' AND event_type = 'form_error' AND (SELECT count() FROM service_errors_daily_v2) = 0
GROUP BY site, service, day, form, step, field;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_errors_daily_v2_mv TO service_errors_daily_v2 AS
SELECT
    site,
    service,
    day,
    form,
    step,
    field,
    uniqCombinedState(14)(visitor) AS visitors,
    count() AS errors
FROM events
WHERE service != '' AND event_type = 'form_error'
GROUP BY site, service, day, form, step, field;

CREATE TABLE IF NOT EXISTS rating_daily_v2
(
    site LowCardinality(String),
    service LowCardinality(String) COMMENT 'empty for ratings on pages outside any service',
    day Date,
    score UInt8,
    reason LowCardinality(String),
    visitors AggregateFunction(uniqCombined(14), UInt64),
    ratings SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day, score, reason)
SETTINGS non_replicated_deduplication_window = 10000;

INSERT INTO rating_daily_v2
SELECT
    site,
    service,
    day,
    score,
    reason,
    uniqCombinedState(14)(visitor) AS visitors,
    count() AS ratings
FROM events
WHERE event_type = 'rating' AND (SELECT count() FROM rating_daily_v2) = 0
GROUP BY site, service, day, score, reason;

CREATE MATERIALIZED VIEW IF NOT EXISTS rating_daily_v2_mv TO rating_daily_v2 AS
SELECT
    site,
    service,
    day,
    score,
    reason,
    uniqCombinedState(14)(visitor) AS visitors,
    count() AS ratings
FROM events
WHERE event_type = 'rating'
GROUP BY site, service, day, score, reason;
