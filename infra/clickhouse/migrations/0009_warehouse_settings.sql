-- Facts about the stored data that every reader must agree on, one row per recording. `report_time_zone` is the
-- IANA zone every `day` column is the calendar day in: the processor records its REPORT_TIME_ZONE on its first
-- start, and from then on a processor or an api configured with another zone refuses to start (the api's day
-- ranges would cut the stored days elsewhere). The first row of a name is in force; later rows of the same value
-- (two processors starting at once) change nothing.
-- No partition key and no TTL: a handful of rows, kept as long as the data they describe.

CREATE TABLE IF NOT EXISTS warehouse_settings
(
    name LowCardinality(String),
    value String,
    recorded_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (name, recorded_at);
