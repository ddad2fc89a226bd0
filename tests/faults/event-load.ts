/*
 * Browsers under a fault: each client is one visitor of one city that POSTs SDK batches (text/plain JSON, the
 * city's Origin, a desktop user agent) to the collector's `/v1/events`, one request at a time, and retries a
 * batch like the SDK does: after a 503 or 429 when `Retry-After` says, after a network error with backoff,
 * with the same event ids, until it is answered 202. Every event id is unique, so what ClickHouse holds can be
 * compared with what was acknowledged, id by id.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserBatch, Event, SitesConfig } from '@godonu/contract';

/** The LeiKa key of "Hundesteuer anmelden": every journey is that service, so every roll-up gets rows. */
const SERVICE = '99036010000000';
const FORM = 'hundesteuer';
const STEP_NAMES = ['halter', 'hund', 'zahlung'] as const;
/** The SDK's first retry delay after a network error; it doubles per attempt (capped here). */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 4_000;
/** A request that hangs longer than this is a failure of its own kind (never expected). */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Collector settings for this load: every client comes from 127.0.0.1, so the per-address limit (meant for
 * NAT) is lifted; a one-second Retry-After keeps the retries of a test short.
 */
export const COLLECTOR_ENV = {
  COLLECTOR_RATE_LIMIT_CLIENT_MAX: '1000000',
  COLLECTOR_RETRY_AFTER_SECONDS: '1',
  COLLECTOR_LOG_LEVEL: 'warn',
} as const;

/** How one request ended. */
export type Outcome =
  | { kind: 'accepted' }
  | { kind: 'unavailable'; status: 503 | 429; retryAfter: string | null }
  | { kind: 'refused' | 'reset' }
  | { kind: 'failed'; detail: string };

export interface LoadTally {
  requests: number;
  /** Requests answered 202 and the events they carried. */
  accepted: number;
  eventsAcknowledged: number;
  /** Requests answered 503 (or 429), each retried. */
  unavailable: number;
  unavailableWithoutRetryAfter: number;
  /** Network errors: connection refused (nobody listening), reset or closed by the server. */
  refused: number;
  reset: number;
  /** Anything else: other statuses, other network errors, 202 with dropped events. Never expected. */
  failed: string[];
  /** Batches still not acknowledged when `stop` gave up on them. */
  abandonedBatches: number;
}

export interface LoadOptions {
  collectorUrl: string;
  sites: SitesConfig;
  cities: readonly string[];
  /** Concurrent clients; each is one visitor (own user agent) of `cities[i % cities.length]`. */
  clients: number;
  eventsPerBatch: number;
  /** Pause of each client between two batches. */
  pauseMs: number;
}

/** A city's portal host and form host, as its site configuration lists them. */
export interface JourneyHosts {
  wwwHost: string;
  formHost: string;
}

interface Client extends JourneyHosts {
  city: string;
  origin: string;
  userAgent: string;
  seq: number;
}

export class EventLoad {
  readonly acknowledged = new Set<string>();
  readonly tally: LoadTally = {
    requests: 0,
    accepted: 0,
    eventsAcknowledged: 0,
    unavailable: 0,
    unavailableWithoutRetryAfter: 0,
    refused: 0,
    reset: 0,
    failed: [],
    abandonedBatches: 0,
  };
  /** Events generated so far (each in exactly one batch). */
  eventsSent = 0;
  /** When each 503 (or 429) was answered, in ms since the epoch: how long an outage was felt. */
  readonly unavailableAt: number[] = [];
  private readonly tag = randomBytes(4).toString('hex');
  private readonly inFlight = new Set<Promise<Outcome>>();
  private running = false;
  private giveUpAt = Number.POSITIVE_INFINITY;
  private loops: Promise<void>[] = [];

