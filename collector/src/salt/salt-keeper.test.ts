import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { MemoryLogStore } from '../test-support/memory-salt-log.ts';
import { PREFETCH_MS, SaltKeeper } from './salt-keeper.ts';
import { PROPOSAL_LEAD_MS } from './salt-ledger.ts';

const logger = createLogger('silent');
const SITES = ['giessen', 'fulda'];
const at = (iso: string) => Date.parse(iso);

function cluster(startIso: string) {
  const clock = { now: at(startIso) };
  const store = new MemoryLogStore(() => clock.now);
  const replica = () => new SaltKeeper({ log: store.reader(), sites: SITES, logger, now: () => clock.now });
  return { clock, store, replica };
}

describe('SaltKeeper', () => {
  it('agrees on a random 256-bit salt per site for today at start', async () => {
    const { store, replica } = cluster('2025-11-24T08:00:00Z');
    const keeper = replica();
    expect(keeper.ready(at('2025-11-24T08:00:00Z'))).toBe(false);
    await keeper.start();
    const giessen = keeper.current('giessen', at('2025-11-24T08:00:00Z'));
    const fulda = keeper.current('fulda', at('2025-11-24T08:00:00Z'));
    expect(giessen?.day).toBe('2025-11-24');
    expect(giessen?.key).toHaveLength(32);
    expect(giessen?.key.equals(fulda?.key as Buffer)).toBe(false);
    expect(keeper.ready(at('2025-11-24T08:00:00Z'))).toBe(true);
    expect(store.entries.map((e) => (e.value as { site: string }).site)).toEqual(['giessen', 'fulda']);
    await keeper.stop();
  });

  it('lets a replica that starts later use the agreed salts without proposing new ones', async () => {
    const { store, replica } = cluster('2025-11-24T08:00:00Z');
    const a = replica();
    const b = replica();
    await a.start();
    await b.start();
    expect(store.entries).toHaveLength(2);
    const now = at('2025-11-24T08:00:00Z');
    expect(b.current('giessen', now)?.key.equals(a.current('giessen', now)?.key as Buffer)).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('makes replicas that propose at the same moment agree on the first proposal in the log', async () => {
    const { store, replica } = cluster('2025-11-24T08:00:00Z');
    const a = replica();
    const b = replica();
    store.pause();
    const starting = Promise.all([a.start(), b.start()]);
    await new Promise((r) => setTimeout(r, 10));
    expect(store.entries).toHaveLength(4);
    store.resume();
    await starting;
    const now = at('2025-11-24T08:00:00Z');
    const first = (store.entries[0] as { value: { salt: string } }).value.salt;
    expect(a.current('giessen', now)?.key.toString('hex')).toBe(first);
    expect(b.current('giessen', now)?.key.toString('hex')).toBe(first);
    await Promise.all([a.stop(), b.stop()]);
  });

  it("agrees on tomorrow's salt in the last hour, switches at midnight and destroys yesterday's", async () => {
    const { clock, replica } = cluster('2025-11-24T22:59:59Z');
    const keeper = replica();
    await keeper.start();
    expect(keeper.heldDays()).toEqual(['2025-11-24']);
    const today = keeper.current('giessen', clock.now)?.key as Buffer;

    clock.now = at('2025-11-24T23:00:00Z');
    expect(clock.now).toBe(at('2025-11-25T00:00:00Z') - PREFETCH_MS);
    await keeper.maintain();
    expect(keeper.heldDays()).toEqual(['2025-11-24', '2025-11-25']);

    clock.now = at('2025-11-25T00:00:00Z');
    const tomorrow = keeper.current('giessen', clock.now);
    expect(tomorrow?.day).toBe('2025-11-25');
    expect(tomorrow?.key.equals(today)).toBe(false);
    await keeper.maintain();
    expect(keeper.heldDays()).toEqual(['2025-11-25']);
    expect(today.equals(Buffer.alloc(32))).toBe(true);
    await keeper.stop();
  });

  it('does not bring back a past day from the log after a restart', async () => {
    const { clock, store, replica } = cluster('2025-11-24T23:30:00Z');
    const first = replica();
    await first.start();
    await first.stop();
    clock.now = at('2025-11-25T10:00:00Z');
    const second = replica();
    await second.start();
    expect(second.heldDays()).toEqual(['2025-11-25']);
    expect(store.entries).toHaveLength(4);
    await second.stop();
  });

  it('is not ready while the log is unreachable, and recovers when it is back', async () => {
    const { clock, store } = cluster('2025-11-24T08:00:00Z');
    const log = store.reader();
    log.down = true;
    const keeper = new SaltKeeper({ log, sites: SITES, logger, now: () => clock.now });
    await keeper.start();
    expect(keeper.ready(clock.now)).toBe(false);
    expect(keeper.current('giessen', clock.now)).toBeUndefined();
    // Let the failed attempt that `current` started settle, as the next tick would.
    await new Promise((r) => setImmediate(r));
    log.down = false;
    await keeper.maintain();
    expect(keeper.ready(clock.now)).toBe(true);
    await keeper.stop();
  });

  it('proposes ahead only within the window the ledger accepts', () => {
    expect(PREFETCH_MS).toBeLessThan(PROPOSAL_LEAD_MS);
  });
});
