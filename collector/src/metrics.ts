import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { QualityTally } from './quality/quality-tally.ts';

/** The collector's Prometheus metrics, on a registry of its own (several apps may live in one test process). */
export function createMetrics() {
  const registry = new Registry();
  let bufferDepth: () => number = () => 0;
  collectDefaultMetrics({ register: registry, prefix: 'godonu_collector_' });
  return {
    registry,
    accepted: new Counter({
      name: 'godonu_collector_events_accepted_total',
      help: 'Events acknowledged by Kafka and answered 202.',
      labelNames: ['site', 'mode'] as const,
      registers: [registry],
    }),
    dropped: new Counter({
      name: 'godonu_collector_events_dropped_total',
      help: 'Events answered 202 but deliberately not stored (bots, headless browsers, GPC/DNT).',
      labelNames: ['site', 'mode', 'reason'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'godonu_collector_requests_rejected_total',
      help: 'Requests refused with a 4xx or 5xx, by error code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    produceSeconds: new Histogram({
      name: 'godonu_collector_produce_duration_seconds',
      help: 'Time from a group-commit write to its acknowledgement by all in-sync replicas.',
      labelNames: ['outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    produceBatchEvents: new Histogram({
      name: 'godonu_collector_produce_batch_events',
      help: 'Events per group-commit write (how much group commit coalesces).',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
      registers: [registry],
    }),
    bufferDepth: new Gauge({
      name: 'godonu_collector_buffer_events',
      help: 'Events waiting for a Kafka acknowledgement (queued or in flight).',
      registers: [registry],
      collect() {
        this.set(bufferDepth());
      },
    }),
    /**
     * Dropped events and refused requests again, per site and hour, for the warehouse's data-quality table
     * (quality/): Prometheus keeps no site on refusals and forgets on restart.
     */
    quality: new QualityTally(),
    /** Where the buffer-depth gauge reads from at scrape time. */
    observeBufferDepth(source: () => number): void {
      bufferDepth = source;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
