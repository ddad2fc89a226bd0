/*
 * The visit rules in their plainest form: a Map of visits, each with a Set of its event ids, copied whole into a
 * block's draft on first use. It is the oracle the packed open-visit state (src/session/) is tested against: the
 * same records must give the same rows, the same drops and the same open visits.
 */
import type { Channel } from '@godonu/warehouse';
import { hashEventId, type IdHash } from '../src/session/event-id-hash.ts';
import {
  ARRIVAL_SKEW_MS,
  type RecoveredVisit,
  SESSION_IDLE_MS,
  type VisitSnapshot,
} from '../src/session/partition-sessions.ts';
import { sessionId, uint64Text } from '../src/session/session-id.ts';
import type { EventContext } from '../src/steps/step.ts';

const EVICT_EVERY_MS = 60_000;

interface ModelVisit {
  sessionId: string;
  day: string;
  lastTs: number;
  pageviews: number;
  ids: Set<string>;
  /** Ids in the order they were added (the packed state keeps that order). */
  order: string[];
  channel: Channel;
  channelHost: string;
  formStarts: Map<string, number>;
}

const clone = (v: ModelVisit): ModelVisit => ({
  ...v,
  ids: new Set(v.ids),
  order: [...v.order],
  formStarts: new Map(v.formStarts),
});

export type ModelOutcome = { kind: 'drop'; reason: 'duplicate_event' } | { kind: 'ok' };

export class VisitsModel {
  private readonly visits = new Map<string, ModelVisit>();
  private watermark = 0;
  private lastEviction = 0;

  begin(): ModelDraft {
    return new ModelDraft(this.visits, (changed, maxTs) => {
      for (const [key, v] of changed) this.visits.set(key, v);
      this.watermark = Math.max(this.watermark, maxTs);
      if (this.watermark - this.lastEviction < EVICT_EVERY_MS) return;
      this.lastEviction = this.watermark;
      const horizon = this.watermark - SESSION_IDLE_MS - ARRIVAL_SKEW_MS;
      for (const [key, v] of this.visits) if (v.lastTs < horizon) this.visits.delete(key);
    });
  }

  /** As `PartitionSessions.snapshot`: event ids as their hashes. */
  snapshot(): Map<string, VisitSnapshot> {
    const h: IdHash = { hi: 0, lo: 0 };
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    return new Map(
      [...this.visits].map(([key, v]) => [
        key,
        {
          sessionId: v.sessionId,
          day: v.day,
          lastTs: v.lastTs,
          pageviews: Math.min(v.pageviews, 255),
          channel: v.channel,
          channelHost: v.channelHost,
          formStarts: [...v.formStarts],
          eventIdHashes: v.order.map((id) => {
            hashEventId(id, h);
            return hex(h.hi) + hex(h.lo);
          }),
        },
      ]),
    );
  }

  /** The open visits as recovery from ClickHouse would describe them. */
  recovered(): RecoveredVisit[] {
    return [...this.visits].map(([key, v]) => {
      const [site, saltDay, visitor] = key.split('|') as [string, string, string];
      return {
        site,
        saltDay,
        visitor,
        sessionId: v.sessionId,
        day: v.day,
        lastTs: v.lastTs,
        pageviews: v.pageviews,
        channel: v.channel,
        channelHost: v.channelHost,
        eventIds: v.order,
        formStarts: v.formStarts,
      };
    });
  }
}

export class ModelDraft {
  private readonly changed = new Map<string, ModelVisit>();
  private maxTs = 0;

  constructor(
    private readonly base: ReadonlyMap<string, ModelVisit>,
    private readonly onCommit: (changed: Map<string, ModelVisit>, maxTs: number) => void,
  ) {}

  commit(): void {
    this.onCommit(this.changed, this.maxTs);
  }

  /** The session step's rules, writing into `ctx.derived` as the step does. */
  run(ctx: EventContext): ModelOutcome {
    const { site, saltDay, visitor, receivedAt: t } = ctx.record;
    const e = ctx.record.event;
    const d = ctx.derived;
    const key = `${site}|${saltDay}|${visitor}`;
    let v = this.get(key);
    if (v && v.day === d.day && t - v.lastTs <= SESSION_IDLE_MS) {
      if (v.ids.has(e.id)) return { kind: 'drop', reason: 'duplicate_event' };
      d.sessionStart = false;
      d.durationDeltaMs = Math.max(0, t - v.lastTs);
      v.lastTs = Math.max(v.lastTs, t);
    } else {
      const id = sessionId(site, visitor, saltDay, t);
      v = {
        sessionId: uint64Text(id.hi, id.lo),
        day: d.day,
        lastTs: t,
        pageviews: 0,
        ids: new Set(),
        order: [],
        channel: ctx.eventChannel,
        channelHost: ctx.record.referrerHost?.toLowerCase() ?? '',
        formStarts: new Map(),
      };
      d.sessionStart = true;
      d.durationDeltaMs = 0;
    }
    v.ids.add(e.id);
    v.order.push(e.id);
    if (e.type === 'form_start' && !v.formStarts.has(e.form)) v.formStarts.set(e.form, t);
    if (e.type === 'form_submit' || e.type === 'form_confirm') {
      const form = e.form ?? (v.formStarts.size === 1 ? [...v.formStarts.keys()][0] : undefined);
      const started = form === undefined ? undefined : v.formStarts.get(form);
      if (started !== undefined) d.formElapsedMs = Math.max(0, t - started);
    }
    if (e.type === 'pageview') {
      v.pageviews += 1;
      d.entry = v.pageviews === 1;
      d.bounceDelta = v.pageviews === 1 ? 1 : v.pageviews === 2 ? -1 : 0;
    }
    d.sessionId = v.sessionId;
    d.channel = v.channel;
    d.channelHost = v.channel === 'direct' ? '' : v.channelHost;
    this.changed.set(key, v);
    this.maxTs = Math.max(this.maxTs, v.lastTs);
    return { kind: 'ok' };
  }

  private get(key: string): ModelVisit | undefined {
    const own = this.changed.get(key);
    if (own) return own;
    const committed = this.base.get(key);
    if (!committed) return undefined;
    const copy = clone(committed);
    this.changed.set(key, copy);
    return copy;
  }
}
