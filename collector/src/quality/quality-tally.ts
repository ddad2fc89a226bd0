import { randomUUID } from 'node:crypto';
import { CONTRACT_VERSION, type QualityTally as TallyRecord, utcHourOf } from '@godonu/contract';

type Kind = TallyRecord['kind'];

/**
 * Counts per (site, UTC hour, kind, reason) what the collector did not store, in memory, until `take` hands the
 * non-zero counts out as records with fresh ids. Keys are bounded: sites come from the registry ('' otherwise),
 * reasons and codes from the collector's own lists, and `take` empties the map every flush.
 */
export class QualityTally {
  private readonly counts = new Map<
    string,
    { site: string; hour: number; kind: Kind; reason: string; count: number }
  >();

  add(site: string, kind: Kind, reason: string, at: number, count = 1): void {
    if (count <= 0) return;
    const hour = utcHourOf(at);
    const key = `${site}\n${hour}\n${kind}\n${reason}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += count;
    else this.counts.set(key, { site, hour, kind, reason, count });
  }

  /** The counts so far as records, each with its own id; the tally starts again from zero. */
  take(newId: () => string = randomUUID): TallyRecord[] {
    const records = [...this.counts.values()].map((c) => ({ v: CONTRACT_VERSION, id: newId(), ...c }));
    this.counts.clear();
    return records;
  }
}
