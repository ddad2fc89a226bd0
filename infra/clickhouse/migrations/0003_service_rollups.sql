-- Per-service roll-ups (rows with a LeiKa key only): the funnel, its steps, validation errors and ratings.
-- Funnel stages are counted both as events and as distinct visitors (uniq states: uniqMerge to read).

CREATE TABLE IF NOT EXISTS service_daily_v1
(
    site LowCardinality(String),
    service LowCardinality(String),
    day Date,
    visitors AggregateFunction(uniq, UInt64) COMMENT 'visitors with any event on the service',
    visits AggregateFunction(uniq, UInt64) COMMENT 'distinct visits (session ids) touching the service',
    viewers AggregateFunction(uniq, UInt64) COMMENT 'visitors with a service_view or a page view of the service',
    starters AggregateFunction(uniq, UInt64),
    submitters AggregateFunction(uniq, UInt64),
    confirmers AggregateFunction(uniq, UInt64),
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

CREATE MATERIALIZED VIEW IF NOT EXISTS service_daily_v1_mv TO service_daily_v1 AS
SELECT
    site,
    service,
    day,
    uniqState(visitor) AS visitors,
    uniqState(session_id) AS visits,
    uniqStateIf(visitor, event_type IN ('service_view', 'pageview')) AS viewers,
    uniqStateIf(visitor, event_type = 'form_start') AS starters,
    uniqStateIf(visitor, event_type = 'form_submit') AS submitters,
    uniqStateIf(visitor, event_type = 'form_confirm') AS confirmers,
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

CREATE TABLE IF NOT EXISTS service_steps_daily_v1
(
    site LowCardinality(String),
    service LowCardinality(String),
    day Date,
    form LowCardinality(String),
    step UInt8,
    reached AggregateFunction(uniq, UInt64) COMMENT 'distinct visitors who reached the step',
    events SimpleAggregateFunction(sum, UInt64),
    steps SimpleAggregateFunction(max, UInt8) COMMENT 'the form''s step count as reported',
    step_name SimpleAggregateFunction(anyLast, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day, form, step)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_steps_daily_v1_mv TO service_steps_daily_v1 AS
SELECT
    site,
    service,
    day,
    form,
    step,
    uniqState(visitor) AS reached,
    count() AS events,
    max(steps) AS steps,
    anyLast(toString(step_name)) AS step_name
FROM events
WHERE service != '' AND event_type = 'form_step'
GROUP BY site, service, day, form, step;

CREATE TABLE IF NOT EXISTS service_errors_daily_v1
(
    site LowCardinality(String),
    service LowCardinality(String),
    day Date,
    form LowCardinality(String),
    step UInt8 COMMENT '0 when the SDK did not know the step',
    field LowCardinality(String),
    visitors AggregateFunction(uniq, UInt64),
    errors SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day, form, step, field)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_errors_daily_v1_mv TO service_errors_daily_v1 AS
SELECT
    site,
    service,
    day,
    form,
    step,
    field,
    uniqState(visitor) AS visitors,
    count() AS errors
FROM events
WHERE service != '' AND event_type = 'form_error'
GROUP BY site, service, day, form, step, field;

CREATE TABLE IF NOT EXISTS rating_daily_v1
(
    site LowCardinality(String),
    service LowCardinality(String) COMMENT 'empty for ratings on pages outside any service',
    day Date,
    score UInt8,
    reason LowCardinality(String),
    visitors AggregateFunction(uniq, UInt64),
    ratings SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, service, day, score, reason)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rating_daily_v1_mv TO rating_daily_v1 AS
SELECT
    site,
    service,
    day,
    score,
    reason,
    uniqState(visitor) AS visitors,
    count() AS ratings
FROM events
WHERE event_type = 'rating'
GROUP BY site, service, day, score, reason;