  constructor(private readonly opts: LoadOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.opts.clients }, (_, i) => this.run(this.client(i), i));
  }

  /** Stops making new batches and waits until every batch begun is acknowledged, or abandons it at the deadline. */
  async stop(deadlineMs = 30_000): Promise<LoadTally> {
    this.running = false;
    this.giveUpAt = Date.now() + deadlineMs;
    await Promise.all(this.loops);
    return this.tally;
  }

  /** The requests on the wire right now; each resolves to how it ended. */
  requestsInFlight(): Promise<Outcome>[] {
    return [...this.inFlight];
  }

  private client(i: number): Client {
    const city = this.opts.cities[i % this.opts.cities.length] as string;
    const config = this.opts.sites.cities.find((c) => c.key === city);
    const [wwwHost, formHost] = config?.portalHosts ?? [];
    const origin = config?.allowedOrigins[0];
    if (!wwwHost || !formHost || !origin)
      throw new Error(`city ${city} needs two portal hosts and an origin`);
    // One desktop browser per client; the version makes it a visitor of its own (the visitor hash covers it).
    const version = 120 + i;
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64; rv:${version}.0) Gecko/20100101 Firefox/${version}.0`;
    return { city, origin, wwwHost, formHost, userAgent, seq: 0 };
  }

  private async run(client: Client, index: number): Promise<void> {
    while (this.running) {
      const events = Array.from({ length: this.opts.eventsPerBatch }, () =>
        journeyEvent(client, `${this.tag}-${index}-${client.seq}`, client.seq++),
      );
      this.eventsSent += events.length;
      await this.deliver(client, events);
      if (this.opts.pauseMs > 0) await sleep(this.opts.pauseMs);
    }
  }

  private async deliver(client: Client, events: Event[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const request = this.post(client, events);
      this.inFlight.add(request);
      const outcome = await request;
      this.inFlight.delete(request);
      if (outcome.kind === 'accepted') {
        for (const e of events) this.acknowledged.add(e.id);
        return;
      }
      if (outcome.kind === 'failed' && outcome.detail.startsWith('status')) return; // the SDK drops a 4xx
      if (Date.now() > this.giveUpAt) {
        this.tally.abandonedBatches += 1;
        return;
      }
      const retryAfterMs = outcome.kind === 'unavailable' ? Number(outcome.retryAfter) * 1000 : 0;
      await sleep(retryAfterMs > 0 ? retryAfterMs : Math.min(RETRY_BASE_MS << attempt, RETRY_MAX_MS));
    }
  }

  private async post(client: Client, events: Event[]): Promise<Outcome> {
    const batch: BrowserBatch = { v: 1, site: client.city, sentAt: Date.now(), events };
    this.tally.requests += 1;
    let res: Response;
    try {
      res = await fetch(`${this.opts.collectorUrl}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          origin: client.origin,
          'user-agent': client.userAgent,
        },
        body: JSON.stringify(batch),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      return this.networkError(err);
    }
    const text = await res.text().catch(() => '');
    if (res.status === 202) {
      const { dropped } = JSON.parse(text) as { accepted: number; dropped: number };
      if (dropped > 0) {
        this.tally.failed.push(`202 with ${dropped} dropped events`);
        return { kind: 'failed', detail: 'status 202 with dropped events' };
      }
      this.tally.accepted += 1;
      this.tally.eventsAcknowledged += events.length;
      return { kind: 'accepted' };
    }
    if (res.status === 503 || res.status === 429) {
      const retryAfter = res.headers.get('retry-after');
      this.tally.unavailable += 1;
      this.unavailableAt.push(Date.now());
      if (retryAfter === null) this.tally.unavailableWithoutRetryAfter += 1;
      return { kind: 'unavailable', status: res.status, retryAfter };
    }
    this.tally.failed.push(`status ${res.status}: ${text.slice(0, 200)}`);
    return { kind: 'failed', detail: `status ${res.status}` };
  }

  private networkError(err: unknown): Outcome {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (err as { name?: string }).name ?? 'unknown';
    if (code === 'ECONNREFUSED') {
      this.tally.refused += 1;
      return { kind: 'refused' };
    }
    // undici reports a connection the server closed under a request as UND_ERR_SOCKET ("other side closed").
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') {
      this.tally.reset += 1;
      return { kind: 'reset' };
    }
    const detail = `network ${code}: ${cause?.message ?? (err as Error).message}`;
    this.tally.failed.push(detail);
    return { kind: 'failed', detail };
  }
}

/**
 * The n-th event of a visitor's journey through the dog-tax service, ten events long: page view, service view,
 * form start, three steps with an error in the second, submit, confirm, rating. The data are deterministic per
 * (hosts, n), so every roll-up (visits, steps, errors, durations, ratings) gets rows to recount.
 */
export function journeyEvent(hosts: JourneyHosts, id: string, n: number): Event {
  const ts = Date.now();
  const page = `https://${hosts.wwwHost}/buergerservice/hundesteuer`;
  const form = (path: string) => `https://${hosts.formHost}/${FORM}/${path}`;
  const common = { id, ts, service: SERVICE };
  switch (n % 10) {
    case 0:
      return { type: 'pageview', ...common, url: page };
    case 1:
      return { type: 'service_view', ...common, url: page };
    case 2:
      return { type: 'form_start', ...common, url: form('schritt-1'), form: FORM };
    case 3:
    case 4:
    case 6: {
      const step = n % 10 === 3 ? 1 : n % 10 === 4 ? 2 : 3;
      const stepName = STEP_NAMES[step - 1] as string;
      return {
        type: 'form_step',
        ...common,
        url: form(`schritt-${step}`),
        form: FORM,
        step,
        steps: 3,
        stepName,
      };
    }
    case 5:
      return { type: 'form_error', ...common, url: form('schritt-2'), form: FORM, field: 'plz', step: 2 };
    case 7:
      return {
        type: 'form_submit',
        ...common,
        url: form('schritt-3'),
        form: FORM,
        elapsedMs: 60_000 + (n % 97) * 1000,
      };
    case 8:
      return { type: 'form_confirm', ...common, url: form('bestaetigung'), form: FORM };
    default:
      return { type: 'rating', ...common, url: form('bestaetigung'), score: 1 + (n % 5), reason: 'zu_lang' };
  }
}
