/*
 * A partition's open visits, packed. At 10,000 events per second about 2.5 million visits are open at once (each
 * is kept until it has been idle for 35 minutes); as JavaScript objects with a Set of event ids each they took
 * ≈ 1 KB apiece and gave the garbage collector millions of objects to trace. Here a visit is one record of 13
 * words in typed-array pages plus its event-id hashes in chained chunks of four, ≈ 150 bytes for a visit of 8
 * events, and nothing the collector traces. An open-addressing index finds a visit by its key (site, salt day,
 * visitor hash); strings many visits share (sites, referrer hosts, form names) are interned.
 */
import { CHANNELS, type Channel } from '@godonu/warehouse';
import { hashEventId, type IdHash } from './event-id-hash.ts';
import { InternedStrings } from './interned-strings.ts';
import { uint64Text } from './session-id.ts';
import { type StoredIds, Visit } from './visit.ts';
import { WordPages } from './word-pages.ts';

/** Words of a visit's record. Times are epoch ms below 2⁴⁸, split into low 32 bits and a 16-bit high part. */
const VISITOR_HI = 0;
const VISITOR_LO = 1;
/** Site number << 16 | salt day number; 0 marks a free record (site numbers start at 1). */
const SCOPE = 2;
/** Report day number << 16 | channel << 8 | page views (capped). */
const DAY_CHANNEL_VIEWS = 3;
const LAST_TS = 4;
/** High parts: last receipt time in bits 0–15, first form start in bits 16–31. */
const TS_HIGH = 5;
const SESSION_HI = 6;
const SESSION_LO = 7;
const HOST = 8;
/** First chunk of event-id hashes + 1 (0: none), and how many hashes the chain holds. */
const IDS = 9;
const ID_COUNT = 10;
/** The only form started (interned; 0: none), or MANY_FORMS when `manyForms` holds them. */
const FORM = 11;
const FORM_TS = 12;
const SLOT_WORDS = 13;

/** A chunk: next chunk + 1 (0: last), then IDS_PER_CHUNK hashes (hi, lo). Four wastes least for visits of 4–19. */
const IDS_PER_CHUNK = 4;
const CHUNK_WORDS = 1 + 2 * IDS_PER_CHUNK;

const MANY_FORMS = 0xffff_ffff;
/** The session step only tells the first and second page view from later ones; the count stops here. */
const MAX_VIEWS = 255;
/** Sites and days are numbered in 16 bits: a partition's open visits name a handful of each. */
const MAX_NUMBER = 0xffff;
const HIGH = 2 ** 32;
const INITIAL_INDEX = 1 << 10;
const CHANNEL_NUMBERS = new Map<Channel, number>(CHANNELS.map((c, i) => [c, i]));

/** A visit as plain data: what tests compare (recovery from ClickHouse must rebuild the same). */
export interface VisitSnapshot {
  sessionId: string;
  day: string;
  lastTs: number;
  pageviews: number;
  channel: Channel;
  channelHost: string;
  /** Each started form with the receipt time of its first start. */
  formStarts: [string, number][];
  /** Hashes of the visit's event ids (16 hex digits each), in the order they were added. */
  eventIdHashes: string[];
}

/**
 * The number of a string of `table` for a record, counting a reference. Days are numbered as text, not as dates:
 * `Date.parse`, which the report-day step checks salt days with, takes 2025-02-30 for 2025-03-02, and the two
 * must stay different keys.
 */
function numbered(table: InternedStrings, text: string, what: string): number {
  const n = table.intern(text);
  if (n > MAX_NUMBER) throw new RangeError(`more than ${MAX_NUMBER} ${what} in open visits`);
  return n;
}

