-- Data quality: per city (site) and report day, what the services counted besides the stored events, so an
-- operator sees a broken embed within a day (api/README.md "Data quality"). Counts only: no event, no IP, no user
-- agent. `site` is '' where a service could not attribute the count to a configured city.
--
-- Rows come from two writers, each delivering at least once. The processor writes, in the step that stores a
-- block, its accepted events per (site, day) under the block's de-duplication token and each dropped or
-- dead-lettered record under its topic, partition and offset; the collectors' tallies of dropped events and refused
-- requests arrive through Kafka, each with its own id. A row sent twice has the same sort key, so ReplacingMergeTree
-- folds the copies: a reader takes FINAL, never a bare SELECT (a merge may not have run yet).
-- Replicated to every node, not sharded: read across all cities, and small beside the events (a row per block and
-- city-day, per dropped or dead-lettered record in the processor, per collector tally).
-- No TTL: kept as long as the numbers they qualify.

CREATE TABLE IF NOT EXISTS quality_daily_v1
(
    site LowCardinality(String),
    day Date COMMENT 'report day (report time zone) of the records counted',
    source LowCardinality(String) COMMENT 'collector or processor',
    kind LowCardinality(String) COMMENT 'accepted, dropped, dead_letter (records) or refused (requests)',
    reason LowCardinality(String) COMMENT 'drop or dead-letter reason, or error code; empty for accepted',
    tally_id String COMMENT 'who sent the row: a block source or a collector tally id',
    count UInt64,
    lag_ms_sum UInt64 COMMENT 'accepted: sum over the events of insert time minus collector receipt, in ms',
    lag_ms_max UInt64 COMMENT 'accepted: the largest of those lags, in ms'
)
ENGINE = ReplacingMergeTree
ORDER BY (day, site, source, kind, reason, tally_id);
