-- Raw events: one row per accepted event, written only by the processor. No personal data: the visitor is a
-- daily-salted hash, paths are templates without query strings, referrers are hosts.
-- Retention comes from configuration: the runner substitutes RAW_RETENTION_DAYS below and reconciles the TTL of
-- an existing table when the setting changes (see infra/clickhouse/README.md).
CREATE TABLE IF NOT EXISTS events
(
    site LowCardinality(String) COMMENT 'city key',
    day Date COMMENT 'report day: calendar day of ts in the report time zone (Europe/Berlin)',
    event_type LowCardinality(String),
    service LowCardinality(String) COMMENT 'LeiKa key (14 digits), empty when the page belongs to no service',
    path String COMMENT 'normalised path template: no host, no query, numeric and uuid-like segments replaced',
    ts DateTime64(3, 'UTC') COMMENT 'event time: when the collector received the event',
    client_ts DateTime64(3, 'UTC') COMMENT 'the browser clock, kept for diagnosis only',
    event_id String COMMENT 'client-generated id; duplicates within a visit are dropped by the processor',
    visitor UInt64 COMMENT 'daily-salted visitor hash; never comparable across salt days',
    salt_day Date,
    session_id UInt64 COMMENT 'deterministic: hash of site, visitor, salt day and first event time',
    session_start UInt8 COMMENT '1 on the first event of a visit',
    entry UInt8 COMMENT '1 on the first page view of a visit',
    bounce_delta Int8 COMMENT '+1 on the first page view of a visit, -1 on its second: the sum counts one-page visits',
    duration_delta_ms UInt32 COMMENT 'ms since the previous event of the visit: the sum is the visit duration',
    channel LowCardinality(String) COMMENT 'the visit''s channel, decided by its first event',
    channel_host String COMMENT 'the visit''s referrer host (empty for direct)',
    referrer_host String COMMENT 'this event''s referrer host',
    mode LowCardinality(String),
    device LowCardinality(String),
    browser LowCardinality(String),
    os LowCardinality(String),
    form LowCardinality(String),
    step UInt8,
    steps UInt8,
    step_name LowCardinality(String),
    field LowCardinality(String) COMMENT 'form_error: the field name, never its value',
    elapsed_ms Nullable(UInt32) COMMENT 'form_submit / form_confirm: ms since form start',
    target_host String COMMENT 'outbound / download: host of the link',
    target_path String COMMENT 'outbound / download: normalised path of the link',
    engaged_ms UInt32,
    scroll_pct UInt8,
    name LowCardinality(String) COMMENT 'custom event name',
    props Map(LowCardinality(String), String) COMMENT 'custom event properties',
    score UInt8 COMMENT 'rating 1-5',
    reason LowCardinality(String) COMMENT 'rating reason code',
    kafka_partition UInt16,
    kafka_offset UInt64,
    INDEX kafka_offset_idx kafka_offset TYPE minmax GRANULARITY 1,
    INDEX visitor_idx visitor TYPE bloom_filter GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, event_type, service, path)
TTL day + toIntervalDay({{RAW_RETENTION_DAYS}})
SETTINGS non_replicated_deduplication_window = 10000;
