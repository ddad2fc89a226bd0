/**
 * Open-loop load: requests leave at the times a fixed event rate dictates, whether or not earlier ones were
 * answered, so a slow collector meets a growing queue (as it would in production) instead of a politely waiting
 * client. Latency runs from the scheduled time, so time spent queued in the driver counts too.
 */
import { KeepAlivePool } from './keep-alive.pool.ts';
import { LatencyHistogram } from './latency.histogram.ts';
import type { SdkRequest } from './sdk-traffic.ts';

/** Scheduler period; due requests go out together, so timer granularity does not bound the rate. */
const TICK_MS = 2;

export class Tally {
  requests = 0;
  /** Requests not sent because LOAD_MAX_IN_FLIGHT were waiting: the system (or the driver) was saturated. */
  notSent = 0;
  readonly statuses = new Map<number, number>();
  errors = 0;
  timeouts = 0;
  eventsSent = 0;
  eventsAccepted = 0;
  eventsDropped = 0;
  readonly latency = new LatencyHistogram();
  /** How late the scheduler sent requests (driver starved of CPU), ms. */
  readonly sendLag = new LatencyHistogram();

  status(code: number): number {
    return this.statuses.get(code) ?? 0;
  }

  /** Answers that are neither 202 nor 503, e.g. `429: 3, 400: 1`. */
  otherStatuses(): string {
    return [...this.statuses]
      .filter(([code]) => code !== 202 && code !== 503)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
  }
}

export interface Answer {
  status: number | 'error' | 'timeout';
  accepted: number;
}

export interface DriverOptions {
  url: string;
  /** Events per second. */
  rate: number;
  connections: number;
  maxInFlight: number;
  timeoutMs: number;
  next: (now: number) => SdkRequest;
  /** Events of an average request: how far the schedule moves on for a request not sent. */
  meanEvents: () => number;
}

export class OpenLoopDriver {
  private readonly pool: KeepAlivePool;
  private readonly target: URL;
  private timer: NodeJS.Timeout | undefined;
  private nextDue = 0;
  private tally = new Tally();
  private inFlight = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly options: DriverOptions) {
    this.target = new URL('/v1/events', options.url);
    this.pool = new KeepAlivePool(
      this.target.hostname,
      Number(this.target.port),
      options.connections,
      options.timeoutMs,
    );
  }

  /** Starts (or continues) the schedule, counting into `tally` from now on. */
  start(tally: Tally): void {
    this.tally = tally;
    if (this.timer) return;
    this.nextDue = performance.now();
    this.tick();
  }

  /** Requests scheduled from now on count into `tally`; those already sent count where they started. */
  switchTally(tally: Tally): void {
    this.tally = tally;
  }

  /** Stops scheduling and waits for every request in flight to be answered or to time out. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  close(): void {
    this.pool.close();
  }

  /** Sends one request outside the schedule (a latency marker); `done` learns the outcome. */
  send(request: SdkRequest, done?: (answer: Answer, at: number) => void): void {
    this.dispatch(request, performance.now(), this.tally, done);
  }

  private tick = (): void => {
    const now = performance.now();
    if (this.nextDue <= now) this.tally.sendLag.record(now - this.nextDue);
    while (this.nextDue <= now) {
      if (this.inFlight >= this.options.maxInFlight) {
        // Saturated: the slot passes unsent, and no visit advances (the services never see it).
        this.tally.notSent++;
        this.nextDue += (this.options.meanEvents() * 1000) / this.options.rate;
        continue;
      }
      const request = this.options.next(Date.now());
      this.dispatch(request, this.nextDue, this.tally);
      this.nextDue += (request.events * 1000) / this.options.rate;
    }
    this.timer = setTimeout(this.tick, TICK_MS);
  };

  private dispatch(
    request: SdkRequest,
    scheduledAt: number,
    tally: Tally,
    done?: (answer: Answer, at: number) => void,
  ): void {
    if (this.inFlight >= this.options.maxInFlight) {
      tally.notSent++;
      done?.({ status: 'error', accepted: 0 }, performance.now());
      return;
    }
    tally.requests++;
    tally.eventsSent += request.events;
    this.inFlight++;
    const finish = (answer: Answer) => {
      const at = performance.now();
      tally.latency.record(at - scheduledAt);
      if (answer.status === 'error') tally.errors++;
      else if (answer.status === 'timeout') tally.timeouts++;
      else tally.statuses.set(answer.status, tally.status(answer.status) + 1);
      done?.(answer, at);
      if (--this.inFlight === 0 && this.idle) {
        this.idle();
        this.idle = undefined;
      }
    };
    const body = request.body;
    this.pool.request({
      bytes:
        `POST ${this.target.pathname} HTTP/1.1\r\nHost: ${this.target.host}\r\n` +
        // sendBeacon's content type: a simple request, no preflight.
        `Content-Type: text/plain;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Origin: ${request.origin}\r\nUser-Agent: ${request.userAgent}\r\nX-Forwarded-For: ${request.clientIp}\r\n\r\n${body}`,
      done: (status, text) => {
        let accepted = 0;
        if (status === 202) {
          const result = JSON.parse(text) as { accepted: number; dropped: number };
          accepted = result.accepted;
          tally.eventsAccepted += result.accepted;
          tally.eventsDropped += result.dropped;
        }
        finish({ status, accepted });
      },
    });
  }
}
