-- Annotations: dated notes a city's own team keeps per service (LeiKa key) or for its whole portal ("Formular
-- überarbeitet", "Pressemitteilung"), shown as markers on the time series (api/README.md "Annotations"). Text,
-- not counts: other cities and the consortium read those the city marked shared, and no others.
--
-- An edit or a deletion is one more row of the same (site, annotation_id) with a higher version; the row of the
-- highest version is in force, and `deleted` hides it. ReplacingMergeTree folds older versions away in the
-- background, so a reader takes FINAL (or argMax by version), never a bare SELECT: a merge may not have run yet.
-- The author is an API key's id, never a person's name or e-mail address.
-- No partition key and no TTL: a few rows per city and month, kept as long as the numbers they explain.

CREATE TABLE IF NOT EXISTS annotations_v1
(
    site LowCardinality(String),
    annotation_id UUID,
    day Date COMMENT 'the calendar day (Europe/Berlin) the note is about',
    service LowCardinality(String) COMMENT 'LeiKa key; empty for the whole portal',
    text String COMMENT '1 to 200 characters, trimmed, without control characters',
    shared Bool COMMENT 'other cities and the consortium may read it',
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC') COMMENT 'when this version was written',
    created_by String COMMENT 'id of the API key that created the annotation',
    updated_by String COMMENT 'id of the API key that wrote this version',
    version UInt64 COMMENT 'ms since 1970 of this version, and above every earlier version of the annotation',
    deleted Bool
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site, annotation_id);
