import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The api's Prometheus metrics, on a registry of its own (several apps can live in one test process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'godonu_api_' });
  return {
    registry,
    requests: new Counter({
      name: 'godonu_api_requests_total',
      help: 'HTTP requests by route template, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'godonu_api_request_duration_seconds',
      help: 'HTTP request latency by route template',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    queryDuration: new Histogram({
      name: 'godonu_api_warehouse_query_seconds',
      help: 'ClickHouse query latency by query builder',
      labelNames: ['query'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    cacheHits: new Counter({
      name: 'godonu_api_cache_hits_total',
      help: 'Queries over closed days answered from the short-lived result cache',
      labelNames: ['query'] as const,
      registers: [registry],
    }),
    authRejections: new Counter({
      name: 'godonu_api_auth_rejections_total',
      help: 'Requests refused by authentication (401) or authorisation (403)',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
  };
}

export type ApiMetrics = ReturnType<typeof createMetrics>;
