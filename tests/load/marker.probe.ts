/**
 * Event → queryable latency without touching the services: every LOAD_MARKER_MS one marker (a custom event of
 * its own visitor) goes out with the traffic, and ClickHouse is asked every LOAD_POLL_MS which markers it returns.
 * A marker's latency runs from handing its request to the driver until the first poll answer that contains it:
 * an upper bound, at most one poll period (plus the poll's own time) above the true value. The poll reads one
 * narrow primary-key range (site, day, event type `custom`), a few ms of ClickHouse time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { LatencyHistogram } from './latency.histogram.ts';
import type { OpenLoopDriver } from './open-loop.driver.ts';
import { MARKER_SITE, type SdkTraffic } from './sdk-traffic.ts';

/** Clock skew allowance between the driver's clock and the collector's receipt time (same machine). */
const SINCE_SLACK_MS = 10_000;

export class MarkerStats {
  sent = 0;
  /** Markers not answered 202 (refused, failed, or not sent by a saturated driver): never counted as latencies. */
  refused = 0;
  readonly latency = new LatencyHistogram();
  /** From the collector's 202 (the event is in Kafka) until queryable: the back half of the pipeline alone. */
  readonly afterAccepted = new LatencyHistogram();
}

interface Outstanding {
  sentAt: number;
  sentWallMs: number;
  acceptedAt?: number;
  stats: MarkerStats;
}

export class MarkerProbe {
  private readonly outstanding = new Map<string, Outstanding>();
  private stats = new MarkerStats();
  private seq = 0;
  private sender: NodeJS.Timeout | undefined;
  private polling = false;
  private poller: Promise<void> | undefined;
  polls = 0;
  pollErrors = 0;
  /** Wall time of poll queries (queueing behind inserts included). */
  pollMs = 0;
  /** ClickHouse's own time for the polls (X-ClickHouse-Summary): what the probe takes from the engine. */
  pollEngineMs = 0;

  constructor(
    private readonly driver: OpenLoopDriver,
    private readonly traffic: SdkTraffic,
    private readonly clickhouse: ClickHouseClient,
    private readonly options: { markerMs: number; pollMs: number; runTag: string },
  ) {}

  private startedAt = 0;

  /** Share of wall time ClickHouse spent on the probe's polls. */
  get engineShare(): number {
    return this.pollEngineMs / (performance.now() - this.startedAt);
  }

  start(stats: MarkerStats): void {
    this.startedAt = performance.now();
    this.stats = stats;
    this.sender = setInterval(() => this.sendMarker(), this.options.markerMs);
    this.polling = true;
    this.poller = this.pollLoop();
  }

  /** Markers sent from now on count into `stats`. */
  switchStats(stats: MarkerStats): void {
    this.stats = stats;
  }

  /** No more markers: called before the traffic stops, so that the last ones meet the same load. */
  stopSending(): void {
    clearInterval(this.sender);
  }

  /** Resolves once every marker sent was seen (or refused), or after `timeoutMs`, to the number still missing. */
  async drain(timeoutMs: number): Promise<number> {
    this.stopSending();
    const deadline = Date.now() + timeoutMs;
    while (this.outstanding.size > 0 && Date.now() < deadline) await sleep(this.options.pollMs);
    this.polling = false;
    await this.poller;
    return this.outstanding.size;
  }

  private sendMarker(): void {
    const seq = this.seq++;
    const id = `mk-${this.options.runTag}-${seq}`;
    const stats = this.stats;
    const entry: Outstanding = { sentAt: performance.now(), sentWallMs: Date.now(), stats };
    this.outstanding.set(id, entry);
    stats.sent++;
    this.driver.send(this.traffic.marker(id, entry.sentWallMs, seq), (answer, at) => {
      if (answer.status === 202) entry.acceptedAt = at;
      else if (this.outstanding.delete(id)) stats.refused++;
    });
  }

  private async pollLoop(): Promise<void> {
    while (this.polling) {
      const started = performance.now();
      if (this.outstanding.size > 0) {
        // A failed poll (ClickHouse busy or restarting) only delays the markers' discovery.
        await this.poll().catch(() => this.pollErrors++);
        this.pollMs += performance.now() - started;
      }
      await sleep(Math.max(0, this.options.pollMs - (performance.now() - started)));
    }
  }

  private async poll(): Promise<void> {
    let since = Number.POSITIVE_INFINITY;
    for (const o of this.outstanding.values()) since = Math.min(since, o.sentWallMs);
    since -= SINCE_SLACK_MS;
    const result = await this.clickhouse.query({
      query: `SELECT event_id FROM events
              WHERE site = {site:String} AND day >= {day:Date} AND event_type = 'custom'
                AND ts >= fromUnixTimestamp64Milli({since:Int64})`,
      query_params: {
        site: MARKER_SITE,
        day: new Date(since - 86_400_000).toISOString().slice(0, 10),
        since,
      },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ event_id: string }>();
    const summary = result.response_headers['x-clickhouse-summary'];
    if (typeof summary === 'string') this.pollEngineMs += Number(JSON.parse(summary).elapsed_ns ?? 0) / 1e6;
    const at = performance.now();
    this.polls++;
    for (const { event_id } of rows) {
      const o = this.outstanding.get(event_id);
      if (!o) continue;
      o.stats.latency.record(at - o.sentAt);
      if (o.acceptedAt !== undefined) o.stats.afterAccepted.record(at - o.acceptedAt);
      this.outstanding.delete(event_id);
    }
  }
}
