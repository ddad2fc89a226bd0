/*
 * The heart of "exactly-once in effect". Per partition, records become blocks; a block is written to the
 * dead-letter topic (its poison records) and to ClickHouse (its rows, one insert, one de-duplication token), and
 * only then is the offset after it committed, explicitly. A block is never started before the previous one is
 * committed, so after a crash at most one stored-but-uncommitted block exists per partition; the next owner finds
 * its last offset in ClickHouse and rebuilds exactly that block, whose insert ClickHouse then ignores (and, if an
 * earlier attempt stored the raw rows but failed in a view, completes in that view only).
 * A consumer group rewound over more than one block's worth of stored rows does not rebuild them: it runs them
 * through the steps (so visits continue correctly) and inserts only rows beyond what is stored.
 */
import type { EventRow } from '@godonu/warehouse';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import { blockQuality, type QualityNote } from '../quality/block-quality.ts';
import {
  ARRIVAL_SKEW_MS,
  PartitionSessions,
  type RecoveredVisit,
  SESSION_IDLE_MS,
  type SessionDraft,
} from '../session/partition-sessions.ts';
import type { RecoveryRequest } from '../session/recover-sessions.query.ts';
import type { DeadLetter, WriteDeadLetters } from '../sink/dead-letter.ts';
import { blockToken, type InsertBlock } from '../sink/events.sink.ts';
import type { InsertQuality } from '../sink/quality.sink.ts';
import type { FindStoredRows } from '../sink/stored-rows.query.ts';
import type { Pipeline } from '../steps/pipeline.ts';
import type { DropReason, EventContext } from '../steps/step.ts';
import type { Health } from './health.ts';
import { whileHeartbeating } from './heartbeat-while.ts';
import { type RetryPolicy, retryUntilDone } from './retry.ts';

export interface BatchHandlerDeps {
  topic: string;
  pipeline: Pipeline;
  insert: InsertBlock;
  /** Stores the block's quality counts (quality_daily_v1), right after its rows and before its commit. */
  insertQuality: InsertQuality;
  writeDeadLetters: WriteDeadLetters;
  findStoredRows: FindStoredRows;
  recoverSessions: (r: RecoveryRequest) => Promise<RecoveredVisit[]>;
  metrics: Metrics;
  health: Health;
  logger: Logger;
  retry: RetryPolicy;
  /** Records per block (one insert). A replayed block keeps the bounds it was stored with. */
  maxBlockRows: number;
  /** How often to heart-beat while an insert runs (below the session timeout). */
  heartbeatIntervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  draft: SessionDraft;
  rows: EventRow[];
  /** Collector receipt time of each row, for the lag. */
  receivedAt: number[];
  deadLetters: DeadLetter[];
  drops: DropReason[];
  notes: QualityNote[];
  lastOffset: string;
  records: number;
}

interface PartitionState {
  sessions: PartitionSessions;
  /** Where the next batch must start for this state to be valid; anything else means the partition moved. */
  fetchOffset: string;
  /** After a (re)start: last offset of the block stored but not committed; the first block ends exactly there. */
  replayUpTo?: bigint;
  /** After a rewind: rows up to here are stored already and are not inserted again. */
  skipUpTo?: bigint;
  pending?: Pending;
}

type Payload = Pick<
  EachBatchPayload,
  'batch' | 'resolveOffset' | 'heartbeat' | 'commitOffsetsIfNecessary' | 'isRunning' | 'isStale'
>;

const next = (offset: string) => (BigInt(offset) + 1n).toString();

