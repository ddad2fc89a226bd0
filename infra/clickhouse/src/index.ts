export {
  type ClusterLayout,
  type ClusterTarget,
  clusterLayout,
  LOCAL_SUFFIX,
  renderForCluster,
  SHARDING_KEY,
} from './cluster-render.ts';
export { EVENT_COLUMNS, eventRowsTabSeparated } from './events.insert.ts';
export {
  CHANNELS,
  type Channel,
  type DerivedFields,
  dateTime64,
  type EventRow,
  toRow,
  visitorToUInt64,
} from './events.row.ts';
export { loadMigrateConfig, type MigrateConfig } from './migrate.config.ts';
export { appliedMigrations, MIGRATIONS_TABLE, type MigrateResult, migrate } from './migrate.ts';
export { type Migration, readMigrations } from './migration-files.ts';
export {
  QUALITY_COLUMNS,
  QUALITY_KINDS,
  QUALITY_SOURCES,
  QUALITY_TABLE,
  type QualityKind,
  type QualityRow,
  type QualitySource,
} from './quality.row.ts';
export { defineQuery, parseRows, type Query, QueryRowError, type RowOf } from './query.ts';
export {
  RECORDED_REPORT_TIME_ZONE,
  type ReportTimeZoneLog,
  type ReportTimeZoneWatch,
  recordedReportTimeZone,
  recordReportTimeZone,
  reportTimeZoneProblem,
  WAREHOUSE_SETTINGS_TABLE,
  watchReportTimeZone,
} from './report-time-zone.ts';
export { RAW_EVENTS_TABLE, rawRetentionTtl } from './retention.ts';
export {
  type Identifier,
  identifiers,
  joinSql,
  type Param,
  type ParamType,
  param,
  type Slot,
  type Sql,
  sql,
} from './sql.ts';