/** Eight digits of a visitor hash (16 lowercase hex digits, as the contract has it) from `from` on. */
function hex32(text: string, from: number): number {
  let v = 0;
  for (let i = from; i < from + 8; i++) {
    const c = text.charCodeAt(i);
    v = v * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return v;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export class VisitStore implements StoredIds {
  private readonly slots = new WordPages(SLOT_WORDS);
  private readonly chunks = new WordPages(CHUNK_WORDS);
  /** Open addressing, linear probing: record + 1, 0 for an empty cell; at most 3/4 full. */
  private index = new Int32Array(INITIAL_INDEX);
  private mask = INITIAL_INDEX - 1;
  private live = 0;
  private readonly sites = new InternedStrings();
  /** Salt days and report days. */
  private readonly dates = new InternedStrings();
  private readonly hosts = new InternedStrings();
  private readonly forms = new InternedStrings();
  /** The forms of the rare visit that started more than one. */
  private readonly manyForms = new Map<number, Map<string, number>>();

  get size(): number {
    return this.live;
  }

  /** The record of the key's visit, or -1. */
  find(site: string, saltDay: string, visitor: string): number {
    const siteNumber = this.sites.find(site);
    const saltDayNumber = this.dates.find(saltDay);
    if (siteNumber === undefined || saltDayNumber === undefined) return -1;
    return this.lookup(siteNumber * 65_536 + saltDayNumber, hex32(visitor, 0), hex32(visitor, 8));
  }

  /** Fills a draft's visit from the record (the draft then owns a copy: the record changes only on `write`). */
  read(slot: number, v: Visit): void {
    const s = this.slots;
    v.slot = slot;
    v.continuesStored = true;
    v.sessionHi = s.get(slot, SESSION_HI);
    v.sessionLo = s.get(slot, SESSION_LO);
    v.sessionId = uint64Text(v.sessionHi, v.sessionLo);
    const dcv = s.get(slot, DAY_CHANNEL_VIEWS);
    v.day = this.dates.text(dcv >>> 16);
    v.channel = CHANNELS[(dcv >>> 8) & 0xff] as Channel;
    v.pageviews = dcv & 0xff;
    const high = s.get(slot, TS_HIGH);
    v.lastTs = (high & 0xffff) * HIGH + s.get(slot, LAST_TS);
    v.channelHost = this.hosts.text(s.get(slot, HOST));
    const form = s.get(slot, FORM);
    if (form === MANY_FORMS) {
      const all = [...(this.manyForms.get(slot) as Map<string, number>)];
      [v.firstForm, v.firstFormTs] = all[0] as [string, number];
      v.moreForms = new Map(all.slice(1));
    } else if (form !== 0) {
      v.firstForm = this.forms.text(form);
      v.firstFormTs = (high >>> 16) * HIGH + s.get(slot, FORM_TS);
    }
  }

  /** Stores a draft's visit: its record if it has one, else a new record under its key. */
  write(v: Visit): void {
    const s = this.slots;
    const slot = v.slot >= 0 ? v.slot : this.insert(v.site, v.saltDay, v.visitor);
    s.set(slot, SESSION_HI, v.sessionHi);
    s.set(slot, SESSION_LO, v.sessionLo);
    const day = numbered(this.dates, v.day, 'days');
    this.dates.release(s.get(slot, DAY_CHANNEL_VIEWS) >>> 16);
    const channel = CHANNEL_NUMBERS.get(v.channel) as number;
    s.set(slot, DAY_CHANNEL_VIEWS, day * 65_536 + channel * 256 + Math.min(v.pageviews, MAX_VIEWS));
    s.set(slot, LAST_TS, v.lastTs % HIGH);
    let high = Math.floor(v.lastTs / HIGH);
    const host = this.hosts.intern(v.channelHost);
    this.hosts.release(s.get(slot, HOST));
    s.set(slot, HOST, host);
    this.releaseForms(slot);
    if (v.moreForms !== undefined) {
      this.manyForms.set(slot, new Map([[v.firstForm as string, v.firstFormTs], ...v.moreForms]));
      s.set(slot, FORM, MANY_FORMS);
    } else if (v.firstForm !== undefined) {
      s.set(slot, FORM, this.forms.intern(v.firstForm));
      s.set(slot, FORM_TS, v.firstFormTs % HIGH);
      high += Math.floor(v.firstFormTs / HIGH) * 65_536;
    } else {
      s.set(slot, FORM, 0);
    }
    s.set(slot, TS_HIGH, high);
    if (!v.continuesStored) this.clearIds(slot);
    this.appendIds(slot, v.added);
  }

  hasId(slot: number, hi: number, lo: number): boolean {
    const c = this.chunks;
    let left = this.slots.get(slot, ID_COUNT);
    for (let chunk = this.slots.get(slot, IDS) - 1; left > 0; chunk = c.get(chunk, 0) - 1) {
      const n = Math.min(left, IDS_PER_CHUNK);
      for (let k = 0; k < n; k++) {
        if (c.get(chunk, 2 + 2 * k) === lo && c.get(chunk, 1 + 2 * k) === hi) return true;
      }
      left -= n;
    }
    return false;
  }

  /** Forgets every visit whose last event is older than `horizon`. */
  evictIdleBefore(horizon: number): void {
    const s = this.slots;
    for (let slot = 0; slot < s.extent; slot++) {
      if (s.get(slot, SCOPE) !== 0 && this.lastTs(slot) < horizon) this.remove(slot);
    }
  }

  /** A visit recovered from ClickHouse, unless the key has one already. */
  addIfAbsent(v: Visit, eventIds: readonly string[]): void {
    if (this.find(v.site, v.saltDay, v.visitor) >= 0) return;
    const h: IdHash = { hi: 0, lo: 0 };
    for (const id of eventIds) {
      hashEventId(id, h);
      v.addEvent(h);
    }
    this.write(v);
  }

  /** Every open visit as plain data, keyed `site|saltDay|visitor`. */
  snapshot(): Map<string, VisitSnapshot> {
    const out = new Map<string, VisitSnapshot>();
    const s = this.slots;
    for (let slot = 0; slot < s.extent; slot++) {
      const scope = s.get(slot, SCOPE);
      if (scope === 0) continue;
      const site = this.sites.text(scope >>> 16);
      const saltDay = this.dates.text(scope & 0xffff);
      const visitor = hex8(s.get(slot, VISITOR_HI)) + hex8(s.get(slot, VISITOR_LO));
      const v = new Visit(site, saltDay, visitor, this);
      this.read(slot, v);
      out.set(`${site}|${saltDay}|${visitor}`, {
        sessionId: v.sessionId,
        day: v.day,
        lastTs: v.lastTs,
        pageviews: v.pageviews,
        channel: v.channel,
        channelHost: v.channelHost,
        formStarts: v.firstForm === undefined ? [] : [[v.firstForm, v.firstFormTs], ...(v.moreForms ?? [])],
        eventIdHashes: this.idHashes(slot),
      });
    }
    return out;
  }

  /** Bytes of the typed arrays (the interned strings and the rare many-forms maps aside). */
  get bytes(): number {
    return this.slots.bytes + this.chunks.bytes + this.index.byteLength;
  }

  private lastTs(slot: number): number {
    return (this.slots.get(slot, TS_HIGH) & 0xffff) * HIGH + this.slots.get(slot, LAST_TS);
  }

  private home(scope: number, hi: number, lo: number): number {
    let h = Math.imul(hi ^ Math.imul(scope, 0x9e3779b1), 0x85ebca6b) ^ lo;
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 13)) & this.mask;
  }

  private homeOf(slot: number): number {
    const s = this.slots;
    return this.home(s.get(slot, SCOPE), s.get(slot, VISITOR_HI), s.get(slot, VISITOR_LO));
  }

  private lookup(scope: number, hi: number, lo: number): number {
    const s = this.slots;
    for (let i = this.home(scope, hi, lo); ; i = (i + 1) & this.mask) {
      const entry = this.index[i] as number;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (s.get(slot, VISITOR_LO) === lo && s.get(slot, VISITOR_HI) === hi && s.get(slot, SCOPE) === scope) {
        return slot;
      }
    }
  }

  /** The key's record, made (empty) if it has none. */
  private insert(site: string, saltDay: string, visitor: string): number {
    const existing = this.find(site, saltDay, visitor);
    if (existing >= 0) return existing;
    const s = this.slots;
    const scope = numbered(this.sites, site, 'sites') * 65_536 + numbered(this.dates, saltDay, 'days');
    const slot = s.alloc();
    s.set(slot, VISITOR_HI, hex32(visitor, 0));
    s.set(slot, VISITOR_LO, hex32(visitor, 8));
    s.set(slot, SCOPE, scope);
    s.set(slot, DAY_CHANNEL_VIEWS, 0);
    s.set(slot, HOST, 0);
    s.set(slot, IDS, 0);
    s.set(slot, ID_COUNT, 0);
    s.set(slot, FORM, 0);
    this.live++;
    if (this.live * 4 > this.index.length * 3) this.growIndex();
    else this.place(slot);
    return slot;
  }

  private place(slot: number): void {
    let i = this.homeOf(slot);
    while (this.index[i] !== 0) i = (i + 1) & this.mask;
    this.index[i] = slot + 1;
  }

  private growIndex(): void {
    const old = this.index;
    this.index = new Int32Array(old.length * 2);
    this.mask = this.index.length - 1;
    const s = this.slots;
    for (let slot = 0; slot < s.extent; slot++) if (s.get(slot, SCOPE) !== 0) this.place(slot);
  }

  /** Takes the record out of the index, moving later entries of its probe run back (no tombstones). */
  private unindex(slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let hole = this.homeOf(slot);
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    for (let i = (hole + 1) & mask; index[i] !== 0; i = (i + 1) & mask) {
      const entry = index[i] as number;
      const home = this.homeOf(entry - 1);
      // The entry may fill the hole unless its home lies cyclically in (hole, i].
      const stays = hole <= i ? home > hole && home <= i : home > hole || home <= i;
      if (!stays) {
        index[hole] = entry;
        hole = i;
      }
    }
    index[hole] = 0;
  }

  private remove(slot: number): void {
    const s = this.slots;
    this.unindex(slot);
    this.clearIds(slot);
    this.hosts.release(s.get(slot, HOST));
    this.releaseForms(slot);
    const scope = s.get(slot, SCOPE);
    this.sites.release(scope >>> 16);
    this.dates.release(scope & 0xffff);
    this.dates.release(s.get(slot, DAY_CHANNEL_VIEWS) >>> 16);
    s.set(slot, SCOPE, 0);
    s.free(slot);
    this.live--;
  }

  private releaseForms(slot: number): void {
    const form = this.slots.get(slot, FORM);
    if (form === MANY_FORMS) this.manyForms.delete(slot);
    else this.forms.release(form);
  }

  private clearIds(slot: number): void {
    const s = this.slots;
    for (let chunk = s.get(slot, IDS) - 1; chunk >= 0; ) {
      const next = this.chunks.get(chunk, 0) - 1;
      this.chunks.free(chunk);
      chunk = next;
    }
    s.set(slot, IDS, 0);
    s.set(slot, ID_COUNT, 0);
  }

  private appendIds(slot: number, added: readonly number[]): void {
    if (added.length === 0) return;
    const s = this.slots;
    const c = this.chunks;
    let count = s.get(slot, ID_COUNT);
    let tail = s.get(slot, IDS) - 1;
    if (tail >= 0) for (let next = c.get(tail, 0); next !== 0; next = c.get(tail, 0)) tail = next - 1;
    for (let i = 0; i < added.length; i += 2) {
      const at = count % IDS_PER_CHUNK;
      if (at === 0) {
        const chunk = c.alloc();
        c.set(chunk, 0, 0);
        if (tail < 0) s.set(slot, IDS, chunk + 1);
        else c.set(tail, 0, chunk + 1);
        tail = chunk;
      }
      c.set(tail, 1 + 2 * at, added[i] as number);
      c.set(tail, 2 + 2 * at, added[i + 1] as number);
      count++;
    }
    s.set(slot, ID_COUNT, count);
  }

  private idHashes(slot: number): string[] {
    const out: string[] = [];
    let left = this.slots.get(slot, ID_COUNT);
    for (let chunk = this.slots.get(slot, IDS) - 1; left > 0; chunk = this.chunks.get(chunk, 0) - 1) {
      for (let k = 0; k < Math.min(left, IDS_PER_CHUNK); k++) {
        out.push(hex8(this.chunks.get(chunk, 1 + 2 * k)) + hex8(this.chunks.get(chunk, 2 + 2 * k)));
      }
      left -= Math.min(left, IDS_PER_CHUNK);
    }
    return out;
  }
}