export function createBatchHandler(deps: BatchHandlerDeps): (payload: Payload) => Promise<void> {
  const now = deps.now ?? Date.now;
  const partitions = new Map<number, PartitionState>();

  async function withRetry(
    what: 'clickhouse' | 'dead_letter',
    payload: Payload,
    log: Logger,
    work: () => Promise<void>,
  ): Promise<boolean> {
    const ok = await retryUntilDone(work, deps.retry, {
      heartbeat: () => payload.heartbeat(),
      shouldStop: () => !payload.isRunning() || payload.isStale(),
      sleep: deps.sleep,
      onFailure: (err, attempt, delayMs) => {
        if (what === 'clickhouse') {
          deps.metrics.insertFailures.inc();
          deps.metrics.clickhouseUp.set(0);
          deps.health.set('clickhouse_failing', true);
          log.error({ err, attempt, delayMs }, 'ClickHouse failed; holding the batch and retrying');
        } else {
          deps.metrics.deadLetterFailures.inc();
          deps.health.set('dead_letter_failing', true);
          log.error({ err, attempt, delayMs }, 'dead-letter write failed; holding the batch and retrying');
        }
      },
    });
    if (ok) deps.health.set(what === 'clickhouse' ? 'clickhouse_failing' : 'dead_letter_failing', false);
    return ok;
  }

  async function reset(partition: number, fromOffset: string, payload: Payload, log: Logger) {
    let stored: Awaited<ReturnType<FindStoredRows>>;
    const ok = await withRetry('clickhouse', payload, log, async () => {
      stored = await deps.findStoredRows(partition, fromOffset);
    });
    if (!ok) return undefined;
    const state: PartitionState = { sessions: new PartitionSessions(fromOffset), fetchOffset: fromOffset };
    if (stored && stored.rows <= deps.maxBlockRows) {
      state.replayUpTo = BigInt(stored.lastOffset);
      log.warn(
        { fromOffset, toOffset: stored.lastOffset },
        'rebuilding a block stored before the last commit',
      );
    } else if (stored) {
      state.skipUpTo = BigInt(stored.lastOffset);
      log.warn(
        { fromOffset, toOffset: stored.lastOffset, rows: stored.rows },
        'consumer group rewound over stored rows; they are not inserted again',
      );
    }
    partitions.set(partition, state);
    return state;
  }

  async function prepare(
    state: PartitionState,
    partition: number,
    slice: KafkaMessage[],
    payload: Payload,
    log: Logger,
  ): Promise<boolean> {
    if (!state.pending) {
      state.pending = {
        draft: state.sessions.begin(),
        rows: [],
        receivedAt: [],
        deadLetters: [],
        drops: [],
        notes: [],
        lastOffset: '',
        records: 0,
      };
    }
    const pending = state.pending;
    const ready: EventContext[] = [];
    const note = (m: KafkaMessage, kind: QualityNote['kind'], reason: QualityNote['reason']) => {
      const { site, day } = deps.pipeline.attribute(m.value, Number(m.timestamp));
      pending.notes.push({ site, day, kind, reason, offset: m.offset });
    };
    for (const m of slice) {
      deps.metrics.records.inc();
      const out = deps.pipeline.prepare(m.value, partition, m.offset);
      if (out.kind === 'ready') ready.push(out.ctx);
      else if (out.kind === 'drop') {
        pending.drops.push(out.reason);
        note(m, 'dropped', out.reason);
      } else {
        note(m, 'dead_letter', out.reason);
        const letter: DeadLetter = {
          key: m.key ?? null,
          value: m.value,
          reason: out.reason,
          source: { topic: deps.topic, partition, offset: m.offset },
        };
        if (out.detail) letter.detail = out.detail;
        pending.deadLetters.push(letter);
      }
    }
    if (!(await recover(state, partition, ready, payload, log))) return false;
    for (const ctx of ready) {
      const done = deps.pipeline.finish(ctx, pending.draft);
      if (done.kind === 'row') {
        pending.rows.push(done.row);
        pending.receivedAt.push(ctx.record.receivedAt);
      } else if (done.kind === 'drop') {
        pending.drops.push(done.reason);
        pending.notes.push({
          site: ctx.record.site,
          day: ctx.derived.day,
          kind: 'dropped',
          reason: done.reason,
          offset: ctx.derived.kafkaOffset,
        });
      }
    }
    pending.lastOffset = (slice[slice.length - 1] as KafkaMessage).offset;
    pending.records += slice.length;
    return true;
  }

  /**
   * Visits open before the state's first offset are read back from ClickHouse once, before the first record is
   * processed: every visit with an event within IDLE + SKEW before the earliest record of the first slice. A
   * later record, arriving at most SKEW earlier than that, cannot continue an older visit.
   */
  async function recover(
    state: PartitionState,
    partition: number,
    ready: EventContext[],
    payload: Payload,
    log: Logger,
  ): Promise<boolean> {
    if (state.sessions.recovered || ready.length === 0) return true;
    if (state.sessions.fromOffset === '0') {
      state.sessions.addRecovered([]); // nothing can lie below the first offset
      return true;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const ctx of ready) earliest = Math.min(earliest, ctx.record.receivedAt);
    const request: RecoveryRequest = {
      partition,
      beforeOffset: state.sessions.fromOffset,
      sinceMs: earliest - SESSION_IDLE_MS - ARRIVAL_SKEW_MS,
    };
    let found: RecoveredVisit[] = [];
    const ok = await withRetry('clickhouse', payload, log, async () => {
      found = await deps.recoverSessions(request);
    });
    if (!ok) return false;
    deps.metrics.sessionRecoveries.inc();
    state.sessions.addRecovered(found);
    if (found.length > 0) log.info({ visits: found.length }, 'recovered open visits from ClickHouse');
    return true;
  }

  async function flush(state: PartitionState, partition: number, payload: Payload, log: Logger) {
    const p = state.pending as Pending;
    if (p.deadLetters.length > 0) {
      const ok = await withRetry('dead_letter', payload, log, () => deps.writeDeadLetters(p.deadLetters));
      if (!ok) return false;
    }
    const skip = state.skipUpTo;
    const kept = skip === undefined ? p.rows : p.rows.filter((r) => BigInt(r.kafka_offset) > skip);
    const receivedAt = kept === p.rows ? p.receivedAt : p.receivedAt.slice(p.rows.length - kept.length);
    // Drops and dead letters are counted per record (block-quality.ts): one already counted is folded, not skipped.
    if (kept.length > 0 || p.notes.length > 0) {
      const token = blockToken(deps.topic, partition, kept);
      const inserted = withRetry('clickhouse', payload, log, async () => {
        const started = now();
        if (kept.length > 0) {
          await deps.insert(kept, token);
          deps.metrics.recordInsert(kept.length, (now() - started) / 1000);
        }
        const quality = blockQuality({
          topic: deps.topic,
          partition,
          token,
          rows: kept,
          receivedAt,
          notes: p.notes,
          insertedAt: started,
        });
        await deps.insertQuality(quality);
      });
      const ok = await whileHeartbeating(inserted, () => payload.heartbeat(), deps.heartbeatIntervalMs);
      if (!ok) return false;
    }
    // Stored: only now may the offset move past these records.
    const offset = next(p.lastOffset);
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: deps.topic, partitions: [{ partition, offset }] }],
    });
    p.draft.commit();
    payload.resolveOffset(p.lastOffset);
    for (const reason of p.drops) deps.metrics.dropped.inc({ reason });
    for (const l of p.deadLetters) deps.metrics.deadLettered.inc({ reason: l.reason });
    deps.metrics.lag.set(
      { partition: String(partition) },
      Math.max(0, Number(BigInt(payload.batch.highWatermark) - BigInt(offset))),
    );
    log.debug(
      { offset, rows: kept.length, dropped: p.drops.length, deadLetters: p.deadLetters.length },
      'block stored and committed',
    );
    state.pending = undefined;
    if (skip !== undefined && BigInt(p.lastOffset) >= skip) state.skipUpTo = undefined;
    await payload.heartbeat();
    return true;
  }

  return async function handleBatch(payload) {
    const { batch } = payload;
    const { partition, messages } = batch;
    const first = messages[0];
    if (!first) return;
    const log = deps.logger.child({ partition });
    const abandon = () => {
      // Nothing after the last commit survives: the next batch rebuilds state from the committed offset.
      partitions.delete(partition);
    };
    try {
      let state = partitions.get(partition);
      if (!state || state.fetchOffset !== first.offset) {
        state = await reset(partition, first.offset, payload, log);
        if (!state) return abandon();
      }
      let i = 0;
      while (i < messages.length) {
        if (!payload.isRunning() || payload.isStale()) return abandon();
        const replaying = state.replayUpTo !== undefined;
        const room = replaying ? messages.length : deps.maxBlockRows - (state.pending?.records ?? 0);
        let j = i;
        while (
          j < messages.length &&
          j - i < room &&
          (!replaying || BigInt((messages[j] as KafkaMessage).offset) <= (state.replayUpTo as bigint))
        ) {
          j++;
        }
        if (j > i && !(await prepare(state, partition, messages.slice(i, j), payload, log))) return abandon();
        i = j;
        const p = state.pending;
        if (replaying && p === undefined) {
          // The stored block's records are all behind us (nothing left to rebuild): carry on normally.
          state.replayUpTo = undefined;
          continue;
        }
        const blockEnds = replaying
          ? p !== undefined && (BigInt(p.lastOffset) >= (state.replayUpTo as bigint) || i < messages.length)
          : p !== undefined && (p.records >= deps.maxBlockRows || i >= messages.length);
        if (blockEnds) {
          if (!(await flush(state, partition, payload, log))) return abandon();
          state.replayUpTo = undefined;
        }
      }
      // A block being rebuilt may span fetches: let the consumer fetch on without committing anything.
      if (state.pending) payload.resolveOffset(state.pending.lastOffset);
      state.fetchOffset = next((messages[messages.length - 1] as KafkaMessage).offset);
    } catch (err) {
      abandon();
      throw err;
    }
  };
}
