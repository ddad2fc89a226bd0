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
export { RAW_EVENTS_TABLE, rawRetentionTtl } from './retention.ts';
