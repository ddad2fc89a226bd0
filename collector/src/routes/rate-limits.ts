import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { CollectorError } from '../errors.ts';
import { normalizeIp } from '../ingest/normalize-ip.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The client's address (through the trusted proxies), canonical (`normalizeIp`), read once by the per-client
     * limit: Fastify's `req.ip` walks X-Forwarded-For through the trusted proxies on every read.
     */
    clientIp: string;
  }
}

/** Keys each limit remembers at most; beyond, the least recently seen go first (a flood cannot grow memory). */
export const RATE_LIMIT_KEYS = 5_000;
const SWEEP_INTERVAL_MS = 1_000;

export interface RateLimits {
  /** Per client address, as an onRequest hook: runs before the body is read, so floods cost no parsing. */
  perClient: (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;
  /** Per site, once the batch named it; throws COLLECTOR_RATE_LIMITED. */
  perSite: (site: string) => void;
}

/**
 * Fixed windows per key, in memory only: a key's window opens with its first request and lasts `windowMs`;
 * a request beyond `max` in the window is refused until it closes. A key is forgotten once its window closed and
 * no request came since (so a client address is held no longer than that), or when `maxKeys` newer keys
 * crowd it out. Synchronous: a limit checked on every request should cost a map lookup, not promises.
 */
export class FixedWindows {
  /** Least recently seen first: every hit re-inserts its key. */
  private readonly windows = new Map<string, { start: number; count: number; seen: number }>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly opts: { windowMs: number; max: number; maxKeys?: number; now?: () => number },
  ) {}

  /** Counts a request; returns the seconds until its window closes if it is over the limit, else undefined. */
  hit(key: string): number | undefined {
    const now = this.opts.now?.() ?? Date.now();
    this.forgetIdle(now);
    let w = this.windows.get(key);
    if (w) {
      this.windows.delete(key);
      if (w.start + this.opts.windowMs <= now) {
        w.start = now;
        w.count = 0;
      }
    } else {
      if (this.windows.size >= (this.opts.maxKeys ?? RATE_LIMIT_KEYS))
        this.windows.delete(this.windows.keys().next().value as string);
      w = { start: now, count: 0, seen: now };
    }
    w.seen = now;
    this.windows.set(key, w);
    w.count += 1;
    if (w.count <= this.opts.max) return undefined;
    return Math.max(1, Math.ceil((w.start + this.opts.windowMs - now) / 1000));
  }

  get size(): number {
    return this.windows.size;
  }

  /**
   * Drops keys not seen for a whole window: their windows are closed, a new request would open a fresh one. At most
   * once a second, so that a key is held at most a second longer and a request pays for no iteration.
   */
  private forgetIdle(now: number): void {
    if (now - this.sweptAt < SWEEP_INTERVAL_MS) return;
    this.sweptAt = now;
    for (const [key, w] of this.windows) {
      if (w.seen + this.opts.windowMs > now) return;
      this.windows.delete(key);
    }
  }
}

/**
 * What a client is limited as: its IPv4 address, or the /64 network of its IPv6 address (one subscriber's
 * prefix, which it can fill with addresses at will). IPv4-mapped IPv6 counts as IPv4.
 */
export function clientRateKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('::');
  const groups = head === '' ? [] : head.split(':');
  if (tail !== undefined) {
    const rest = tail === '' ? [] : tail.split(':');
    while (groups.length + rest.length < 8) groups.push('0');
    groups.push(...rest);
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

export function createRateLimits(
  app: FastifyInstance,
  opts: { windowMs: number; clientMax: number; siteMax: number },
): RateLimits {
  const clients = new FixedWindows({ windowMs: opts.windowMs, max: opts.clientMax });
  const sites = new FixedWindows({ windowMs: opts.windowMs, max: opts.siteMax });
  app.decorateRequest('clientIp', '');
  const limited = (scope: string, retryAfterSeconds: number) =>
    new CollectorError('COLLECTOR_RATE_LIMITED', `too many requests for this ${scope}; slow down`, {
      retryAfterSeconds,
    });
  return {
    perClient: (req, _reply, done) => {
      const address = req.ip ?? '';
      const ip = normalizeIp(address) ?? address;
      req.clientIp = ip;
      const retryAfter = clients.hit(clientRateKey(ip));
      done(retryAfter === undefined ? undefined : limited('client', retryAfter));
    },
    perSite: (site) => {
      const retryAfter = sites.hit(site);
      if (retryAfter !== undefined) throw limited('site', retryAfter);
    },
  };
}
