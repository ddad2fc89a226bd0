/*
 * The compose file cannot run here (no Docker engine). It is checked against the Compose Specification's JSON schema,
 * and each service's environment against that service's own configuration schema, so that a misspelt or invalid
 * setting fails here rather than on a city's server.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES as API_VARIABLES, loadConfig as loadApiConfig } from '../../api/src/config.ts';
import {
  CONFIG_VARIABLES as COLLECTOR_VARIABLES,
  loadConfig as loadCollectorConfig,
} from '../../collector/src/config.ts';
import {
  loadConfig as loadProcessorConfig,
  CONFIG_VARIABLES as PROCESSOR_VARIABLES,
} from '../../processor/src/config.ts';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
}

const file = path.join(import.meta.dirname, 'docker-compose.yml');
const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** What the operator supplies (`${NAME:?…}` in the file), as compose would interpolate it. */
const OPERATOR = { DISCLOSURE_SECRET: 'a'.repeat(64) };

function environment(service: string): Record<string, string> {
  const env = compose.services[service]?.environment ?? {};
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      // `${X:?message}` is what the operator must set; `${X:-default}` is its default when they leave it unset.
      String(v).replace(
        /\$\{(\w+)(?::\?[^}]*|:-([^}]*))?\}/g,
        (_, name: keyof typeof OPERATOR, fallback?: string) => fallback ?? OPERATOR[name],
      ),
    ]),
  );
}

/**
 * Names one release: a tag of at least three version numbers (`3.9.1`, `25.8.33.6`, `24.17.0-trixie-slim`) or a
 * digest. `latest`, `25.8` or `24-slim` move when upstream publishes, so the same file would run other software.
 */
function pinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:@]+)$/.exec(image)?.[1] ?? '';
  return /^v?\d+\.\d+\.\d+(?:\.\d+)?(?:-[A-Za-z0-9.]+)*$/.test(tag);
}

/** The Compose Specification's schema as dclint (a Compose linter) ships it, kept current with the package. */
const composeSpec = JSON.parse(
  readFileSync(
    path.join(
      path.dirname(createRequire(import.meta.url).resolve('dclint/package.json')),
      'schemas/compose.schema.json',
    ),
    'utf8',
  ),
) as object;

describe('infra/compose/docker-compose.yml', () => {
  it('is a valid Compose file', () => {
    // strict: false: the schema uses annotations of later drafts (`deprecated`) beside its draft-07 keywords, and
    // names draft-07 by an https address Ajv does not hold (validateSchema: false; the schema is the package's).
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    const valid = ajv.validate(composeSpec, compose);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // And it does reject what compose would: a misspelt service key.
    expect(ajv.validate(composeSpec, { services: { api: { image: 'godonu', enviroment: {} } } })).toBe(false);
  });

  it('gives each service an environment its configuration schema accepts, with no variable it does not read', () => {
    const services = {
      collector: { load: loadCollectorConfig, variables: COLLECTOR_VARIABLES },
      processor: { load: loadProcessorConfig, variables: PROCESSOR_VARIABLES },
      api: { load: loadApiConfig, variables: API_VARIABLES },
    };
    // The shared block (`x-app`) goes to every service; a variable must be read by at least one of them.
    const known = new Set(Object.values(services).flatMap((s) => s.variables));
    for (const [name, s] of Object.entries(services)) {
      const env = environment(name);
      expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
      expect(() => s.load(env), name).not.toThrow();
    }
    expect(loadCollectorConfig(environment('collector'))).toMatchObject({
      COLLECTOR_HOST: '0.0.0.0',
      COLLECTOR_PORT: 8080,
      KAFKA_BROKERS: ['kafka:9092'],
    });
    expect(loadApiConfig(environment('api'))).toMatchObject({
      API_PORT: 8081,
      CLICKHOUSE_DATABASE: 'godonu',
    });
  });

  it('pins every image to one release (an exact version tag or a digest), the Dockerfile base image too', () => {
    const images = Object.fromEntries(
      Object.entries(compose.services).flatMap(([name, s]) => (s.image ? [[name, s.image]] : [])),
    );
    expect(images).toEqual({
      kafka: 'apache/kafka:3.9.1',
      clickhouse: 'clickhouse/clickhouse-server:25.8.33.6',
    });
    const dockerfile = readFileSync(path.join(import.meta.dirname, 'Dockerfile'), 'utf8');
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    // Both stages are built FROM the one ARG, whose default is checked with the compose images.
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage).toMatch(/^\$\{NODE_IMAGE\}$/);
    for (const image of [...Object.values(images), base]) expect(pinned(image), image).toBe(true);
    // What the check refuses: no tag, `latest`, a bare major or major.minor, a moving name.
    for (const image of [
      'apache/kafka',
      'apache/kafka:latest',
      'clickhouse/clickhouse-server:25',
      'clickhouse/clickhouse-server:25.8',
      'node:24-trixie-slim',
      'node:lts',
      'registry.example:5000/godonu',
    ]) {
      expect(pinned(image), image).toBe(false);
    }
    expect(pinned(`clickhouse/clickhouse-server@sha256:${'0'.repeat(64)}`)).toBe(true);
  });

  it('runs the built entry points, never a TypeScript loader', () => {
    expect(
      Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, s.command?.join(' ')])),
    ).toMatchObject({
      collector: 'node collector/dist/server.js',
      processor: 'node processor/dist/server.js',
      api: 'node api/dist/server.js',
    });
  });
});
