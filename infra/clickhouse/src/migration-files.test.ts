import { describe, expect, it } from 'vitest';
import { fillPlaceholders, readMigrations, splitStatements } from './migration-files.ts';

describe('splitStatements', () => {
  it('splits at top-level semicolons and drops comments', () => {
    const sql = "-- a comment; not a split\nCREATE TABLE a (x String COMMENT 'x; y');\n\nSELECT `we;ird`;\n";
    expect(splitStatements(sql)).toEqual(["CREATE TABLE a (x String COMMENT 'x; y')", 'SELECT `we;ird`']);
  });

  it('keeps escaped quotes inside strings', () => {
    expect(splitStatements("SELECT 'it\\'s; fine'; SELECT 2")).toEqual(["SELECT 'it\\'s; fine'", 'SELECT 2']);
  });

  it('rejects an unterminated quote', () => {
    expect(() => splitStatements("SELECT 'oops")).toThrow('unterminated quote in migration');
  });
});

describe('fillPlaceholders', () => {
  it('substitutes configured values', () => {
    expect(
      fillPlaceholders('TTL day + toIntervalDay({{RAW_RETENTION_DAYS}})', { RAW_RETENTION_DAYS: 30 }),
    ).toBe('TTL day + toIntervalDay(30)');
  });

  it('refuses unknown placeholders', () => {
    expect(() => fillPlaceholders('{{NOPE}}', { RAW_RETENTION_DAYS: 30 })).toThrow(
      'unknown migration placeholder {{NOPE}}',
    );
  });
});

describe('the repository migrations', () => {
  it('are numbered without gaps, each with a checksum', async () => {
    const migrations = await readMigrations();
    expect(migrations.map((m) => `${m.version}_${m.name}`)).toEqual([
      '1_events',
      '2_city_rollups',
      '3_service_rollups',
      '4_rollups_v2',
      '5_drop_rollups_v1',
      '6_offline_cases',
      '7_open_data',
      '8_statutory_statistics',
      '9_warehouse_settings',
      '10_api_sessions',
      '11_annotations',
      '12_data_quality',
    ]);
    for (const m of migrations) expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
