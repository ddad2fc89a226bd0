import type { EventRow, QualityRow } from '@godonu/warehouse';
import type { DeadLetterReason, DropReason } from '../steps/step.ts';

/** A record of the block that became no row, attributed as the pipeline attributes it. */
export interface QualityNote {
  site: string;
  day: string;
  kind: 'dropped' | 'dead_letter';
  reason: DropReason | DeadLetterReason;
  offset: string;
}

export interface BlockQualityInput {
  topic: string;
  partition: number;
  /** The events insert's de-duplication token: a replayed block stores the same rows under it. */
  token: string;
  rows: readonly EventRow[];
  /** Collector receipt time (epoch ms) of each row, in the order of `rows`. */
  receivedAt: readonly number[];
  notes: readonly QualityNote[];
  /** When the block's insert started (epoch ms). */
  insertedAt: number;
}

/**
 * The quality rows of one block. Accepted events are counted per (site, day) under the events' token, so they
 * count once exactly when the rows do. Drops and dead letters are counted one row per record under its own offset,
 * since a replayed block may end elsewhere (it ends at its last row) while each record keeps its offset.
 */
export function blockQuality(input: BlockQualityInput): QualityRow[] {
  const accepted = new Map<string, QualityRow>();
  input.rows.forEach((row, i) => {
    const lag = Math.max(0, input.insertedAt - (input.receivedAt[i] as number));
    const key = `${row.site}\n${row.day}`;
    const tally = accepted.get(key);
    if (tally) {
      tally.count += 1;
      tally.lag_ms_sum += lag;
      tally.lag_ms_max = Math.max(tally.lag_ms_max, lag);
    } else {
      accepted.set(key, {
        site: row.site,
        day: row.day,
        source: 'processor',
        kind: 'accepted',
        reason: '',
        tally_id: input.token,
        count: 1,
        lag_ms_sum: lag,
        lag_ms_max: lag,
      });
    }
  });
  const others = input.notes.map(
    (n): QualityRow => ({
      site: n.site,
      day: n.day,
      source: 'processor',
      kind: n.kind,
      reason: n.reason,
      tally_id: `${input.topic}/${input.partition}/${n.offset}`,
      count: 1,
      lag_ms_sum: 0,
      lag_ms_max: 0,
    }),
  );
  return [...accepted.values(), ...others];
}
