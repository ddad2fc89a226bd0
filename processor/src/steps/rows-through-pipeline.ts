/*
 * The processor's steps without Kafka and ClickHouse: collector records in, the rows the processor would insert out.
 * Whatever writes rows beside the processor (the demo traffic generator, the tests' fixtures) runs its records
 * through here, so that visits, entry pages, bounces, durations, channels, service keys, paths and report days are
 * derived in one place only. It drives the pipeline as the batch handler does for one partition that starts at its
 * first offset: `prepare` on each record's bytes, then `finish` with the block's session draft, which is committed
 * after the block, so visits continue from one block into the next.
 */
import type { CollectedEvent, SitesConfig } from '@godonu/contract';
import type { EventRow } from '@godonu/warehouse';
import { PartitionSessions } from '../session/partition-sessions.ts';
import { createPipeline } from './pipeline.ts';

export interface PipelineRunOptions {
  /** Kafka partition the rows name (default 0). */
  partition?: number;
  /** Offset of the first record (default 0); each record takes the next. */
  firstOffset?: number;
}

export interface PipelineRun {
  /**
   * One block of records, in the order they arrived (receipt times ascending, as along a partition): its rows, one
   * per record. Throws when a record would be dropped or dead-lettered: a writer of rows means every record to count.
   */
  rows(records: readonly CollectedEvent[]): EventRow[];
}

/** A partition's run through the steps, whose open visits carry over from one `rows` call to the next. */
export function pipelineRun(
  sites: SitesConfig,
  timeZone: string,
  options: PipelineRunOptions = {},
): PipelineRun {
  const pipeline = createPipeline(sites, timeZone);
  const partition = options.partition ?? 0;
  let offset = BigInt(options.firstOffset ?? 0);
  const sessions = new PartitionSessions(offset.toString());
  // Nothing lies below the first offset: no visit to read back from ClickHouse.
  sessions.addRecovered([]);
  return {
    rows(records) {
      const draft = sessions.begin();
      const rows: EventRow[] = [];
      for (const record of records) {
        const at = (offset++).toString();
        const prepared = pipeline.prepare(Buffer.from(JSON.stringify(record)), partition, at);
        const done = prepared.kind === 'ready' ? pipeline.finish(prepared.ctx, draft) : prepared;
        if (done.kind !== 'row') {
          const detail = 'detail' in done && done.detail ? ` (${done.detail})` : '';
          throw new Error(
            `record ${at} (${record.site}, event ${record.event.id}) would not be stored: ${done.kind} ${done.reason}${detail}`,
          );
        }
        rows.push(done.row);
      }
      draft.commit();
      return rows;
    },
  };
}

/** Records of one partition, in arrival order, as the rows the processor stores for them. */
export function rowsThroughPipeline(
  records: readonly CollectedEvent[],
  sites: SitesConfig,
  timeZone: string,
  options: PipelineRunOptions = {},
): EventRow[] {
  return pipelineRun(sites, timeZone, options).rows(records);
}
